"""The review-and-release state machine of a document, in ONE table (RULES.md §2, Regulation art. 17).

Local practice is three-level review (三审三校): level-1 review (初审) → level-2 review (复审) →
level-3 sign-off (终审签发); the statutory confidentiality review (保密审查) is recorded between
levels 2 and 3, so that whoever signs the release off sees it cleared ("the one who publishes is
responsible"). Sign-off releases the document: at once, or at its scheduled ``publish_at``.

Pure: imports nothing from Django; the shape is :mod:`gongkai.core.workflow`. Who may act is a
role set of ``gongkai.agencies.policy``; the separation of duties (``not_author``,
``not_earlier_approver``, ``author_only``) are the policy's four-eyes guards; the other guards
and the named side effects live in ``services.review``.
"""

from __future__ import annotations

from enum import StrEnum

from gongkai.core.workflow import Transition, TransitionError, Workflow


class Status(StrEnum):
    DRAFT = "draft"
    PENDING_1 = "pending_1"
    PENDING_2 = "pending_2"
    PENDING_CONFIDENTIALITY = "pending_conf"
    PENDING_3 = "pending_3"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


STATUS_LABELS: dict[str, str] = {
    Status.DRAFT: "草稿",
    Status.PENDING_1: "待一级审核（初审）",
    Status.PENDING_2: "待二级审核（复审）",
    Status.PENDING_CONFIDENTIALITY: "待保密审查",
    Status.PENDING_3: "待三级审核（终审签发）",
    Status.SCHEDULED: "已签发待定时发布",
    Status.PUBLISHED: "已发布",
    Status.WITHDRAWN: "已撤回",
}

ACTION_LABELS: dict[str, str] = {
    "submit": "提交审核",
    "recall": "撤回修改",
    "approve_1": "初审通过",
    "return_1": "初审退回",
    "approve_2": "复审通过",
    "return_2": "复审退回",
    "clear_confidentiality": "保密审查通过",
    "return_confidentiality": "保密审查退回",
    "sign_off": "终审签发并发布",
    "sign_off_scheduled": "终审签发（定时发布）",
    "return_3": "终审退回",
    "cancel_schedule": "取消定时发布并退回",
    "publish_scheduled": "定时发布",
    "correct": "更正",
    "withdraw": "撤回（下网）",
}

# The review step a move records: action -> (ReviewLevel value, ReviewDecision value).
REVIEW_STEP: dict[str, tuple[str, str]] = {
    "approve_1": ("1", "approve"),
    "return_1": ("1", "return"),
    "approve_2": ("2", "approve"),
    "return_2": ("2", "return"),
    "clear_confidentiality": ("conf", "approve"),
    "return_confidentiality": ("conf", "return"),
    "sign_off": ("3", "approve"),
    "sign_off_scheduled": ("3", "approve"),
    "return_3": ("3", "return"),
    "cancel_schedule": ("3", "return"),
}

_S = Status
_REVIEW = ("not_author", "not_earlier_approver")  # an approval: never the author, one level each
_RETURN = ("not_author", "opinion_given")  # a return: never the author, always with a reason
_STEP = ("record_review_step",)
_RELEASE = ("release_checks_pass",)


def _t(action: str, source: Status, target: Status, roles: str = "", **kw) -> Transition:
    return Transition(action, source.value, target.value, roles, **kw)


TRANSITIONS: tuple[Transition, ...] = (
    _t("submit", _S.DRAFT, _S.PENDING_1, "document.draft", effects=("open_review_round",)),
    _t("recall", _S.PENDING_1, _S.DRAFT, "document.draft", guards=("author_only",)),
    _t("approve_1", _S.PENDING_1, _S.PENDING_2, "document.review_1", guards=_REVIEW, effects=_STEP),
    _t("return_1", _S.PENDING_1, _S.DRAFT, "document.review_1", guards=_RETURN, effects=_STEP),
    _t(
        "approve_2",
        _S.PENDING_2,
        _S.PENDING_CONFIDENTIALITY,
        "document.review_2",
        guards=_REVIEW,
        effects=_STEP,
    ),
    _t("return_2", _S.PENDING_2, _S.DRAFT, "document.review_2", guards=_RETURN, effects=_STEP),
    _t(
        "clear_confidentiality",
        _S.PENDING_CONFIDENTIALITY,
        _S.PENDING_3,
        "document.confidentiality",
        guards=(*_REVIEW, "checklist_complete"),
        effects=_STEP,
    ),
    _t(
        "return_confidentiality",
        _S.PENDING_CONFIDENTIALITY,
        _S.DRAFT,
        "document.confidentiality",
        guards=(*_RETURN, "checklist_complete"),
        effects=_STEP,
    ),
    _t(
        "sign_off",
        _S.PENDING_3,
        _S.PUBLISHED,
        "document.review_3",
        guards=(*_REVIEW, "publish_time_now", *_RELEASE),
        effects=(*_STEP, "set_publish_at", "publish"),
    ),
    _t(
        "sign_off_scheduled",
        _S.PENDING_3,
        _S.SCHEDULED,
        "document.review_3",
        guards=(*_REVIEW, "publish_time_future", *_RELEASE),
        effects=(*_STEP, "set_publish_at"),
    ),
    _t("return_3", _S.PENDING_3, _S.DRAFT, "document.review_3", guards=_RETURN, effects=_STEP),
    _t(
        "cancel_schedule",
        _S.SCHEDULED,
        _S.DRAFT,
        "document.review_3",
        guards=("opinion_given",),
        effects=_STEP,
    ),
    _t("publish_scheduled", _S.SCHEDULED, _S.PUBLISHED, system=True, effects=("publish_as_scheduled",)),
    # a correction is its own service (``document_correct``): new content, a new version
    _t(
        "correct", _S.PUBLISHED, _S.PUBLISHED, "document.correct", guards=("correction_form", "opinion_given")
    ),
    _t(
        "withdraw",
        _S.PUBLISHED,
        _S.WITHDRAWN,
        "document.correct",
        guards=("opinion_given",),
        effects=("withdraw",),
    ),
)

WORKFLOW = Workflow(name="document", states=STATUS_LABELS, actions=ACTION_LABELS, transitions=TRANSITIONS)

BY_NAME: dict[str, Transition] = {t.action: t for t in TRANSITIONS}
assert len(BY_NAME) == len(TRANSITIONS), "each action of this table has one row"

EDITABLE_STATES = frozenset({_S.DRAFT.value})
OPEN_STATES = frozenset(
    s.value
    for s in (_S.DRAFT, _S.PENDING_1, _S.PENDING_2, _S.PENDING_CONFIDENTIALITY, _S.PENDING_3, _S.SCHEDULED)
)


# -- rectification lists (问题清单): a supervisor files, the agency answers, the supervisor closes ---------


class RectificationStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    ACCEPTED = "accepted"
    REOPENED = "reopened"


RECTIFICATION_LABELS: dict[str, str] = {
    RectificationStatus.OPEN: "待整改",
    RectificationStatus.ANSWERED: "已反馈待核查",
    RectificationStatus.ACCEPTED: "已销号",
    RectificationStatus.REOPENED: "退回重新整改",
}

_R = RectificationStatus
_SUPERVISE = "rectification.supervise"  # a supervisor of an agency strictly above the finding's
# an answer may carry the corrected report (a new version): then it must say what it corrects
_ANSWER = {
    "roles": "rectification.answer",
    "guards": ("text_given", "correction_noted"),
    "effects": ("record_response", "attach_corrected_report"),
}

RECTIFICATION = Workflow(
    name="rectification",
    states=RECTIFICATION_LABELS,
    actions={
        "file": "提出整改问题",
        "answer": "反馈整改情况",
        "accept": "核查通过（销号）",
        "reopen": "退回重新整改",
    },
    transitions=(
        Transition("file", None, _R.OPEN.value, _SUPERVISE, guards=("title_given", "deadline_not_past")),
        Transition("answer", _R.OPEN.value, _R.ANSWERED.value, **_ANSWER),
        Transition("answer", _R.REOPENED.value, _R.ANSWERED.value, **_ANSWER),
        Transition(
            "accept",
            _R.ANSWERED.value,
            _R.ACCEPTED.value,
            _SUPERVISE,
            guards=("text_given",),
            effects=("record_response", "close"),
        ),
        Transition(
            "reopen",
            _R.ANSWERED.value,
            _R.REOPENED.value,
            _SUPERVISE,
            guards=("text_given", "deadline_not_past"),
            effects=("record_response", "set_deadline"),
        ),
    ),
)


def review_queue_states(holds) -> list[str]:
    """Return the states waiting for a review level whose role set ``holds(name)`` says one has."""
    return sorted(
        {
            t.source
            for t in TRANSITIONS
            if t.action in REVIEW_STEP and t.source != _S.SCHEDULED and holds(t.roles)
        }
    )


__all__ = [
    "ACTION_LABELS",
    "RECTIFICATION",
    "STATUS_LABELS",
    "TRANSITIONS",
    "WORKFLOW",
    "RectificationStatus",
    "Status",
    "TransitionError",
]
