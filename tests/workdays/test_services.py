"""Calendar services: import of a new year's notice, manual overrides, recomputing open deadlines."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.auditlog.models import AuditEvent
from gongkai.core.workdays import is_working_day, working_days_in_year
from gongkai.workdays.models import CalendarYear, DayOverride
from gongkai.workdays.selectors import get_calendar
from gongkai.workdays.services import calendar_year_import, day_override_delete, day_override_set

from .conftest import NOTICE_2027


def test_import_new_year_makes_it_non_provisional_and_recomputes(db, site_admin, deadline_store):
    assert working_days_in_year(get_calendar(), 2027).provisional is True

    result = calendar_year_import(rows=NOTICE_2027.splitlines(), actor=site_admin)

    (year,) = result.years
    assert (year.year, year.holidays, year.workdays, year.was_loaded) == (2027, 6, 1, False)
    assert (year.working_days_before, year.working_days_after) == (261, 258)
    after = working_days_in_year(get_calendar(), 2027)
    assert (after.days, after.provisional) == (258, False)
    row = CalendarYear.objects.get(year=2027)
    assert (row.source, row.notice) == ("csv", "国务院办公厅关于2027年部分节假日安排的通知")
    override = DayOverride.objects.get(date=date(2027, 10, 9))
    assert (override.kind, override.notice_year, override.created_by) == ("workday", 2027, site_admin)

    # the stored deadline moved: 2027-01-01 is now a holiday, so the 20th working day after
    # 2026-12-20 is 2027-01-18 instead of 2027-01-15
    assert result.recomputed == 1
    assert deadline_store.records["申请-1"]["due"] == date(2027, 1, 18)
    assert deadline_store.calls == [{"actor": site_admin, "reason": "载入2027年节假日安排"}]
    recomputed = AuditEvent.objects.get(action="deadline.recompute")
    assert recomputed.changes == {"due_date": ["2027-01-15", "2027-01-18"]}
    assert recomputed.actor == site_admin

    imported = AuditEvent.objects.get(action="workdays.calendar_import")
    assert imported.changes["working_days"] == [261, 258]
    assert imported.changes["loaded"] == [False, True]
    assert len(imported.changes["overrides"][1]) == 7


def test_import_same_year_again_replaces_that_year(db, site_admin):
    calendar_year_import(rows=NOTICE_2027, actor=site_admin)
    day_override_set(date=date(2027, 5, 3), kind="holiday", name="地方假日", actor=site_admin)
    corrected = "date,kind,name,notice_year\n2027-01-01,holiday,元旦,2027\n2027-02-06,workday,调休上班,2027\n"

    result = calendar_year_import(rows=corrected, actor=site_admin)

    (year,) = result.years
    assert (year.replaced, year.kept_manual, year.was_loaded) == (7, 1, True)
    dates_2027 = set(DayOverride.objects.filter(date__year=2027).values_list("date", flat=True))
    assert dates_2027 == {date(2027, 1, 1), date(2027, 2, 6), date(2027, 5, 3)}
    # 261 weekdays - 01-01 - 05-03 (manual) + 02-06 (Saturday worked)
    assert working_days_in_year(get_calendar(), 2027).days == 260


def test_import_replaces_a_manual_override_on_a_date_it_names(db, site_admin):
    day_override_set(date=date(2027, 10, 9), kind="holiday", name="误录", actor=site_admin)
    calendar_year_import(rows=NOTICE_2027, actor=site_admin)
    override = DayOverride.objects.get(date=date(2027, 10, 9))
    assert (override.kind, override.source) == ("workday", "csv")


def test_import_with_notice_reaching_into_previous_year(db, site_admin):
    # the 2028 notice may start on 2027-12-31; it is filed under the 2028 notice
    text = "date,kind,name,notice_year\n2027-12-31,holiday,元旦,2028\n2028-01-03,holiday,元旦,2028\n"
    calendar_year_import(rows=text, actor=site_admin)
    assert set(CalendarYear.objects.filter(year__gte=2027).values_list("year", flat=True)) == {2028}
    assert DayOverride.objects.get(date=date(2027, 12, 31)).notice_year == 2028


def test_import_of_a_bad_file_changes_nothing(db, site_admin, deadline_store):
    # header is line 1, NOTICE_2027 has rows on lines 2-8
    bad = NOTICE_2027 + "2027-10-10,workday,调休上班,2027\n2027-10-11,vacation,国庆节,2027\n"
    with pytest.raises(ValidationError) as info:
        calendar_year_import(rows=bad, actor=site_admin)
    assert "第10行" in info.value.messages[0] and "vacation" in info.value.messages[0]
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not DayOverride.objects.filter(date__year=2027).exists()
    assert deadline_store.calls == []


def test_only_site_administrators_change_the_calendar(db, clerk_a):
    with pytest.raises(PermissionDenied):
        calendar_year_import(rows=NOTICE_2027, actor=clerk_a)
    with pytest.raises(PermissionDenied):
        day_override_set(date=date(2026, 12, 31), kind="holiday", name="测试", actor=clerk_a)
    assert not DayOverride.objects.filter(date=date(2026, 12, 31)).exists()


def test_manual_override_set_change_delete(db, site_admin, deadline_store):
    day = date(2026, 12, 31)  # a Thursday
    override = day_override_set(
        date=day, kind="holiday", name="测试假日", notice="某省通知", actor=site_admin
    )
    assert (override.source, override.created_by, override.notice_year) == ("manual", site_admin, None)
    assert not is_working_day(get_calendar(), day)
    assert working_days_in_year(get_calendar(), 2026).days == 247
    created = AuditEvent.objects.get(action="workdays.override_set")
    assert created.changes["kind"] == [None, "holiday"]
    assert created.changes["name"] == [None, "测试假日"]
    assert "2026-12-31" in deadline_store.calls[-1]["reason"]
    # the stored deadline from 2026-12-20 loses 12-31: 12-21..25 (5), 12-28..30 (8),
    # 2027-01-01 (9, weekends-only), 01-04..08 (14), 01-11..15 (19), 01-18 (20)
    assert deadline_store.records["申请-1"]["due"] == date(2027, 1, 18)

    day_override_set(date=day, kind="holiday", name="更正后的名称", actor=site_admin)
    renamed = AuditEvent.objects.filter(action="workdays.override_set").order_by("id").last()
    assert renamed.changes == {"name": ["测试假日", "更正后的名称"], "notice": ["某省通知", ""]}
    assert DayOverride.objects.filter(date=day).count() == 1

    day_override_delete(date=day, actor=site_admin)
    assert is_working_day(get_calendar(), day)
    assert working_days_in_year(get_calendar(), 2026).days == 248
    deleted = AuditEvent.objects.get(action="workdays.override_delete")
    assert deleted.changes["kind"] == ["holiday", None]
    assert deadline_store.records["申请-1"]["due"] == date(2027, 1, 15)
    assert len(deadline_store.calls) == 3


def test_manual_override_validation(db, site_admin):
    with pytest.raises(ValidationError, match="星期一"):
        day_override_set(date=date(2026, 11, 2), kind="workday", name="调休上班", actor=site_admin)
    with pytest.raises(ValidationError):
        day_override_set(date=date(2026, 11, 7), kind="bridge", name="?", actor=site_admin)
    with pytest.raises(ValidationError):
        day_override_set(date=date(2026, 11, 7), kind="workday", name="  ", actor=site_admin)
    with pytest.raises(ValidationError, match="没有节假日调整记录"):
        day_override_delete(date=date(2026, 11, 9), actor=site_admin)
    # a make-up Saturday by hand is fine
    day_override_set(date=date(2026, 11, 7), kind="workday", name="调休上班", actor=site_admin)
    assert is_working_day(get_calendar(), date(2026, 11, 7))
