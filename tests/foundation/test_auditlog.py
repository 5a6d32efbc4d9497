import pytest
from django.contrib.admin.sites import site
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from gongkai.agencies import services
from gongkai.auditlog.models import AppendOnlyError, AuditEvent


@pytest.mark.django_db
def test_services_record_actor_old_and_new(admin_a, agency_a):
    services.agency_update(actor=admin_a, agency=agency_a, office_phone="0379-1234")
    event = AuditEvent.objects.for_object(agency_a).get(action="agency.update")
    assert event.actor == admin_a
    assert event.changes == {"office_phone": ["", "0379-1234"]}
    assert event.agency == agency_a


@pytest.mark.django_db
def test_events_cannot_be_changed_or_deleted(admin_a, agency_a):
    services.agency_update(actor=admin_a, agency=agency_a, office_fax="1")
    event = AuditEvent.objects.latest("id")
    event.note = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(note="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.django_db
def test_database_refuses_update(admin_a, agency_a):
    services.agency_update(actor=admin_a, agency=agency_a, office_fax="2")
    event = AuditEvent.objects.latest("id")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE auditlog_auditevent SET note = 'x' WHERE id = %s", [event.pk])


@pytest.mark.django_db
def test_admin_is_read_only(site_admin):
    site_admin.is_superuser = True
    request = RequestFactory().get("/")
    request.user = site_admin
    model_admin = site._registry[AuditEvent]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


@pytest.mark.django_db
def test_history_view_shows_changes(client, admin_a, agency_a):
    services.agency_update(actor=admin_a, agency=agency_a, office_hours="周一至周五")
    client.force_login(admin_a)
    response = client.get(reverse("console:history", args=["agencies", "agency", agency_a.pk]))
    assert response.status_code == 200
    assert "周一至周五" in response.content.decode()


@pytest.mark.django_db
def test_agency_edit_through_the_ui_is_audited(client, admin_a, agency_a):
    client.force_login(admin_a)
    response = client.post(
        reverse("console:agency_edit", args=[agency_a.pk]),
        {"short_name": "", "kind": "department", "office_name": "办公室", "office_email": "bad"},
    )
    assert response.status_code == 200  # invalid e-mail: form shown again, nothing saved
    assert "有效" in response.content.decode() or "电子邮" in response.content.decode()
    response = client.post(
        reverse("console:agency_edit", args=[agency_a.pk]),
        {"short_name": "", "kind": "department", "office_name": "办公室", "office_email": "a@b.cn"},
    )
    assert response.status_code == 302
    assert AuditEvent.objects.for_object(agency_a).filter(action="agency.update").exists()
