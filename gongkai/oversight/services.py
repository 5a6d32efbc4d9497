"""Read and check uploaded annual reports; store each one's cells and findings.

The reading runs as a background job (``oversight.audit_batch``): the upload is stored and the
page shows a progress bar until the worker has read every file. Without a broker it runs in-process
as the upload commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from gongkai.agencies import policy
from gongkai.auditlog.services import audit_record
from gongkai.jobs.services import job_progress, job_start
from gongkai.report import audit as report_audit
from gongkai.report import format as fmt
from gongkai.report.model import Report
from gongkai.report.render.source import source_data

from .models import AuditBatch, AuditedReport

MAX_FILES = 200
MAX_FILE_BYTES = 20 * 1024 * 1024
JOB_KIND = "oversight.audit_batch"


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def _stored_name(batch: AuditBatch, index: int, name: str) -> str:
    safe = re.sub(r"[^\w.\-]+", "_", name)[-80:] or "file"
    return f"oversight/batches/{batch.pk}/{index:03d}-{safe}"


@transaction.atomic
def audit_batch_create(*, actor, uploads: list[Upload], name: str = "") -> AuditBatch:
    """Store the uploads and start reading them in the background (one unreadable file never stops it)."""
    if actor is None or not policy.holds(actor, "oversight.audit"):
        raise PermissionDenied("只有监督员可以审阅年度报告")
    if not uploads:
        raise ValueError("请至少选择一个文件")
    if len(uploads) > MAX_FILES:
        raise ValueError(f"一次最多上传 {MAX_FILES} 个文件；更多文件请使用命令 gongkai audit")
    default_name = uploads[0].name if len(uploads) == 1 else f"{uploads[0].name} 等 {len(uploads)} 份"
    batch = AuditBatch.objects.create(
        uploaded_by=actor, agency=actor.agency, name=(name or default_name)[:200]
    )
    files = [
        [default_storage.save(_stored_name(batch, i, u.name), ContentFile(u.data)), u.name]
        for i, u in enumerate(uploads)
    ]
    batch.job = job_start(
        kind=JOB_KIND,
        actor=actor,
        agency=actor.agency,
        params={"batch_id": batch.pk, "files": files},
        total=len(files),
    )
    batch.save(update_fields=["job"])
    audit_record(
        actor=actor, action="oversight.batch_create", obj=batch, changes={"files": [None, len(files)]}
    )
    return batch


def earlier_reports(batch: AuditBatch, reads) -> list[Report]:
    """Return the year-before reports of this batch's agencies from the uploader's earlier batches.

    So last year's batch and this year's pair (report.W004–W007) without uploading both again.
    One query; the newest audited copy of an agency-year comes first.
    """
    years = {r.report.year - 1 for r in reads if r.readable and r.report and r.report.year}
    if not years:
        return []
    earlier = (
        AuditedReport.objects.filter(
            batch__uploaded_by=batch.uploaded_by, readable=True, year__in=years, format=fmt.FORMAT_2021
        )
        .exclude(batch=batch)
        .order_by("-batch__created_at", "-id")
    )
    return [Report.from_dict(row.data) for row in earlier]


def audited_report_build(batch: AuditBatch, result, *, source: str = "") -> AuditedReport:
    """Return the (unsaved) row of one auditor result in ``batch``: its cells and its findings.

    The one place a read-and-checked report becomes an ``AuditedReport`` (the upload's job and
    the collector, gongkai/collection, both file through it).
    """
    findings = [f.to_dict() for f in result.findings]
    report = result.report
    return AuditedReport(
        batch=batch,
        source=(source or result.source)[:255],
        readable=result.readable,
        format=(report.format if report else "") or "",
        agency_name=(report.agency if report else "")[:200],
        year=report.year if report else None,
        data={**report.to_dict(), **source_data(report)} if report else {},
        findings=findings,
        error_count=sum(1 for f in findings if f["level"] == "error"),
        warning_count=sum(1 for f in findings if f["level"] == "warning"),
    )


def audit_batch_read(job, *, batch_id: int, files: list[list[str]]) -> dict:
    """Read and check every stored file of a batch, recording progress; then drop the stored copies."""
    batch = AuditBatch.objects.get(pk=batch_id)
    reads = []
    for done, (path, source) in enumerate(files, start=1):
        with default_storage.open(path, "rb") as fh:
            data = fh.read()
        reads.append(report_audit.read_upload(data, source=source))
        job_progress(job, done=done)
    rows = [
        audited_report_build(batch, result)
        for result in report_audit.check_reads(reads, earlier=earlier_reports(batch, reads))
    ]
    with transaction.atomic():
        AuditedReport.objects.filter(batch=batch).delete()  # a retried job starts over
        AuditedReport.objects.bulk_create(rows)
    for path, _ in files:
        default_storage.delete(path)
    return {"url": reverse("oversight:batch", args=[batch.pk]), "reports": len(rows)}
