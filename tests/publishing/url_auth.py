"""Publishing's contribution to the URL walk (tests/foundation/test_url_auth.py).

``STAFF_URLS`` names every staff URL of the publishing app; ``records_of`` creates agency B's
records that the parameterised ones point at.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone


def records_of(agency_b, clerk_b) -> dict:
    from gongkai.publishing.models import (
        Attachment,
        Column,
        DisclosureItem,
        Document,
        DocumentVersion,
        MediaAccount,
        NormativeRecord,
        RectificationItem,
        RectificationResponse,
    )

    column = Column.objects.create(agency=agency_b, name="乙局动态", kind="news")
    document = Document.objects.create(
        agency=agency_b, title="乙局的草稿", formed_on=date(2024, 1, 2), created_by=clerk_b
    )
    document.columns.add(column)
    published = Document.objects.create(
        agency=agency_b,
        title="乙局已发布",
        formed_on=date(2024, 1, 2),
        created_by=clerk_b,
        status="published",
        published_at=timezone.now() - timedelta(days=1),
        index_number=f"{agency_b.credit_code}/2024-00001",
        version=1,
    )
    version = DocumentVersion.objects.create(
        document=published, number=1, title=published.title, body="<p>x</p>"
    )
    # File names only: nothing is written to MEDIA_ROOT (the downloads are refused before opening).
    attachment = Attachment.objects.create(
        document=document, name="乙.txt", text="乙", file="publishing/b.txt"
    )
    record = NormativeRecord.objects.create(
        agency=agency_b, title="乙局规范性文件", issued_on=date(2023, 1, 1)
    )
    account = MediaAccount.objects.create(agency=agency_b, platform="wechat", name="乙局发布")
    item = DisclosureItem.objects.create(
        agency=agency_b,
        name="乙局事项",
        legal_basis="依据",
        content="内容",
        department="科室",
        time_limit="及时",
        channel="网站",
    )
    finding = RectificationItem.objects.create(
        agency=agency_b, title="乙局的问题", deadline=date.today() + timedelta(days=5), filed_by=clerk_b
    )
    response = RectificationResponse.objects.create(
        item=finding,
        kind="answer",
        text="已改",
        actor=clerk_b,
        evidence="rectification/e.txt",
        evidence_name="证明.txt",
        corrected_report="rectification/r.txt",
        corrected_name="更正后的报告.txt",
    )
    return {
        "publishing_column": column,
        "publishing_document": document,
        "publishing_published": published,
        "publishing_version": version,
        "publishing_attachment": attachment,
        "publishing_record": record,
        "publishing_account": account,
        "publishing_item": item,
        "publishing_finding": finding,
        "publishing_response": response,
    }


STAFF_URLS = {
    "publishing:document_suggest": None,
    "publishing:document_list": None,
    "publishing:document_create": None,
    "publishing:column_list": None,
    "publishing:column_create": None,
    "publishing:normative_list": None,
    "publishing:normative_create": None,
    "publishing:figures": None,
    "publishing:figures_import": None,
    "publishing:media_list": None,
    "publishing:media_create": None,
    "publishing:disclosure_list": None,
    "publishing:disclosure_create": None,
    "publishing:inspection_overview": None,
    "publishing:rectification_list": None,
    "publishing:rectification_create": None,
    "publishing:document_detail": lambda w: {"pk": w["publishing_document"].pk},
    "publishing:document_edit": lambda w: {"pk": w["publishing_document"].pk},
    "publishing:attachment_upload": lambda w: {"pk": w["publishing_document"].pk},
    "publishing:document_transition": lambda w: {"pk": w["publishing_document"].pk, "name": "submit"},
    "publishing:document_correct": lambda w: {"pk": w["publishing_published"].pk},
    "publishing:pii_acknowledge": lambda w: {"pk": w["publishing_document"].pk},
    "publishing:document_history": lambda w: {"pk": w["publishing_published"].pk},
    "publishing:version_detail": lambda w: {"pk": w["publishing_version"].pk},
    "publishing:attachment_download": lambda w: {"pk": w["publishing_attachment"].pk},
    "publishing:attachment_delete": lambda w: {"pk": w["publishing_attachment"].pk},
    "publishing:column_edit": lambda w: {"pk": w["publishing_column"].pk},
    "publishing:normative_edit": lambda w: {"pk": w["publishing_record"].pk},
    "publishing:media_detail": lambda w: {"pk": w["publishing_account"].pk},
    "publishing:disclosure_edit": lambda w: {"pk": w["publishing_item"].pk},
    "publishing:inspection_agency": lambda w: {"agency_pk": w["agency"].pk},
    "publishing:rectification_from_inspection": lambda w: {"agency_pk": w["agency"].pk},
    "publishing:rectification_detail": lambda w: {"pk": w["publishing_finding"].pk},
    "publishing:rectification_answer": lambda w: {"pk": w["publishing_finding"].pk},
    "publishing:rectification_review": lambda w: {"pk": w["publishing_finding"].pk},
    "publishing:evidence_download": lambda w: {"pk": w["publishing_response"].pk},
    "publishing:corrected_report_download": lambda w: {"pk": w["publishing_response"].pk},
}
