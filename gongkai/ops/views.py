"""Probes for the load balancer and the orchestrator: /healthz (process up), /readyz (can serve)."""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
@login_not_required
def healthz(request):
    return JsonResponse({"status": "ok"})


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key = f"gongkai:readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return what was stored")
    cache.delete(key)


def _broker() -> str:
    if not settings.BROKER_URL:
        return "in-process"
    # lazy: celery, only when a broker is configured
    from gongkai.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


@never_cache
@login_not_required
def readyz(request):
    """Answer 200 when the database, the cache and the broker answer; 503 naming what does not."""
    checks: dict[str, str] = {}
    for name, probe in (("database", _database), ("cache", _cache), ("broker", _broker)):
        try:
            checks[name] = probe() or "ok"
        except Exception as exc:
            logger.warning("readyz: %s unavailable: %s", name, exc)
            checks[name] = "unavailable"
    ready = all(v != "unavailable" for v in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503)
