"""The daily digest of due-soon and overdue applications, mailed to each agency's clerks and office heads.

Safe to run any number of times: what was queued is recorded per application per day
(``ReminderSent``, unique), and an application already reminded today is left out. Each mail goes
through the outbox in the same transaction, so it is retried until the mail server takes it, and
``ReminderSent.sent_at`` is set only then.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from gongkai.agencies import policy
from gongkai.agencies.models import User
from gongkai.jobs.services import outbox_put

from ..models import Application, ReminderSent
from ..selectors import due_soon_limit
from ..workflow import CLOCK_STATUSES
from . import _base


@dataclass(frozen=True)
class ReminderResult:
    mails: int
    applications: int


def _kind(application: Application, day: date) -> str:
    if application.due_date < day:
        return "overdue"
    if application.due_date == day:
        return "due_today"
    return "due_soon"


def send_reminders(*, day: date | None = None) -> ReminderResult:
    """Mail each agency's digest of the applications due within 3 working days or overdue."""
    day = day or _base.today()
    limit = due_soon_limit(day)
    already = ReminderSent.objects.filter(day=day).values("application_id")
    pending = (
        Application.objects.filter(status__in=[s.value for s in CLOCK_STATUSES], due_date__lte=limit)
        .exclude(pk__in=already)
        .select_related("agency", "assignee")
        .order_by("agency_id", "due_date", "pk")
    )
    by_agency: dict[int, list[Application]] = defaultdict(list)
    for application in pending:
        by_agency[application.agency_id].append(application)
    if not by_agency:
        return ReminderResult(0, 0)
    recipients: dict[int, list[str]] = defaultdict(list)
    staff = (
        User.objects.filter(
            agency_id__in=by_agency, is_active=True, role_grants__role__in=policy.APPLICATION_HANDLERS
        )
        .exclude(email="")
        .values_list("agency_id", "email")
        .distinct()
    )
    for agency_id, email in staff:
        recipients[agency_id].append(email)
    mails = 0
    counted = 0
    for agency_id, items in by_agency.items():
        to = sorted(set(recipients.get(agency_id, [])))
        if not to:
            continue
        groups = {
            kind: [a for a in items if _kind(a, day) == kind] for kind in ("overdue", "due_today", "due_soon")
        }
        body = render_to_string(
            "applications/mail/digest.txt",
            {"agency": items[0].agency, "day": day, "groups": groups, "limit": limit},
        )
        subject = f"【依申请公开】{items[0].agency.name} {day.isoformat()} 到期提醒（{len(items)}件）"
        try:
            with transaction.atomic():
                sent = ReminderSent.objects.bulk_create(
                    ReminderSent(application=a, day=day, kind=_kind(a, day)) for a in items
                )
                ids = [r.pk for r in sent]
                for address in to:
                    outbox_put(
                        topic="mail.reminder",
                        payload={
                            "subject": subject,
                            "body": body,
                            "from": settings.DEFAULT_FROM_EMAIL,
                            "to": [address],
                            "reminders": ids,
                        },
                    )
        except IntegrityError:
            continue  # another run is sending this digest right now
        mails += len(to)
        counted += len(items)
    return ReminderResult(mails, counted)
