"""Reads of documents, their review history and versions, and columns."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.agencies import policy
from gongkai.agencies.scoping import get_scoped, scope

from ..diff import FieldChange, compare
from ..models import (
    Attachment,
    Column,
    Document,
    DocumentStatus,
    DocumentVersion,
    PiiAcknowledgement,
    ReviewDecision,
    ReviewStep,
)
from ..pickers import matching
from ..richtext import html_to_text
from ..workflow import review_queue_states


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
    statuses = review_queue_states(lambda role_set: policy.has_role_of(user, role_set))
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


def column_get(user, pk: int, *, write: bool = False) -> Column:
    """Return the column ``pk`` if ``user`` may read it (``write``: change it)."""
    return get_scoped(Column.objects.select_related("agency"), user, write=write, pk=pk)


def columns_visible_to(user) -> QuerySet[Column]:
    """Return the columns of every agency ``user`` may read, in catalogue order."""
    return scope(Column.objects.all(), user).select_related("agency").order_by("agency_id", "position", "id")


def document_get(user, pk: int, *, write: bool = False) -> Document:
    """Return the document ``pk`` if ``user`` may read it (``write``: change it), with its people and links."""
    return get_scoped(
        Document.objects.select_related("agency", "created_by", "submitted_by", "interprets", "replaced_by"),
        user,
        write=write,
        pk=pk,
    )


def review_steps(document: Document) -> QuerySet[ReviewStep]:
    """Return every review decision on ``document``, oldest first."""
    return ReviewStep.objects.filter(document=document).select_related("actor").order_by("at", "id")


def approvers_this_round(document: Document) -> set[int]:
    """Return who has approved ``document`` at some level of its current review round."""
    return set(
        ReviewStep.objects.filter(
            document=document, round=document.review_round, decision=ReviewDecision.APPROVE
        ).values_list("actor_id", flat=True)
    )


def versions_of(document: Document) -> QuerySet[DocumentVersion]:
    """Return the published versions of ``document``, newest first."""
    return DocumentVersion.objects.filter(document=document).select_related("created_by").order_by("-number")


def version_get(user, pk: int) -> DocumentVersion:
    """Return the version ``pk`` if ``user`` may read its document."""
    return get_scoped(DocumentVersion.objects.select_related("document", "created_by"), user, pk=pk)


def pii_acknowledgements_of(document: Document) -> QuerySet[PiiAcknowledgement]:
    """Return the recorded reasons to publish detected personal data as it is."""
    return PiiAcknowledgement.objects.filter(document=document).select_related("actor").order_by("at", "id")


def attachment_get(user, pk: int, *, write: bool = False) -> Attachment:
    """Return the attachment ``pk`` if ``user`` may read its document (``write``: change it)."""
    return get_scoped(Attachment.objects.select_related("document"), user, write=write, pk=pk)


def document_suggestions(user, text: str, limit: int = 15) -> list[Document]:
    """Documents of the agencies ``user`` may write whose title or 文号 holds every word typed."""
    if not (text or "").strip():
        return []
    candidates = scope(Document.objects.all(), user, write=True).exclude(status=DocumentStatus.WITHDRAWN)
    return list(matching(candidates, text).only("pk", "title", "index_number").order_by("-id")[:limit])


# --- what changed since the previous review or version (issue 13) ---------------------------------


@dataclass(frozen=True)
class DocumentDiff:
    """The changes of a document since ``basis`` (a Chinese phrase naming the earlier state)."""

    basis: str
    changes: list[FieldChange]


def _readable_state(state: dict) -> dict:
    """Turn a stored state (codes, HTML) into what a reader sees (labels, text)."""
    topics = dict(Document._meta.get_field("topic").choices)
    validities = dict(Document._meta.get_field("validity").choices)
    return {
        **state,
        "body": html_to_text(state.get("body") or ""),
        "topic": topics.get(state.get("topic"), state.get("topic") or ""),
        "validity": validities.get(state.get("validity"), state.get("validity") or ""),
        "written_on": state.get("written_on") or "",
    }


def document_diff(document: Document) -> DocumentDiff | None:
    """Return what changed since the latest review step, else since the latest published version.

    None when there is nothing earlier to compare with (a first submission).
    """
    step = (
        ReviewStep.objects.filter(document=document)
        .exclude(snapshot={})
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    version = DocumentVersion.objects.filter(document=document).order_by("-number").first()
    if step is not None and (version is None or step.at >= version.created_at):
        when = timezone.localtime(step.at).strftime("%Y-%m-%d %H:%M")
        basis = f"{step.get_level_display()}{step.get_decision_display()}时的内容（{step.actor.display_name}，{when}）"
        earlier = step.snapshot
    elif version is not None:
        basis = f"已发布的第{version.number}版"
        earlier = {
            "title": version.title,
            "summary": version.summary,
            "body": version.body,
        } | version.metadata
    else:
        return None
    return DocumentDiff(basis, compare(_readable_state(earlier), _readable_state(document.state())))
