"""The Regulation art. 26 publication deadline: 20 working days after the information is formed.

Shared by the document services (which store the deadline and the elapsed working days) and the
inspection selectors (which judge lateness), so it lives apart from both.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from gongkai.core.workdays import Calendar, is_working_day, nth_working_day_after, working_days_between
from gongkai.workdays.selectors import get_calendar

# Regulation art. 26: published within 20 working days after the information is formed or changed.
PUBLISH_WITHIN_WORKDAYS = 20


def calendar_or_default(calendar: Calendar | None) -> Calendar:
    """Return ``calendar``, or the database calendar when none is given."""
    return calendar if calendar is not None else get_calendar()


def publish_due_for(formed_on: date, *, calendar: Calendar | None = None) -> tuple[date, bool]:
    """Return the art. 26 deadline (20th working day after ``formed_on``) and whether it is provisional."""
    result = nth_working_day_after(calendar_or_default(calendar), formed_on, PUBLISH_WITHIN_WORKDAYS)
    return result.day, result.provisional


def elapsed_workdays(formed_on: date, published_at: datetime, *, calendar: Calendar | None = None) -> int:
    """Working days from formation to publication; a rest-day publication counts as the next working day.

    Stored at publication so that "late" is ``elapsed > limit`` in SQL (docs/decisions/0004).
    """
    calendar = calendar_or_default(calendar)
    day = timezone.localdate(published_at)
    elapsed = working_days_between(calendar, formed_on, day).days
    if day > formed_on and not is_working_day(calendar, day):
        elapsed += 1
    return max(elapsed, 0)
