"""The state machine of an application (依申请公开): statuses and the ONE table of transitions.

Pure: imports nothing from Django; the shape is :mod:`gongkai.core.workflow`. Every service in
``services`` moves an application only through :data:`WORKFLOW` (``services._base.move``), the
detail page offers exactly the rows :meth:`~gongkai.core.workflow.Workflow.available` returns,
and ``tests/applications/test_workflow.py`` walks the whole table, allowed and forbidden.

Who may act is named by role set (``application.handle``: clerk or office head of the agency;
``application.approve``: the office head, Regulation art. 33 and local approval practice) and
resolved by ``gongkai.agencies.policy``. Guards are conditions on the record that the
services' ``guards_for`` evaluates.

Status is kept apart from outcome (one of the 21 codes of ``gongkai.report.format``): a
``decided`` application carries its outcome; a ``withdrawn`` one carries
``otherwise_closed.*``.

``registered`` is the state of an online submission that the office has not yet confirmed
receiving (Regulation art. 31: online applications count as received on the day both sides
confirm; until then no clock runs). Applications registered by staff (in person, post, fax,
e-mail, oral) have an established receipt date and enter ``in_progress`` directly.
"""

from __future__ import annotations

from enum import StrEnum

from gongkai.core.workflow import Transition, TransitionError, Workflow


class Status(StrEnum):
    REGISTERED = "registered"
    AWAITING_CORRECTION = "awaiting_correction"
    IN_PROGRESS = "in_progress"
    CONSULTATION = "consultation"
    AWAITING_FEE = "awaiting_fee"
    DECIDED = "decided"
    DELIVERED = "delivered"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


STATUS_LABELS: dict[Status, str] = {
    Status.REGISTERED: "已提交，待确认收到",
    Status.AWAITING_CORRECTION: "待补正",
    Status.IN_PROGRESS: "办理中",
    Status.CONSULTATION: "征求意见中",
    Status.AWAITING_FEE: "待缴费",
    Status.DECIDED: "已作出答复，待送达",
    Status.DELIVERED: "已送达",
    Status.CLOSED: "已办结归档",
    Status.WITHDRAWN: "已撤回、视为放弃或终止",
}
STATUS_CHOICES: tuple[tuple[str, str], ...] = tuple((s.value, STATUS_LABELS[s]) for s in Status)

# Open = not yet concluded; the reply clock matters only for these.
OPEN_STATUSES: frozenset[Status] = frozenset(
    {
        Status.REGISTERED,
        Status.AWAITING_CORRECTION,
        Status.IN_PROGRESS,
        Status.CONSULTATION,
        Status.AWAITING_FEE,
    }
)
# Concluded = carries an outcome code and a decision (conclusion) date.
CONCLUDED_STATUSES: frozenset[Status] = frozenset(Status) - OPEN_STATUSES
# Open with a running (or paused) reply clock: where a due date can be stored.
CLOCK_STATUSES: frozenset[Status] = frozenset({Status.IN_PROGRESS, Status.CONSULTATION, Status.AWAITING_FEE})


class Action(StrEnum):
    REGISTER = "register"
    CONFIRM_RECEIPT = "confirm_receipt"
    REQUEST_CORRECTION = "request_correction"
    RECEIVE_CORRECTION = "receive_correction"
    START_CONSULTATION = "start_consultation"
    END_CONSULTATION = "end_consultation"
    EXTEND = "extend"
    NOTIFY_FEE = "notify_fee"
    RECEIVE_FEE_NOTICE = "receive_fee_notice"
    RECORD_PAYMENT = "record_payment"
    DECIDE = "decide"
    APPROVE = "approve"
    SIGN_NOTICE = "sign_notice"
    DELIVER = "deliver"
    CLOSE = "close"
    WITHDRAW = "withdraw"
    DEEM_WITHDRAWN = "deem_withdrawn"


ACTION_LABELS: dict[Action, str] = {
    Action.REGISTER: "登记申请",
    Action.CONFIRM_RECEIPT: "确认收到",
    Action.REQUEST_CORRECTION: "发出补正告知",
    Action.RECEIVE_CORRECTION: "收到补正",
    Action.START_CONSULTATION: "征求意见",
    Action.END_CONSULTATION: "收到征求意见答复",
    Action.EXTEND: "延长答复期限",
    Action.NOTIFY_FEE: "发出收费通知",
    Action.RECEIVE_FEE_NOTICE: "登记收到收费通知",
    Action.RECORD_PAYMENT: "登记缴费",
    Action.DECIDE: "作出答复决定",
    Action.APPROVE: "批准答复",
    Action.SIGN_NOTICE: "签发告知书",
    Action.DELIVER: "登记送达",
    Action.CLOSE: "办结归档",
    Action.WITHDRAW: "申请人撤回",
    Action.DEEM_WITHDRAWN: "视为放弃申请",
}


_S = Status
_A = Action
_WITHDRAWABLE = (_S.REGISTERED, _S.AWAITING_CORRECTION, _S.IN_PROGRESS, _S.CONSULTATION, _S.AWAITING_FEE)
_HANDLE = "application.handle"
_APPROVE = "application.approve"


def _t(action: Action, source: Status | None, target: Status, roles: str = _HANDLE, **kw) -> Transition:
    return Transition(action.value, source.value if source else None, target.value, roles, **kw)


# THE table. A (source, target) pair that is not here is forbidden.
TRANSITIONS: tuple[Transition, ...] = (
    _t(_A.REGISTER, None, _S.REGISTERED, roles="", system=True),  # online: receipt not yet confirmed
    _t(_A.REGISTER, None, _S.IN_PROGRESS),  # staff: receipt date established at once
    _t(_A.CONFIRM_RECEIPT, _S.REGISTERED, _S.IN_PROGRESS),
    _t(_A.REQUEST_CORRECTION, _S.IN_PROGRESS, _S.AWAITING_CORRECTION),
    # RULES.md §3 (notices): a notice has its effects only once the office head has signed it
    _t(
        _A.SIGN_NOTICE,
        _S.AWAITING_CORRECTION,
        _S.AWAITING_CORRECTION,
        roles=_APPROVE,
        guards=("notice_unsigned",),
    ),
    _t(_A.RECEIVE_CORRECTION, _S.AWAITING_CORRECTION, _S.IN_PROGRESS, guards=("notice_signed",)),
    _t(_A.START_CONSULTATION, _S.IN_PROGRESS, _S.CONSULTATION),
    _t(_A.START_CONSULTATION, _S.CONSULTATION, _S.CONSULTATION),  # several may be open
    # the daily job ends a consultation whose 15 working days ran out without an answer
    _t(_A.END_CONSULTATION, _S.CONSULTATION, _S.CONSULTATION, system=True),  # others still open
    _t(_A.END_CONSULTATION, _S.CONSULTATION, _S.IN_PROGRESS, system=True),  # the last one answered
    *(
        _t(_A.EXTEND, s, s, roles=_APPROVE, guards=("not_extended",))  # art. 33: once, office head
        for s in (_S.IN_PROGRESS, _S.CONSULTATION, _S.AWAITING_FEE)
    ),
    _t(_A.NOTIFY_FEE, _S.IN_PROGRESS, _S.AWAITING_FEE, guards=("fee_not_notified",)),
    # RULES.md §4: the 20 working days to pay start the day after the applicant receives the notice
    _t(_A.SIGN_NOTICE, _S.AWAITING_FEE, _S.AWAITING_FEE, roles=_APPROVE, guards=("notice_unsigned",)),
    _t(
        _A.RECEIVE_FEE_NOTICE,
        _S.AWAITING_FEE,
        _S.AWAITING_FEE,
        guards=("notice_signed", "fee_notice_undelivered"),
    ),
    _t(_A.RECORD_PAYMENT, _S.AWAITING_FEE, _S.IN_PROGRESS, guards=("notice_signed",)),
    _t(_A.DECIDE, _S.IN_PROGRESS, _S.DECIDED),
    _t(_A.APPROVE, _S.DECIDED, _S.DECIDED, roles=_APPROVE, guards=("not_approved",)),
    _t(_A.DELIVER, _S.DECIDED, _S.DELIVERED, guards=("approved",)),
    _t(_A.CLOSE, _S.DELIVERED, _S.CLOSED),
    *(_t(_A.WITHDRAW, s, _S.WITHDRAWN) for s in _WITHDRAWABLE),
    # art. 30: no correction in time; RULES.md §4: unpaid 20 working days after receiving the notice. Also the daily job.
    # Only a signed notice can lapse: the guard asks ``deemed_withdrawal``, which requires it.
    _t(_A.DEEM_WITHDRAWN, _S.AWAITING_CORRECTION, _S.WITHDRAWN, system=True, guards=("deadline_passed",)),
    _t(_A.DEEM_WITHDRAWN, _S.AWAITING_FEE, _S.WITHDRAWN, system=True, guards=("deadline_passed",)),
)

WORKFLOW = Workflow(
    name="application",
    states={s.value: STATUS_LABELS[s] for s in Status},
    actions={a.value: ACTION_LABELS[a] for a in Action},
    transitions=TRANSITIONS,
)

__all__ = ["WORKFLOW", "TransitionError"]


def sources_of(action: Action) -> frozenset[Status | None]:
    """Return the statuses from which ``action`` may be taken."""
    return frozenset(Status(s) if s else None for s in WORKFLOW.sources_of(Action(action)))


def targets_of(action: Action, source: Status | None) -> frozenset[Status]:
    return frozenset(Status(t) for t in WORKFLOW.targets_of(Action(action), source))


def is_allowed(action: Action, source: Status | None, target: Status) -> bool:
    return WORKFLOW.is_allowed(Action(action), source, Status(target))


def check_transition(action: Action, source: Status | None, target: Status) -> None:
    """Raise :class:`TransitionError` unless the table has a row ``source → target`` by ``action``."""
    if not is_allowed(action, source, target):
        raise WORKFLOW.refusal(Action(action), source, target)


def allowed_actions(source: Status) -> list[Action]:
    """Return the actions the table allows from ``source``, in table order (whoever the actor)."""
    return [Action(a) for a in WORKFLOW.actions_from(Status(source))]
