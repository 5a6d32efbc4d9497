"""agency_update records the stored "before" values even when handed a form-changed object."""

from __future__ import annotations

from gongkai.agencies import services
from gongkai.auditlog.models import AuditEvent


def test_agency_update_snapshots_the_stored_row(agency_a, admin_a):
    old = agency_a.office_phone
    agency_a.office_phone = "0379-12345678"  # what a bound ModelForm does to its instance
    services.agency_update(actor=admin_a, agency=agency_a, office_phone="0379-12345678")
    event = AuditEvent.objects.for_object(agency_a).order_by("-id").first()
    assert event.changes["office_phone"] == [old, "0379-12345678"]
