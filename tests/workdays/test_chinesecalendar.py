"""The bundled calendar files against the field library chinesecalendar (pinned in pyproject.toml).

The migration and the fallback calendar read ``gongkai/workdays/data/holidays-*.csv``; this test
proves those files say what chinesecalendar 1.11.0 says for every notice year 2004–2026, except
the differences listed here, each checked against the State Council notice:

- **Weekend days chinesecalendar counts into a holiday that the notice does not name.** The 2024
  notice gives New Year's Day as 1 January only ("1月1日放假，与周末连休"); chinesecalendar also
  lists Saturday 2023-12-30 and Sunday 2023-12-31 as 元旦. Being weekend days, they are days off
  either way: no working-day count and no deadline changes.
- **Days the notice gives to two festivals at once.** 2023-09-29 to 10-06 ("中秋节、国庆节") and
  2025-10-01 to 10-08 ("国庆节、中秋节") are one joint holiday in the notice; chinesecalendar names
  each day after one of the two. Same dates and kind; the bundled name contains chinesecalendar's.

``tests/fixtures/holidays.csv`` (the test calendar, 2023–2026) has the bundled file's dates and
kinds and names a make-up working day only ``调休上班``, without its holiday.
"""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from gongkai.core.workdays import DayKind, parse_calendar_csv
from gongkai.workdays.sources import (
    BUNDLED_CSVS,
    DATA,
    calendar_csv,
    chinese_calendar_rows,
    chinese_calendar_years,
)

FIXTURE = DATA.parents[2] / "tests" / "fixtures" / "holidays.csv"
YEARS = range(2004, 2027)

WEEKEND_DAYS_NOT_IN_THE_NOTICE = {date(2023, 12, 30), date(2023, 12, 31)}
JOINT_HOLIDAYS = {
    **{date(2023, 9, 29 + i) if i < 2 else date(2023, 10, i - 1): "中秋节、国庆节" for i in range(8)},
    **{date(2025, 10, d): "国庆节、中秋节" for d in range(1, 9)},
}


def _rows(path) -> dict[date, tuple[str, str, int]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return {row.day: (row.kind.value, row.name, row.notice_year) for row in parse_calendar_csv(handle)}


def _bundled() -> dict[date, tuple[str, str, int]]:
    rows: dict[date, tuple[str, str, int]] = {}
    for path in BUNDLED_CSVS:
        rows.update(_rows(path))
    return rows


def _generated(years) -> dict[date, tuple[str, str, int]]:
    return {
        row.day: (row.kind.value, row.name, row.notice_year)
        for year in years
        for row in chinese_calendar_rows(year)
    }


def test_the_pinned_chinesecalendar_covers_every_bundled_year():
    assert YEARS[0] == chinese_calendar_years()[0] and YEARS[-1] <= chinese_calendar_years()[-1]
    assert {year for _kind, _name, year in _bundled().values()} == set(YEARS)


def test_the_bundled_files_say_what_chinesecalendar_says_but_for_the_documented_differences():
    bundled, generated = _bundled(), _generated(YEARS)
    differing = {day for day in bundled.keys() | generated.keys() if bundled.get(day) != generated.get(day)}
    assert differing == WEEKEND_DAYS_NOT_IN_THE_NOTICE | set(JOINT_HOLIDAYS)
    for day in WEEKEND_DAYS_NOT_IN_THE_NOTICE:
        assert day not in bundled and day.weekday() >= 5 and generated[day][0] == DayKind.HOLIDAY
    for day, joint in JOINT_HOLIDAYS.items():
        kind, name, year = generated[day]
        assert bundled[day] == (kind, joint, year) and kind == DayKind.HOLIDAY and name in joint.split("、")


def test_2004_to_2022_are_exactly_chinesecalendars():
    old = DATA / "holidays-2004-2022.csv"
    assert _rows(old) == _generated(range(2004, 2023))


def test_the_test_calendar_is_the_bundled_one_for_2023_to_2026():
    fixture, bundled = _rows(FIXTURE), _bundled()
    assert {year for *_, year in fixture.values()} == {2023, 2024, 2025, 2026}
    recent = {day: row for day, row in bundled.items() if row[2] >= 2023}
    assert fixture.keys() == recent.keys()
    for day, (kind, name, year) in fixture.items():
        assert (kind, year) == (recent[day][0], recent[day][2])
        if kind == DayKind.WORKDAY:
            assert name == "调休上班" and recent[day][1].endswith("调休上班")
        else:
            assert name == recent[day][1]


def test_generate_writes_a_years_csv_that_import_accepts(db, tmp_path):
    out = io.StringIO()
    call_command("calendar", "generate", "2026", stdout=out)
    text = out.getvalue()
    assert text.splitlines()[0] == "date,kind,name,notice_year"
    assert "2026-02-14,workday,春节调休上班,2026" in text and "2026-10-07,holiday,国庆节,2026" in text
    assert text == calendar_csv(chinese_calendar_rows(2026))
    target = tmp_path / "2026.csv"
    call_command(
        "calendar", "generate", "2025", "2026", "-o", str(target), stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert {row.notice_year for row in parse_calendar_csv(target.read_text(encoding="utf-8"))} == {2025, 2026}
    loaded = io.StringIO()
    call_command("calendar", "import", str(target), "--source", "chinesecalendar", stdout=loaded)
    assert "已载入《国务院办公厅关于2026年部分节假日安排的通知》" in loaded.getvalue()


def test_generate_refuses_a_year_chinesecalendar_does_not_have():
    err = io.StringIO()
    with pytest.raises(SystemExit) as info:
        call_command("calendar", "generate", "2099", stdout=io.StringIO(), stderr=err)
    assert info.value.code == 2 and "没有 2099 年" in err.getvalue()
