"""Rectification lists (问题清单): a supervisor files findings, the agency answers, the supervisor closes.

Supervisors are read-only everywhere else (``gongkai.agencies.scoping``); here they write, but
only against agencies strictly below their own: the table's ``rectification.supervise`` rows,
whose reach ``gongkai.agencies.policy`` checks (``supervises``).

A notice may come from any failing check (issue 14.6): a finding of the agency's generated
report or of a published report the supervisor audited; it keeps the check's id and location.
The agency's answer may carry the corrected report, a new version with a correction note, read
and checked on arrival (``corrected_report_read``, outside the transaction: reading is slow and
runs in a capped worker process) so the supervisor sees whether the check now passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.agencies import policy
from gongkai.auditlog.services import audit_record
from gongkai.core.workdays import nth_working_day_after
from gongkai.core.workflow import run_effects
from gongkai.report import audit as report_audit
from gongkai.report.checks import check_report

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


@dataclass(frozen=True)
class CorrectedReport:
    """A corrected report as uploaded and read: the file, its note, the auditor's findings."""

    name: str
    data: bytes
    note: str
    findings: tuple[dict, ...]
    readable: bool


def corrected_report_read(*, name: str, data: bytes, note: str) -> CorrectedReport:
    """Read and check an uploaded corrected report (never raises; an unreadable file says so)."""
    if len(data) > MAX_EVIDENCE_BYTES:
        raise ValidationError({"corrected_report": "更正后的报告不能超过 20 MB"})
    read = report_audit.read_upload(data, source=name)
    findings = list(read.findings)
    if read.readable and read.report is not None:
        findings.extend(check_report(read.report))
    return CorrectedReport(
        name=(name or "更正后的报告").rsplit("/", 1)[-1][:200],
        data=data,
        note=note.strip(),
        findings=tuple(f.to_dict() for f in findings),
        readable=read.readable,
    )


def still_failing(item: RectificationItem, findings: list[dict]) -> bool | None:
    """Return whether the notice's check still fails in ``findings`` (None: not from a check)."""
    if not item.source_code:
        return None
    return any(
        f.get("id") == item.source_code
        and (not item.source_location or f.get("location") == item.source_location)
        for f in findings
    )


def _guards(
    *,
    title: str = "",
    text: str = "",
    deadline: date | None = None,
    today: date | None = None,
    corrected: CorrectedReport | None = None,
    preview=False,
) -> dict:
    """Return the table's conditions; ``preview`` (a page choosing its forms) knows no input yet."""
    today = today or timezone.localdate()
    if preview:
        return dict.fromkeys(RECTIFICATION.guard_names(), lambda: None)
    return {
        "title_given": lambda: None if (title or "").strip() else "请填写问题",
        "text_given": lambda: None if (text or "").strip() else "请填写说明",
        "correction_noted": lambda: (
            "上传更正后的报告时，请填写更正说明" if corrected is not None and not corrected.note else None
        ),
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
    source_location: str = "",
    annual_report=None,
    audited_report=None,
    today: date | None = None,
) -> RectificationItem:
    """File a finding against ``agency`` (a supervisor of an agency above it only).

    From a failing check: ``source_code`` is its id, ``source_location`` its cell, and
    ``annual_report`` (the agency's own generated report) or ``audited_report`` (a published
    report the supervisor audited) the report it failed in.
    """
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
    if annual_report is not None and annual_report.agency_id != agency.pk:
        raise ValidationError({"agency": "年度报告不属于该机关"})
    if audited_report is not None and audited_report.batch.uploaded_by_id != actor.pk:
        raise ValidationError({"agency": "只能依据本人审读的报告下发整改通知"})
    item = RectificationItem.objects.create(
        agency=agency,
        title=title.strip()[:300],
        description=description.strip(),
        deadline=deadline,
        column=column,
        source_code=source_code[:40],
        source_location=source_location[:200],
        annual_report=annual_report,
        audited_report=audited_report,
        filed_by=actor,
    )
    changes = {"title": [None, item.title], "deadline": [None, deadline]}
    if source_code:
        changes["source_code"] = [None, f"{source_code} {source_location}".strip()]
    audit_record(actor=actor, action="publishing.rectification.file", obj=item, changes=changes)
    return item


@dataclass
class _Move:
    action: str
    actor: object
    text: str
    evidence: object
    deadline: date | None
    changes: dict
    corrected: CorrectedReport | None = None


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


def _attach_corrected_report(item: RectificationItem, move: _Move) -> None:
    corrected = move.corrected
    if corrected is None:
        return
    response = move.changes["response"]
    earlier = (
        RectificationResponse.objects.filter(item=item)
        .exclude(corrected_report="")
        .exclude(pk=response.pk)
        .count()
    )
    response.corrected_version = earlier + 2  # the report the notice was about is version 1
    response.corrected_name = corrected.name
    response.correction_note = corrected.note
    response.corrected_findings = list(corrected.findings)
    response.corrected_report.save(corrected.name, ContentFile(corrected.data), save=False)
    response.save()
    move.changes["corrected_version"] = [None, response.corrected_version]
    if item.source_code:
        move.changes["check_still_fails"] = [None, still_failing(item, response.corrected_findings)]


EFFECTS = {
    "record_response": _record_response,
    "attach_corrected_report": _attach_corrected_report,
    "close": _close,
    "set_deadline": _set_deadline,
}


@transaction.atomic
def rectification_transition(
    *,
    actor,
    item: RectificationItem,
    name: str,
    text: str,
    evidence=None,
    deadline: date | None = None,
    corrected: CorrectedReport | None = None,
) -> RectificationResponse:
    """Answer (the agency), accept or reopen (the supervisor) a finding: a row of ``RECTIFICATION``.

    ``corrected`` (an answer only) is the corrected report, read by ``corrected_report_read``.
    """
    item = RectificationItem.objects.select_for_update(of=("self",)).select_related("agency").get(pk=item.pk)
    row = policy.enforce(
        RECTIFICATION,
        name,
        item.status,
        user=actor,
        agency=item.agency,
        guards=_guards(text=text, deadline=deadline, corrected=corrected),
    )
    if corrected is not None and "attach_corrected_report" not in row.effects:
        raise ValidationError({"corrected_report": "只有反馈整改情况时可以上传更正后的报告"})
    if evidence is not None and evidence.size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"evidence": "佐证材料不能超过 20 MB"})
    move = _Move(name, actor, text, evidence, deadline, {"status": [item.status, row.target]}, corrected)
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
