"""The applications app's part of the URL-walk isolation test (tests/foundation/test_url_auth.py)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def records_of(agency_b, clerk_b) -> dict:
    """A delivered application of agency B with an attachment, a letter, a case and a document."""
    from gongkai.applications.models import Application, Attachment, Letter, RemedyCase, RemedyDocument

    application = Application.objects.create(
        agency=agency_b,
        tracking_number="YSQ202599999999",
        query_code_hash="x",
        applicant_category="natural",
        applicant_name="乙局的申请人",
        id_type="resident_id",
        id_number="410302198001010011",
        phone="13800000000",
        description="乙局的申请",
        provision_form="paper",
        delivery_method="post",
        channel="in_person",
        arrived_at=timezone.make_aware(datetime.combine(date(2025, 3, 3), time(9))),
        received_on=date(2025, 3, 3),
        receipt_basis="in_person",
        status="delivered",
        outcome="disclosed",
        decided_on=date(2025, 3, 10),
        delivered_on=date(2025, 3, 11),
        approved_by=clerk_b,
        assignee=clerk_b,
    )
    # File names only: no file is written (the views must refuse before opening anything).
    application.delivery_proof.name = "applications/delivery/b-proof.png"
    application.save(update_fields=["delivery_proof"])
    attachment = Attachment.objects.create(
        application=application,
        file="applications/attachments/b.png",
        original_name="a.png",
        kind="png",
        content_type="image/png",
        size=len(PNG),
        sha256="0" * 64,
    )
    Letter.objects.create(
        application=application,
        kind="reply",
        docx="applications/letters/b.docx",
        pdf="applications/letters/b.pdf",
    )
    case = RemedyCase.objects.create(
        application=application, kind="reconsideration", filed_on=date(2025, 4, 1), body="乙市人民政府"
    )
    document = RemedyDocument.objects.create(
        case=case,
        title="复议申请书",
        file="applications/remedies/b.png",
        original_name="d.png",
        kind="png",
        size=len(PNG),
    )
    return {
        "applications_application": application,
        "applications_attachment": attachment,
        "applications_case": case,
        "applications_document": document,
    }


def _app(w):
    return {"pk": w["applications_application"].pk}


STAFF_URLS = {
    "applications:worklist": None,
    "applications:list": None,
    "applications:register": None,
    "applications:remedy_list": None,
    "applications:detail": _app,
    "applications:action": lambda w: _app(w) | {"name": "close"},
    "applications:reveal": _app,
    "applications:letter": lambda w: _app(w) | {"kind": "reply", "fmt": "pdf"},
    "applications:attachment": lambda w: _app(w) | {"attachment_pk": w["applications_attachment"].pk},
    "applications:delivery_proof": _app,
    "applications:receipt": _app,
    "applications:remedy_create": _app,
    "applications:remedy_detail": lambda w: {"pk": w["applications_case"].pk},
    "applications:remedy_delete": lambda w: {"pk": w["applications_case"].pk},
    "applications:remedy_document": lambda w: {"pk": w["applications_document"].pk},
    "applications:remedy_document_delete": lambda w: {"pk": w["applications_document"].pk},
}
