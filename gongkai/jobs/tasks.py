"""The Celery tasks of the jobs app: run a tracked job, drain the outbox."""

from __future__ import annotations

from celery import shared_task

from . import services  # as a module: services imports these tasks


@shared_task(name="gongkai.jobs.run", ignore_result=True)
def run_job(job_id: int) -> None:
    services.job_run(job_id)


@shared_task(name="gongkai.jobs.drain_outbox", ignore_result=True)
def drain_outbox() -> dict[str, int]:
    result = services.outbox_drain()
    return {"delivered": result.delivered, "failed": result.failed}
