"""Reads of documents and columns."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.agencies.scoping import scope

from ..models import Column, Document, DocumentStatus, ReviewDecision, ReviewStep
from ..workflow import PENDING_BY_ROLE


def published_documents(agency=None) -> QuerySet[Document]:
    """Return the publicly visible documents: published, not withdrawn, publish time not in the future.

    Withdrawn documents have another status; a scheduled one is not published until the tick
    publishes it, and even a published one whose ``published_at`` lies ahead stays hidden.
    """
    qs = Document.objects.filter(status=DocumentStatus.PUBLISHED, published_at__lte=timezone.now())
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs


def document_list(
    user, *, status: str = "", column=None, year: int | None = None, agency=None
) -> QuerySet[Document]:
    """Return the documents ``user`` may read, filtered (the staff document list)."""
    qs = scope(Document.objects.all(), user).select_related("agency", "created_by")
    if agency is not None:
        qs = qs.filter(agency=agency)
    if status:
        qs = qs.filter(status=status)
    if column is not None:
        qs = qs.filter(columns=column)
    if year:
        qs = qs.filter(Q(published_at__year=year) | Q(published_at__isnull=True, created_at__year=year))
    return qs.order_by("-updated_at", "-id")


def status_counts(qs: QuerySet[Document]) -> dict[str, int]:
    """Return ``{status: count}`` over ``qs`` in one query."""
    rows = qs.order_by().values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def waiting_for(user) -> QuerySet[Document]:
    """Return the documents waiting at a review level ``user`` holds ("待我审核"), not their own."""
    statuses = [status for role, status in PENDING_BY_ROLE.items() if role in user.role_set]
    if not statuses:
        return Document.objects.none()
    return (
        scope(Document.objects.filter(status__in=statuses), user, write=True)
        .exclude(created_by=user)
        .exclude(submitted_by=user)
        .select_related("agency", "created_by")
        .order_by("publish_due", "id")
    )


def drafts_of(user) -> QuerySet[Document]:
    """Return ``user``'s drafts (their own and returned ones), oldest deadline first."""
    return (
        scope(Document.objects.filter(status=DocumentStatus.DRAFT, created_by=user), user, write=True)
        .annotate(returns=Count("review_steps", filter=Q(review_steps__decision=ReviewDecision.RETURN)))
        .order_by("publish_due", "id")
    )


def latest_return(document: Document) -> ReviewStep | None:
    """Return the latest "returned" step of a draft (its reason is shown to the author)."""
    if document.status != DocumentStatus.DRAFT:
        return None
    return (
        ReviewStep.objects.filter(document=document, decision=ReviewDecision.RETURN)
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )


def column_tree(agency) -> list[tuple[Column, int]]:
    """Return the agency's columns in tree order as ``(column, depth)`` with public document counts."""
    now = timezone.now()
    columns = list(
        Column.objects.filter(agency=agency).annotate(
            public_count=Count(
                "documents",
                filter=Q(documents__status=DocumentStatus.PUBLISHED, documents__published_at__lte=now),
            )
        )
    )
    children: dict[int | None, list[Column]] = {}
    for column in columns:
        children.setdefault(column.parent_id, []).append(column)
    out: list[tuple[Column, int]] = []

    def walk(parent_id, depth):
        for column in children.get(parent_id, []):
            out.append((column, depth))
            walk(column.pk, depth + 1)

    walk(None, 0)
    return out
