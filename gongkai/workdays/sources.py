"""Calendar data shipped with the code: the bundled CSV files of holiday notices, and chinesecalendar.

The bundled files are the calendar: ``selectors.fallback_calendar`` reads them when there is no
migrated database, and the data migration reads them with its own frozen parser (issue 15), so a
fresh database gets the same calendar whatever is installed. The field library ``chinesecalendar``
(pinned in pyproject.toml) is the check and the source of next year's rows: ``gongkai calendar
generate YEAR`` writes a year's CSV from it, and tests/workdays/test_chinesecalendar.py proves the
bundled files say what it says, 2004–2026, but for the differences documented there.
Imports nothing from Django.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path

from gongkai.core.workdays import CalendarRow, DayKind, InMemoryCalendar

DATA = Path(__file__).resolve().parent / "data"
# 2004–2022 converted once from chinesecalendar 1.11.0; 2023 onwards transcribed from the notices.
BUNDLED_CSVS = tuple(sorted(DATA.glob("holidays-*.csv")))


@cache
def bundled_calendar() -> InMemoryCalendar:
    """Return the calendar of every bundled notice (later files win where they name the same date)."""
    calendar = InMemoryCalendar({}, ())
    for path in BUNDLED_CSVS:
        calendar = calendar.merged(InMemoryCalendar.from_csv(path))
    return calendar


# chinesecalendar names its holidays in English; the notices use these names.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
CSV_HEADER = ("date", "kind", "name", "notice_year")


def _notice_year(day: date, english_name: str) -> int:
    """Return the notice a date belongs to: a late-December New Year day is in the next year's."""
    if day.month == 12 and english_name == "New Year's Day":
        return day.year + 1
    return day.year


def chinese_calendar_years() -> range:
    """Return the notice years the installed chinesecalendar covers."""
    # lazy: chinesecalendar, only `gongkai calendar generate` reads it (the calendar loads the bundled CSV)
    import chinese_calendar

    return range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)


def chinese_calendar_rows(notice_year: int) -> list[CalendarRow]:
    """Return the rows of one year's notice as chinesecalendar has them, in date order.

    Only dates that differ from the Monday–Friday rule are rows: every holiday (a weekend day of a
    holiday period too, so that it carries its name) and the weekend make-up working days, named
    after the holiday they make up for (``春节调休上班``).
    """
    # lazy: chinesecalendar, only `gongkai calendar generate` reads it (the calendar loads the bundled CSV)
    import chinese_calendar

    if notice_year not in chinese_calendar_years():
        first, last = chinese_calendar_years()[0], chinese_calendar_years()[-1]
        raise LookupError(f"chinesecalendar 只收录 {first}–{last} 年的节假日安排，没有 {notice_year} 年")
    rows = [
        CalendarRow(0, day, DayKind.HOLIDAY, HOLIDAY_NAMES.get(english, english), notice_year)
        for day, english in chinese_calendar.holidays.items()
        if _notice_year(day, english) == notice_year
    ]
    rows += [
        CalendarRow(0, day, DayKind.WORKDAY, f"{HOLIDAY_NAMES.get(english, english)}调休上班", notice_year)
        for day, english in chinese_calendar.workdays.items()
        if day.weekday() >= 5 and _notice_year(day, english) == notice_year
    ]
    return sorted(rows, key=lambda row: row.day)


def calendar_csv(rows: Iterable[CalendarRow], *, header: bool = True) -> str:
    """Write rows as the bundled files lay them out (``date,kind,name,notice_year``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if header:
        writer.writerow(CSV_HEADER)
    for row in rows:
        writer.writerow((row.day.isoformat(), row.kind.value, row.name, row.notice_year))
    return buffer.getvalue()
