"""The daily step of the applications, run by ``celery beat`` (cron users: ``gongkai remind``)."""

from __future__ import annotations

from celery import shared_task

from .services import applications_expire, send_reminders


@shared_task(name="gongkai.applications.daily", ignore_result=True)
def daily() -> dict[str, int]:
    """Close lapsed consultations, apply deemed withdrawals, queue the due-soon and overdue digest."""
    expired = applications_expire()
    sent = send_reminders()
    return {**expired, "mails": sent.mails, "applications": sent.applications}
