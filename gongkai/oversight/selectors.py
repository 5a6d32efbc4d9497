"""Reads of the supervisors' report audits: the batches a user uploaded and their reports."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.agencies.scoping import get_scoped, scope

from .models import AuditBatch, AuditedReport


def batches_of(user) -> QuerySet[AuditBatch]:
    """Return the batches ``user`` uploaded (a site administrator sees every batch)."""
    if user.is_site_admin:
        return AuditBatch.objects.all()
    return scope(AuditBatch.objects.all(), user).filter(uploaded_by=user)


def batch_get(user, pk: int) -> AuditBatch:
    """Return the batch ``pk`` with its background job, if ``user`` uploaded it (404 otherwise)."""
    return get_scoped(batches_of(user).select_related("job"), user, pk=pk)


def reports_of(batch: AuditBatch) -> list[AuditedReport]:
    """Return the audited reports of ``batch``."""
    return list(batch.reports.all())


def audited_report_get(user, batch: AuditBatch, pk: int) -> AuditedReport:
    """Return the audited report ``pk`` of ``batch`` if ``user`` may read it."""
    return get_scoped(AuditedReport.objects.filter(batch=batch), user, pk=pk)
