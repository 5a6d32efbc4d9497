"""Fill the calendar, on first migrate, with every year the installed chinesecalendar package carries.

RULES.md §1: a working day is Monday–Friday except official holidays, plus make-up working days.
chinesecalendar keeps weekends implicit, so only dates that differ from that rule are taken:
every holiday (weekend holidays too, harmlessly, so that they carry their name) and the weekend
make-up working days. A late-December New Year day belongs to the next year's notice (the 2023
notice declares 2022-12-31 a holiday). The conversion is frozen here on purpose: a migration must
not change behaviour when application code changes later.
"""

from django.db import migrations

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


def _notice_year(day, english):
    return day.year + 1 if day.month == 12 and english == "New Year's Day" else day.year


def _title(year):
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


def load(apps, schema_editor):
    import chinese_calendar

    DayOverride = apps.get_model("workdays", "DayOverride")
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    if CalendarYear.objects.exists() or DayOverride.objects.exists():
        return  # never overwrite a calendar someone has already filled
    rows = {}
    for day, english in chinese_calendar.holidays.items():
        year = _notice_year(day, english)
        rows[day] = ("holiday", HOLIDAY_NAMES.get(english, english), year)
    for day, english in chinese_calendar.workdays.items():
        if day.weekday() >= 5:
            year = _notice_year(day, english)
            rows[day] = ("workday", f"{HOLIDAY_NAMES.get(english, english)}调休上班", year)
    DayOverride.objects.bulk_create(
        DayOverride(date=day, kind=kind, name=name, notice=_title(year), notice_year=year, source="chinesecalendar")
        for day, (kind, name, year) in sorted(rows.items())
    )
    first = min(chinese_calendar.holidays).year
    last = max(chinese_calendar.holidays).year
    CalendarYear.objects.bulk_create(
        CalendarYear(year=year, source="chinesecalendar", notice=_title(year)) for year in range(first, last + 1)
    )


def unload(apps, schema_editor):
    apps.get_model("workdays", "DayOverride").objects.filter(source="chinesecalendar").delete()
    apps.get_model("workdays", "CalendarYear").objects.filter(source="chinesecalendar").delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
