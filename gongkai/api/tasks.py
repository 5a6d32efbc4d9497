"""The API app's Celery task: read and check a file sent to the auditor (in-process without a broker)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="gongkai.api.run_audit_job", ignore_result=True)
def run_audit_job(job_id: str) -> None:
    from .services import audit_job_run

    audit_job_run(job_id=job_id)
