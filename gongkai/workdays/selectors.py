"""Reads of the calendar: the database-backed implementation of ``gongkai.core.workdays.Calendar``.

``get_calendar()`` returns one immutable snapshot of the database calendar per process. It is
rebuilt when the data changes: at once in this process (signals and services call
``invalidate_calendar``), and in other processes at their next ``get_calendar()`` call, which
compares a cheap fingerprint of the two tables (row counts and latest change times).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import Count, Max, QuerySet

from gongkai.core.clock import ClockResult, Event, compute_deadline
from gongkai.core.workdays import (
    Calendar,
    DayKind,
    InMemoryCalendar,
    Override,
    YearIndexedCalendar,
    working_days_in_year,
)

from .models import CalendarYear, DayOverride
from .sources import bundled_calendar

_lock = threading.Lock()
_cached: DbCalendar | None = None


class DbCalendar(YearIndexedCalendar):
    """A snapshot of the ``DayOverride`` and ``CalendarYear`` tables (the Calendar protocol;
    ``is_loaded``: a ``CalendarYear`` row exists)."""

    def __init__(
        self,
        overrides: Mapping[int, Mapping[date, Override]],
        loaded: frozenset[int],
        fingerprint: tuple[Any, ...],
    ) -> None:
        self._by_year = overrides
        self._loaded = loaded
        self.fingerprint = fingerprint

    def __repr__(self) -> str:
        return f"<DbCalendar loaded={len(self._loaded)} years>"

    @classmethod
    def load(cls, fingerprint: tuple[Any, ...] | None = None) -> DbCalendar:
        """Read both tables into a new snapshot."""
        by_year: dict[int, dict[date, Override]] = {}
        for day, kind, name in DayOverride.objects.values_list("date", "kind", "name"):
            by_year.setdefault(day.year, {})[day] = Override(DayKind(kind), name)
        loaded = frozenset(CalendarYear.objects.values_list("year", flat=True))
        return cls(by_year, loaded, fingerprint if fingerprint is not None else _fingerprint())


def _fingerprint() -> tuple[Any, ...]:
    overrides = DayOverride.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    years = CalendarYear.objects.aggregate(n=Count("id"), last=Max("loaded_at"))
    return (overrides["n"], overrides["last"], years["n"], years["last"])


def get_calendar() -> DbCalendar:
    """Return the database calendar, rebuilt when its data changed since the last call."""
    global _cached
    fingerprint = _fingerprint()
    cached = _cached
    if cached is not None and cached.fingerprint == fingerprint:
        return cached
    with _lock:
        calendar = DbCalendar.load(fingerprint)
        _cached = calendar
    return calendar


def invalidate_calendar() -> None:
    """Forget the cached snapshot (after any change of overrides or loaded years)."""
    global _cached
    with _lock:
        _cached = None


def fallback_calendar() -> InMemoryCalendar:
    """Return the calendar shipped with the code: the bundled CSV files of holiday notices."""
    return bundled_calendar()


def database_is_ready(using: str = "default") -> bool:
    """Return whether the calendar tables exist, without creating an SQLite file that is absent."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        name = str(connection.settings_dict.get("NAME") or "")
        if name and name != ":memory:" and not name.startswith("file:") and not Path(name).exists():
            return False
    try:
        tables = connection.introspection.table_names()
    except DatabaseError:
        return False
    return DayOverride._meta.db_table in tables and CalendarYear._meta.db_table in tables


def get_calendar_or_fallback() -> tuple[Calendar, str]:
    """Return the database calendar if the database is migrated, else the bundled one.

    The second value says which: ``"database"`` or ``"bundled"`` (the CSV files in
    ``gongkai/workdays/data``), so that command-line tools work on a machine with no database.
    """
    if database_is_ready():
        try:
            return get_calendar(), "database"
        except DatabaseError:
            pass
    return fallback_calendar(), "bundled"


def fee_pauses_clock() -> bool:
    """Return the deployment's choice for RULES.md §4 OUR RULE (settings.GONGKAI_FEE_PAUSES_CLOCK)."""
    return bool(getattr(settings, "GONGKAI_FEE_PAUSES_CLOCK", True))


def application_deadline(
    received: date, events: Sequence[Event], *, today: date | None = None, calendar: Calendar | None = None
) -> ClockResult:
    """Compute an application's reply clock with the database calendar and the deployment setting."""
    return compute_deadline(
        received,
        events,
        calendar if calendar is not None else get_calendar(),
        today=today,
        fee_pauses_clock=fee_pauses_clock(),
    )


@dataclass(frozen=True, slots=True)
class YearOverview:
    """A year's holidays and make-up working days, and its number of working days."""

    year: int
    loaded: bool
    holidays: tuple[tuple[date, str], ...]
    workdays: tuple[tuple[date, str], ...]
    working_days: int


def year_overview(calendar: Calendar, year: int) -> YearOverview:
    """Summarise one year of ``calendar`` (for ``gongkai calendar show``)."""
    overrides = sorted(calendar.overrides(year).items()) if calendar.is_loaded(year) else []
    return YearOverview(
        year=year,
        loaded=calendar.is_loaded(year),
        holidays=tuple((d, o.name) for d, o in overrides if o.kind == DayKind.HOLIDAY),
        workdays=tuple((d, o.name) for d, o in overrides if o.kind == DayKind.WORKDAY),
        working_days=working_days_in_year(calendar, year).days,
    )


def calendar_years() -> QuerySet[CalendarYear]:
    """Return the years whose holiday notice is loaded, latest first."""
    return CalendarYear.objects.order_by("-year")


def overrides_in(year: int) -> QuerySet[DayOverride]:
    """Return the holidays and make-up working days recorded in calendar year ``year``, by date."""
    return DayOverride.objects.filter(date__year=year).order_by("date")
