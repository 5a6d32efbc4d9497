"""Proactive disclosure's rows of “待我处理”: each review level, returned drafts, rectifications."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Min

from gongkai.agencies import policy
from gongkai.agencies.models import Role
from gongkai.agencies.scoping import scope
from gongkai.console.queues import register_queue

from .models import Document, DocumentStatus, RectificationItem, RectificationStatus, ReviewDecision

LEVEL_LABELS = {
    Role.REVIEWER_1: "文件待我初审",
    Role.REVIEWER_2: "文件待我复审",
    Role.CONFIDENTIALITY: "文件待我保密审查",
    Role.REVIEWER_3: "文件待我终审签发",
}

# The status each review level waits in, for the rows "文件待我初审" … (the workflow's review rows).
PENDING_BY_ROLE = {
    Role.REVIEWER_1: DocumentStatus.PENDING_1,
    Role.REVIEWER_2: DocumentStatus.PENDING_2,
    Role.CONFIDENTIALITY: DocumentStatus.PENDING_CONFIDENTIALITY,
    Role.REVIEWER_3: DocumentStatus.PENDING_3,
}
ROLE_SET_OF = {
    Role.REVIEWER_1: "document.review_1",
    Role.REVIEWER_2: "document.review_2",
    Role.CONFIDENTIALITY: "document.confidentiality",
    Role.REVIEWER_3: "document.review_3",
}


def waiting_at(user, role: str) -> tuple[int, date | None]:
    """Documents waiting at ``role``'s level that ``user`` may decide (not their own)."""
    row = (
        scope(Document.objects.filter(status=PENDING_BY_ROLE[role]), user, write=True)
        .exclude(created_by=user)
        .exclude(submitted_by=user)
        .aggregate(n=Count("pk"), due=Min("publish_due"))
    )
    return row["n"], row["due"]


def returned_drafts(user, today: date) -> tuple[int, date | None]:
    row = (
        scope(Document.objects.filter(status=DocumentStatus.DRAFT, created_by=user), user, write=True)
        .filter(review_steps__decision=ReviewDecision.RETURN)
        .aggregate(n=Count("pk", distinct=True), due=Min("publish_due"))
    )
    return row["n"], row["due"]


def rectifications(user, statuses, write: bool) -> tuple[int, date | None]:
    row = scope(RectificationItem.objects.filter(status__in=statuses), user, write=write).aggregate(
        n=Count("pk"), due=Min("deadline")
    )
    return row["n"], row["due"]


def register() -> None:
    for order, (role, label) in enumerate(LEVEL_LABELS.items(), start=20):
        register_queue(
            key=f"publishing_{PENDING_BY_ROLE[role]}",
            label=label,
            roles=policy.ROLE_SETS[ROLE_SET_OF[role]],
            count=lambda user, today, role=role: waiting_at(user, role),
            url_name="publishing:document_list",
            query=f"status={PENDING_BY_ROLE[role]}",
            order=order,
        )
    register_queue(
        key="publishing_returned",
        label="退回我修改的文件",
        roles=policy.DOCUMENT_DRAFTERS,
        count=returned_drafts,
        url_name="publishing:document_list",
        query=f"status={DocumentStatus.DRAFT}",
        order=25,
    )
    open_states = [RectificationStatus.OPEN, RectificationStatus.REOPENED]
    register_queue(
        key="rectification_answer",
        label="整改事项待反馈",
        roles=policy.ROLE_SETS["rectification.answer"],
        count=lambda user, today: rectifications(user, open_states, write=True),
        url_name="publishing:rectification_list",
        query="state=open",
        order=40,
    )
    register_queue(
        key="rectification_check",
        label="整改反馈待我核查",
        roles=policy.ROLE_SETS["rectification.supervise"],
        count=lambda user, today: rectifications(user, [RectificationStatus.ANSWERED], write=False),
        url_name="publishing:rectification_list",
        query="state=open",
        order=41,
    )
