"""The database calendar after migrate (filled from the bundled notices) against tests/fixtures/holidays.csv."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from gongkai.core.workdays import InMemoryCalendar, is_working_day, working_days_in_year
from gongkai.workdays.models import CalendarYear, DayOverride
from gongkai.workdays.selectors import (
    fallback_calendar,
    get_calendar,
    get_calendar_or_fallback,
    year_overview,
)

HOLIDAYS_CSV = Path(__file__).resolve().parents[1] / "fixtures" / "holidays.csv"
EXPECTED = {2023: 249, 2024: 251, 2025: 248, 2026: 248}


@pytest.fixture(scope="module")
def csv_calendar() -> InMemoryCalendar:
    return InMemoryCalendar.from_csv(HOLIDAYS_CSV)


def _days(year: int):
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def test_migration_loads_every_bundled_notice_year(db):
    years = set(CalendarYear.objects.values_list("year", flat=True))
    assert years == set(range(2004, 2027))
    assert not CalendarYear.objects.filter(year=2027).exists()
    spring = DayOverride.objects.get(date=date(2026, 2, 16))
    assert (spring.kind, spring.name, spring.source) == ("holiday", "春节", "csv")
    old = DayOverride.objects.get(date=date(2015, 9, 3))
    assert (old.kind, old.notice_year) == ("holiday", 2015)
    assert spring.notice == "国务院办公厅关于2026年部分节假日安排的通知"
    make_up = DayOverride.objects.get(date=date(2026, 10, 10))
    assert make_up.kind == "workday"
    # a late-December New Year day belongs to the next year's notice
    assert DayOverride.objects.get(date=date(2022, 12, 31)).notice_year == 2023
    # no make-up day is recorded on a weekday (they would be no-ops)
    assert not [o for o in DayOverride.objects.filter(kind="workday") if o.date.weekday() < 5]


@pytest.mark.parametrize(("year", "days"), sorted(EXPECTED.items()))
def test_year_counts_from_database_and_csv(db, csv_calendar, year, days):
    db_result = working_days_in_year(get_calendar(), year)
    assert (db_result.days, db_result.provisional) == (days, False)
    assert working_days_in_year(csv_calendar, year).days == days
    assert working_days_in_year(fallback_calendar(), year).days == days


def test_database_and_csv_agree_day_by_day(db, csv_calendar):
    db_calendar = get_calendar()
    bundled = fallback_calendar()
    disagreements = [
        day
        for year in EXPECTED
        for day in _days(year)
        if not (
            is_working_day(db_calendar, day)
            == is_working_day(csv_calendar, day)
            == is_working_day(bundled, day)
        )
    ]
    assert disagreements == []


def test_2027_is_provisional_in_the_database_calendar(db):
    result = working_days_in_year(get_calendar(), 2027)
    assert (result.days, result.provisional) == (261, True)


def test_calendar_is_cached_until_the_data_changes(db):
    first = get_calendar()
    assert get_calendar() is first
    DayOverride.objects.create(date=date(2026, 12, 31), kind="holiday", name="测试", source="manual")
    second = get_calendar()
    assert second is not first
    assert not is_working_day(second, date(2026, 12, 31))


def test_get_calendar_or_fallback_uses_the_database_when_migrated(db):
    calendar, origin = get_calendar_or_fallback()
    assert origin == "database"
    assert calendar is get_calendar()


def test_year_overview(db):
    overview = year_overview(get_calendar(), 2026)
    assert overview.loaded and overview.working_days == 248
    assert (date(2026, 10, 10), "国庆节调休上班") in overview.workdays
    assert (date(2026, 10, 1), "国庆节") in overview.holidays
