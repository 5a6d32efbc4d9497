"""Handling: correction (art. 30), consultation (art. 32–34), extension (art. 33), the fee
(the Fee Measures), withdrawal, deemed withdrawal, and assignment to a clerk.

Every service locks the application, checks the actor and the transition table, validates the
clock with the new event before writing it, and writes one audit event.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.auditlog.services import audit_record
from gongkai.core.clock import CONSULTATION_WORKDAYS, MAX_EXTENSION_WORKDAYS, EventType
from gongkai.core.fees import per_item_fee, per_volume_fee
from gongkai.core.workdays import nth_working_day_after
from gongkai.workdays.selectors import get_calendar

from .. import choices as ch
from ..models import Application, Consultation
from ..selectors import month_position
from ..workflow import Action, Status
from . import _base
from ._base import (
    NO_CORRECTION,
    can_approve,
    check_day,
    deemed_withdrawal,
    ensure_allowed,
    lock,
    move,
    require_handler,
)
from .clock import CLOCK_FIELDS, add_event
from .letters import letter_number_issue

logger = logging.getLogger(__name__)

DEFAULT_CORRECTION_WORKDAYS = 15  # the period given to the applicant to correct (local practice)
WITHDRAWN_OTHER = "otherwise_closed.other"


def _last_event_date(application: Application) -> date | None:
    return application.events.order_by("-date").values_list("date", flat=True).first()


def _not_before_last(application: Application, day: date, label: str) -> None:
    last = _last_event_date(application)
    if last is not None and day < last:
        raise ValidationError(
            f"{label}（{day.isoformat()}）不能早于上一个办理事件的日期（{last.isoformat()}）"
        )


# --- correction (art. 30) ---------------------------------------------------------------------


def application_request_correction(
    *, application: Application, requested_on: date, items: str, actor: Any, deadline: date | None = None
) -> Application:
    """Send the one correction notice (补正告知书); the clock stops until the correction arrives.

    The notice is due within 7 working days after receipt (art. 30); a later notice is allowed but
    the lateness is recorded. ``deadline`` is the day by which the applicant must correct
    (default: 15 working days after the notice); not corrected by then, the application is
    deemed withdrawn (outcome ``otherwise_closed.no_correction``).

    Drafted by a clerk, the notice is a watermarked draft without a number until the office
    head signs it (``application_sign_notice``, RULES.md §3 notices); the office head's own
    notice is signed at once.
    """
    with transaction.atomic():
        application = lock(application)
        ensure_allowed(application, Action.REQUEST_CORRECTION, actor)
        if not items.strip():
            raise ValidationError("请写明需要补正的事项")
        check_day(
            requested_on, "补正告知日期", not_before=application.received_on, before_label="收到申请日期"
        )
        _not_before_last(application, requested_on, "补正告知日期")
        if deadline is None:
            deadline = nth_working_day_after(get_calendar(), requested_on, DEFAULT_CORRECTION_WORKDAYS).day
        if deadline <= requested_on:
            raise ValidationError("补正期限应晚于补正告知日期")
        late = application.correction_notice_due and requested_on > application.correction_notice_due
        _, clock_changes = add_event(application, EventType.CORRECTION_REQUESTED, requested_on, actor=actor)
        application.correction_requested_on = requested_on
        application.correction_items = items.strip()
        application.correction_deadline = deadline
        application.correction_late = bool(late)
        signed = can_approve(actor, application.agency_id)
        if signed:
            letter_number_issue(application=application, kind="correction", year=requested_on.year)
        note = f"补正期限 {deadline.isoformat()}" + ("" if signed else "；告知书待公开办负责人签发")
        if late:
            note += (
                f"；注意：晚于补正告知期限 {application.correction_notice_due.isoformat()}（条例第三十条）"
            )
        return move(
            application,
            Action.REQUEST_CORRECTION,
            Status.AWAITING_CORRECTION,
            actor=actor,
            changes={"correction_deadline": [None, deadline]}
            | ({"correction_late": [False, True]} if late else {})
            | clock_changes,
            note=note,
            update_fields=[
                "correction_requested_on",
                "correction_items",
                "correction_deadline",
                "correction_late",
                *CLOCK_FIELDS,
            ],
        )


def application_receive_correction(
    *, application: Application, received_on: date, actor: Any, note: str = ""
) -> Application:
    """Record the corrected application: the reply period restarts from that day (art. 30)."""
    with transaction.atomic():
        application = lock(application)
        ensure_allowed(application, Action.RECEIVE_CORRECTION, actor)
        check_day(
            received_on,
            "收到补正日期",
            not_before=application.correction_requested_on,
            before_label="补正告知日期",
        )
        _, clock_changes = add_event(
            application, EventType.CORRECTION_RECEIVED, received_on, actor=actor, note=note
        )
        application.correction_received_on = received_on
        return move(
            application,
            Action.RECEIVE_CORRECTION,
            Status.IN_PROGRESS,
            actor=actor,
            changes={"correction_received_on": [None, received_on]} | clock_changes,
            note=note,
            update_fields=["correction_received_on", *CLOCK_FIELDS],
        )


# --- consultation (art. 32–34) ----------------------------------------------------------------


def application_start_consultation(
    *,
    application: Application,
    party_kind: str,
    party_name: str,
    sent_on: date,
    actor: Any,
    party_contact: str = "",
    subject: str = "",
) -> Consultation:
    """Send a written consultation; its time (15 working days at most) does not count (art. 33)."""
    with transaction.atomic():
        application = lock(application)
        ensure_allowed(application, Action.START_CONSULTATION, actor)
        if party_kind not in dict(ch.CONSULTATION_PARTY_CHOICES):
            raise ValidationError("请选择征求意见的对象类型")
        if not party_name.strip():
            raise ValidationError("请填写征求意见的对象")
        check_day(sent_on, "发函日期", not_before=application.received_on, before_label="收到申请日期")
        _not_before_last(application, sent_on, "发函日期")
        limit = nth_working_day_after(get_calendar(), sent_on, CONSULTATION_WORKDAYS).day
        _, clock_changes = add_event(
            application, EventType.CONSULTATION_STARTED, sent_on, actor=actor, note=party_name.strip()
        )
        consultation = Consultation.objects.create(
            application=application,
            party_kind=party_kind,
            party_name=party_name.strip(),
            party_contact=party_contact.strip(),
            subject=subject.strip(),
            sent_on=sent_on,
            limit_on=limit,
            created_by=actor,
        )
        move(
            application,
            Action.START_CONSULTATION,
            Status.CONSULTATION,
            actor=actor,
            changes={"consultation": [None, f"{consultation.party_name}，{sent_on.isoformat()} 发函"]}
            | clock_changes,
            note=f"答复期限 {limit.isoformat()}",
            update_fields=CLOCK_FIELDS,
        )
        return consultation


def application_end_consultation(
    *,
    consultation: Consultation,
    response: str,
    actor: Any,
    answered_on: date | None = None,
    answer: str = "",
) -> Consultation:
    """Record the answer (or the silence) of a consultation; its window ends (art. 32–34).

    The window ends on the answer day or on its 15th working day, whichever is first: an answer
    that comes later does not extend the pause. ``answered_on`` may be None only for
    ``no_reply`` after the 15 days have run out.
    """
    with transaction.atomic():
        application = lock(consultation.application)
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        ensure_allowed(application, Action.END_CONSULTATION, actor)
        if not consultation.is_open:
            raise ValidationError("该征求意见已经结束")
        if response not in dict(ch.CONSULTATION_RESPONSE_CHOICES):
            raise ValidationError("请选择对方意见")
        if answered_on is None:
            if response != "no_reply" or _base.today() <= consultation.limit_on:
                raise ValidationError("请填写收到答复的日期")
            closed_on = consultation.limit_on
        else:
            check_day(answered_on, "收到答复日期", not_before=consultation.sent_on, before_label="发函日期")
            closed_on = min(answered_on, consultation.limit_on)
        _, clock_changes = add_event(
            application, EventType.CONSULTATION_ENDED, closed_on, actor=actor, note=consultation.party_name
        )
        consultation.answered_on = answered_on
        consultation.closed_on = closed_on
        consultation.response = response
        consultation.answer = answer.strip()
        consultation.save(update_fields=["answered_on", "closed_on", "response", "answer"])
        still_open = application.consultations.filter(closed_on__isnull=True).exists()
        move(
            application,
            Action.END_CONSULTATION,
            Status.CONSULTATION if still_open else Status.IN_PROGRESS,
            actor=actor,
            changes={
                "consultation": [consultation.party_name, dict(ch.CONSULTATION_RESPONSE_CHOICES)[response]]
            }
            | clock_changes,
            note=f"征求意见期间截至 {closed_on.isoformat()}",
            update_fields=CLOCK_FIELDS,
        )
        return consultation


# --- extension (art. 33) ----------------------------------------------------------------------


def application_extend(
    *, application: Application, workdays: int, reason: str, extended_on: date, actor: Any
) -> Application:
    """Extend the reply period once, by at most 20 working days, with the office head's approval.

    The extension must be dated on or before the current due date (art. 33 para. 2); otherwise
    the clock refuses with its own message.
    """
    with transaction.atomic():
        application = lock(application)
        ensure_allowed(application, Action.EXTEND, actor)
        if (
            isinstance(workdays, bool)
            or not isinstance(workdays, int)
            or not 1 <= workdays <= MAX_EXTENSION_WORKDAYS
        ):
            raise ValidationError("延长的工作日数应为1至20")
        if not reason.strip():
            raise ValidationError("请写明延期理由")
        check_day(
            extended_on, "延期批准日期", not_before=application.received_on, before_label="收到申请日期"
        )
        old_due = application.due_date
        _, clock_changes = add_event(
            application, EventType.EXTENDED, extended_on, actor=actor, workdays=workdays, note=reason.strip()
        )
        application.extension_workdays = workdays
        application.extension_reason = reason.strip()
        application.extended_on = extended_on
        application.extension_approved_by = actor
        letter_number_issue(application=application, kind="extension", year=extended_on.year)
        return move(
            application,
            Action.EXTEND,
            Status(application.status),
            actor=actor,
            changes={"extension_workdays": [None, workdays], "due_date": [old_due, application.due_date]}
            | clock_changes,
            note=reason.strip(),
            update_fields=[
                "extension_workdays",
                "extension_reason",
                "extended_on",
                "extension_approved_by",
                *CLOCK_FIELDS,
            ],
        )


# --- fee (the Fee Measures) -------------------------------------------------------------------


def fee_quote(application: Application, *, method: str, pages: int | None = None):
    """Return the fee for ``application``: per item by the applicant's N-th this month, or per volume."""
    if method == "per_item":
        nth = month_position(application)
        return per_item_fee(nth), nth
    if method == "per_volume":
        if not isinstance(pages, int) or pages < 1:
            raise ValidationError("按量计收请填写页数")
        return per_volume_fee(pages), None
    raise ValidationError("请选择收费方式")


def application_notify_fee(
    *,
    application: Application,
    method: str,
    notified_on: date,
    actor: Any,
    pages: int | None = None,
    notice_received_on: date | None = None,
) -> Application:
    """Send the fee notice (RULES.md §4); the time from it to payment does not count by default.

    The applicant pays within 20 working days from the day after *receiving* the notice: give
    ``notice_received_on`` when it was handed over at once, else record it later with
    :func:`application_record_fee_notice_received`. Unpaid by then = 视为放弃申请.

    The amount comes from the Fee Measures: per item by the applicant's N-th application this
    calendar month at this agency (matched by identity number), or per volume by pages — one
    method per application (art. 3). A free application needs no notice.

    Drafted by a clerk, the notice is a draft until the office head signs it, and no receipt
    can be recorded before (RULES.md §3 notices); the office head's own notice is signed at once.
    """
    with transaction.atomic():
        application = lock(application)
        ensure_allowed(application, Action.NOTIFY_FEE, actor)
        fee, nth = fee_quote(application, method=method, pages=pages)
        if fee.yuan == 0:
            raise ValidationError(f"本件不收费，无需发出收费通知：{fee.explanation}")
        check_day(
            notified_on, "收费通知日期", not_before=application.received_on, before_label="收到申请日期"
        )
        _not_before_last(application, notified_on, "收费通知日期")
        signed = can_approve(actor, application.agency_id)
        if notice_received_on is not None and not signed:
            raise ValidationError("收费通知须经公开办负责人签发后才能送达；请在签发后登记申请人收到的日期")
        _, clock_changes = add_event(
            application, EventType.FEE_NOTIFIED, notified_on, actor=actor, note=f"{fee.yuan}元"
        )
        if notice_received_on is not None:
            check_day(
                notice_received_on, "收到收费通知日期", not_before=notified_on, before_label="收费通知日期"
            )
            _, received_changes = add_event(
                application, EventType.FEE_NOTICE_RECEIVED, notice_received_on, actor=actor
            )
            clock_changes |= received_changes
            application.fee_notice_received_on = notice_received_on
        application.fee_method = method
        application.fee_nth = nth
        application.fee_pages = pages if method == "per_volume" else None
        application.fee_amount = fee.yuan
        application.fee_explanation = fee.explanation
        application.fee_notified_on = notified_on
        if signed:
            letter_number_issue(application=application, kind="fee", year=notified_on.year)
        return move(
            application,
            Action.NOTIFY_FEE,
            Status.AWAITING_FEE,
            actor=actor,
            changes={"fee_amount": [None, fee.yuan]} | clock_changes,
            note=fee.explanation + ("" if signed else "；收费通知待公开办负责人签发"),
            update_fields=[
                "fee_method",
                "fee_nth",
                "fee_pages",
                "fee_amount",
                "fee_explanation",
                "fee_notified_on",
                "fee_notice_received_on",
                *CLOCK_FIELDS,
            ],
        )


def application_record_fee_notice_received(
    *, application: Application, received_on: date, actor: Any, note: str = ""
) -> Application:
    """Record the day the applicant received the fee notice: the 20 working days start after it."""
    with transaction.atomic():
        application = lock(application)
        ensure_allowed(application, Action.RECEIVE_FEE_NOTICE, actor)  # the guard: not yet recorded
        check_day(
            received_on,
            "收到收费通知日期",
            not_before=application.fee_notified_on,
            before_label="收费通知日期",
        )
        _, clock_changes = add_event(
            application, EventType.FEE_NOTICE_RECEIVED, received_on, actor=actor, note=note
        )
        application.fee_notice_received_on = received_on
        return move(
            application,
            Action.RECEIVE_FEE_NOTICE,
            Status.AWAITING_FEE,
            actor=actor,
            changes={
                "fee_notice_received_on": [None, received_on],
                "fee_withdrawal_date": [None, application.fee_withdrawal_date],
            }
            | clock_changes,
            note=note,
            update_fields=["fee_notice_received_on", *CLOCK_FIELDS],
        )


def application_record_payment(
    *, application: Application, paid_on: date, actor: Any, reference: str = ""
) -> Application:
    """Record the payment; the clock runs again."""
    with transaction.atomic():
        application = lock(application)
        ensure_allowed(application, Action.RECORD_PAYMENT, actor)
        check_day(paid_on, "缴费日期", not_before=application.fee_notified_on, before_label="收费通知日期")
        if application.fee_withdrawal_date and paid_on > application.fee_withdrawal_date:
            raise ValidationError(
                f"缴费日期晚于 {application.fee_withdrawal_date.isoformat()}：逾期未缴费的申请已视为放弃申请"
            )
        _, clock_changes = add_event(application, EventType.FEE_PAID, paid_on, actor=actor, note=reference)
        application.fee_paid_on = paid_on
        application.fee_payment_reference = reference.strip()[:100]
        return move(
            application,
            Action.RECORD_PAYMENT,
            Status.IN_PROGRESS,
            actor=actor,
            changes={"fee_paid_on": [None, paid_on]} | clock_changes,
            note=reference,
            update_fields=["fee_paid_on", "fee_payment_reference", *CLOCK_FIELDS],
        )


# --- withdrawal ----------------------------------------------------------------------------------


def _conclude(application: Application, outcome: str, on: date, reasons: str, legal_basis: str) -> None:
    application.outcome = outcome
    application.decided_on = on
    application.decision_reasons = reasons
    application.legal_basis = legal_basis


def application_withdraw(
    *, application: Application, withdrawn_on: date, reason: str, actor: Any
) -> Application:
    """Record that the applicant withdrew (outcome ``otherwise_closed.other``)."""
    with transaction.atomic():
        application = lock(application)
        ensure_allowed(application, Action.WITHDRAW, actor)
        if not reason.strip():
            raise ValidationError("请写明撤回的情况（如申请人书面撤回的日期和方式）")
        floor = application.received_on or timezone.localdate(application.arrived_at)
        check_day(withdrawn_on, "撤回日期", not_before=floor, before_label="收到申请日期")
        _conclude(
            application, WITHDRAWN_OTHER, withdrawn_on, reason.strip(), "申请人撤回申请，本机关终止办理。"
        )
        for consultation in application.consultations.filter(closed_on__isnull=True):
            consultation.closed_on = max(withdrawn_on, consultation.sent_on)
            consultation.response = "other"
            consultation.answer = "申请人撤回申请，征求意见终止"
            consultation.save(update_fields=["closed_on", "response", "answer"])
        return move(
            application,
            Action.WITHDRAW,
            Status.WITHDRAWN,
            actor=actor,
            changes={"outcome": ["", WITHDRAWN_OTHER], "decided_on": [None, withdrawn_on]},
            note=reason.strip(),
            update_fields=["outcome", "decided_on", "decision_reasons", "legal_basis"],
        )


def application_deem_withdrawn(*, application: Application, actor: Any = None) -> Application:
    """Close an application whose correction or fee deadline has passed (idempotent)."""
    with transaction.atomic():
        application = lock(application)
        ensure_allowed(application, Action.DEEM_WITHDRAWN, actor)
        outcome, effective = deemed_withdrawal(application)  # the row's guard holds
        if outcome == NO_CORRECTION:
            reasons = (
                f"本机关于 {application.correction_requested_on.isoformat()} 告知申请人补正，补正期限至 "
                f"{application.correction_deadline.isoformat()}；申请人无正当理由逾期未补正，视为放弃申请。"
            )
            basis = "《中华人民共和国政府信息公开条例》第三十条"
        else:
            reasons = (
                f"本机关于 {application.fee_notified_on.isoformat()} 发出收费通知，申请人于 "
                f"{application.fee_notice_received_on.isoformat()} 收到，逾期未缴纳信息处理费"
                f"（期限至 {application.fee_withdrawal_date.isoformat()}），视为放弃申请。"
            )
            basis = "《中华人民共和国政府信息公开条例》第四十二条，《政府信息公开信息处理费管理办法》"
        _conclude(application, outcome, effective, reasons, basis)
        return move(
            application,
            Action.DEEM_WITHDRAWN,
            Status.WITHDRAWN,
            actor=actor,
            changes={"outcome": ["", outcome], "decided_on": [None, effective]},
            note=reasons,
            update_fields=["outcome", "decided_on", "decision_reasons", "legal_basis"],
        )


def close_lapsed_consultations() -> int:
    """End every consultation whose 15 working days ran out unanswered (silence, art. 32/34)."""
    count = 0
    lapsed = Consultation.objects.filter(
        closed_on__isnull=True, limit_on__lt=_base.today(), application__status=Status.CONSULTATION
    ).select_related("application")
    for consultation in lapsed:
        try:
            application_end_consultation(
                consultation=consultation,
                response="no_reply",
                actor=None,
                answer="逾期未答复（第三方逾期未提出意见的，由行政机关依照条例规定决定是否公开；其他机关逾期未答复的视为同意公开）",
            )
        except ValidationError as exc:  # one odd record must not stop the daily step
            logger.warning("consultation %s not closed: %s", consultation.pk, exc)
            continue
        count += 1
    return count


def applications_expire() -> dict[str, int]:
    """The daily step: lapsed consultations end, deemed withdrawals apply. Safe to run any number of times."""
    consultations = close_lapsed_consultations()
    withdrawn = 0
    candidates = Application.objects.filter(status__in=[Status.AWAITING_CORRECTION, Status.AWAITING_FEE])
    for application in candidates.only("pk", "status", "correction_deadline", "fee_withdrawal_date"):
        if deemed_withdrawal(application) is not None:
            try:
                application_deem_withdrawn(application=application, actor=None)
            except ValidationError as exc:
                logger.warning("application %s not deemed withdrawn: %s", application.pk, exc)
                continue
            withdrawn += 1
    return {"consultations_closed": consultations, "deemed_withdrawn": withdrawn}


# --- assignment ------------------------------------------------------------------------------------


def application_assign(*, application: Application, assignee: Any, actor: Any) -> Application:
    """Give the application to a clerk of the same agency (not a status change)."""
    with transaction.atomic():
        application = lock(application)
        require_handler(actor, application.agency_id)
        if assignee is not None and (assignee.agency_id != application.agency_id or not assignee.is_active):
            raise PermissionDenied("承办人必须是本机关在岗工作人员")
        old = application.assignee
        application.assignee = assignee
        application.save(update_fields=["assignee", "updated_at"])
        audit_record(
            actor=actor, action="application.assign", obj=application, changes={"assignee": [old, assignee]}
        )
        return application
