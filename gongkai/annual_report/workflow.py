"""The annual report's workflow (RULES.md §6): draft → reviewed → approved → published, in ONE table.

Pure: imports nothing from Django; the shape is :mod:`gongkai.core.workflow`. Who may act is
named by role set and resolved by ``gongkai.agencies.policy``; the guards and the named side
effects are evaluated and run by ``services.annual_report_transition``.
"""

from __future__ import annotations

from enum import StrEnum

from gongkai.core.workflow import Transition, TransitionError, Workflow


class Status(StrEnum):
    DRAFT = "draft"
    REVIEWED = "reviewed"
    APPROVED = "approved"
    PUBLISHED = "published"


STATUS_LABELS: dict[str, str] = {
    Status.DRAFT: "草稿",
    Status.REVIEWED: "已审核",
    Status.APPROVED: "已批准",
    Status.PUBLISHED: "已公布",
}

ACTION_LABELS: dict[str, str] = {
    "review": "审核通过",
    "approve": "批准",
    "publish": "公布",
    "return": "退回修改",
}

_S = Status
_RETURN = {"roles": "report.review", "guards": ("reason_given",), "effects": ("record_return_reason",)}

TRANSITIONS: tuple[Transition, ...] = (
    Transition("review", _S.DRAFT, _S.REVIEWED, roles="report.review", effects=("stamp_reviewed",)),
    # approve what the records say now: the figures are recomputed, then no check error may remain,
    # no cell may be blank, every warning must be acknowledged with a reason (kept with the
    # version), the year must be over, and the approver may not be the only reviewer (issue 9.6)
    Transition(
        "approve",
        _S.REVIEWED,
        _S.APPROVED,
        roles="report.approve",
        guards=(
            "year_ended",
            "not_sole_reviewer",
            "records_check_clean",  # first: it recomputes the tables and the findings
            "no_blank_cells",
            "warnings_acknowledged",
        ),
        effects=("stamp_approved",),
    ),
    # publish exactly what was approved; a correction must say what it corrects
    Transition(
        "publish",
        _S.APPROVED,
        _S.PUBLISHED,
        roles="report.publish",
        guards=("year_ended", "checks_clean", "no_blank_cells", "correction_noted"),
        effects=("stamp_published",),
    ),
    Transition("return", _S.REVIEWED, _S.DRAFT, **_RETURN),
    Transition("return", _S.APPROVED, _S.DRAFT, **_RETURN),
)

WORKFLOW = Workflow(
    name="annual_report", states=STATUS_LABELS, actions=ACTION_LABELS, transitions=TRANSITIONS
)

__all__ = ["ACTION_LABELS", "STATUS_LABELS", "TRANSITIONS", "WORKFLOW", "Status", "TransitionError"]
