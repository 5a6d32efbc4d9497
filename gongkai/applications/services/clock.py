"""The application's reply clock: its stored fields are always the clock function's answer.

``gongkai.core.clock.compute_deadline`` (through ``gongkai.workdays.selectors.application_deadline``)
folds the ``ApplicationEvent`` rows. Services compute the clock with the new event *before*
writing it, so that an impossible sequence is refused with the clock's own message and nothing
is saved. ``recompute_open_deadlines`` is registered with ``gongkai.workdays.deadlines`` and runs
when the calendar changes (RULES.md §1 OUR RULE).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError

from gongkai.core.clock import ClockError, ClockResult, Event, EventType
from gongkai.workdays.deadlines import record_deadline_change
from gongkai.workdays.selectors import application_deadline, get_calendar

from ..models import Application, ApplicationEvent
from ..workflow import CLOCK_STATUSES, Status

CLOCK_FIELDS = (
    "due_date",
    "clock_paused",
    "clock_provisional",
    "correction_notice_due",
    "fee_withdrawal_date",
)
_RECOMPUTE_STATUSES = [s.value for s in (*CLOCK_STATUSES, Status.AWAITING_CORRECTION)]


def as_clock_events(rows: Iterable[ApplicationEvent]) -> list[Event]:
    return [Event(EventType(r.type), r.date, r.workdays) for r in rows]


def clock_result(
    application: Application, extra: Iterable[Event] = (), *, today=None, calendar=None, rows=None
) -> ClockResult | None:
    """Return the clock for ``application`` plus ``extra`` events, or None before receipt.

    Raise ``ValidationError`` with the clock's Chinese message for an impossible sequence.
    """
    if application.received_on is None:
        return None
    if rows is None:
        rows = application.events.all() if application.pk else []
    events = [*as_clock_events(rows), *extra]
    try:
        return application_deadline(application.received_on, events, today=today, calendar=calendar)
    except ClockError as exc:
        raise ValidationError(exc.message_zh, code=f"clock.{exc.code}") from None


def clock_values(result: ClockResult | None) -> dict[str, Any]:
    if result is None:
        return dict.fromkeys(CLOCK_FIELDS[1:3], False) | {
            "due_date": None,
            "correction_notice_due": None,
            "fee_withdrawal_date": None,
        }
    return {
        "due_date": result.due,
        "clock_paused": result.paused,
        "clock_provisional": result.provisional,
        "correction_notice_due": result.correction_notice_due,
        "fee_withdrawal_date": result.fee_withdrawal_date,
    }


def apply_clock(application: Application, result: ClockResult | None) -> dict[str, list[Any]]:
    """Set the stored clock fields from ``result``; return the audit changes of the due date."""
    values = clock_values(result)
    changes: dict[str, list[Any]] = {}
    for name, value in values.items():
        old = getattr(application, name)
        if old != value:
            if name in ("due_date", "clock_paused", "clock_provisional"):
                changes[name] = [old, value]
            setattr(application, name, value)
    return changes


def add_event(
    application: Application,
    event_type: EventType,
    day,
    *,
    actor: Any,
    workdays: int | None = None,
    note: str = "",
) -> tuple[ApplicationEvent, dict[str, list[Any]]]:
    """Validate ``event`` against the clock, store it, and update the stored clock fields."""
    event = Event(event_type, day, workdays)
    result = clock_result(application, [event])
    row = ApplicationEvent.objects.create(
        application=application,
        type=event_type.value,
        date=day,
        workdays=workdays,
        note=note[:300],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    return row, apply_clock(application, result)


def recompute_open_deadlines(*, actor: Any, reason: str) -> int:
    """Recompute every open application's stored clock with the current calendar (a recomputer)."""
    calendar = get_calendar()
    changed = 0
    queryset = (
        Application.objects.filter(status__in=_RECOMPUTE_STATUSES, received_on__isnull=False)
        .select_related("agency")
        .prefetch_related("events")
        .order_by("pk")
    )
    for application in queryset.iterator(chunk_size=500):
        try:
            result = clock_result(application, calendar=calendar, rows=list(application.events.all()))
        except ValidationError:
            continue  # an impossible stored sequence is shown on the detail page, not hidden here
        old_due = application.due_date
        before = {name: getattr(application, name) for name in CLOCK_FIELDS}
        values = clock_values(result)
        changes = apply_clock(application, result)
        if values != before:
            Application.objects.filter(pk=application.pk).update(**values)
        if changes:
            extra = {k: v for k, v in changes.items() if k != "due_date"}
            record_deadline_change(
                actor=actor,
                obj=application,
                field="due_date",
                old=old_due,
                new=application.due_date,
                reason=reason,
                extra_changes=extra or None,
            )
            changed += 1
    return changed
