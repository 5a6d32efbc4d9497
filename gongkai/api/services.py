"""Writes of the API app: personal tokens (create, revoke, record use) and the auditor's jobs.

Each service runs in one transaction and writes one audit event; the auditor's job is a tracked
job of gongkai.jobs, handed to a worker after commit (in-process when no broker is configured).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.auditlog.services import audit_record
from gongkai.jobs.services import job_start
from gongkai.report import audit as report_audit

from .models import ApiToken, AuditJob, JobStatus, TokenScope

TOKEN_PREFIX = "gk"  # noqa: S105 - the visible marker of our tokens, not a secret
MAX_TOKEN_DAYS = 365
MAX_TOKENS_PER_USER = 20
# A read is recorded in the audit log at most this often per token (every write is recorded).
USE_RECORD_INTERVAL = timedelta(minutes=10)
MAX_AUDIT_FILE_BYTES = 20 * 1024 * 1024
PUBLIC_ACTOR = "开放接口"  # who the audit log names for an anonymous call of a public endpoint


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the whole token, shown once


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_token(raw: str) -> tuple[str, str] | None:
    """Return (prefix, whole token) for a well-formed ``gk_<prefix>_<secret>``, else None."""
    parts = (raw or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], raw.strip()


def api_token_create(*, actor: Any, name: str, scope: str, days: int) -> IssuedToken:
    """Issue a personal token to ``actor`` for at most a year; it acts with the actor's roles."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = "请填写令牌用途"
    elif len(name) > 100:
        errors["name"] = "用途说明不能超过100字"
    if scope not in TokenScope.values:
        errors["scope"] = "请选择只读或读写"
    if not isinstance(days, int) or not 1 <= days <= MAX_TOKEN_DAYS:
        errors["days"] = f"有效期应为1至{MAX_TOKEN_DAYS}天"
    if errors:
        raise ValidationError(errors)
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied("请先登录")
    with transaction.atomic():
        live = ApiToken.objects.filter(user=actor, revoked_at__isnull=True, expires_at__gt=timezone.now())
        if live.count() >= MAX_TOKENS_PER_USER:
            raise ValidationError(f"每人最多持有{MAX_TOKENS_PER_USER}个有效令牌，请先吊销不用的令牌")
        prefix = secrets.token_hex(4)
        secret = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
        token = ApiToken.objects.create(
            user=actor,
            name=name,
            prefix=prefix,
            digest=digest_of(secret),
            scope=scope,
            expires_at=timezone.now() + timedelta(days=days),
        )
        audit_record(
            actor=actor,
            action="api.token.create",
            obj=token,
            changes={"scope": [None, scope], "expires_at": [None, token.expires_at]},
        )
    return IssuedToken(token, secret)


def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke a token at once: its owner or a site administrator may."""
    if not getattr(actor, "is_authenticated", False) or not (
        token.user_id == actor.pk or actor.is_site_admin
    ):
        raise PermissionDenied("只能吊销本人的令牌")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="api.token.revoke",
            obj=token,
            changes={"revoked_at": [None, token.revoked_at]},
        )
    return token


def api_token_record_use(*, token: ApiToken, method: str, path: str, now=None) -> bool:
    """Note in the audit log that ``token`` was used: every write, and reads every few minutes.

    Returns whether an event was written.
    """
    now = now or timezone.now()
    write = method.upper() not in ("GET", "HEAD", "OPTIONS")
    due = token.last_used_at is None or now - token.last_used_at >= USE_RECORD_INTERVAL
    if not (write or due):
        return False
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
        audit_record(
            actor=token.user,
            action="api.token.use",
            obj=token,
            note=f"{method.upper()} {path[:200]}",
        )
    return True


# --- the auditor over the API --------------------------------------------------------------------


AUDIT_JOB_KIND = "api.audit"


def audit_job_create(*, name: str, data: bytes) -> AuditJob:
    """Queue one report file for the auditor as a tracked job (gongkai.jobs: Celery with a broker,
    in-process after commit without one)."""
    if not data:
        raise ValidationError({"file": "请上传年度报告文件"})
    if len(data) > MAX_AUDIT_FILE_BYTES:
        raise ValidationError({"file": f"文件不能超过{MAX_AUDIT_FILE_BYTES // (1024 * 1024)}MB"})
    with transaction.atomic():
        job = AuditJob.objects.create(source=(name or "report")[:255], data=data)
        audit_record(actor=PUBLIC_ACTOR, action="api.audit_job.create", obj=job, note=job.source)
        job_start(kind=AUDIT_JOB_KIND, actor=PUBLIC_ACTOR, params={"audit_job_id": str(job.pk)})
    return job


def audit_job_run(tracked_job=None, *, audit_job_id: str) -> dict:
    """Read and check the job's file in the bounded parser, store the report JSON with findings.

    The handler of ``api.audit`` jobs (registered in ``gongkai/api/jobs.py``). A file the readers
    cannot read is a finished job with findings, not an error; only a reader bug fails the job,
    and then the job says so instead of staying "running" forever.
    """
    with transaction.atomic():
        job = AuditJob.objects.select_for_update().filter(pk=audit_job_id, status=JobStatus.QUEUED).first()
        if job is None:
            return {"audit_job": audit_job_id, "status": "not_queued"}
        job.status = JobStatus.RUNNING
        job.save(update_fields=["status"])
    data = bytes(job.data)
    try:
        read = report_audit.read_upload(data, source=job.source)
        (result,) = report_audit.check_reads([read])
        payload, status, error = result.to_dict(), JobStatus.DONE, ""
    except Exception as exc:  # a reader bug must not leave the job running forever
        payload, status, error = None, JobStatus.FAILED, f"{type(exc).__name__}: {exc}"[:300]
    AuditJob.objects.filter(pk=job.pk).update(
        status=status, result=payload, error=error, data=b"", finished_at=timezone.now()
    )
    return {"audit_job": audit_job_id, "status": str(status)}
