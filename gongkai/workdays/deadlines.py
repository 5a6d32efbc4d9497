"""Stored deadlines that depend on the calendar, and how they are recomputed (RULES.md §1 OUR RULE).

"Loading the year recomputes every open deadline, and the change is recorded in the audit log."
The calendar does not know which apps store deadlines, so they tell it: an app registers a
recomputer at start-up (in its ``AppConfig.ready``)::

    from gongkai.workdays.deadlines import record_deadline_change, register_deadline_recomputer

    def recompute_application_deadlines(*, actor, reason: str) -> int:
        changed = 0
        for application in Application.objects.open():
            new = application_deadline(application.received_on, application.clock_events()).due
            if new != application.due_on:
                old, application.due_on = application.due_on, new
                application.save(update_fields=["due_on"])
                record_deadline_change(actor=actor, obj=application, field="due_on", old=old, new=new, reason=reason)
                changed += 1
        return changed

    register_deadline_recomputer(recompute_application_deadlines)

A recomputer takes keyword arguments ``actor`` and ``reason``, recomputes its stored open
deadlines with ``gongkai.workdays.selectors.get_calendar()``, writes one audit event per changed
record (``record_deadline_change`` does that), and returns the number of records changed. The
calendar services call :func:`recompute_open_deadlines` inside their transaction, so the calendar
change and the recomputed deadlines commit or roll back together.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

from gongkai.auditlog.services import audit_record

ACTION_DEADLINE_RECOMPUTED = "deadline.recompute"


class DeadlineRecomputer(Protocol):
    """Recompute one app's stored open deadlines; return how many records changed."""

    def __call__(self, *, actor: Any, reason: str) -> int: ...


_registry: list[DeadlineRecomputer] = []
_registry_lock = threading.Lock()


def register_deadline_recomputer(recomputer: DeadlineRecomputer) -> DeadlineRecomputer:
    """Add ``recomputer`` to the registry (once; usable as a decorator)."""
    with _registry_lock:
        if recomputer not in _registry:
            _registry.append(recomputer)
    return recomputer


def unregister_deadline_recomputer(recomputer: DeadlineRecomputer) -> None:
    """Remove ``recomputer`` from the registry, if present."""
    with _registry_lock:
        if recomputer in _registry:
            _registry.remove(recomputer)


def registered_recomputers() -> tuple[DeadlineRecomputer, ...]:
    """Return the registered recomputers, in registration order."""
    with _registry_lock:
        return tuple(_registry)


@contextmanager
def deadline_recomputer(recomputer: DeadlineRecomputer) -> Iterator[DeadlineRecomputer]:
    """Register ``recomputer`` for the duration of a ``with`` block (handy in tests)."""
    register_deadline_recomputer(recomputer)
    try:
        yield recomputer
    finally:
        unregister_deadline_recomputer(recomputer)


def recompute_open_deadlines(*, actor: Any, reason: str) -> int:
    """Run every registered recomputer after a calendar change; return the total changed.

    Call it inside the transaction that changed the calendar, after invalidating the cached
    calendar, so that recomputers see the new data.
    """
    total = 0
    for recomputer in registered_recomputers():
        changed = recomputer(actor=actor, reason=reason)
        if not isinstance(changed, int) or isinstance(changed, bool) or changed < 0:
            name = getattr(recomputer, "__qualname__", repr(recomputer))
            raise TypeError(
                f"deadline recomputer {name} must return the number of records changed, got {changed!r}"
            )
        total += changed
    return total


def record_deadline_change(
    *,
    actor: Any,
    obj: Any,
    old: Any,
    new: Any,
    reason: str,
    field: str = "due_date",
    agency: Any = None,
    extra_changes: dict[str, list[Any]] | None = None,
    action: str = ACTION_DEADLINE_RECOMPUTED,
) -> Any:
    """Write the audit event for one recomputed deadline: ``{field: [old, new]}`` with the reason."""
    changes: dict[str, list[Any]] = {field: [old, new]}
    if extra_changes:
        changes.update(extra_changes)
    return audit_record(actor=actor, action=action, obj=obj, agency=agency, changes=changes, note=reason)


__all__ = [
    "ACTION_DEADLINE_RECOMPUTED",
    "DeadlineRecomputer",
    "deadline_recomputer",
    "recompute_open_deadlines",
    "record_deadline_change",
    "register_deadline_recomputer",
    "registered_recomputers",
    "unregister_deadline_recomputer",
]
