"""Calendar data shipped with the code: the bundled CSV of notices and the chinesecalendar package.

Used by ``selectors.fallback_calendar`` when there is no migrated database (the data migration
keeps its own frozen copy of the conversion). Imports nothing from Django.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from gongkai.core.workdays import CalendarRow, DayKind, InMemoryCalendar, Override

BUNDLED_CSV = Path(__file__).resolve().parent / "data" / "holidays-2023-2026.csv"

# chinese_calendar names its holidays in English; the notices use these names.
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


def _notice_year(day: date, english_name: str) -> int:
    """Return the notice a date belongs to: late-December New Year days belong to the next year's."""
    if day.month == 12 and english_name == "New Year's Day":
        return day.year + 1
    return day.year


def chinese_calendar_rows() -> list[CalendarRow]:
    """Convert the chinesecalendar package's data to calendar rows.

    Only dates that differ from the Monday–Friday rule matter: every holiday (weekend holidays
    too, harmlessly, so that they carry their name) and the weekend make-up working days.
    """
    import chinese_calendar

    rows: list[CalendarRow] = []
    for day, english in sorted(chinese_calendar.holidays.items()):
        name = HOLIDAY_NAMES.get(english, english)
        rows.append(CalendarRow(0, day, DayKind.HOLIDAY, name, _notice_year(day, english)))
    for day, english in sorted(chinese_calendar.workdays.items()):
        if day.weekday() < 5:
            continue
        name = f"{HOLIDAY_NAMES.get(english, english)}调休上班"
        rows.append(CalendarRow(0, day, DayKind.WORKDAY, name, _notice_year(day, english)))
    return rows


def chinese_calendar_years() -> range:
    """Return the years chinesecalendar covers (its first to its last holiday)."""
    import chinese_calendar

    return range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)


@cache
def bundled_calendar() -> InMemoryCalendar:
    """Return chinesecalendar's years with the bundled CSV of notices laid over them."""
    rows = chinese_calendar_rows()
    package = InMemoryCalendar({r.day: Override(r.kind, r.name) for r in rows}, chinese_calendar_years())
    return package.merged(InMemoryCalendar.from_csv(BUNDLED_CSV))
