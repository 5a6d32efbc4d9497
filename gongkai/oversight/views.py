"""Supervisors read published annual reports (upload, findings) and compare agencies and years."""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from openpyxl import Workbook

from gongkai.agencies import policy
from gongkai.agencies.permissions import role_required
from gongkai.core.spreadsheet import xlsx_row
from gongkai.report import format as fmt
from gongkai.report.render.source import render_findings, render_side_by_side, report_with_source

from . import comparison
from .forms import ComparisonForm, UploadForm
from .indicators import INDICATORS
from .selectors import (
    agency_year_figures,
    audited_report_get,
    batch_get,
    batches_of,
    comparison_agencies,
    reports_of,
)
from .services import Upload, audit_batch_create


@role_required(*policy.SUPERVISOR_ROLES)
@require_http_methods(["GET", "POST"])
def audit_upload(request):
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        uploads = [Upload(f.name, f.read()) for f in form.cleaned_data["files"]]
        try:
            batch = audit_batch_create(actor=request.user, uploads=uploads, name=form.cleaned_data["name"])
        except ValueError as exc:
            form.add_error("files", str(exc))
        else:
            messages.success(request, f"已上传 {len(uploads)} 份报告，正在后台审读")
            return redirect("oversight:batch", pk=batch.pk)
    batches = batches_of(request.user)[:30]
    return render(request, "oversight/upload.html", {"form": form, "batches": batches})


def _outcome_groups(data: dict) -> list[tuple[str, int | None]]:
    """Sum each outcome group's total column, for the chart."""
    apps = data.get("applications") or {}
    groups: dict[str, int | None] = {}
    for row in fmt.APPLICATION_ROWS:
        if not row.outcome:
            continue
        label = row.group[3:] if row.group else row.label[3:].split("（")[0]
        value = (apps.get(row.code) or {}).get("total")
        if value is None:
            groups.setdefault(label, None)
            continue
        groups[label] = (groups.get(label) or 0) + value
    return list(groups.items())


def _key(data: dict, row: str, col: str = "total"):
    return ((data.get("applications") or {}).get(row) or {}).get(col)


@role_required(*policy.SUPERVISOR_ROLES)
def batch_detail(request, pk: int):
    batch = batch_get(request.user, pk)
    reports = reports_of(batch)
    rows = []
    totals: dict[str, int] = {}
    for r in reports:
        groups = _outcome_groups(r.data) if r.readable and r.data else []
        for label, value in groups:
            totals[label] = totals.get(label, 0) + (value or 0)
        rows.append(
            {
                "report": r,
                "new": _key(r.data, "new_this_year"),
                "carried_over": _key(r.data, "carried_over"),
                "handled": _key(r.data, "total_handled"),
                "disclosed": _key(r.data, "disclosed"),
                "carried_forward": _key(r.data, "carried_forward"),
                "groups": groups,
                "group_sum": sum(v or 0 for _, v in groups),
            }
        )
    peak = max(totals.values(), default=0) or 1
    chart = [(label, value, round(100 * value / peak)) for label, value in totals.items()]
    return render(request, "oversight/batch.html", {"batch": batch, "rows": rows, "chart": chart})


def _highlighted_cells(findings: list[dict]) -> set[tuple[str, str, str]]:
    """Map error findings' locations ("section.row.column", codes of CODES.md) to table cells.

    A location naming a whole row or a whole column highlights every cell of it.
    """
    cells: set[tuple[str, str, str]] = set()
    for f in findings:
        if f.get("level") != "error" or not f.get("location"):
            continue
        section, _, rest = f["location"].partition(".")
        for s, row, cell in fmt.all_cell_paths():
            if s == section and rest in (f"{row}.{cell}", row, cell):
                cells.add((s, row, cell))
    return cells


@role_required(*policy.SUPERVISOR_ROLES)
def report_detail(request, batch_pk: int, pk: int):
    batch = batch_get(request.user, batch_pk)
    audited = audited_report_get(request.user, batch, pk)
    body = ""
    if audited.readable and audited.data and audited.format == fmt.FORMAT_2021:
        report = report_with_source(audited.data)
        highlight = _highlighted_cells(audited.findings)
        body = mark_safe(render_side_by_side(report, highlight=sorted(highlight)))  # noqa: S308 — renderer escapes
    findings = mark_safe(render_findings(audited.findings))  # noqa: S308 — renderer escapes
    context = {"batch": batch, "audited": audited, "body": body, "findings": findings}
    return render(request, "oversight/report.html", context)


@role_required(*policy.SUPERVISOR_ROLES)
def compare(request):
    """Indicators of every supervised agency over the years: trends, rankings, formulas, XLSX."""
    today = timezone.localdate()
    last = today.year - 1  # the last year whose report is due
    defaults = {"start": last - 4, "end": last, "year": last}
    form = ComparisonForm(request.GET or defaults, this_year=today.year)
    if not form.is_valid():
        if request.GET:
            return render(request, "oversight/compare.html", {"form": form, "panels": []}, status=400)
        form = ComparisonForm(defaults, this_year=today.year)
        form.is_valid()
    start, end, rank_year = (form.cleaned_data[k] for k in ("start", "end", "year"))
    years = list(range(start, end + 1))
    agencies = comparison_agencies(request.user)
    figures = agency_year_figures(agencies, years)
    if request.GET.get("format") == "xlsx":
        return _xlsx(agencies, years, figures, today)
    context = {
        "form": form,
        "years": years,
        "rank_year": rank_year,
        "agencies": agencies,
        "panels": comparison.panels(agencies, years, figures, rank_year=rank_year, today=today),
        "query": f"start={start}&end={end}&year={rank_year}",
    }
    return render(request, "oversight/compare.html", context)


def _xlsx(agencies, years, figures, today) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("指标")
    sheet.append(xlsx_row(sheet, comparison.XLSX_HEADER))
    for row in comparison.xlsx_rows(agencies, years, figures, today=today):
        sheet.append(xlsx_row(sheet, row))
    formulas = workbook.create_sheet("计算公式")
    formulas.append(xlsx_row(formulas, ("指标", "计算公式")))
    for ind in INDICATORS:
        formulas.append(xlsx_row(formulas, (ind.label, ind.formula)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="indicators-{years[0]}-{years[-1]}.xlsx"'
    return response
