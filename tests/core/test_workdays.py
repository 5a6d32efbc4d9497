"""Working-day arithmetic (RULES.md §1), checked against the notices in tests/fixtures/holidays.csv.

Expected dates are counted by hand from the CSV; the comments show the count.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.workdays import (
    Calendar,
    CalendarDataError,
    DayKind,
    InMemoryCalendar,
    Override,
    day_info,
    is_working_day,
    nth_working_day_after,
    overrides_between,
    parse_calendar_csv,
    working_days_between,
    working_days_in_year,
)

HOLIDAYS_CSV = Path(__file__).resolve().parents[1] / "fixtures" / "holidays.csv"
D = date.fromisoformat


@pytest.fixture(scope="module")
def cal() -> InMemoryCalendar:
    return InMemoryCalendar.from_csv(HOLIDAYS_CSV)


# --- the calendar and year counts -------------------------------------------------------------


def test_csv_calendar_is_a_calendar_and_loads_its_notice_years(cal):
    assert isinstance(cal, Calendar)
    assert cal.loaded_years == {2023, 2024, 2025, 2026}
    # 2022-12-31 is in the 2023 notice, but 2022 itself is not loaded
    assert not cal.is_loaded(2022)
    assert cal.overrides(2022) == {D("2022-12-31"): Override(DayKind.HOLIDAY, "元旦")}


@pytest.mark.parametrize(("year", "days"), [(2023, 249), (2024, 251), (2025, 248), (2026, 248)])
def test_working_days_per_year_match_the_notices(cal, year, days):
    result = working_days_in_year(cal, year)
    assert result.days == days
    assert result.provisional is False


def test_unloaded_year_uses_weekends_only_and_is_provisional(cal):
    # 2027 starts on a Friday: 52 full weeks (260 weekdays) + 1 Friday
    result = working_days_in_year(cal, 2027)
    assert (result.days, result.provisional) == (261, True)
    assert is_working_day(cal, D("2027-01-01"))  # New Year's Day, but 2027 is not loaded


@pytest.mark.parametrize(
    ("day", "working", "kind", "name"),
    [
        ("2026-10-09", True, "weekday", ""),  # Friday after National Day
        ("2026-10-05", False, "holiday", "国庆节"),  # Monday holiday
        ("2026-10-10", True, "workday", "调休上班"),  # make-up Saturday
        ("2026-10-17", False, "weekend", ""),  # ordinary Saturday
        ("2023-10-07", True, "workday", "调休上班"),
        ("2024-02-10", False, "holiday", "春节"),  # holiday on a Saturday
    ],
)
def test_day_info(cal, day, working, kind, name):
    info = day_info(cal, D(day))
    assert (info.working, info.kind, info.name, info.provisional) == (working, kind, name, False)
    assert is_working_day(cal, D(day)) is working


def test_day_info_describes_in_chinese(cal):
    assert day_info(cal, D("2026-10-10")).describe() == "2026-10-10（星期六，调休上班）"
    assert day_info(cal, D("2026-10-05")).describe() == "2026-10-05（星期一，国庆节放假）"


# --- N-th working day strictly after ----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2026-10-09", 1, "2026-10-10"),  # Friday -> make-up Saturday, the Friday itself never counts
        ("2026-09-30", 1, "2026-10-08"),  # Wednesday before National Day: 10-01..10-07 skipped
        ("2026-10-10", 1, "2026-10-12"),  # from a make-up Saturday
        ("2026-09-28", 20, "2026-10-30"),  # 9-29,9-30,10-8,10-9,10-10,10-12..16,19..23,26..30
        ("2026-04-03", 20, "2026-05-07"),  # Qingming 4-4..4-6 and Labour Day 5-1..5-5 skipped
        ("2024-02-08", 2, "2024-02-18"),  # 2-9 (1); Spring Festival 2-10..2-17; make-up Sunday 2-18 (2)
        ("2023-12-29", 1, "2024-01-02"),  # 2024-01-01 holiday
    ],
)
def test_nth_working_day_after(cal, start, n, expected):
    result = nth_working_day_after(cal, D(start), n)
    assert result.day == D(expected)
    assert result.provisional is False


def test_nth_working_day_crossing_into_unloaded_year_is_provisional(cal):
    # 2026-12-20 (Sun): 12-21..25 (5), 12-28..31 (9), 2027-01-01 Fri counts under weekends-only (10),
    # 01-04..08 (15), 01-11..15 (20)
    result = nth_working_day_after(cal, D("2026-12-20"), 20)
    assert (result.day, result.provisional) == (D("2027-01-15"), True)


def test_result_is_provisional_only_if_an_unloaded_year_was_examined(cal):
    assert nth_working_day_after(cal, D("2026-12-01"), 20).provisional is False
    # from 2022-12-30 the search passes 2022-12-31 (2022 not loaded): 2023-01-01/02 holidays
    result = nth_working_day_after(cal, D("2022-12-30"), 1)
    assert (result.day, result.provisional) == (D("2023-01-03"), True)
    # starting on 31 December examines nothing of that year
    result = nth_working_day_after(cal, D("2022-12-31"), 1)
    assert (result.day, result.provisional) == (D("2023-01-03"), False)


def test_nth_working_day_with_skip_set(cal):
    # 2026-11-02 Mon: 11-03 (1), 11-04 and 11-05 skipped, 11-06 (2), 11-09 (3), 11-10 (4), 11-11 (5)
    skip = {D("2026-11-04"), D("2026-11-05"), D("2026-11-07")}  # a Saturday in skip changes nothing
    assert nth_working_day_after(cal, D("2026-11-02"), 5, skip=skip).day == D("2026-11-11")
    assert nth_working_day_after(cal, D("2026-11-02"), 5).day == D("2026-11-09")


def test_nth_working_day_hundreds_of_days(cal):
    # from 2023-12-31: every working day of 2024 (251) and 2025 (248), then 1 more in 2026
    # (2026-01-01..03 holidays, 01-04 make-up Sunday)
    assert nth_working_day_after(cal, D("2023-12-31"), 251).day == D("2024-12-31")
    assert nth_working_day_after(cal, D("2023-12-31"), 251 + 248 + 1).day == D("2026-01-04")


@pytest.mark.parametrize("n", [0, -1, 1.5, True, "3"])
def test_nth_working_day_rejects_bad_n(cal, n):
    with pytest.raises(ValueError):
        nth_working_day_after(cal, D("2026-01-05"), n)


# --- counting between two dates ---------------------------------------------------------------


def test_working_days_between_is_exclusive_inclusive(cal):
    assert working_days_between(cal, D("2026-09-28"), D("2026-10-30")).days == 20
    assert working_days_between(cal, D("2026-09-28"), D("2026-09-29")).days == 1  # end counts
    assert working_days_between(cal, D("2026-09-29"), D("2026-09-29")).days == 0  # start never
    assert working_days_between(cal, D("2026-09-30"), D("2026-10-07")).days == 0  # all holidays


def test_working_days_between_reversed_is_negative(cal):
    assert working_days_between(cal, D("2026-11-02"), D("2026-10-30")).days == -1
    assert working_days_between(cal, D("2026-10-31"), D("2026-10-30")).days == 0  # only a Saturday


def test_working_days_between_with_skip_and_provisional(cal):
    skip = {D("2026-10-12"), D("2026-10-13")}
    # 10-10 (make-up Saturday), 10-12..10-16 = 6, less the 2 skipped
    assert working_days_between(cal, D("2026-10-09"), D("2026-10-16"), skip=skip).days == 4
    result = working_days_between(cal, D("2026-12-30"), D("2027-01-04"))
    assert (result.days, result.provisional) == (3, True)  # 12-31, 2027-01-01 (weekends-only), 01-04


def test_overrides_between_lists_named_days_in_order(cal):
    found = overrides_between(cal, D("2026-09-30"), D("2026-10-10"))
    assert [d for d, _ in found] == [D(f"2026-10-{n:02d}") for n in (1, 2, 3, 4, 5, 6, 7, 10)]
    assert found[-1][1] == Override(DayKind.WORKDAY, "调休上班")


# --- a naive oracle, independent of the bisect implementation ---------------------------------


def _naive_working(day: date, overrides: dict[date, str], loaded: set[int]) -> bool:
    if day.year in loaded and day in overrides:
        return overrides[day] == "workday"
    return day.weekday() < 5


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=date(2022, 11, 1), max_value=date(2027, 3, 1)),
    n=st.integers(min_value=1, max_value=400),
    skip_offsets=st.sets(st.integers(min_value=1, max_value=60), max_size=15),
)
def test_nth_and_between_agree_with_a_day_by_day_count(start, n, skip_offsets):
    cal = InMemoryCalendar.from_csv(HOLIDAYS_CSV)
    rows = parse_calendar_csv(HOLIDAYS_CSV.read_text(encoding="utf-8"))
    overrides = {r.day: r.kind.value for r in rows}
    loaded = {2023, 2024, 2025, 2026}
    skip = {start + timedelta(days=k) for k in skip_offsets}
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if _naive_working(day, overrides, loaded) and day not in skip:
            counted += 1
    result = nth_working_day_after(cal, start, n, skip=skip)
    assert result.day == day
    examined = set(range(start.year if start.month < 12 or start.day < 31 else start.year + 1, day.year + 1))
    assert result.provisional == bool(examined - loaded)
    assert working_days_between(cal, start, day, skip=skip).days == n


# --- reading CSV --------------------------------------------------------------------------------

GOOD_HEADER = "date,kind,name,notice_year\n"


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("2027-01-01,holiday,元旦,2027\n2027-13-01,holiday,元旦,2027\n", "第3行"),
        ("2027-01-01,vacation,元旦,2027\n", "第2行"),
        ("2027-01-01,holiday,,2027\n", "第2行：缺少名称"),
        ("2027-01-01,holiday,元旦,20x7\n", "第2行"),
        ("2027-01-04,workday,调休上班,2027\n", "第2行：调休上班日 2027-01-04 是星期一"),
        (
            "2027-01-01,holiday,元旦,2027\n2027-01-01,holiday,元旦,2027\n",
            "第3行：日期 2027-01-01 与第2行重复",
        ),
        ("2025-01-01,holiday,元旦,2027\n", "第2行：日期 2025-01-01 不属于 2027 年"),
        ("2027-01-01,holiday,元旦\n", "第2行：应有4列"),
        ("", "没有数据行"),
    ],
)
def test_csv_errors_name_the_line(body, fragment):
    with pytest.raises(CalendarDataError, match=fragment):
        parse_calendar_csv(GOOD_HEADER + body)


def test_csv_header_and_empty_file():
    with pytest.raises(CalendarDataError, match="第1行：表头"):
        parse_calendar_csv("day,kind,name,year\n2027-01-01,holiday,元旦,2027\n")
    with pytest.raises(CalendarDataError, match="文件为空"):
        parse_calendar_csv("")


def test_csv_accepts_previous_year_date_of_a_notice_and_bom():
    rows = parse_calendar_csv("\ufeff" + GOOD_HEADER + "2022-12-31,holiday,元旦,2023\n\n")
    assert [(r.line, r.day, r.notice_year) for r in rows] == [(2, D("2022-12-31"), 2023)]


def test_in_memory_calendar_from_mapping():
    cal = InMemoryCalendar(
        {D("2030-01-01"): "holiday", D("2030-01-05"): DayKind.WORKDAY}, loaded_years=[2030]
    )
    assert not is_working_day(cal, D("2030-01-01"))  # a Tuesday made a holiday
    assert is_working_day(cal, D("2030-01-05"))  # a Saturday made a working day
    assert working_days_in_year(cal, 2030).days == 261 - 1 + 1
