"""The annual report's PDF as a background job (autodiscovered by gongkai.jobs).

Typesetting a long report takes seconds, too long for a request once a broker is configured: the
download starts ``annual_report.pdf`` for the report's current content and answers 202 with the
job's progress until the file is there. The job is keyed by a digest of the report's HTML, so a
report edited after the job started never gets the older file: its new content has a new digest,
and a job that finds the content changed under it fails instead of storing a stale PDF.
"""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from gongkai.jobs.models import Job
from gongkai.jobs.registry import job_handler
from gongkai.jobs.services import job_progress, job_start
from gongkai.report.render import html as report_html
from gongkai.report.render import pdf as report_pdf

from .models import AnnualReport

REPORT_PDF = "annual_report.pdf"


def report_digest(report) -> str:
    """Return the digest of what the PDF of ``report`` (an AnnualReport) would show."""
    return hashlib.sha256(report_html.render(report.to_report()).encode()).hexdigest()


def report_pdf_job(*, report, actor) -> Job:
    """Return the job that makes this content's PDF: the one already made or running, else a new one.

    Without a broker the new job runs at once, in this process, so the file is there on return.
    """
    digest = report_digest(report)
    job = (
        Job.objects.filter(kind=REPORT_PDF, params__report=report.pk, params__digest=digest)
        .exclude(status=Job.Status.FAILED)
        .order_by("-pk")
        .first()
    )
    if job is not None and (
        job.status != Job.Status.DONE or default_storage.exists(job.result.get("file", ""))
    ):
        return job
    return job_start(
        kind=REPORT_PDF,
        actor=actor,
        agency=report.agency,
        params={"report": report.pk, "digest": digest},
        total=2,
        run_now_without_broker=True,
    )


@job_handler(REPORT_PDF, "生成年度报告 PDF")
def report_pdf_render(job: Job, *, report: int, digest: str) -> dict[str, str]:
    record = AnnualReport.objects.select_related("agency").get(pk=report)
    if report_digest(record) != digest:
        raise ValueError("报告内容已变化，请重新下载")
    job_progress(job, done=1)
    data = report_pdf.render(record.to_report())
    name = default_storage.save(f"annual_report/pdf/{record.pk}-{digest[:16]}.pdf", ContentFile(data))
    return {"file": name}
