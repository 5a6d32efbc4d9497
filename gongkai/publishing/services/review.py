"""Review and release: every state change of a document goes through ``document_transition``."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import scope
from gongkai.auditlog.services import audit_record

from .. import signals
from ..deadlines import elapsed_workdays
from ..models import (
    Document,
    DocumentStatus,
    DocumentVersion,
    PiiAcknowledgement,
    ReviewStep,
    Validity,
)
from ..richtext import clean_html
from ..selectors.checking import document_checks, document_pii
from ..selectors.documents import approvers_this_round
from ..workflow import TransitionError, check_transition, get_transition
from .documents import next_index_number

RELEASE_TRANSITIONS = frozenset({"sign_off", "sign_off_scheduled"})


def _lock(document: Document) -> Document:
    return Document.objects.select_for_update(of=("self",)).select_related("agency").get(pk=document.pk)


def _authors(document: Document) -> set[int]:
    return {i for i in (document.created_by_id, document.submitted_by_id) if i}


def _require_write_scope(actor, document: Document) -> None:
    if actor is None:
        return
    if not scope(Document.objects.filter(pk=document.pk), actor, write=True).exists():
        raise TransitionError("您不能处理其他机关的信息")


def _require_checks_pass(document: Document) -> None:
    report = document_checks(document)
    if report.blocking:
        problems = "；".join(f.message for f in report.blocking[:5])
        more = f"等{len(report.blocking)}项" if len(report.blocking) > 5 else ""
        raise TransitionError(f"发布前检查未通过：{problems}{more}")


def _version_metadata(document: Document) -> dict:
    return {
        "index_number": document.index_number,
        "document_number": document.document_number,
        "issuing_body": document.issuing_body,
        "written_on": document.written_on.isoformat() if document.written_on else None,
        "topic": document.topic,
        "validity": document.validity,
        "columns": sorted(document.columns.values_list("name", flat=True)),
        "attachments": list(document.attachments.values_list("name", flat=True)),
    }


def _publish(document: Document, *, actor, published_at: datetime) -> None:
    """Make ``document`` public: index number at first publication, version 1, the signal after commit."""
    document.status = DocumentStatus.PUBLISHED
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


@transaction.atomic
def document_transition(
    *,
    actor,
    document: Document,
    name: str,
    opinion: str = "",
    publish_at: datetime | None = None,
    now: datetime | None = None,
) -> Document:
    """Move ``document`` along the transition ``name`` of ``workflow.TRANSITIONS``.

    Raise :class:`TransitionError` (a Chinese message) when the table, the actor's roles, the
    separation of duties (never the author; one approver per level), or the release checks
    forbid it. Records the ``ReviewStep`` and one audit event; publication signals go out after
    commit.
    """
    now = now or timezone.now()
    transition = get_transition(name)
    document = _lock(document)
    _require_write_scope(actor, document)
    check_transition(
        transition,
        status=document.status,
        actor_roles=actor.role_set if actor is not None else frozenset(),
        actor_id=actor.pk if actor is not None else None,
        author_ids=_authors(document),
        earlier_approver_ids=approvers_this_round(document),
        opinion=opinion,
    )
    old_status = document.status
    changes: dict = {"status": [old_status, transition.target]}

    if name in RELEASE_TRANSITIONS:
        when = publish_at or document.publish_at
        if name == "sign_off" and when is not None and when > now:
            raise TransitionError("定时发布时间在将来，请使用“终审签发（定时发布）”")
        if name == "sign_off_scheduled" and (when is None or when <= now):
            raise TransitionError("定时发布须指定一个将来的时间")
        _require_checks_pass(document)
        if publish_at is not None:
            changes["publish_at"] = [document.publish_at, publish_at]
            document.publish_at = publish_at

    if transition.level:
        ReviewStep.objects.create(
            document=document,
            round=document.review_round,
            level=transition.level,
            decision=transition.decision,
            opinion=opinion.strip(),
            actor=actor,
            at=now,
        )

    if name == "submit":
        document.review_round += 1
        document.submitted_by = actor
        document.status = transition.target
        document.save()
    elif transition.target == DocumentStatus.PUBLISHED and old_status != DocumentStatus.PUBLISHED:
        published_at = document.publish_at if name == "publish_scheduled" and document.publish_at else now
        _publish(document, actor=actor, published_at=published_at)
        changes["index_number"] = [None, document.index_number]
    elif name == "withdraw":
        document.status = DocumentStatus.WITHDRAWN
        document.withdrawn_at = now
        document.withdrawn_reason = opinion.strip()
        document.save()
        signals.send_on_commit(signals.document_withdrawn, document)
    elif name == "correct":
        raise TransitionError("更正请使用更正表单（需要提供更正后的内容）")
    else:
        document.status = transition.target
        document.save()

    audit_record(
        actor=actor if actor is not None else "系统（定时任务）",
        action=f"publishing.document.{name}",
        obj=document,
        changes=changes,
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
    transition = get_transition("correct")
    document = _lock(document)
    _require_write_scope(actor, document)
    check_transition(
        transition,
        status=document.status,
        actor_roles=actor.role_set,
        actor_id=actor.pk,
        author_ids=set(),
        earlier_approver_ids=set(),
        opinion=reason,
    )
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
        raise TransitionError("更正内容含有未确认的个人信息：" + "；".join(f.message for f in pii[:3]))
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
    _require_write_scope(actor, document)
    if not actor.has_role(Role.REVIEWER_1, Role.REVIEWER_2, Role.REVIEWER_3, Role.CONFIDENTIALITY):
        raise TransitionError("只有审核人员可以确认保留个人信息")
    if actor.pk in _authors(document):
        raise TransitionError("起草人不能确认自己稿件中的个人信息")
    if document.status in (DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN):
        raise TransitionError("已发布的信息请通过更正处理")
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
