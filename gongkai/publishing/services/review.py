"""Review and release: every state change of a document goes through ``document_transition``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.agencies import policy
from gongkai.auditlog.services import audit_record
from gongkai.core.workflow import TransitionError, run_effects

from .. import signals
from ..confidentiality import LABELS as CHECKLIST_LABELS
from ..confidentiality import checklist_problem
from ..deadlines import elapsed_workdays
from ..models import (
    Document,
    DocumentStatus,
    DocumentVersion,
    PiiAcknowledgement,
    ReviewLevel,
    ReviewStep,
    Validity,
)
from ..richtext import clean_html
from ..selectors.checking import document_checks, document_pii
from ..selectors.documents import approvers_this_round
from ..workflow import REVIEW_STEP, WORKFLOW
from .documents import next_index_number


def _lock(document: Document) -> Document:
    return Document.objects.select_for_update(of=("self",)).select_related("agency").get(pk=document.pk)


def _authors(document: Document) -> set[int]:
    return {i for i in (document.created_by_id, document.submitted_by_id) if i}


def _checks_refusal(document: Document) -> str | None:
    report = document_checks(document)
    if report.blocking:
        problems = "；".join(f.message for f in report.blocking[:5])
        more = f"等{len(report.blocking)}项" if len(report.blocking) > 5 else ""
        return f"发布前检查未通过：{problems}{more}"
    return None


def guards_for(
    document: Document,
    actor,
    *,
    opinion: str = "",
    publish_at: datetime | None = None,
    now: datetime | None = None,
    preview: bool = False,
    via_form: bool = False,
    checklist: dict[str, str] | None = None,
    action: str = "",
) -> dict:
    """Return the conditions the table names, evaluated on ``document`` for ``actor`` when asked.

    The four-eyes rules come from the policy. ``preview`` (the detail page choosing buttons)
    leaves out what only the click knows — the opinion typed, the time chosen, the release
    checks at that moment — and the service refuses those with their own message.
    """
    now = now or timezone.now()
    when = publish_at or document.publish_at
    guards = policy.four_eyes(
        actor, authors=_authors(document), earlier_approvers=lambda: approvers_this_round(document)
    )
    return guards | {
        "opinion_given": lambda: None if preview or opinion.strip() else "必须填写意见或理由",
        "publish_time_now": lambda: (
            "定时发布时间在将来，请使用“终审签发（定时发布）”"
            if not preview and when is not None and when > now
            else None
        ),
        "publish_time_future": lambda: (
            None if preview or (when is not None and when > now) else "定时发布须指定一个将来的时间"
        ),
        "release_checks_pass": lambda: None if preview else _checks_refusal(document),
        "correction_form": lambda: None if via_form else "更正请使用更正表单（需要提供更正后的内容）",
        # The confidentiality review answers every item of its checklist (confidentiality.py).
        "checklist_complete": lambda: (
            None
            if preview
            else checklist_problem(
                clearing=action == "clear_confidentiality",
                answers=checklist or {},
                opinion=opinion,
            )
        ),
    }


def available_moves(user, document: Document) -> list:
    """Return the rows ``user`` may take on ``document`` now (the review panel's buttons)."""
    return policy.available(
        WORKFLOW,
        document.status,
        user=user,
        agency=document.agency,
        guards=guards_for(document, user, preview=True),
    )


def can_correct(user, document: Document) -> bool:
    rows = policy.available(
        WORKFLOW,
        document.status,
        user=user,
        agency=document.agency,
        guards=guards_for(document, user, preview=True, via_form=True),
    )
    return any(t.action == "correct" for t in rows)


def pii_refusal(user, document: Document) -> str | None:
    """Return why ``user`` may not acknowledge personal data in ``document``, or None.

    Only reviewers (any level, or the confidentiality reviewer) of the document's agency, never
    its author, and only before publication.
    """
    reason = policy.why_not(user, "document.pii", document.agency)
    if reason:
        return "只有本机关审核人员可以确认保留个人信息" if reason.startswith("需要") else reason
    if user.pk in _authors(document):
        return "起草人不能确认自己稿件中的个人信息"
    if document.status in (DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN):
        return "已发布的信息请通过更正处理"
    return None


def _version_metadata(document: Document) -> dict:
    state = document.state()
    return {k: v for k, v in state.items() if k not in ("title", "summary", "body")}


def _snapshot(document: Document) -> dict:
    """Return what a reviewer sees of ``document``: its text and catalogue fields (for later diffs)."""
    return document.state()


def _publish(document: Document, *, actor, published_at: datetime) -> None:
    """Make ``document`` public: index number at first publication, version 1, the signal after commit."""
    document.published_at = published_at
    if not document.index_number:
        document.index_number = next_index_number(
            agency=document.agency, year=timezone.localdate(published_at).year
        )
    document.publish_elapsed_workdays = elapsed_workdays(document.formed_on, published_at)
    document.version = (document.version or 0) + 1
    document.save()
    DocumentVersion.objects.create(
        document=document,
        number=document.version,
        title=document.title,
        summary=document.summary,
        body=document.body,
        metadata=_version_metadata(document),
        created_by=actor if getattr(actor, "pk", None) else None,
        created_at=published_at if published_at <= timezone.now() else timezone.now(),
    )
    signals.send_on_commit(signals.document_published, document)


@dataclass
class _Move:
    """What a named side effect of the table needs to know about the move being made."""

    action: str
    actor: Any
    opinion: str
    publish_at: datetime | None
    now: datetime
    changes: dict
    checklist: dict = field(default_factory=dict)


def _open_review_round(document: Document, move: _Move) -> None:
    document.review_round += 1
    document.submitted_by = move.actor


def _record_review_step(document: Document, move: _Move) -> None:
    level, decision = REVIEW_STEP[move.action]
    ReviewStep.objects.create(
        document=document,
        round=document.review_round,
        level=level,
        decision=decision,
        opinion=move.opinion.strip(),
        checklist=move.checklist if level == ReviewLevel.CONFIDENTIALITY else {},
        snapshot=_snapshot(document),
        actor=move.actor,
        at=move.now,
    )


def _set_publish_at(document: Document, move: _Move) -> None:
    if move.publish_at is not None:
        move.changes["publish_at"] = [document.publish_at, move.publish_at]
        document.publish_at = move.publish_at


def _publish_now(document: Document, move: _Move) -> None:
    _publish(document, actor=move.actor, published_at=move.now)
    move.changes["index_number"] = [None, document.index_number]


def _publish_as_scheduled(document: Document, move: _Move) -> None:
    _publish(document, actor=move.actor, published_at=document.publish_at or move.now)
    move.changes["index_number"] = [None, document.index_number]


def _withdraw(document: Document, move: _Move) -> None:
    document.withdrawn_at = move.now
    document.withdrawn_reason = move.opinion.strip()
    signals.send_on_commit(signals.document_withdrawn, document)


EFFECTS = {
    "open_review_round": _open_review_round,
    "record_review_step": _record_review_step,
    "set_publish_at": _set_publish_at,
    "publish": _publish_now,
    "publish_as_scheduled": _publish_as_scheduled,
    "withdraw": _withdraw,
}


@transaction.atomic
def document_transition(
    *,
    actor,
    document: Document,
    name: str,
    opinion: str = "",
    publish_at: datetime | None = None,
    now: datetime | None = None,
    checklist: dict[str, str] | None = None,
) -> Document:
    """Move ``document`` along the row ``name`` of ``workflow.WORKFLOW``.

    The confidentiality review's moves need ``checklist``: an answer to every item of
    ``confidentiality.CHECKLIST``, kept with the review step.

    Raise the one ``TransitionError`` — as ``PermissionDenied`` when the actor's reach or roles
    forbid it, as a ``ValidationError`` when the state, the separation of duties (never the
    author; one approver per level) or the release checks do. Runs the row's named side
    effects, records one audit event; publication signals go out after commit.
    """
    now = now or timezone.now()
    document = _lock(document)
    answers = {k: v for k, v in (checklist or {}).items() if k in CHECKLIST_LABELS}
    guards = guards_for(
        document, actor, opinion=opinion, publish_at=publish_at, now=now, checklist=answers, action=name
    )
    row = policy.enforce(WORKFLOW, name, document.status, user=actor, agency=document.agency, guards=guards)
    move = _Move(name, actor, opinion, publish_at, now, {"status": [document.status, row.target]}, answers)
    document.status = row.target
    run_effects(row, EFFECTS, document, move)
    document.save()
    audit_record(
        actor=actor if actor is not None else "系统（定时任务）",
        action=f"publishing.document.{name}",
        obj=document,
        changes=move.changes,
        note=opinion.strip(),
    )
    return document


@transaction.atomic
def document_correct(
    *,
    actor,
    document: Document,
    reason: str,
    title: str | None = None,
    summary: str | None = None,
    body: str | None = None,
    document_number: str | None = None,
) -> DocumentVersion:
    """Correct a published document: a new version; every earlier version stays in the history.

    The corrected content passes the same checks as a release (personal data must be removed or
    acknowledged first).
    """
    document = _lock(document)
    guards = guards_for(document, actor, opinion=reason, via_form=True)
    policy.enforce(WORKFLOW, "correct", document.status, user=actor, agency=document.agency, guards=guards)
    new = {
        "title": (title if title is not None else document.title).strip(),
        "summary": summary if summary is not None else document.summary,
        "body": clean_html(body) if body is not None else document.body,
        "document_number": document_number if document_number is not None else document.document_number,
    }
    if not new["title"]:
        raise ValidationError({"title": "标题不能为空"})
    changes = {k: [getattr(document, k), v] for k, v in new.items() if getattr(document, k) != v}
    if not changes:
        raise ValidationError("更正内容与现行版本相同")
    acknowledged = set(document.pii_acknowledgements.values_list("fingerprint", flat=True))
    pii = [
        f
        for f in document_pii(document, title=new["title"], summary=new["summary"], body=new["body"])
        if f.fingerprint not in acknowledged
    ]
    if pii:
        message = "更正内容含有未确认的个人信息：" + "；".join(f.message for f in pii[:3])
        raise policy.InvalidTransition(TransitionError(message, action="correct", kind="guard"))
    for k, v in new.items():
        setattr(document, k, v)
    document.version += 1
    document.save()
    version = DocumentVersion.objects.create(
        document=document,
        number=document.version,
        title=document.title,
        summary=document.summary,
        body=document.body,
        metadata=_version_metadata(document),
        note=reason.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="publishing.document.correct",
        obj=document,
        changes={
            **{k: v for k, v in changes.items() if k != "body"},
            "version": [version.number - 1, version.number],
        }
        | ({"body": ["（原正文）", "（更正后正文）"]} if "body" in changes else {}),
        note=reason.strip(),
    )
    signals.send_on_commit(signals.document_corrected, document, version=version)
    return version


@transaction.atomic
def pii_acknowledge(*, actor, document: Document, fingerprint: str, reason: str) -> PiiAcknowledgement:
    """Record that a detected piece of personal data is published on purpose, with the reason.

    Only reviewers (any level, or the confidentiality reviewer) of the document's agency, never
    its author, may acknowledge.
    """
    document = _lock(document)
    refusal = pii_refusal(actor, document)
    if refusal:
        raise PermissionDenied(refusal)
    if not reason.strip():
        raise ValidationError({"reason": "请说明需要公开该个人信息的理由"})
    finding = next((f for f in document_checks(document).pii if f.fingerprint == fingerprint), None)
    if finding is None:
        raise ValidationError("该个人信息已不在稿件中，无需确认")
    ack, created = PiiAcknowledgement.objects.get_or_create(
        document=document,
        fingerprint=fingerprint,
        defaults={
            "kind": finding.kind,
            "masked": finding.masked,
            "location": finding.location[:200],
            "reason": reason.strip(),
            "actor": actor,
        },
    )
    if created:
        audit_record(
            actor=actor,
            action="publishing.document.pii_acknowledge",
            obj=document,
            changes={"pii": [None, f"{finding.location} {finding.masked}"]},
            note=reason.strip(),
        )
    return ack


def publish_due_scheduled(*, now: datetime | None = None) -> list[Document]:
    """Publish every scheduled document whose time has come (idempotent; safe to run concurrently)."""
    now = now or timezone.now()
    published = []
    ids = list(
        Document.objects.filter(status=DocumentStatus.SCHEDULED, publish_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        with transaction.atomic():
            document = (
                Document.objects.select_for_update().filter(pk=pk, status=DocumentStatus.SCHEDULED).first()
            )
            if document is None:  # another tick got there first
                continue
            published.append(
                document_transition(actor=None, document=document, name="publish_scheduled", now=now)
            )
    return published


__all__ = [
    "Validity",
    "document_correct",
    "document_transition",
    "pii_acknowledge",
    "publish_due_scheduled",
]
