"""The report's workflow: the allowed transitions and who may make them, in one table."""

from __future__ import annotations

from gongkai.agencies.models import Role

from .models import ReportStatus as S

REVIEW_ROLES = frozenset({Role.REVIEWER_1, Role.REVIEWER_2, Role.REVIEWER_3, Role.OFFICE_HEAD})
EDIT_ROLES = frozenset({Role.CLERK, Role.OFFICE_HEAD, Role.AGENCY_ADMIN})

# action -> (from statuses, to status, roles that may act)
TRANSITIONS: dict[str, tuple[frozenset[str], str, frozenset[str]]] = {
    "review": (frozenset({S.DRAFT}), S.REVIEWED, REVIEW_ROLES),
    "approve": (frozenset({S.REVIEWED}), S.APPROVED, frozenset({Role.OFFICE_HEAD})),
    "publish": (frozenset({S.APPROVED}), S.PUBLISHED, frozenset({Role.OFFICE_HEAD, Role.AGENCY_ADMIN})),
    "return": (frozenset({S.REVIEWED, S.APPROVED}), S.DRAFT, REVIEW_ROLES),
}

ACTION_LABELS = {"review": "审核通过", "approve": "批准", "publish": "公布", "return": "退回修改"}


class TransitionError(Exception):
    """Raise when an action is not allowed from the report's status or for the user's roles."""


def check_transition(action: str, status: str, user) -> str:
    """Return the target status, or raise TransitionError saying why not."""
    if action not in TRANSITIONS:
        raise TransitionError(f"未知的操作：{action}")
    sources, target, roles = TRANSITIONS[action]
    if status not in sources:
        raise TransitionError(f"当前状态为“{S(status).label}”，不能{ACTION_LABELS[action]}")
    if not (user.is_site_admin or user.role_set & roles):
        raise TransitionError(f"您的角色不能{ACTION_LABELS[action]}年度报告")
    return target


def allowed_actions(status: str, user) -> list[str]:
    out = []
    for action in TRANSITIONS:
        try:
            check_transition(action, status, user)
        except TransitionError:
            continue
        out.append(action)
    return out
