"""What the index holds for a document: an ``IndexRecord`` built from the publishing models."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Prefetch
from django.utils import timezone

from gongkai.annual_report.models import AnnualReport, ReportStatus
from gongkai.publishing.models import Attachment, Column
from gongkai.publishing.richtext import html_to_text
from gongkai.publishing.selectors import published_documents

from . import segment
from .models import ANNUAL_REPORT_KIND, report_key

# A PostgreSQL tsvector holds at most 1 MB; the tokens of a very long attachment are cut here
# (on both databases, so that they find the same documents).
MAX_TOKEN_CHARS = 300_000


@dataclass(frozen=True)
class IndexRecord:
    document_id: int
    agency_id: int
    published_at: datetime
    published_on: date
    topic: str = ""
    kind: str = ""
    validity: str = ""
    index_number: str = ""
    doc_number: str = ""
    title_tokens: str = ""
    body_tokens: str = ""
    column_ids: tuple[int, ...] = field(default=())

    @property
    def year(self) -> int:
        return self.published_on.year


def document_text(document, attachments=None) -> str:
    """Return the searchable text of a document: summary, body text, attachments' text."""
    if attachments is None:
        attachments = document.attachments.all()
    parts = [document.summary, html_to_text(document.body), *(a.text for a in attachments)]
    return "\n".join(p for p in parts if p)


def _capped(tokens: str) -> str:
    return tokens[:MAX_TOKEN_CHARS].rsplit(" ", 1)[0] if len(tokens) > MAX_TOKEN_CHARS else tokens


def record_for(document) -> IndexRecord | None:
    """Return the index record of ``document``, or None when the public may not see it."""
    if not document.is_public:
        return None
    text = document_text(document)
    extra = " ".join(p for p in (document.document_number, document.issuing_body) if p)
    body_tokens = _capped(segment.index_text(text, extra))
    return IndexRecord(
        document_id=document.pk,
        agency_id=document.agency_id,
        published_at=document.published_at,
        published_on=timezone.localdate(document.published_at),
        topic=document.topic or "",
        kind=document.kind or "",
        validity=document.validity or "",
        index_number=segment.normalize_index_number(document.index_number or ""),
        doc_number=segment.normalize_doc_number(document.document_number or ""),
        title_tokens=segment.index_text(document.title),
        body_tokens=body_tokens,
        column_ids=tuple(sorted(c.pk for c in document.columns.all())),
    )


def report_record(report) -> IndexRecord | None:
    """Return the index record of an annual report version, or None unless it is the one shown.

    The public reads the newest published version of an agency-year (a correction replaces it in
    search; the superseded one stays reachable from the report's page). Its text is the narrative
    with the figures filled in: what a reader of the report finds in it.
    """
    newest = (
        AnnualReport.objects.filter(
            agency_id=report.agency_id, year=report.year, status=ReportStatus.PUBLISHED
        )
        .order_by("-version")
        .values_list("pk", flat=True)
        .first()
    )
    if newest != report.pk or report.published_at is None:
        return None
    text = report_text(report)
    return IndexRecord(
        document_id=report_key(report.pk),
        agency_id=report.agency_id,
        published_at=report.published_at,
        published_on=timezone.localdate(report.published_at),
        kind=ANNUAL_REPORT_KIND,
        title_tokens=segment.index_text(str(report)),
        body_tokens=_capped(segment.index_text(text)),
    )


def report_text(report) -> str:
    """Return the searchable text of an annual report: its narrative with the figures filled in."""
    return "\n".join(part for part in report.to_report().text.values() if part)


def report_keys(report) -> list[int]:
    """Return the index keys of every version of ``report``'s agency-year (to replace them)."""
    versions = AnnualReport.objects.filter(agency_id=report.agency_id, year=report.year)
    return [report_key(pk) for pk in versions.values_list("pk", flat=True)]


def indexable_reports() -> Iterator[IndexRecord]:
    """Yield the records of the annual reports the public reads (for a rebuild)."""
    published = AnnualReport.objects.filter(status=ReportStatus.PUBLISHED).select_related("agency")
    for report in published.order_by("agency_id", "year", "-version").iterator(chunk_size=100):
        record = report_record(report)
        if record is not None:
            yield record


def indexable_records(chunk_size: int = 500) -> Iterator[IndexRecord]:
    """Yield the records of every publicly visible document, then of the annual reports (a rebuild)."""
    documents = (
        published_documents()
        .order_by("pk")
        .prefetch_related(
            Prefetch("columns", queryset=Column.objects.only("id")),
            Prefetch("attachments", queryset=Attachment.objects.only("id", "document_id", "text")),
        )
    )
    for document in documents.iterator(chunk_size=chunk_size):
        record = record_for(document)
        if record is not None:
            yield record
    yield from indexable_reports()
