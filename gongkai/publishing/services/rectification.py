"""Rectification lists (问题清单): a supervisor files findings, the agency answers, the supervisor closes.

Supervisors are read-only everywhere else (``gongkai.agencies.scoping``); here they write, but
only against agencies strictly below their own: the table's ``rectification.supervise`` rows,
whose reach ``gongkai.agencies.policy`` checks (``supervises``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.agencies import policy
from gongkai.auditlog.services import audit_record
from gongkai.core.workdays import nth_working_day_after
from gongkai.core.workflow import run_effects

from ..deadlines import calendar_or_default
from ..models import Column, RectificationItem, RectificationResponse
from ..workflow import RECTIFICATION

DEFAULT_DEADLINE_WORKDAYS = 20
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def default_deadline(today: date | None = None) -> date:
    """Return the default rectification deadline: 20 working days after today."""
    return nth_working_day_after(
        calendar_or_default(None), today or timezone.localdate(), DEFAULT_DEADLINE_WORKDAYS
    ).day


def _guards(
    *, title: str = "", text: str = "", deadline: date | None = None, today: date | None = None, preview=False
) -> dict:
    """Return the table's conditions; ``preview`` (a page choosing its forms) knows no input yet."""
    today = today or timezone.localdate()
    if preview:
        return dict.fromkeys(RECTIFICATION.guard_names(), lambda: None)
    return {
        "title_given": lambda: None if (title or "").strip() else "请填写问题",
        "text_given": lambda: None if (text or "").strip() else "请填写说明",
        "deadline_not_past": lambda: (
            "整改期限不能早于今天" if deadline is not None and deadline < today else None
        ),
    }


def available_moves(user, item: RectificationItem) -> list[str]:
    """Return the actions ``user`` may take on ``item`` now (which forms its page shows)."""
    return [
        t.action
        for t in policy.available(
            RECTIFICATION, item.status, user=user, agency=item.agency, guards=_guards(preview=True)
        )
    ]


@transaction.atomic
def rectification_file(
    *,
    actor,
    agency,
    title: str,
    deadline: date,
    description: str = "",
    column: Column | None = None,
    source_code: str = "",
    today: date | None = None,
) -> RectificationItem:
    """File a finding against ``agency`` (a supervisor of an agency above it only)."""
    policy.enforce(
        RECTIFICATION,
        "file",
        None,
        user=actor,
        agency=agency,
        guards=_guards(title=title, deadline=deadline, today=today),
    )
    if column is not None and column.agency_id != agency.pk:
        raise ValidationError({"column": "栏目不属于该机关"})
    item = RectificationItem.objects.create(
        agency=agency,
        title=title.strip()[:300],
        description=description.strip(),
        deadline=deadline,
        column=column,
        source_code=source_code[:40],
        filed_by=actor,
    )
    audit_record(
        actor=actor,
        action="publishing.rectification.file",
        obj=item,
        changes={"title": [None, item.title], "deadline": [None, deadline]},
    )
    return item


@dataclass
class _Move:
    action: str
    actor: object
    text: str
    evidence: object
    deadline: date | None
    changes: dict


def _record_response(item: RectificationItem, move: _Move) -> None:
    response = RectificationResponse(item=item, kind=move.action, text=move.text.strip(), actor=move.actor)
    if move.evidence is not None:
        response.evidence_name = (move.evidence.name or "佐证材料").rsplit("/", 1)[-1][:200]
        response.evidence.save(response.evidence_name, move.evidence, save=False)
    response.save()
    move.changes["response"] = response


def _close(item: RectificationItem, move: _Move) -> None:
    item.closed_by, item.closed_at = move.actor, timezone.now()


def _set_deadline(item: RectificationItem, move: _Move) -> None:
    if move.deadline is not None:
        move.changes["deadline"] = [item.deadline, move.deadline]
        item.deadline = move.deadline


EFFECTS = {"record_response": _record_response, "close": _close, "set_deadline": _set_deadline}


@transaction.atomic
def rectification_transition(
    *, actor, item: RectificationItem, name: str, text: str, evidence=None, deadline: date | None = None
) -> RectificationResponse:
    """Answer (the agency), accept or reopen (the supervisor) a finding: a row of ``RECTIFICATION``."""
    item = RectificationItem.objects.select_for_update(of=("self",)).select_related("agency").get(pk=item.pk)
    row = policy.enforce(
        RECTIFICATION,
        name,
        item.status,
        user=actor,
        agency=item.agency,
        guards=_guards(text=text, deadline=deadline),
    )
    if evidence is not None and evidence.size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"evidence": "佐证材料不能超过 20 MB"})
    move = _Move(name, actor, text, evidence, deadline, {"status": [item.status, row.target]})
    item.status = row.target
    run_effects(row, EFFECTS, item, move)
    item.save()
    response = move.changes.pop("response")
    audit_record(
        actor=actor,
        action=f"publishing.rectification.{name}",
        obj=item,
        changes=move.changes,
        note=text.strip(),
    )
    return response
