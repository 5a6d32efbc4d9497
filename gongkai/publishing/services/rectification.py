"""Rectification lists (问题清单): a supervisor files findings, the agency answers, the supervisor closes.

Supervisors are read-only everywhere else (``gongkai.agencies.scoping``); here they write, but
only against agencies in their own subtree, which ``supervises`` checks explicitly.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Role
from gongkai.agencies.scoping import scope
from gongkai.auditlog.services import audit_record
from gongkai.core.workdays import nth_working_day_after

from ..deadlines import calendar_or_default
from ..models import Column, RectificationItem, RectificationResponse
from ..models import RectificationStatus as R

# The one table of allowed moves: name -> (sources, target, side)
TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    "answer": (frozenset({R.OPEN, R.REOPENED}), R.ANSWERED, "agency"),
    "accept": (frozenset({R.ANSWERED}), R.ACCEPTED, "supervisor"),
    "reopen": (frozenset({R.ANSWERED}), R.REOPENED, "supervisor"),
}
KIND_OF = {
    "answer": RectificationResponse.Kind.ANSWER,
    "accept": RectificationResponse.Kind.ACCEPT,
    "reopen": RectificationResponse.Kind.REOPEN,
}
DEFAULT_DEADLINE_WORKDAYS = 20
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def supervises(user, agency) -> bool:
    """Return whether ``user`` supervises ``agency``: a supervisor of an agency above it in the tree.

    Strictly below: a supervisor does not file findings against, or close the findings of, their
    own agency (that is for the level above).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_site_admin:
        return True
    if not user.has_role(Role.SUPERVISOR) or user.agency_id is None:
        return False
    return agency.pk != user.agency_id and agency.path.startswith(user.agency.path)


def default_deadline(today: date | None = None) -> date:
    """Return the default rectification deadline: 20 working days after today."""
    return nth_working_day_after(
        calendar_or_default(None), today or timezone.localdate(), DEFAULT_DEADLINE_WORKDAYS
    ).day


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
    """File a finding against ``agency`` (a supervisor of its subtree only)."""
    if not supervises(actor, agency):
        raise PermissionDenied("只能对下级机关提出整改问题")
    if not (title or "").strip():
        raise ValidationError({"title": "请填写问题"})
    if deadline < (today or timezone.localdate()):
        raise ValidationError({"deadline": "整改期限不能早于今天"})
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


@transaction.atomic
def rectification_transition(
    *, actor, item: RectificationItem, name: str, text: str, evidence=None, deadline: date | None = None
) -> RectificationResponse:
    """Answer (the agency), accept or reopen (the supervisor) a finding."""
    if name not in TRANSITIONS:
        raise ValidationError(f"未知的操作：{name}")
    sources, target, side = TRANSITIONS[name]
    item = RectificationItem.objects.select_for_update(of=("self",)).select_related("agency").get(pk=item.pk)
    if side == "agency":
        if not scope(RectificationItem.objects.filter(pk=item.pk), actor, write=True).exists():
            raise PermissionDenied("只有被检查机关的工作人员可以反馈整改情况")
    elif not supervises(actor, item.agency):
        raise PermissionDenied("只有上级监督员可以核查整改情况")
    if item.status not in sources:
        raise ValidationError(f"当前状态“{R(item.status).label}”下不能执行该操作")
    if not (text or "").strip():
        raise ValidationError({"text": "请填写说明"})
    if evidence is not None and evidence.size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"evidence": "佐证材料不能超过 20 MB"})
    old = item.status
    response = RectificationResponse(item=item, kind=KIND_OF[name], text=text.strip(), actor=actor)
    if evidence is not None:
        response.evidence_name = (evidence.name or "佐证材料").rsplit("/", 1)[-1][:200]
        response.evidence.save(response.evidence_name, evidence, save=False)
    response.save()
    item.status = target
    changes = {"status": [old, target]}
    if name == "accept":
        item.closed_by, item.closed_at = actor, timezone.now()
    if name == "reopen" and deadline is not None:
        if deadline < timezone.localdate():
            raise ValidationError({"deadline": "新的整改期限不能早于今天"})
        changes["deadline"] = [item.deadline, deadline]
        item.deadline = deadline
    item.save()
    audit_record(
        actor=actor, action=f"publishing.rectification.{name}", obj=item, changes=changes, note=text.strip()
    )
    return response
