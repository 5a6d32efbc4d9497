"""Writes on annual reports. Each runs in one transaction and records an audit event."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.auditlog.services import audit_record
from gongkai.report.checks import check_report

from . import workflow
from .compute import compute_figures, compute_tables
from .models import AnnualReport, ReportStatus
from .narrative import draft_text, placeholder_values, unknown_placeholders

TEXT_KEYS = ("overview", "problems", "other")


def _previous_year(report: AnnualReport):
    last = (
        AnnualReport.objects.filter(agency=report.agency, year=report.year - 1, status=ReportStatus.PUBLISHED)
        .order_by("-version")
        .first()
    )
    return last.to_report() if last else None


def _run_checks(report: AnnualReport) -> None:
    findings = check_report(report.to_report(), previous=_previous_year(report))
    report.findings = [f.to_dict() for f in findings]
    report.error_count = sum(1 for f in findings if f.level == "error")
    report.warning_count = sum(1 for f in findings if f.level == "warning")


def _refresh(report: AnnualReport) -> None:
    report.tables = compute_tables(report.agency, report.year)
    report.figures = compute_figures(report.agency, report.year)
    _run_checks(report)


def _require_edit_rights(actor, report: AnnualReport) -> None:
    if actor is None:
        return
    if not (
        actor.is_site_admin or (actor.agency_id == report.agency_id and actor.role_set & workflow.EDIT_ROLES)
    ):
        raise PermissionDenied("您的角色不能编辑年度报告")


@transaction.atomic
def annual_report_generate(*, agency, year: int, actor) -> AnnualReport:
    """Compute the working version of an agency-year from the records (create it if needed).

    The tables and figures are always recomputed; the narrative is drafted only for a new
    version (a correction starts from the published text).
    """
    if actor is not None and not (
        actor.is_site_admin or (actor.agency_id == agency.pk and actor.role_set & workflow.EDIT_ROLES)
    ):
        raise PermissionDenied("您的角色不能生成年度报告")
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
    report = AnnualReport(
        agency=agency, year=year, version=version, supersedes=published, created_by=_user(actor)
    )
    _refresh(report)
    report.text = (
        dict(published.text)
        if published
        else draft_text(agency=agency.name, year=year, figures=report.figures)
    )
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
def annual_report_edit(
    *, report: AnnualReport, text: dict[str, str], actor, correction_note: str | None = None
) -> AnnualReport:
    """Save the office's narrative; refuse unknown placeholders; recompute tables and checks."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _require_edit_rights(actor, report)
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


@transaction.atomic
def annual_report_transition(
    *, report: AnnualReport, action: str, actor, reason: str = "", at: datetime | None = None
) -> AnnualReport:
    """Move the report along its workflow; approval is blocked while any check error remains.

    ``at`` records when the step happened (default now); the demo data uses it for past years.
    """
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if actor is not None and not actor.is_site_admin and actor.agency_id != report.agency_id:
        raise PermissionDenied("不能处理其他机关的年度报告")
    target = workflow.check_transition(action, report.status, actor)
    if action in ("approve", "publish"):
        if action == "approve":
            _refresh(report)  # approve what the records say now
        else:
            _run_checks(report)  # publish exactly what was approved
        if report.error_count:
            raise ValidationError(
                f"报告仍有 {report.error_count} 项错误，须全部改正后才能{workflow.ACTION_LABELS[action]}"
            )
    if action == "publish" and report.supersedes_id and not report.correction_note:
        raise ValidationError("更正版须填写更正说明后才能公布")
    if action == "return" and not reason.strip():
        raise ValidationError("退回须说明理由")
    old = report.status
    now = at or timezone.now()
    report.status = target
    if action == "review":
        report.reviewed_by, report.reviewed_at = _user(actor), now
    elif action == "approve":
        report.approved_by, report.approved_at = _user(actor), now
    elif action == "publish":
        report.published_by, report.published_at = _user(actor), now
    elif action == "return":
        report.return_reason = reason.strip()
    report.save()
    audit_record(
        actor=actor,
        action=f"annual_report.{action}",
        obj=report,
        changes={"status": [old, target]},
        note=reason,
    )
    return report


def _user(actor):
    return actor if getattr(actor, "pk", None) else None
