"""Put a service's ValidationError back onto the form the user filled in, so nothing typed is lost."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def add_validation_errors(form, exc: ValidationError) -> None:
    """Attach each message to its field when the form has it, else to the form as a whole."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, " ".join(error.messages))
    else:
        for message in exc.messages:
            form.add_error(None, message)
