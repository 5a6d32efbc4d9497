"""Decision, approval, delivery and archiving of the reply (Regulation art. 36–39).

The reply needs the office head's approval before delivery: ``application_decide`` by a clerk
records the decision; ``application_approve`` by the office head (role ``office_head``) approves
it; a decision taken by the office head is approved at once. ``application_deliver`` refuses an
unapproved reply and freezes the letter as delivered: the DOCX at once, the PDF by a job
(``applications.letter_pdf``), in a worker when a broker is configured.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.report.format import OUTCOME_CODES

from .. import choices as ch
from ..documents import letter_docx
from ..jobs import letter_pdf_start
from ..letters import build_letter, legal_basis_text
from ..models import Application, Letter
from ..uploads import UploadRejected, sniff_bytes
from ..workflow import Action, Status
from ._base import can_approve, check_day, ensure_allowed, lock, move
from .handling import _last_event_date
from .letters import letter_number_issue


def application_decide(
    *,
    application: Application,
    outcome: str,
    decided_on: date,
    actor: Any,
    reasons: str = "",
    legal_basis: str = "",
    disclosed_parts: str = "",
    withheld_parts: str = "",
    holder_agency: str = "",
) -> Application:
    """Record the decision: exactly one of the 21 outcome codes, with reasons and legal basis.

    For 本机关不掌握 (``unavailable.not_held``) ``holder_agency`` names the agency that holds the
    information and how to reach it, where known (art. 36 (五)); the letter says so.
    """
    with transaction.atomic():
        application = lock(application)
        ensure_allowed(application, Action.DECIDE, actor)
        if outcome not in OUTCOME_CODES:
            raise ValidationError("请选择办理结果")
        if outcome == "partially_disclosed" and not (disclosed_parts.strip() and withheld_parts.strip()):
            raise ValidationError(
                "部分公开的，请分别写明予以公开的内容和不予公开的内容及理由（条例第三十七条）"
            )
        group = ch.outcome_group(outcome)
        if group in ("withheld", "not_handled") and not reasons.strip():
            raise ValidationError("不予公开、不予处理的，请写明理由")
        last = _last_event_date(application)
        check_day(
            decided_on,
            "答复日期",
            not_before=last or application.received_on,
            before_label="最近一个办理事件的日期",
        )
        application.outcome = outcome
        application.decided_on = decided_on
        application.decision_reasons = reasons.strip()
        application.legal_basis = legal_basis.strip() or legal_basis_text(outcome)
        application.disclosed_parts = disclosed_parts.strip() if outcome == "partially_disclosed" else ""
        application.withheld_parts = withheld_parts.strip() if outcome == "partially_disclosed" else ""
        application.holder_agency = holder_agency.strip()[:200] if outcome == "unavailable.not_held" else ""
        application.decided_by = actor
        approved = can_approve(actor, application.agency_id)
        if approved:
            application.approved_by = actor
            application.approved_at = timezone.now()
            letter_number_issue(application=application, kind="reply", year=decided_on.year)
        late = application.due_date is not None and decided_on > application.due_date
        note = ch.OUTCOME_LABELS[outcome]
        if late:
            note += f"；超过答复期限（{application.due_date.isoformat()}）"
        return move(
            application,
            Action.DECIDE,
            Status.DECIDED,
            actor=actor,
            changes={"outcome": ["", outcome], "decided_on": [None, decided_on]}
            | ({"approved_by": [None, actor]} if approved else {}),
            note=note,
            update_fields=[
                "outcome",
                "decided_on",
                "decision_reasons",
                "legal_basis",
                "disclosed_parts",
                "withheld_parts",
                "holder_agency",
                "decided_by",
                "approved_by",
                "approved_at",
            ],
        )


def application_approve(*, application: Application, actor: Any, note: str = "") -> Application:
    """The office head approves the reply before it is delivered."""
    with transaction.atomic():
        application = lock(application)
        ensure_allowed(application, Action.APPROVE, actor)
        application.approved_by = actor
        application.approved_at = timezone.now()
        number = letter_number_issue(application=application, kind="reply", year=application.decided_on.year)
        return move(
            application,
            Action.APPROVE,
            Status.DECIDED,
            actor=actor,
            changes={"approved_by": [None, actor], "letter_number": [None, number.number]},
            note=note,
            update_fields=["approved_by", "approved_at"],
        )


def application_deliver(
    *,
    application: Application,
    delivered_on: date,
    method: str,
    actor: Any,
    notes: str = "",
    proof: tuple[str, bytes] | None = None,
) -> Application:
    """Record delivery of the approved reply and freeze the letter as delivered (DOCX and PDF)."""
    with transaction.atomic():
        application = lock(application)
        ensure_allowed(application, Action.DELIVER, actor)
        if method not in dict(ch.DELIVERY_METHOD_CHOICES):
            raise ValidationError("请选择送达方式")
        check_day(delivered_on, "送达日期", not_before=application.decided_on, before_label="答复日期")
        application.delivered_on = delivered_on
        application.delivered_by_method = method
        application.delivery_notes = notes.strip()
        if proof is not None:
            name, data = proof
            try:
                sniffed = sniff_bytes(data, name)
            except UploadRejected as exc:
                raise ValidationError(str(exc)) from None
            application.delivery_proof.save(
                f"{secrets.token_hex(8)}.{sniffed.kind}", ContentFile(data), save=False
            )
        letter = build_letter(application, "reply")
        if letter.draft:  # defence in depth: the approval check above already refused
            raise ValidationError("答复书仍是草稿，不能送达")
        stored = Letter(application=application, kind="reply", created_by=actor)
        stem = f"{application.tracking_number}-reply"
        stored.docx.save(f"{stem}-{secrets.token_hex(4)}.docx", ContentFile(letter_docx(letter)), save=False)
        Letter.objects.filter(application=application, kind="reply").delete()
        stored.save()
        # The record is complete without its PDF, which a worker typesets from the same content
        # (at once, in this process, without a broker); the download waits for it meanwhile.
        letter_pdf_start(letter=stored, content=letter, actor=actor)
        return move(
            application,
            Action.DELIVER,
            Status.DELIVERED,
            actor=actor,
            changes={"delivered_on": [None, delivered_on], "delivered_by_method": ["", method]},
            note=notes,
            update_fields=["delivered_on", "delivered_by_method", "delivery_notes", "delivery_proof"],
        )


def application_close(*, application: Application, actor: Any, note: str = "") -> Application:
    """Archive a delivered application (办结归档)."""
    with transaction.atomic():
        application = lock(application)
        ensure_allowed(application, Action.CLOSE, actor)
        application.closed_at = timezone.now()
        return move(
            application, Action.CLOSE, Status.CLOSED, actor=actor, note=note, update_fields=["closed_at"]
        )
