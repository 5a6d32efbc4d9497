"""Keep the index in step with publication: publish, correction, withdrawal, deletion; annual reports.

Each change writes an outbox row in the transaction that makes it (``search.sync``); the worker
brings the index in step after commit and retries until it succeeds, so a failed index update is
never lost and ``gongkai search rebuild`` is not needed after one. The index is still derived
data: a rebuild recreates it at any time.
"""

from __future__ import annotations

from django.db.models.signals import post_delete

from gongkai.annual_report import signals as report_signals
from gongkai.jobs.services import outbox_put
from gongkai.publishing import signals
from gongkai.publishing.models import Document


def _sync(sender, document, **kwargs) -> None:
    outbox_put(topic="search.sync", payload={"document_id": document.pk})


def _report_published(sender, report, **kwargs) -> None:
    outbox_put(topic="search.sync", payload={"annual_report_id": report.pk})


def _deleted(sender, instance, **kwargs) -> None:
    _sync(sender, instance)


def connect() -> None:
    signals.document_changed.connect(_sync, dispatch_uid="search.changed")
    post_delete.connect(_deleted, sender=Document, dispatch_uid="search.deleted")
    report_signals.report_published.connect(_report_published, dispatch_uid="search.report_published")
