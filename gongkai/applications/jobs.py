"""Outbox deliverers of the applications app (autodiscovered by gongkai.jobs)."""

from __future__ import annotations

from django.utils import timezone

from gongkai.jobs.services import outbox_topic


@outbox_topic("mail.reminder")
def deliver_reminder(payload: dict) -> None:
    """Send one digest mail; mark its applications reminded once the mail server has taken it."""
    from django.core.mail import EmailMessage

    from .models import ReminderSent

    EmailMessage(
        subject=payload["subject"], body=payload["body"], from_email=payload["from"], to=payload["to"]
    ).send()
    ReminderSent.objects.filter(pk__in=payload["reminders"], sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
