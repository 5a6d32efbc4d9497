"""The calendar in the Django admin: superusers only, and saving goes through the services."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.auditlog.models import AuditEvent
from gongkai.workdays.models import DayOverride


@pytest.fixture
def superuser(db):
    from gongkai.agencies.models import User

    return User.objects.create_superuser(username="super", password="pw-for-tests-123", email="")


@pytest.fixture
def staff_user(db):
    from gongkai.agencies.models import User

    return User.objects.create_user(username="staffer", password="pw-for-tests-123", is_staff=True)


def test_superuser_adds_an_override_through_the_service(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/workdays/dayoverride/").status_code == 200
    response = client.post(
        "/admin/workdays/dayoverride/add/",
        {"date": "2026-12-31", "kind": "holiday", "name": "测试假日", "notice": "某省通知"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    override = DayOverride.objects.get(date=date(2026, 12, 31))
    assert (override.source, override.created_by) == ("manual", superuser)
    assert AuditEvent.objects.filter(action="workdays.override_set").count() == 1


def test_admin_form_refuses_a_make_up_day_on_a_weekday(client, superuser):
    client.force_login(superuser)
    response = client.post(
        "/admin/workdays/dayoverride/add/", {"date": "2026-11-02", "kind": "workday", "name": "调休上班"}
    )
    assert response.status_code == 200
    assert "星期一" in response.content.decode()
    assert not DayOverride.objects.filter(date=date(2026, 11, 2)).exists()


def test_staff_without_site_admin_rights_cannot_see_the_calendar_admin(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/admin/workdays/dayoverride/").status_code == 403
    assert client.get("/admin/workdays/calendaryear/").status_code == 403


def test_calendar_years_are_read_only_in_admin(client, superuser):
    client.force_login(superuser)
    assert client.get("/admin/workdays/calendaryear/").status_code == 200
    assert client.get("/admin/workdays/calendaryear/add/").status_code == 403
