"""Describe a Django form as a serializer, so that the schema documents the very form the API uses.

The API validates a handling step with the same form as the staff page; this serializer exists
only for the OpenAPI schema (request body), never to validate.
"""

from __future__ import annotations

from functools import cache

from django import forms
from rest_framework import serializers


def _field(field: forms.Field) -> serializers.Field:
    common = {"required": field.required, "help_text": str(field.label or "")}
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(**common)
    if isinstance(field, forms.TypedChoiceField | forms.ChoiceField):
        choices = [(k, v) for k, v in field.choices if k != ""]
        return serializers.ChoiceField(choices=choices, **common)
    if isinstance(field, forms.DateTimeField):
        return serializers.DateTimeField(**common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(**common)
    if isinstance(field, forms.IntegerField):
        return serializers.IntegerField(min_value=field.min_value, max_value=field.max_value, **common)
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**common)
    if isinstance(field, forms.FileField):
        return serializers.FileField(**common)
    if isinstance(field, forms.CharField):
        return serializers.CharField(max_length=field.max_length, allow_blank=not field.required, **common)
    return serializers.CharField(**common)


@cache
def serializer_for(form_class: type[forms.Form], name: str) -> type[serializers.Serializer]:
    fields = {key: _field(field) for key, field in form_class.base_fields.items()}
    return type(name, (serializers.Serializer,), fields)
