"""The checks a reviewer sees on a document (``gongkai.publishing.checks`` applied to the records)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import Resolver404, resolve

from .. import checks
from ..models import Column, Document, PiiAcknowledgement
from ..richtext import html_to_text
from .documents import published_documents

DOCUMENT_KWARGS = ("pk", "document_pk", "document_id")


@dataclass
class CheckReport:
    """All findings on a document, with which personal-data findings are acknowledged."""

    findings: list[checks.Finding] = field(default_factory=list)
    acknowledged: dict[str, PiiAcknowledgement] = field(default_factory=dict)

    @property
    def pii(self) -> list[checks.Finding]:
        return [f for f in self.findings if f.fingerprint]

    @property
    def blocking(self) -> list[checks.Finding]:
        """Errors that stop sign-off: unacknowledged personal data, missing metadata, broken links."""
        return [f for f in self.findings if f.is_error and f.fingerprint not in self.acknowledged]

    @property
    def ok(self) -> bool:
        return not self.blocking


def site_hosts() -> list[str]:
    """Return the host names under which this site publishes (for recognising internal links)."""
    hosts = list(getattr(settings, "GONGKAI_SITE_HOSTS", []) or [])
    hosts += [h for h in settings.ALLOWED_HOSTS if h and h != "*"]
    return hosts


def judge_internal_path(path: str) -> str | None:
    """Return why an internal link target is broken for the public, or None when it is fine."""
    if path.startswith((settings.STATIC_URL or "/static/", settings.MEDIA_URL or "/media/")):
        return None
    if path.startswith(("/staff/", "/admin/")):
        return "指向内部工作页面，公众无法访问"
    try:
        match = resolve(path)
    except Resolver404:
        return "指向不存在的页面"
    kwargs = match.kwargs
    public = published_documents()
    if "credit_code" in kwargs:
        public = public.filter(agency__credit_code=str(kwargs["credit_code"]).upper())
    if "document" in (match.url_name or "") or "attachment" in (match.url_name or ""):
        for key in DOCUMENT_KWARGS:
            if key in kwargs:
                try:
                    found = public.filter(pk=int(kwargs[key]))
                    if "attachment_pk" in kwargs:
                        found = found.filter(attachments__pk=int(kwargs["attachment_pk"]))
                    exists = found.exists()
                except (TypeError, ValueError):
                    exists = False
                return None if exists else "指向的文件不存在或未公开"
        if "index_number" in kwargs:
            exists = public.filter(index_number=kwargs["index_number"]).exists()
            return None if exists else "指向的文件不存在或未公开"
    if "column_id" in kwargs:
        columns = Column.objects.filter(pk=kwargs["column_id"], is_active=True)
        if "credit_code" in kwargs:
            columns = columns.filter(agency__credit_code=str(kwargs["credit_code"]).upper())
        return None if columns.exists() else "指向的栏目不存在"
    return None


def pii_key() -> bytes:
    return settings.SECRET_KEY.encode()


def document_pii(
    document: Document, attachments=None, *, title=None, summary=None, body=None
) -> list[checks.Finding]:
    """Return the personal data in a document's title, summary, body and attachments' text."""
    key = pii_key()
    findings = []
    title = document.title if title is None else title
    summary = document.summary if summary is None else summary
    body = document.body if body is None else body
    findings += checks.pii_findings(title, location="标题", key=key)
    findings += checks.pii_findings(summary, location="内容概述", key=key)
    findings += checks.pii_findings(html_to_text(body), location="正文", key=key)
    for attachment in attachments if attachments is not None else document.attachments.all():
        findings += checks.pii_findings(attachment.text, location=f"附件《{attachment.name}》", key=key)
    return findings


def document_checks(document: Document) -> CheckReport:
    """Run every check on ``document`` as it stands now (a few queries, independent of its size)."""
    attachments = list(document.attachments.all())
    facts = checks.DocumentFacts(
        kind=document.kind,
        title=document.title,
        column_count=document.columns.count(),
        issuing_body=document.issuing_body,
        written_on=document.written_on,
        document_number=document.document_number,
        formed_on=document.formed_on,
        summary=document.summary,
        body_text=html_to_text(document.body),
        attachment_count=len(attachments),
        interprets_id=document.interprets_id,
        validity=document.validity,
        extraction_problems=tuple(a.extraction_error for a in attachments if a.extraction_error),
    )
    findings = checks.metadata_findings(facts)
    findings += document_pii(document, attachments)
    findings += checks.link_findings(document.body, site_hosts=site_hosts(), judge=judge_internal_path)
    acknowledged = {a.fingerprint: a for a in document.pii_acknowledgements.select_related("actor")}
    return CheckReport(findings=findings, acknowledged=acknowledged)
