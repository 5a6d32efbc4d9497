"""Job handlers by kind: each app registers its own in ``<app>/jobs.py`` (autodiscovered)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Handler = Callable[..., dict[str, Any] | None]

_HANDLERS: dict[str, Handler] = {}
_LABELS: dict[str, str] = {}


def job_handler(kind: str, label: str) -> Callable[[Handler], Handler]:
    """Register ``fn(job, **params) -> result dict`` as the handler of jobs of ``kind``.

    ``label`` is what a person reads for the kind (the jobs page, the audit log); the code stays
    in the database.
    """

    def register(fn: Handler) -> Handler:
        if _HANDLERS.get(kind, fn) is not fn:
            raise ValueError(f"job kind {kind!r} already has a handler")
        _HANDLERS[kind] = fn
        _LABELS[kind] = label
        return fn

    return register


def kind_choices() -> list[tuple[str, str]]:
    """Return (kind, label) of every registered kind: the choices of ``Job.kind``."""
    return sorted(_LABELS.items())


def handler_for(kind: str) -> Handler:
    try:
        return _HANDLERS[kind]
    except KeyError:
        raise LookupError(f"no handler for job kind {kind!r}") from None
