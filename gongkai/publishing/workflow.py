"""The review-and-release state machine of a document, in ONE table (RULES.md §2, Regulation art. 17).

Local practice is three-level review (三审三校): level-1 review (初审) → level-2 review (复审) →
level-3 sign-off (终审签发); the statutory confidentiality review (保密审查) is recorded between
levels 2 and 3, so that whoever signs the release off sees it cleared ("the one who publishes is
responsible"). Sign-off releases the document: at once, or at its scheduled ``publish_at``.

Every move a document can make is a row of ``TRANSITIONS``; anything not listed is forbidden.
This module is pure: it knows states, roles and names, not the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.agencies.models import Role

from .models import DocumentStatus as S
from .models import ReviewDecision, ReviewLevel


@dataclass(frozen=True, slots=True)
class Transition:
    """One allowed move.

    ``roles`` are the roles any one of which the actor must hold; an empty set means only the
    system (the scheduled-publication tick) performs it. ``level``/``decision`` say which
    ``ReviewStep`` it records. ``reviewer`` moves may not be made by the document's author or
    submitter, nor by someone who already approved an earlier level of the same review round.
    """

    name: str
    source: str
    target: str
    roles: frozenset[str]
    label: str
    level: str | None = None
    decision: str | None = None
    needs_opinion: bool = False
    reviewer: bool = False
    author_only: bool = False


def _t(name, source, target, roles, label, **kw) -> Transition:
    return Transition(name, source, target, frozenset(roles), label, **kw)


_R1, _R2, _R3, _RC = Role.REVIEWER_1, Role.REVIEWER_2, Role.REVIEWER_3, Role.CONFIDENTIALITY
_APPROVE, _RETURN = ReviewDecision.APPROVE, ReviewDecision.RETURN

TRANSITIONS: tuple[Transition, ...] = (
    _t("submit", S.DRAFT, S.PENDING_1, {Role.CLERK}, "提交审核"),
    _t("recall", S.PENDING_1, S.DRAFT, {Role.CLERK}, "撤回修改", author_only=True),
    _t(
        "approve_1",
        S.PENDING_1,
        S.PENDING_2,
        {_R1},
        "初审通过",
        level=ReviewLevel.LEVEL_1,
        decision=_APPROVE,
        reviewer=True,
    ),
    _t(
        "return_1",
        S.PENDING_1,
        S.DRAFT,
        {_R1},
        "初审退回",
        level=ReviewLevel.LEVEL_1,
        decision=_RETURN,
        needs_opinion=True,
        reviewer=True,
    ),
    _t(
        "approve_2",
        S.PENDING_2,
        S.PENDING_CONFIDENTIALITY,
        {_R2},
        "复审通过",
        level=ReviewLevel.LEVEL_2,
        decision=_APPROVE,
        reviewer=True,
    ),
    _t(
        "return_2",
        S.PENDING_2,
        S.DRAFT,
        {_R2},
        "复审退回",
        level=ReviewLevel.LEVEL_2,
        decision=_RETURN,
        needs_opinion=True,
        reviewer=True,
    ),
    _t(
        "clear_confidentiality",
        S.PENDING_CONFIDENTIALITY,
        S.PENDING_3,
        {_RC},
        "保密审查通过",
        level=ReviewLevel.CONFIDENTIALITY,
        decision=_APPROVE,
        reviewer=True,
    ),
    _t(
        "return_confidentiality",
        S.PENDING_CONFIDENTIALITY,
        S.DRAFT,
        {_RC},
        "保密审查退回",
        level=ReviewLevel.CONFIDENTIALITY,
        decision=_RETURN,
        needs_opinion=True,
        reviewer=True,
    ),
    _t(
        "sign_off",
        S.PENDING_3,
        S.PUBLISHED,
        {_R3},
        "终审签发并发布",
        level=ReviewLevel.LEVEL_3,
        decision=_APPROVE,
        reviewer=True,
    ),
    _t(
        "sign_off_scheduled",
        S.PENDING_3,
        S.SCHEDULED,
        {_R3},
        "终审签发（定时发布）",
        level=ReviewLevel.LEVEL_3,
        decision=_APPROVE,
        reviewer=True,
    ),
    _t(
        "return_3",
        S.PENDING_3,
        S.DRAFT,
        {_R3},
        "终审退回",
        level=ReviewLevel.LEVEL_3,
        decision=_RETURN,
        needs_opinion=True,
        reviewer=True,
    ),
    _t(
        "cancel_schedule",
        S.SCHEDULED,
        S.DRAFT,
        {_R3},
        "取消定时发布并退回",
        level=ReviewLevel.LEVEL_3,
        decision=_RETURN,
        needs_opinion=True,
    ),
    _t("publish_scheduled", S.SCHEDULED, S.PUBLISHED, set(), "定时发布"),
    _t("correct", S.PUBLISHED, S.PUBLISHED, {_R3, Role.OFFICE_HEAD}, "更正", needs_opinion=True),
    _t("withdraw", S.PUBLISHED, S.WITHDRAWN, {_R3, Role.OFFICE_HEAD}, "撤回（下网）", needs_opinion=True),
)

BY_NAME: dict[str, Transition] = {t.name: t for t in TRANSITIONS}
assert len(BY_NAME) == len(TRANSITIONS), "transition names must be unique"

# Which status each review level waits in (for "待我审核").
PENDING_BY_ROLE: dict[str, str] = {
    _R1: S.PENDING_1,
    _R2: S.PENDING_2,
    _RC: S.PENDING_CONFIDENTIALITY,
    _R3: S.PENDING_3,
}
EDITABLE_STATES = frozenset({S.DRAFT})
OPEN_STATES = frozenset(
    {S.DRAFT, S.PENDING_1, S.PENDING_2, S.PENDING_CONFIDENTIALITY, S.PENDING_3, S.SCHEDULED}
)


class TransitionError(Exception):
    """A move the table or its guards forbid; the message is shown to the user (Chinese)."""


def transitions_from(status: str) -> list[Transition]:
    """Return the moves allowed out of ``status``, in table order."""
    return [t for t in TRANSITIONS if t.source == status]


def get_transition(name: str) -> Transition:
    try:
        return BY_NAME[name]
    except KeyError:
        raise TransitionError(f"未知的操作：{name}") from None


def check_transition(
    transition: Transition,
    *,
    status: str,
    actor_roles: frozenset[str] | set[str],
    actor_id: int | None,
    author_ids: set[int],
    earlier_approver_ids: set[int],
    opinion: str = "",
) -> None:
    """Raise :class:`TransitionError` unless ``actor`` may make ``transition`` from ``status``.

    ``actor_id`` None means the system (only for role-less transitions).
    """
    if transition.source != status:
        raise TransitionError(f"当前状态“{S(status).label}”下不能执行“{transition.label}”")
    if not transition.roles:
        if actor_id is not None:
            raise TransitionError(f"“{transition.label}”只能由系统自动执行")
        return
    if actor_id is None or not (set(actor_roles) & transition.roles):
        labels = "、".join(Role(r).label for r in sorted(transition.roles))
        raise TransitionError(f"“{transition.label}”需要以下角色之一：{labels}")
    if transition.author_only and actor_id not in author_ids:
        raise TransitionError("只有起草人或提交人可以撤回")
    if transition.reviewer:
        if actor_id in author_ids:
            raise TransitionError("起草人或提交人不能审核自己的稿件")
        if transition.decision == ReviewDecision.APPROVE and actor_id in earlier_approver_ids:
            raise TransitionError("同一人不能在同一轮审核中通过两个环节")
    if transition.needs_opinion and not (opinion or "").strip():
        raise TransitionError(f"“{transition.label}”必须填写意见或理由")
