"""The state machine of an application (依申请公开): statuses and the ONE table of transitions.

Pure: imports nothing from Django. Every service in ``services`` moves an application only
through :func:`check_transition`, and ``tests/applications/test_workflow.py`` walks the whole
table, allowed and forbidden.

Status is kept apart from outcome (one of the 21 codes of ``gongkai.report.format``): a
``decided`` application carries its outcome; a ``withdrawn`` one carries
``otherwise_closed.*``.

``registered`` is the state of an online submission that the office has not yet confirmed
receiving (Regulation art. 31: online applications count as received on the day both sides
confirm; until then no clock runs). Applications registered by staff (in person, post, fax,
e-mail, oral) have an established receipt date and enter ``in_progress`` directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
    Status.WITHDRAWN: "已撤回或终止",
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
    RECORD_PAYMENT = "record_payment"
    DECIDE = "decide"
    APPROVE = "approve"
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
    Action.RECORD_PAYMENT: "登记缴费",
    Action.DECIDE: "作出答复决定",
    Action.APPROVE: "批准答复",
    Action.DELIVER: "登记送达",
    Action.CLOSE: "办结归档",
    Action.WITHDRAW: "申请人撤回",
    Action.DEEM_WITHDRAWN: "视为撤回",
}


@dataclass(frozen=True, slots=True)
class Transition:
    action: Action
    source: Status | None  # None: the record does not exist yet
    target: Status


_S = Status
_A = Action
_WITHDRAWABLE = (_S.REGISTERED, _S.AWAITING_CORRECTION, _S.IN_PROGRESS, _S.CONSULTATION, _S.AWAITING_FEE)

# THE table. A (source, target) pair that is not here is forbidden.
TRANSITIONS: tuple[Transition, ...] = (
    Transition(_A.REGISTER, None, _S.REGISTERED),  # online: receipt not yet confirmed
    Transition(_A.REGISTER, None, _S.IN_PROGRESS),  # staff: receipt date established at once
    Transition(_A.CONFIRM_RECEIPT, _S.REGISTERED, _S.IN_PROGRESS),
    Transition(_A.REQUEST_CORRECTION, _S.IN_PROGRESS, _S.AWAITING_CORRECTION),
    Transition(_A.RECEIVE_CORRECTION, _S.AWAITING_CORRECTION, _S.IN_PROGRESS),
    Transition(_A.START_CONSULTATION, _S.IN_PROGRESS, _S.CONSULTATION),
    Transition(_A.START_CONSULTATION, _S.CONSULTATION, _S.CONSULTATION),  # several may be open
    Transition(_A.END_CONSULTATION, _S.CONSULTATION, _S.CONSULTATION),  # others still open
    Transition(_A.END_CONSULTATION, _S.CONSULTATION, _S.IN_PROGRESS),  # the last one answered
    Transition(_A.EXTEND, _S.IN_PROGRESS, _S.IN_PROGRESS),
    Transition(_A.EXTEND, _S.CONSULTATION, _S.CONSULTATION),
    Transition(_A.EXTEND, _S.AWAITING_FEE, _S.AWAITING_FEE),
    Transition(_A.NOTIFY_FEE, _S.IN_PROGRESS, _S.AWAITING_FEE),
    Transition(_A.RECORD_PAYMENT, _S.AWAITING_FEE, _S.IN_PROGRESS),
    Transition(_A.DECIDE, _S.IN_PROGRESS, _S.DECIDED),
    Transition(_A.APPROVE, _S.DECIDED, _S.DECIDED),
    Transition(_A.DELIVER, _S.DECIDED, _S.DELIVERED),
    Transition(_A.CLOSE, _S.DELIVERED, _S.CLOSED),
    *(Transition(_A.WITHDRAW, s, _S.WITHDRAWN) for s in _WITHDRAWABLE),
    Transition(_A.DEEM_WITHDRAWN, _S.AWAITING_CORRECTION, _S.WITHDRAWN),  # art. 30: no correction in time
    Transition(_A.DEEM_WITHDRAWN, _S.AWAITING_FEE, _S.WITHDRAWN),  # Fee Measures: unpaid in 20 working days
)

_BY_ACTION: dict[Action, dict[Status | None, frozenset[Status]]] = {}
for _t in TRANSITIONS:
    _BY_ACTION.setdefault(_t.action, {}).setdefault(_t.source, frozenset())
    _BY_ACTION[_t.action][_t.source] = _BY_ACTION[_t.action][_t.source] | {_t.target}


class TransitionError(ValueError):
    """A transition the table does not allow; the message is Chinese, for the clerk."""

    def __init__(self, action: Action, source: Status | None, target: Status | None = None) -> None:
        self.action = action
        self.source = source
        self.target = target
        where = STATUS_LABELS[source] if source else "尚未登记"
        super().__init__(f"当前状态为“{where}”，不能执行“{ACTION_LABELS[action]}”")


def sources_of(action: Action) -> frozenset[Status | None]:
    """Return the statuses from which ``action`` may be taken."""
    return frozenset(_BY_ACTION.get(Action(action), {}))


def targets_of(action: Action, source: Status | None) -> frozenset[Status]:
    return _BY_ACTION.get(Action(action), {}).get(Status(source) if source else None, frozenset())


def is_allowed(action: Action, source: Status | None, target: Status) -> bool:
    return Status(target) in targets_of(action, source)


def check_transition(action: Action, source: Status | None, target: Status) -> None:
    """Raise :class:`TransitionError` unless the table allows ``source → target`` by ``action``."""
    action = Action(action)
    source = Status(source) if source else None
    if not is_allowed(action, source, Status(target)):
        raise TransitionError(action, source, Status(target))


def allowed_actions(source: Status) -> list[Action]:
    """Return the actions the table allows from ``source``, in table order (for the detail page)."""
    source = Status(source)
    seen: list[Action] = []
    for t in TRANSITIONS:
        if t.source == source and t.action not in seen:
            seen.append(t.action)
    return seen
