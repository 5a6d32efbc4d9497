"""Calendar data shipped with the code: the bundled CSV files of holiday notices.

Used by ``selectors.fallback_calendar`` when there is no migrated database (the data migration
reads the same files with its own frozen parser). Imports nothing from Django.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from gongkai.core.workdays import InMemoryCalendar

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
