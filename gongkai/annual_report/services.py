"""Writes on annual reports. Each runs in one transaction and records an audit event."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.agencies import policy
from gongkai.auditlog.services import audit_record
from gongkai.core.workflow import run_effects
from gongkai.report import format as fmt
from gongkai.report.checks import check_report
from gongkai.report.checks.history import sentences

from . import signals, workflow
from .compute import compute_figures, compute_tables, normalised_tables
from .consolidation import consolidate, is_consolidating
from .models import AnnualReport, ConsolidationScope, ReportStatus
from .narrative import draft_text, fill, placeholder_values, unknown_placeholders

TEXT_KEYS = ("overview", "problems", "other")


def _previous_published(report: AnnualReport) -> AnnualReport | None:
    return (
        AnnualReport.objects.filter(agency=report.agency, year=report.year - 1, status=ReportStatus.PUBLISHED)
        .order_by("-version")
        .first()
    )


def _previous_year(report: AnnualReport):
    last = _previous_published(report)
    return last.to_report() if last else None


def drafted_sentences(report: AnnualReport) -> set[str]:
    """Return the sentences the platform drafts for this version, filled with its figures."""
    draft = draft_text(agency=report.agency.name, year=report.year, figures=report.figures)
    values = placeholder_values(report.tables, report.figures)
    return {s for text in draft.values() for s in sentences(fill(text, values))}


def _run_checks(report: AnnualReport) -> None:
    last = _previous_published(report)
    # The platform's own drafted sentences, this year's and last year's, are not "copied" (9.6).
    boilerplate = drafted_sentences(report) | (drafted_sentences(last) if last else set())
    findings = check_report(
        report.to_report(), previous=last.to_report() if last else None, boilerplate=boilerplate
    )
    report.findings = [f.to_dict() for f in findings]
    report.error_count = sum(1 for f in findings if f.level == "error")
    report.warning_count = sum(1 for f in findings if f.level == "warning")


def _refresh(report: AnnualReport, *, checks: bool = True) -> None:
    """Recompute the tables and figures; a government's from its whole included subtree."""
    if is_consolidating(report.agency):
        whole = consolidate(report.agency, report.year)
        report.consolidated = True
        report.tables = normalised_tables(report.agency.name, report.year, whole["tables"])
        report.figures = whole["figures"]
        report.members = whole["members"]
        report.contributions = whole["contributions"]
    else:
        report.tables = compute_tables(report.agency, report.year)
        report.figures = compute_figures(report.agency, report.year)
    if checks:
        _run_checks(report)


def fresh_version(*, agency, year: int, version: int = 1) -> AnnualReport:
    """Return an unsaved version computed from the records, with the drafted text and its findings.

    This is what a new report of the agency-year starts from; it must pass its own checks
    (issue 9.6), which ``tests/annual_report/test_demo_reports.py`` asks of every demo agency-year.
    """
    report = AnnualReport(agency=agency, year=year, version=version)
    _refresh(report, checks=False)  # checked once, with the drafted text, below
    report.text = draft_text(agency=agency.name, year=year, figures=report.figures)
    _run_checks(report)
    return report


def _require_edit_rights(actor, agency_id: int, message: str) -> None:
    """Refuse anyone but the agency's report editors (None: the system, e.g. the demo loader)."""
    if actor is not None:
        policy.require(actor, "report.edit", agency_id, message)


@transaction.atomic
def annual_report_generate(*, agency, year: int, actor) -> AnnualReport:
    """Compute the working version of an agency-year from the records (create it if needed).

    The tables and figures are always recomputed; the narrative is drafted only for a new
    version (a correction starts from the published text).
    """
    _require_edit_rights(actor, agency.pk, "您的角色不能生成年度报告")
    if year < 2008 or year > timezone.localdate().year:
        raise ValidationError(f"年度 {year} 无效：只能生成 2008 年至今年的报告")
    report = (
        AnnualReport.objects.select_for_update()
        .filter(agency=agency, year=year)
        .exclude(status=ReportStatus.PUBLISHED)
        .first()
    )
    if report is not None:
        if report.status != ReportStatus.DRAFT:
            raise ValidationError("报告已进入审核流程，请先退回草稿再重新计算")
        _refresh(report)
        report.save()
        audit_record(actor=actor, action="annual_report.refresh", obj=report)
        return report
    published = (
        AnnualReport.objects.filter(agency=agency, year=year, status=ReportStatus.PUBLISHED)
        .order_by("-version")
        .first()
    )
    version = (
        AnnualReport.objects.filter(agency=agency, year=year).aggregate(v=Max("version"))["v"] or 0
    ) + 1
    report = fresh_version(agency=agency, year=year, version=version)
    report.supersedes, report.created_by = published, _user(actor)
    if published:
        report.text = dict(published.text)
        _run_checks(report)
    report.save()
    audit_record(
        actor=actor,
        action="annual_report.correct" if published else "annual_report.create",
        obj=report,
        changes={"version": [published.version if published else None, version]},
    )
    return report


@transaction.atomic
def annual_report_acknowledge_warning(*, report: AnnualReport, key: str, reason: str, actor) -> AnnualReport:
    """Acknowledge one warning with a reason before approval; the reasons stay with the version.

    Only a reviewer or approver of the agency (``report.review``) may acknowledge, only before
    approval, and only a warning the report has now (``warning_key``).
    """
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    policy.require(actor, "report.review", report.agency_id, "您的角色不能确认年度报告的警告")
    if report.status not in (ReportStatus.DRAFT, ReportStatus.REVIEWED):
        raise ValidationError(f"只有批准前的报告可以确认警告（当前状态：{report.get_status_display()}）")
    finding = next((f for f in report.findings if f["level"] == "warning" and warning_key(f) == key), None)
    if finding is None:
        raise ValidationError("报告没有这项警告（可能已经改正，请刷新页面）")
    if len(reason.strip()) < 4:
        raise ValidationError("请写明确认这项警告的理由（至少4个字）")
    entry = {
        "key": key,
        "id": finding["id"],
        "location": finding.get("location", ""),
        "message": finding["message"],
        "reason": reason.strip()[:500],
        "by": actor.display_name if actor is not None else "",
        "at": timezone.now().isoformat(timespec="seconds"),
    }
    report.acknowledgements = [a for a in report.acknowledgements if a["key"] != key] + [entry]
    report.save(update_fields=["acknowledgements", "updated_at"])
    audit_record(
        actor=actor, action="annual_report.acknowledge", obj=report, changes={key: [None, entry["reason"]]}
    )
    return report


@transaction.atomic
def annual_report_edit(
    *, report: AnnualReport, text: dict[str, str], actor, correction_note: str | None = None
) -> AnnualReport:
    """Save the office's narrative; refuse unknown placeholders; recompute tables and checks."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _require_edit_rights(actor, report.agency_id, "您的角色不能编辑年度报告")
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(f"只有草稿可以修改（当前状态：{report.get_status_display()}）")
    values = placeholder_values(report.tables, report.figures)
    bad = {key: unknown_placeholders(text.get(key, ""), values) for key in TEXT_KEYS}
    bad = {k: v for k, v in bad.items() if v}
    if bad:
        names = "、".join(sorted({n for v in bad.values() for n in v}))
        raise ValidationError(f"正文中有未知的数据项：{names}")
    old_text = dict(report.text)
    report.text = {key: (text.get(key) or "").strip() for key in TEXT_KEYS}
    if correction_note is not None:
        report.correction_note = correction_note.strip()
    _refresh(report)
    report.save()
    changes = {
        f"text.{k}": [old_text.get(k, ""), report.text[k]]
        for k in TEXT_KEYS
        if old_text.get(k) != report.text[k]
    }
    audit_record(actor=actor, action="annual_report.edit", obj=report, changes=changes)
    return report


def _error_reason(report: AnnualReport, action: str) -> str | None:
    if report.error_count:
        return f"报告仍有 {report.error_count} 项错误，须全部改正后才能{workflow.ACTION_LABELS[action]}"
    return None


def _after_refresh(report: AnnualReport) -> str | None:
    _refresh(report)
    return _error_reason(report, "approve")


def _after_checks(report: AnnualReport) -> str | None:
    _run_checks(report)
    return _error_reason(report, "publish")


def blank_cells(tables: dict) -> list[str]:
    """Return the labels of the cells without a value (enter 0 where the answer is zero)."""
    return [
        fmt.cell_label(section, row, cell)
        for section, row, cell in fmt.all_cell_paths()
        if ((tables.get(section) or {}).get(row) or {}).get(cell) is None
    ]


def warning_key(finding: dict) -> str:
    """Return what identifies a warning across recomputations: its id and location."""
    return f"{finding['id']}@{finding.get('location', '')}"


def unacknowledged(report: AnnualReport) -> list[dict]:
    """Return the report's warnings that carry no acknowledgement with a reason."""
    done = {a["key"] for a in report.acknowledgements if (a.get("reason") or "").strip()}
    return [f for f in report.findings if f["level"] == "warning" and warning_key(f) not in done]


def _year_ended(report: AnnualReport, at: datetime | None) -> str | None:
    day = timezone.localdate(at) if at else timezone.localdate()
    if day < date(report.year + 1, 1, 1):
        return f"{report.year}年度尚未结束：年度报告自{report.year + 1}年1月1日起才能批准、公布"
    return None


def _no_blank_cells(report: AnnualReport) -> str | None:
    blanks = blank_cells(report.tables)
    if blanks:
        shown = "、".join(blanks[:5]) + ("等" if len(blanks) > 5 else "")
        return f"报告有 {len(blanks)} 个空白单元格（{shown}）：数量为零的请填写 0"
    return None


def _warnings_acknowledged(report: AnnualReport) -> str | None:
    open_warnings = unacknowledged(report)
    if open_warnings:
        return f"还有 {len(open_warnings)} 项警告未确认：每项警告须写明理由确认后才能批准"
    return None


def _not_sole_reviewer(report: AnnualReport, actor) -> str | None:
    if actor is not None and report.reviewed_by_id and report.reviewed_by_id == getattr(actor, "pk", None):
        return "审核人不能同时批准本报告：年度报告须由审核人以外的人员批准（不能一人完成）"
    return None


def guards_for(
    report: AnnualReport, *, reason: str = "", preview: bool = False, actor=None, at: datetime | None = None
) -> dict:
    """Return the conditions the table names, evaluated on ``report`` when asked.

    ``preview`` (the detail page deciding which buttons to show) leaves out what only the click
    can know — the reason typed in, the figures recomputed at that moment — and the service
    refuses those with their own message.
    """
    optimistic = preview
    return {
        "year_ended": lambda: _year_ended(report, at),
        "not_sole_reviewer": lambda: _not_sole_reviewer(report, actor),
        "no_blank_cells": lambda: _no_blank_cells(report),
        "warnings_acknowledged": lambda: None if optimistic else _warnings_acknowledged(report),
        "records_check_clean": lambda: None if optimistic else _after_refresh(report),
        "checks_clean": lambda: None if optimistic else _after_checks(report),
        "correction_noted": lambda: (
            "更正版须填写更正说明后才能公布" if report.supersedes_id and not report.correction_note else None
        ),
        "reason_given": lambda: None if optimistic or reason.strip() else "退回须说明理由",
    }


def _stamp(who: str, when: str):
    def effect(report: AnnualReport, *, actor, at: datetime, reason: str) -> None:
        setattr(report, who, _user(actor))
        setattr(report, when, at)

    return effect


def _record_return_reason(report: AnnualReport, *, actor, at: datetime, reason: str) -> None:
    report.return_reason = reason.strip()


EFFECTS = {
    "stamp_reviewed": _stamp("reviewed_by", "reviewed_at"),
    "stamp_approved": _stamp("approved_by", "approved_at"),
    "stamp_published": _stamp("published_by", "published_at"),
    "record_return_reason": _record_return_reason,
}


def available_actions(report: AnnualReport, user) -> list[tuple[str, str]]:
    """Return (action, label) for every move ``user`` may make on ``report`` now."""
    rows = policy.available(
        workflow.WORKFLOW,
        report.status,
        user=user,
        agency=report.agency_id,
        guards=guards_for(report, preview=True, actor=user),
    )
    return [(t.action, workflow.ACTION_LABELS[t.action]) for t in rows]


@transaction.atomic
def annual_report_transition(
    *, report: AnnualReport, action: str, actor, reason: str = "", at: datetime | None = None
) -> AnnualReport:
    """Move the report along ``workflow.WORKFLOW``; approval is blocked while any check error remains.

    ``at`` records when the step happened (default now); the demo data uses it for past years.
    ``actor`` None is the system, which makes no move of this table.
    """
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    row = policy.enforce(
        workflow.WORKFLOW,
        action,
        report.status,
        user=actor,
        agency=report.agency_id,
        guards=guards_for(report, reason=reason, actor=actor, at=at),
    )
    old = report.status
    report.status = row.target
    run_effects(row, EFFECTS, report, actor=actor, at=at or timezone.now(), reason=reason)
    report.save()
    audit_record(
        actor=actor,
        action=f"annual_report.{action}",
        obj=report,
        changes={"status": [old, row.target]},
        note=reason,
    )
    if report.status == ReportStatus.PUBLISHED:
        signals.report_published.send(sender=AnnualReport, report=report)
    return report


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


@transaction.atomic
def consolidation_scope_set(
    *, government, include_lower_governments: bool = True, excluded=(), actor
) -> ConsolidationScope:
    """Store which agencies the government's consolidated report includes (RULES.md §6, consolidation).

    Only agencies strictly below the government can be left out; the setting applies to the
    next generation or recomputation of its report (a published version keeps its members).
    ``actor`` None is the system (the demo loader); otherwise the government's agency administrator.
    """
    if government.kind != "government":
        raise ValidationError("只有人民政府的年度报告是汇总报告，才能设置汇总范围")
    if actor is not None:
        policy.require(actor, "agency.admin", government.pk, "您的角色不能设置年度报告汇总范围")
    excluded = list(excluded)
    outside = [a.name for a in excluded if a.pk == government.pk or not a.path.startswith(government.path)]
    if outside:
        raise ValidationError(f"只能排除本级政府下级的机关：{'、'.join(outside)}")
    scope, created = ConsolidationScope.objects.select_for_update().get_or_create(government=government)
    before = (
        None if created else scope.include_lower_governments,
        [] if created else sorted(a.name for a in scope.excluded.all()),
    )
    scope.include_lower_governments = include_lower_governments
    scope.save()
    scope.excluded.set(excluded)
    after = (include_lower_governments, sorted(a.name for a in excluded))
    changes = {}
    if before[0] != after[0]:
        changes["include_lower_governments"] = [before[0], after[0]]
    if before[1] != after[1]:
        changes["excluded"] = ["、".join(before[1]), "、".join(after[1])]
    audit_record(actor=actor, action="annual_report.consolidation_scope", obj=scope, changes=changes)
    return scope
