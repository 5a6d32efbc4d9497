"""Working-day arithmetic over an official holiday calendar (RULES.md §1).

A working day is Monday–Friday, except official holidays, plus the weekend days that a State
Council holiday notice declares make-up working days (调休上班). The calendar is data, not code:
it is reached through the small :class:`Calendar` protocol, so that the same arithmetic runs over
a CSV file, an in-memory mapping, or the database (``gongkai.workdays.selectors.get_calendar``).

Conventions, kept here in one place:

* RULES.md §1 OUR RULE — "N working days after day X" is the N-th working day strictly after X;
  the day of the event itself never counts (Civil Code art. 201).
* RULES.md §1 OUR RULE — a year whose notice is not loaded is computed with the weekends-only
  rule, and every result that looked at a day of such a year carries ``provisional=True``.
* Ranges are half-open on the left: ``working_days_between(cal, a, b)`` counts the working days
  ``d`` with ``a < d <= b``, so that ``working_days_between(cal, x, nth_working_day_after(cal, x,
  n).day).days == n``.
* The ``skip`` argument takes dates that are not counted even if they are working days (the
  pause windows of the reply clock, RULES.md §3 OUR RULE).

This module imports nothing from Django.
"""

from __future__ import annotations

import csv
import io
import weakref
from bisect import bisect_right
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Protocol, runtime_checkable

__all__ = [
    "CSV_HEADER",
    "WEEKDAY_NAMES",
    "Calendar",
    "CalendarDataError",
    "CalendarRow",
    "CountResult",
    "DayInfo",
    "DayKind",
    "DayResult",
    "InMemoryCalendar",
    "Override",
    "YearIndexedCalendar",
    "day_info",
    "is_working_day",
    "nth_working_day_after",
    "overrides_between",
    "parse_calendar_csv",
    "working_days_between",
    "working_days_in_year",
]

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


class DayKind(StrEnum):
    """What a holiday notice says about a date that differs from the Monday–Friday rule."""

    HOLIDAY = "holiday"  # 放假
    WORKDAY = "workday"  # 调休上班


@dataclass(frozen=True, slots=True)
class Override:
    """One date of a holiday notice: a holiday, or a make-up working day, with its name."""

    kind: DayKind
    name: str = ""


@runtime_checkable
class Calendar(Protocol):
    """The data the arithmetic needs: which years are loaded and each year's overrides.

    Implementations must not change while an instance is in use (results are cached per
    instance); a data source that changes hands out a new instance instead.
    """

    def is_loaded(self, year: int) -> bool:
        """Return whether the holiday notice for ``year`` is loaded."""
        ...

    def overrides(self, year: int) -> Mapping[date, Override]:
        """Return the overrides whose date falls in ``year`` (any notice they come from)."""
        ...


@dataclass(frozen=True, slots=True)
class DayResult:
    """A date computed from the calendar; ``provisional`` if it relied on an unloaded year."""

    day: date
    provisional: bool


@dataclass(frozen=True, slots=True)
class CountResult:
    """A number of working days; ``provisional`` if it relied on an unloaded year."""

    days: int
    provisional: bool


@dataclass(frozen=True, slots=True)
class DayInfo:
    """How the calendar classifies one date, with the holiday name where there is one."""

    day: date
    working: bool
    kind: str  # "weekday" | "weekend" | "holiday" | "workday" (make-up working day)
    name: str
    provisional: bool

    def describe(self) -> str:
        """Return a short Chinese description, e.g. ``2026-10-10（星期六，调休上班）``."""
        weekday = WEEKDAY_NAMES[self.day.weekday()]
        if self.kind == "holiday":
            label = f"{self.name or '节假日'}放假"
        elif self.kind == "workday":
            label = "调休上班" if self.name in ("", "调休上班") else f"{self.name}调休上班"
        else:
            label = "工作日" if self.working else "休息日"
        return f"{self.day.isoformat()}（{weekday}，{label}）"


class CalendarDataError(ValueError):
    """A holiday CSV that cannot be read; the message names the line."""


# --------------------------------------------------------------------------------------------
# Per-year tables, cached per calendar instance


@dataclass(frozen=True, slots=True)
class _YearTable:
    year: int
    loaded: bool
    ordinals: tuple[int, ...]  # working days of the year, as date ordinals, ascending
    overrides: Mapping[date, Override]


_TABLES: weakref.WeakKeyDictionary[object, dict[int, _YearTable]] = weakref.WeakKeyDictionary()


def _build_table(calendar: Calendar, year: int) -> _YearTable:
    """Compute the working days of one year, weekends-only when the year is not loaded (§1)."""
    loaded = bool(calendar.is_loaded(year))
    overrides = dict(calendar.overrides(year)) if loaded else {}
    ordinals: list[int] = []
    day = date(year, 1, 1)
    one = timedelta(days=1)
    while day.year == year:
        override = overrides.get(day)
        if override is None:
            working = day.weekday() < 5
        else:
            working = override.kind == DayKind.WORKDAY
        if working:
            ordinals.append(day.toordinal())
        day += one
    return _YearTable(year=year, loaded=loaded, ordinals=tuple(ordinals), overrides=overrides)


def _table(calendar: Calendar, year: int) -> _YearTable:
    try:
        per_calendar = _TABLES.get(calendar)
    except TypeError:  # not hashable or not weak-referenceable: compute without caching
        return _build_table(calendar, year)
    if per_calendar is None:
        per_calendar = {}
        try:
            _TABLES[calendar] = per_calendar
        except TypeError:
            return _build_table(calendar, year)
    table = per_calendar.get(year)
    if table is None:
        table = per_calendar[year] = _build_table(calendar, year)
    return table


# --------------------------------------------------------------------------------------------
# Queries


def is_working_day(calendar: Calendar, day: date) -> bool:
    """Return whether ``day`` is a working day (RULES.md §1); see :func:`day_info` for why."""
    return day_info(calendar, day).working


def day_info(calendar: Calendar, day: date) -> DayInfo:
    """Classify ``day``: ordinary weekday or weekend, holiday, or make-up working day."""
    table = _table(calendar, day.year)
    override = table.overrides.get(day)
    if override is not None:
        working = override.kind == DayKind.WORKDAY
        kind = "workday" if working else "holiday"
        name = override.name
    else:
        working = day.weekday() < 5
        kind = "weekday" if working else "weekend"
        name = ""
    return DayInfo(day=day, working=working, kind=kind, name=name, provisional=not table.loaded)


def _as_ordinals(skip: Collection[date]) -> frozenset[int]:
    return frozenset(d.toordinal() for d in skip)


def nth_working_day_after(calendar: Calendar, day: date, n: int, *, skip: Collection[date] = ()) -> DayResult:
    """Return the ``n``-th working day strictly after ``day`` (RULES.md §1 OUR RULE).

    Dates in ``skip`` are not counted even when they are working days (pause windows of the
    reply clock, RULES.md §3 OUR RULE). The result is provisional if any year examined — from the
    day after ``day`` to the result — is not loaded.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be an integer >= 1, got {n!r}")
    skipped = _as_ordinals(skip) if skip else frozenset()
    cursor = day.toordinal()  # exclusive lower bound
    remaining = n
    year = day.year
    provisional = False
    if date.fromordinal(cursor + 1).year != year:  # `day` is 31 December
        year += 1
    while True:
        table = _table(calendar, year)
        provisional = provisional or not table.loaded
        ordinals = table.ordinals
        start = bisect_right(ordinals, cursor)
        if not skipped:
            available = len(ordinals) - start
            if remaining <= available:
                return DayResult(date.fromordinal(ordinals[start + remaining - 1]), provisional)
            remaining -= available
        else:
            for index in range(start, len(ordinals)):
                ordinal = ordinals[index]
                if ordinal in skipped:
                    continue
                remaining -= 1
                if remaining == 0:
                    return DayResult(date.fromordinal(ordinal), provisional)
        year += 1
        cursor = date(year, 1, 1).toordinal() - 1


def working_days_between(
    calendar: Calendar, start: date, end: date, *, skip: Collection[date] = ()
) -> CountResult:
    """Count working days ``d`` with ``start < d <= end``, not counting dates in ``skip``.

    Exclusive of ``start`` (the event day never counts, RULES.md §1 OUR RULE) and inclusive of
    ``end``. When ``end < start`` the result is minus the count over ``end < d <= start``, so
    that "days left" read from a past due date is negative.
    """
    if end < start:
        result = working_days_between(calendar, end, start, skip=skip)
        return CountResult(-result.days, result.provisional)
    if end == start:
        return CountResult(0, False)
    skipped = _as_ordinals(skip) if skip else frozenset()
    low, high = start.toordinal(), end.toordinal()
    total = 0
    provisional = False
    first_year = date.fromordinal(low + 1).year
    for year in range(first_year, end.year + 1):
        table = _table(calendar, year)
        provisional = provisional or not table.loaded
        ordinals = table.ordinals
        i = bisect_right(ordinals, low)
        j = bisect_right(ordinals, high)
        total += j - i
        if skipped:
            total -= sum(1 for ordinal in ordinals[i:j] if ordinal in skipped)
    return CountResult(total, provisional)


def working_days_in_year(calendar: Calendar, year: int) -> CountResult:
    """Count the working days of ``year`` (provisional when its notice is not loaded)."""
    table = _table(calendar, year)
    return CountResult(len(table.ordinals), not table.loaded)


def overrides_between(calendar: Calendar, start: date, end: date) -> list[tuple[date, Override]]:
    """List the loaded overrides with ``start < d <= end``, in date order (for explanations)."""
    found: list[tuple[date, Override]] = []
    for year in range(start.year, end.year + 1):
        table = _table(calendar, year)
        found.extend((d, o) for d, o in table.overrides.items() if start < d <= end)
    found.sort(key=lambda item: item[0])
    return found


# --------------------------------------------------------------------------------------------
# The in-memory implementation


class YearIndexedCalendar:
    """The Calendar protocol over overrides already grouped by year: what every implementation
    shares once it has read its source (the in-memory one here, the database snapshot in
    ``gongkai.workdays.selectors``)."""

    _by_year: Mapping[int, Mapping[date, Override]]
    _loaded: frozenset[int]

    @property
    def loaded_years(self) -> frozenset[int]:
        """Return the years whose notice is loaded."""
        return self._loaded

    def is_loaded(self, year: int) -> bool:
        """Return whether the notice for ``year`` is loaded."""
        return year in self._loaded

    def overrides(self, year: int) -> Mapping[date, Override]:
        """Return the overrides dated in ``year``."""
        return self._by_year.get(year, {})


class InMemoryCalendar(YearIndexedCalendar):
    """A calendar held in memory, built from a mapping or from a CSV laid out like holidays.csv.

    ``loaded_years`` are the years whose notice is loaded. It is given separately from the
    overrides because a notice may reach into the previous year (the 2023 notice declares
    2022-12-31 a holiday) without that year being loaded.
    """

    def __init__(
        self,
        overrides: Mapping[date, Override | DayKind | str],
        loaded_years: Iterable[int],
    ) -> None:
        by_year: dict[int, dict[date, Override]] = {}
        for day, value in overrides.items():
            if isinstance(value, Override):
                override = value
            else:
                override = Override(kind=DayKind(value))
            by_year.setdefault(day.year, {})[day] = override
        self._by_year = by_year
        self._loaded = frozenset(int(y) for y in loaded_years)

    def __repr__(self) -> str:
        years = sorted(self._loaded)
        span = f"{years[0]}–{years[-1]}" if years else "none"
        return f"<InMemoryCalendar loaded={span}>"

    def merged(self, other: InMemoryCalendar) -> InMemoryCalendar:
        """Return a calendar with both sources; where both have a date, ``other`` wins."""
        combined: dict[date, Override] = {}
        for source in (self, other):
            for per_year in source._by_year.values():
                combined.update(per_year)
        return InMemoryCalendar(combined, self._loaded | other._loaded)

    @classmethod
    def from_csv(cls, source: str | Path | Iterable[str]) -> InMemoryCalendar:
        """Build a calendar from a holidays CSV (a path, or lines of text); its notice years load."""
        if isinstance(source, (str, Path)):
            with open(source, encoding="utf-8-sig", newline="") as handle:
                rows = parse_calendar_csv(handle)
        else:
            rows = parse_calendar_csv(source)
        overrides = {row.day: Override(kind=row.kind, name=row.name) for row in rows}
        return cls(overrides, {row.notice_year for row in rows})


@dataclass(frozen=True, slots=True)
class CalendarRow:
    """One validated line of a holidays CSV (header ``date,kind,name,notice_year``)."""

    line: int
    day: date
    kind: DayKind
    name: str
    notice_year: int


CSV_HEADER = ("date", "kind", "name", "notice_year")


def parse_calendar_csv(lines: Iterable[str] | str) -> list[CalendarRow]:
    """Read and validate a holidays CSV; raise :class:`CalendarDataError` naming the bad line.

    Rules checked: the header is ``date,kind,name,notice_year``; ``date`` is ISO ``YYYY-MM-DD``;
    ``kind`` is ``holiday`` or ``workday``; a make-up working day falls on a Saturday or Sunday
    (a weekday is a working day already); ``notice_year`` is the year of the notice, and a date
    lies in that year or at its edges (the 2023 notice contains 2022-12-31); a date appears once.
    """
    if isinstance(lines, str):
        lines = io.StringIO(lines)
    reader = csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise CalendarDataError("文件为空 / the file is empty") from None
    except csv.Error as exc:
        raise CalendarDataError(f"第1行：无法解析 CSV（{exc}）/ line 1: not CSV") from None
    header = [h.strip().lstrip("\ufeff").lower() for h in header]
    if tuple(header) != CSV_HEADER:
        raise CalendarDataError(
            f"第1行：表头应为 {','.join(CSV_HEADER)}，实际为 {','.join(header)} / line 1: bad header"
        )
    rows: list[CalendarRow] = []
    seen: dict[date, int] = {}
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise CalendarDataError(f"第{reader.line_num}行：无法解析 CSV（{exc}）") from None
        line = reader.line_num
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != 4:
            raise CalendarDataError(
                f"第{line}行：应有4列，实际{len(fields)}列 / line {line}: expected 4 columns"
            )
        raw_date, raw_kind, name, raw_year = (f.strip() for f in fields)
        try:
            day = date.fromisoformat(raw_date)
            if len(raw_date) != 10:
                raise ValueError(raw_date)
        except ValueError:
            raise CalendarDataError(
                f"第{line}行：日期“{raw_date}”无效，应为 YYYY-MM-DD / line {line}: bad date"
            ) from None
        try:
            kind = DayKind(raw_kind.lower())
        except ValueError:
            raise CalendarDataError(
                f"第{line}行：类型“{raw_kind}”无效，应为 holiday 或 workday / line {line}: bad kind"
            ) from None
        if not name:
            raise CalendarDataError(f"第{line}行：缺少名称 / line {line}: name is empty")
        try:
            notice_year = int(raw_year)
        except ValueError:
            raise CalendarDataError(
                f"第{line}行：通知年份“{raw_year}”无效 / line {line}: bad notice_year"
            ) from None
        if day.year not in (notice_year - 1, notice_year):
            raise CalendarDataError(
                f"第{line}行：日期 {day} 不属于 {notice_year} 年的节假日通知 / line {line}: date outside notice year"
            )
        if kind == DayKind.WORKDAY and day.weekday() < 5:
            raise CalendarDataError(
                f"第{line}行：调休上班日 {day} 是{WEEKDAY_NAMES[day.weekday()]}，应为周六或周日"
                f" / line {line}: make-up working day on a weekday"
            )
        if day in seen:
            raise CalendarDataError(
                f"第{line}行：日期 {day} 与第{seen[day]}行重复 / line {line}: duplicate date"
            )
        seen[day] = line
        rows.append(CalendarRow(line=line, day=day, kind=kind, name=name, notice_year=notice_year))
    if not rows:
        raise CalendarDataError("文件没有数据行 / the file has no rows")
    return rows
