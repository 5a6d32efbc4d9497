"""The daily digest goes through the outbox: marked sent only once the mail server took it."""

from __future__ import annotations

from datetime import date, timedelta

from django.core import mail
from django.utils import timezone

from gongkai.applications import services as s
from gongkai.applications.models import ReminderSent
from gongkai.jobs.models import OutboxMessage
from gongkai.jobs.services import outbox_drain


def test_digest_is_marked_sent_only_after_the_mail_server_took_it(
    settings, agency_a, head_a, make_application
):
    make_application(agency_a, due_date=date(2025, 3, 31))
    settings.EMAIL_BACKEND = "tests.applications.test_reminder_outbox.DownBackend"
    assert s.send_reminders(day=date(2025, 3, 31)).mails == 1
    assert outbox_drain().failed == 1
    reminder = ReminderSent.objects.get()
    assert reminder.sent_at is None and mail.outbox == []
    assert s.send_reminders(day=date(2025, 3, 31)).mails == 0  # queued already: not queued twice

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox_drain(now=timezone.now() + timedelta(minutes=1)).delivered == 1
    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    assert [m.to for m in mail.outbox] == [["head@example.cn"]]
    assert not OutboxMessage.objects.exists()


class DownBackend:
    """A mail server that refuses every connection."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
