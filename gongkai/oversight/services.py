"""Read and check uploaded annual reports; store each one's cells and findings."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from gongkai.auditlog.services import audit_record

from .models import AuditBatch, AuditedReport

MAX_FILES = 200
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


@transaction.atomic
def audit_batch_create(*, actor, uploads: list[Upload], name: str = "") -> AuditBatch:
    """Read every upload (one unreadable file never stops the batch) and store the results."""
    from gongkai.report import audit as report_audit

    if not uploads:
        raise ValueError("请至少选择一个文件")
    if len(uploads) > MAX_FILES:
        raise ValueError(f"一次最多上传 {MAX_FILES} 个文件；更多文件请使用命令 gongkai audit")
    default_name = uploads[0].name if len(uploads) == 1 else f"{uploads[0].name} 等 {len(uploads)} 份"
    batch = AuditBatch.objects.create(
        uploaded_by=actor, agency=actor.agency, name=(name or default_name)[:200]
    )
    reads = [report_audit.read_upload(u.data, source=u.name) for u in uploads]
    rows = []
    for result in report_audit.check_reads(reads):
        findings = [f.to_dict() for f in result.findings]
        report = result.report
        rows.append(
            AuditedReport(
                batch=batch,
                source=result.source[:255],
                readable=result.readable,
                format=(report.format if report else "") or "",
                agency_name=(report.agency if report else "")[:200],
                year=report.year if report else None,
                data=report.to_dict() if report else {},
                findings=findings,
                error_count=sum(1 for f in findings if f["level"] == "error"),
                warning_count=sum(1 for f in findings if f["level"] == "warning"),
            )
        )
    AuditedReport.objects.bulk_create(rows)
    audit_record(
        actor=actor, action="oversight.batch_create", obj=batch, changes={"files": [None, len(rows)]}
    )
    return batch
