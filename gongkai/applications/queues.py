"""The applications' rows of “待我处理” (see ``gongkai.console.queues``): one aggregate query each."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Min, Q

from gongkai.agencies import policy
from gongkai.console.queues import register_queue

from .selectors import _CLOCK, _OPEN, applications_for, bucket_q


def summary(user, condition: Q) -> tuple[int, date | None]:
    """Count the applications ``user`` may read that meet ``condition``, and the earliest due date."""
    row = applications_for(user).filter(condition).aggregate(n=Count("pk"), due=Min("due_date"))
    return row["n"], row["due"]


def _bucket(name: str):
    return lambda user, today: summary(user, bucket_q(name, today, today))


def register() -> None:
    handlers, approvers = policy.APPLICATION_HANDLERS, policy.APPLICATION_APPROVERS
    worklist = "applications:worklist"
    register_queue(
        key="applications_unconfirmed",
        label="网上申请待确认收到",
        roles=handlers,
        count=_bucket("unconfirmed"),
        url_name=worklist,
        query="bucket=unconfirmed",
        order=10,
    )
    register_queue(
        key="applications_unassigned",
        label="申请待分派承办人",
        roles=approvers,
        count=lambda user, today: summary(user, Q(status__in=_OPEN, assignee__isnull=True)),
        url_name=worklist,
        query="bucket=open&assignee=none",
        order=11,
    )
    register_queue(
        key="applications_mine",
        label="我承办的申请待答复",
        roles=handlers,
        count=lambda user, today: summary(user, Q(status__in=_CLOCK, assignee=user)),
        url_name=worklist,
        query="bucket=open&assignee=me",
        order=12,
    )
    register_queue(
        key="applications_approval",
        label="答复待我批准",
        roles=approvers,
        count=_bucket("awaiting_approval"),
        url_name=worklist,
        query="bucket=awaiting_approval",
        order=13,
    )
    register_queue(
        key="applications_notices",
        label="告知书待我签发",
        roles=approvers,
        count=_bucket("notice_unsigned"),
        url_name=worklist,
        query="bucket=notice_unsigned",
        order=13,
    )
    register_queue(
        key="applications_delivery",
        label="答复已批准待送达",
        roles=handlers,
        count=_bucket("awaiting_delivery"),
        url_name=worklist,
        query="bucket=awaiting_delivery",
        order=14,
    )
