"""The search index's outbox deliverer (autodiscovered by gongkai.jobs)."""

from __future__ import annotations

from gongkai.annual_report.models import AnnualReport
from gongkai.jobs.services import outbox_topic
from gongkai.publishing.models import Document

from . import backends


@outbox_topic("search.sync")
def sync_document(payload: dict) -> None:
    """Bring the index in step with the document (or annual report) as it is now.

    A document gone or not public leaves the index; an annual report's agency-year is indexed by
    its newest published version.
    """
    if "annual_report_id" in payload:
        report = AnnualReport.objects.filter(pk=payload["annual_report_id"]).first()
        if report is not None:
            backends.index_annual_report(report)
        return

    document = Document._default_manager.filter(pk=payload["document_id"]).first()
    if document is None:
        backends.remove_document(payload["document_id"])
    else:
        backends.index_document(document)
