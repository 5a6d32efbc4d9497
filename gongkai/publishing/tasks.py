"""Periodic work of proactive disclosure, run by ``celery beat`` (cron users: ``gongkai publishing tick``)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .services import publish_due_scheduled, sync_validity


@shared_task(name="gongkai.publishing.tick", ignore_result=True)
def tick() -> dict[str, int]:
    """Publish the scheduled documents whose time has come; mark repealed or expired ones."""
    now = timezone.now()
    published = publish_due_scheduled(now=now)
    marked = sync_validity(today=timezone.localdate(now))
    return {"published": len(published), "validity": marked}
