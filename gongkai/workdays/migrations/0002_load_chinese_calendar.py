"""Fill the calendar, on first migrate, from the notices bundled in ``gongkai/workdays/data``.

RULES.md §1: a working day is Monday–Friday except official holidays, plus make-up working days.
The CSV files (``date,kind,name,notice_year``) name only the days that differ from that rule;
the rows of one ``notice_year`` are one State Council notice (the 2023 notice declares
2022-12-31 a holiday). ``holidays-2004-2022.csv`` was converted once from chinesecalendar 1.11.0;
``holidays-2023-2026.csv`` is transcribed from the notices. Reading the bundled files (rather
than an installed package) means a fresh database gets the same calendar whatever is installed.
The parsing is kept here, frozen, so that later changes of application code do not change it.
"""

import csv
from datetime import date
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[1] / "data"
SOURCE = "csv"


def _title(year):
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


def _rows():
    for path in sorted(DATA.glob("holidays-*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                yield date.fromisoformat(row["date"]), row["kind"], row["name"], int(row["notice_year"])


def load(apps, schema_editor):
    DayOverride = apps.get_model("workdays", "DayOverride")
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    if CalendarYear.objects.exists() or DayOverride.objects.exists():
        return  # never overwrite a calendar someone has already filled
    rows = {day: (kind, name, year) for day, kind, name, year in _rows()}
    DayOverride.objects.bulk_create(
        DayOverride(date=day, kind=kind, name=name, notice=_title(year), notice_year=year, source=SOURCE)
        for day, (kind, name, year) in sorted(rows.items())
    )
    years = sorted({year for _kind, _name, year in rows.values()})
    CalendarYear.objects.bulk_create(CalendarYear(year=year, source=SOURCE, notice=_title(year)) for year in years)


def unload(apps, schema_editor):
    for source in (SOURCE, "chinesecalendar"):
        apps.get_model("workdays", "DayOverride").objects.filter(source=source).delete()
        apps.get_model("workdays", "CalendarYear").objects.filter(source=source).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
