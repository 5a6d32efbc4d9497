"""Start and advance tracked jobs; put side effects in the outbox and deliver them."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gongkai.auditlog.services import audit_record

from . import tasks  # as a module: tasks imports these services
from .models import Job, OutboxMessage
from .registry import handler_for

logger = logging.getLogger(__name__)

# A claimed message is invisible to other drainers for this long; a worker that dies while
# delivering leaves it to be retried after the lease.
OUTBOX_LEASE = timedelta(minutes=5)
OUTBOX_MAX_BACKOFF = timedelta(hours=1)
OUTBOX_BATCH = 200

_TOPICS: dict[str, Callable[[dict[str, Any]], None]] = {}


def job_start(
    *,
    kind: str,
    actor,
    params: dict[str, Any] | None = None,
    agency=None,
    total: int = 0,
    run_now_without_broker: bool = False,
) -> Job:
    """Record a job and hand it to a worker once the transaction commits (in-process without a broker).

    ``run_now_without_broker``: without a broker, run the job at once, in this process and inside the
    caller's transaction, rather than when it commits. For work a request used to do itself (render a
    PDF): the embedded default keeps serving the result in the same request, as before workers existed.
    """
    handler_for(kind)  # an unknown kind is a programming error: fail now, not in the worker
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            params=params or {},
            total=total,
            agency=agency if agency is not None else getattr(actor, "agency", None),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(actor=actor, action="jobs.start", obj=job, changes={"kind": [None, kind]})
        if run_now_without_broker and not settings.BROKER_URL:
            job_run(job.pk)
            job.refresh_from_db()
        else:
            tasks.run_job.delay_on_commit(job.pk)
    return job


def job_progress(job: Job, *, done: int, total: int | None = None) -> None:
    """Record how far a running job has come (read by the progress bar)."""
    fields: dict[str, Any] = {"done": done}
    if total is not None:
        fields["total"] = total
    Job.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def job_run(job_id: int) -> Job | None:
    """Run one queued job (the worker's side). A job already claimed by another worker is left alone."""
    now = timezone.now()
    if not Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=now
    ):
        return None
    job = Job.objects.get(pk=job_id)
    try:
        result = handler_for(job.kind)(job, **job.params) or {}
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        message = str(exc) if isinstance(exc, ValueError) else "内部错误，已记录日志，请联系管理员"
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, error=message[:2000], finished_at=timezone.now()
        )
    else:
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.DONE, result=result, finished_at=timezone.now(), done=F("total")
        )
    job.refresh_from_db()
    return job


# -- the transactional outbox -------------------------------------------------------------------


def outbox_topic(topic: str) -> Callable:
    """Register ``fn(payload)`` as the deliverer of outbox messages of ``topic`` (raise to retry)."""

    def register(fn):
        if _TOPICS.get(topic, fn) is not fn:
            raise ValueError(f"outbox topic {topic!r} already has a deliverer")
        _TOPICS[topic] = fn
        return fn

    return register


def outbox_put(*, topic: str, payload: dict[str, Any]) -> OutboxMessage:
    """Record a side effect in the current transaction; it is delivered after commit, with retries."""
    if topic not in _TOPICS:
        raise LookupError(f"no deliverer for outbox topic {topic!r}")
    message = OutboxMessage.objects.create(topic=topic, payload=payload, next_attempt_at=timezone.now())
    tasks.drain_outbox.delay_on_commit()
    return message


def backoff(attempts: int) -> timedelta:
    """Wait 30 s, 1 min, 2 min, … after each failed attempt, never more than an hour."""
    return min(timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), OUTBOX_MAX_BACKOFF)


@dataclass(frozen=True)
class DrainResult:
    delivered: int
    failed: int


def outbox_drain(*, now: datetime | None = None, limit: int = OUTBOX_BATCH) -> DrainResult:
    """Deliver the due messages once each; a failure is recorded and retried later, never dropped."""
    now = now or timezone.now()
    due = list(
        OutboxMessage.objects.filter(next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", "next_attempt_at")[:limit]
    )
    delivered = failed = 0
    for pk, due_at in due:
        # Claim it: another drainer that read the same row loses this race and skips it.
        if not OutboxMessage.objects.filter(pk=pk, next_attempt_at=due_at).update(
            next_attempt_at=now + OUTBOX_LEASE
        ):
            continue
        message = OutboxMessage.objects.get(pk=pk)
        try:
            _TOPICS[message.topic](message.payload)
        except Exception as exc:
            failed += 1
            attempts = message.attempts + 1
            logger.warning("outbox %s #%s attempt %s failed: %s", message.topic, pk, attempts, exc)
            OutboxMessage.objects.filter(pk=pk).update(
                attempts=attempts, next_attempt_at=now + backoff(attempts), last_error=repr(exc)[:2000]
            )
        else:
            delivered += 1
            OutboxMessage.objects.filter(pk=pk).delete()
    return DrainResult(delivered, failed)
