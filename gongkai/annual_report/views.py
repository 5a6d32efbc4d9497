"""Staff pages for the annual report: generate, edit, review, approve, publish, drill down."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from gongkai.agencies import policy
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import role_required
from gongkai.agencies.scoping import readable_agencies
from gongkai.jobs.views import job_wait_page
from gongkai.portal.registry import AnnualReportEntry
from gongkai.report.format import cell_label
from gongkai.report.render import MEDIA_TYPES
from gongkai.report.render import render as render_report
from gongkai.report.render.html import render_article

from . import selectors, services, workflow
from .forms import GenerateForm, ReasonForm, TextForm
from .jobs import report_pdf_job
from .models import AnnualReport, ReportStatus
from .narrative import placeholder_label, placeholder_values

FORMAT_LABELS = {
    "html": "网页",
    "pdf": "PDF",
    "docx": "Word",
    "txt": "文本",
    "md": "Markdown",
    "json": "JSON",
    "csv": "CSV",
}
EXTENSIONS = {
    "html": "html",
    "pdf": "pdf",
    "docx": "docx",
    "txt": "txt",
    "md": "md",
    "json": "json",
    "csv": "csv",
}


def report_list(request):
    reports = selectors.reports_visible_to(request.user)
    form = GenerateForm(
        initial={"year": timezone.localdate().year - (1 if timezone.localdate().month < 12 else 0)}
    )
    can_generate = request.user.agency_id is not None and policy.can(
        request.user, "report.edit", request.user.agency_id
    )
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(
        request, "annual_report/list.html", {"page": page, "form": form, "can_generate": can_generate}
    )


@require_POST
def report_generate(request):
    form = GenerateForm(request.POST)
    agency = request.user.agency
    if agency is None:
        raise PermissionDenied("您不属于任何机关")
    if not form.is_valid():
        messages.error(request, "；".join(e for errs in form.errors.values() for e in errs))
        return redirect("annual_report:list")
    try:
        report = services.annual_report_generate(
            agency=agency, year=form.cleaned_data["year"], actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("annual_report:list")
    messages.success(request, f"已根据台账生成 {report.year} 年度报告（第 {report.version} 版）")
    return redirect("annual_report:detail", pk=report.pk)


def _cell_linker(report: AnnualReport):
    def link(path):
        return reverse("annual_report:cell", args=[report.pk, *path])

    return link


def report_detail(request, pk: int):
    report = selectors.report_get(request.user, pk)
    body = mark_safe(render_article(report.to_report(), cell_link=_cell_linker(report)))  # noqa: S308 — renderer escapes
    versions = selectors.current_versions(report.agency, report.year)
    return render(
        request,
        "annual_report/detail.html",
        {
            "report": report,
            "body": body,
            "versions": versions,
            "actions": services.available_actions(report, request.user),
            "can_edit": report.status == ReportStatus.DRAFT
            and policy.can(request.user, "report.edit", report.agency_id),
            "formats": FORMAT_LABELS.items(),
            "reason_form": ReasonForm(),
            "acknowledged": {a["key"]: a for a in report.acknowledgements},
            "can_acknowledge": report.status in (ReportStatus.DRAFT, ReportStatus.REVIEWED)
            and policy.can(request.user, "report.review", report.agency_id),
            # a supervisor above the agency issues a rectification notice from a failing check
            "can_notify": policy.can(request.user, "rectification.supervise", report.agency),
            "level_findings": [f.to_dict() for f in selectors.level_findings(report)],
        },
    )


def report_edit(request, pk: int):
    report = selectors.report_get(request.user, pk, write=True)
    if request.method == "POST":
        form = TextForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.annual_report_edit(
                    report=report,
                    text={k: data[k] for k in ("overview", "problems", "other")},
                    correction_note=data["correction_note"],
                    actor=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "正文已保存，检查已重新运行")
                return redirect("annual_report:detail", pk=pk)
    else:
        form = TextForm(initial={**report.text, "correction_note": report.correction_note})
    values = placeholder_values(report.tables, report.figures)
    return render(
        request,
        "annual_report/edit.html",
        {
            "report": report,
            "form": form,
            "values": [(key, placeholder_label(key), value) for key, value in sorted(values.items())],
        },
    )


def report_action(request, pk: int, action: str):
    report = selectors.report_get(request.user, pk, write=True)  # scope first: 404/403 before 405
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.annual_report_transition(report=report, action=action, actor=request.user, reason=reason)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已{workflow.ACTION_LABELS.get(action, action)}")
    return redirect("annual_report:detail", pk=pk)


def report_acknowledge(request, pk: int):
    """Acknowledge one warning with a reason (issue 9.6); the reasons stay with the version."""
    report = selectors.report_get(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.annual_report_acknowledge_warning(
            report=report,
            key=request.POST.get("key", ""),
            reason=request.POST.get("reason", ""),
            actor=request.user,
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已确认该警告，理由随本版本保存")
    return redirect("annual_report:detail", pk=pk)


def report_download(request, pk: int, fmt_name: str):
    report = selectors.report_get(request.user, pk)
    return download_response(report, fmt_name, request)


def download_response(report: AnnualReport, fmt_name: str, request=None) -> HttpResponse:
    """Serve the report in a format; the PDF comes from a job (202 and its progress until it is done)."""
    if fmt_name not in FORMAT_LABELS:
        raise Http404("不支持的格式")
    name = f"{report.agency.name}{report.year}年政府信息公开工作年度报告"
    if report.version > 1:
        name += f"（第{report.version}版）"
    if fmt_name == "pdf":
        job = report_pdf_job(report=report, actor=getattr(request, "user", None))
        if job.status != job.Status.DONE:
            return job_wait_page(request, job, title=f"{name}PDF正在生成")
        response = FileResponse(
            default_storage.open(job.result["file"], "rb"), content_type=MEDIA_TYPES["pdf"]
        )
    else:
        response = HttpResponse(
            render_report(report.to_report(), fmt_name), content_type=MEDIA_TYPES[fmt_name]
        )
    disposition = "inline" if fmt_name in ("html", "pdf") else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name)}.{EXTENSIONS[fmt_name]}"
    return response


def report_cell(request, pk: int, section: str, row: str, cell: str):
    """The records one printed number counts, recounted now, beside the number in the report."""
    report = selectors.report_get(request.user, pk)
    if not selectors.valid_cell(section, row, cell):
        raise Http404("没有这个单元格")
    printed = ((report.tables.get(section) or {}).get(row) or {}).get(cell)
    if report.consolidated:
        return render(
            request,
            "annual_report/cell_consolidated.html",
            {
                "report": report,
                "label": cell_label(section, row, cell),
                "printed": printed,
                "path": (section, row, cell),
                **selectors.cell_contributions(report, section, row, cell),
            },
        )
    kind, records = selectors.cell_records(report.agency, report.year, section, row, cell, user=request.user)
    return render(
        request,
        "annual_report/cell.html",
        {
            "report": report,
            "label": cell_label(section, row, cell),
            "kind": kind,
            "records": records[:500],
            "count": records.count(),
            "printed": printed,
        },
    )


@role_required(*policy.SUPERVISOR_ROLES)
def overview(request):
    try:
        year = int(request.GET.get("year") or timezone.localdate().year - 1)
    except ValueError:
        year = timezone.localdate().year - 1
    rows = selectors.overview_rows(request.user, year)
    return render(
        request,
        "annual_report/overview.html",
        {"rows": rows, "year": year, "count": readable_agencies(request.user).count()},
    )


def agency_reports_for_portal(agency: Agency):
    entries = []
    seen = set()
    for report in selectors.published_reports(agency):
        if report.year in seen:
            continue
        seen.add(report.year)
        title = f"{agency.name}{report.year}年政府信息公开工作年度报告"
        if report.version > 1:
            title += "（更正版）"
        entries.append(
            AnnualReportEntry(
                year=report.year,
                title=title,
                url=reverse("annual_report_public:report", args=[agency.credit_code, report.year]),
                published_on=timezone.localdate(report.published_at),
            )
        )
    return entries
