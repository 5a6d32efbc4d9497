"""What every application service shares: the actor checks, the clock seam, the transition step.

Who may act is asked of ``gongkai.agencies.policy``; what may happen now is asked of the one
table, ``workflow.WORKFLOW``, with the record's guards from :func:`guards_for`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.agencies import policy
from gongkai.agencies.policy import InvalidTransition
from gongkai.auditlog.services import audit_record
from gongkai.core.workflow import Guard, Transition

from ..models import Application, LetterNumber
from ..workflow import WORKFLOW, Action, Status

NO_CORRECTION = "otherwise_closed.no_correction"
FEE_UNPAID = "otherwise_closed.fee_unpaid"


def today() -> date:
    """Return the local date (the seam tests replace instead of patching ``datetime``)."""
    return timezone.localdate()


def is_system(actor: Any) -> bool:
    return actor is None or not getattr(actor, "is_authenticated", False)


def can_handle(actor: Any, agency_id: int) -> bool:
    """Return whether ``actor`` may change applications of the agency (clerk or office head there)."""
    return not is_system(actor) and policy.can(actor, "application.handle", agency_id)


def can_approve(actor: Any, agency_id: int) -> bool:
    return can_handle(actor, agency_id) and policy.can(actor, "application.approve", agency_id)


def require_handler(actor: Any, agency_id: int) -> None:
    if not can_handle(actor, agency_id):
        raise PermissionDenied("只有本机关的办理员或公开办负责人可以办理申请")


# The notice an application in each status waits on (RULES.md §3, notices): it must be signed first.
NOTICE_OF_STATUS: dict[str, str] = {Status.AWAITING_CORRECTION: "correction", Status.AWAITING_FEE: "fee"}


def pending_notice(application: Application) -> str | None:
    """Return the kind of notice (``correction`` / ``fee``) the application's status rests on."""
    return NOTICE_OF_STATUS.get(application.status)


def notice_signed(application: Application, kind: str) -> bool:
    """Return whether the office head has signed the notice: a signed notice carries its number."""
    return LetterNumber.objects.filter(application_id=application.pk, kind=kind).exists()


def deemed_withdrawal(application: Application) -> tuple[str, date] | None:
    """Return (outcome, effective date) when the application now counts as withdrawn, else None.

    Not corrected by the correction deadline (art. 30) → ``otherwise_closed.no_correction``;
    fee unpaid 20 working days after the notice was received → ``otherwise_closed.fee_unpaid``
    (视为放弃申请, RULES.md §4; nothing lapses while the notice is undelivered). The effective
    date is the day after the deadline. A notice the office head has not signed was never sent,
    so nothing lapses on it.
    """
    kind = pending_notice(application)
    if kind is None or not notice_signed(application, kind):
        return None
    if application.status == Status.AWAITING_CORRECTION and application.correction_deadline:
        effective = application.correction_deadline + timedelta(days=1)
        if effective <= today():
            return NO_CORRECTION, effective
    if application.status == Status.AWAITING_FEE and application.fee_withdrawal_date:
        effective = application.fee_withdrawal_date + timedelta(days=1)
        if effective <= today():
            return FEE_UNPAID, effective
    return None


def guards_for(application: Application) -> dict[str, Guard]:
    """Return the conditions the table's rows name, evaluated on ``application`` when asked."""
    a = application

    def signed() -> bool:
        kind = pending_notice(a)
        return kind is not None and notice_signed(a, kind)

    return {
        "notice_unsigned": lambda: "该告知书已经签发" if signed() else None,
        "notice_signed": lambda: None if signed() else "告知书尚未经公开办负责人签发，尚未发出",
        "not_extended": lambda: (
            "答复期限只能延长一次（条例第三十三条第二款）" if a.extension_workdays else None
        ),
        "fee_not_notified": lambda: "本申请已经发出过收费通知" if a.fee_notified_on else None,
        "fee_notice_undelivered": lambda: (
            "已经登记过申请人收到收费通知的日期" if a.fee_notice_received_on else None
        ),
        "not_approved": lambda: "该答复已经批准" if a.approved_by_id else None,
        "approved": lambda: None if a.approved_by_id else "答复尚未经公开办负责人批准，不能送达",
        "deadline_passed": lambda: None if deemed_withdrawal(a) else "期限尚未届满，不能视为放弃申请",
    }


def available(actor: Any, application: Application) -> list[Transition]:
    """Return the moves ``actor`` may make on ``application`` now (the buttons of the detail page)."""
    return policy.available(
        WORKFLOW, application.status, user=actor, agency=application.agency_id, guards=guards_for(application)
    )


def check_day(
    value: date | None, label: str, *, not_before: date | None = None, before_label: str = ""
) -> date:
    """Refuse a missing date, a date in the future, or one before ``not_before``."""
    if value is None:
        raise ValidationError(f"请填写{label}")
    if value > today():
        raise ValidationError(f"{label}（{value.isoformat()}）不能晚于今天")
    if not_before is not None and value < not_before:
        raise ValidationError(
            f"{label}（{value.isoformat()}）不能早于{before_label}（{not_before.isoformat()}）"
        )
    return value


def lock(application: Application) -> Application:
    """Re-read the application FOR UPDATE inside the service's transaction."""
    return Application.objects.select_for_update().select_related("agency").get(pk=application.pk)


def move(
    application: Application,
    action: Action,
    target: Status,
    *,
    actor: Any,
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
    update_fields: list[str] | tuple[str, ...] = (),
) -> Application:
    """Check ``action`` against the table, save, and write the one audit event of the service."""
    source = Status(application.status)
    if not WORKFLOW.is_allowed(action, source, target):
        raise InvalidTransition(WORKFLOW.refusal(action, source, target))
    application.status = target.value
    all_changes = dict(changes or {})
    if source != target:
        all_changes["status"] = [source.value, target.value]
    application.save(update_fields=sorted({"status", "updated_at", *update_fields}))
    audit_record(
        actor=actor, action=f"application.{action.value}", obj=application, changes=all_changes, note=note
    )
    return application


def ensure_allowed(application: Application, action: Action, actor: Any) -> None:
    """Refuse early (before any work) unless the table lets ``actor`` take ``action`` now.

    The actor's reach and roles come from the policy (``PermissionDenied``); the state and the
    row's guards from the table (:class:`InvalidTransition`, a ``ValidationError``).
    """
    policy.enforce(
        WORKFLOW,
        action,
        Status(application.status),
        user=None if is_system(actor) else actor,
        agency=application.agency_id,
        guards=guards_for(application),
    )
