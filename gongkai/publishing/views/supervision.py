"""Staff pages of supervision: freshness inspection and rectification lists (问题清单)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.agencies import policy
from gongkai.agencies.permissions import role_required
from gongkai.agencies.policy import STAFF_READ_ROLES
from gongkai.agencies.scoping import readable_agencies
from gongkai.agencies.selectors import agency_get
from gongkai.console.validation import add_validation_errors
from gongkai.report.format import location_label

from .. import services
from ..forms import RectificationAnswerForm, RectificationForm, RectificationReviewForm
from ..selectors import inspect_agencies, inspect_agency
from ..selectors.supervision import (
    FINDING_STATES,
    agency_column,
    finding_source,
    later_report_versions,
    open_finding_keys,
    rectification_item_get,
    rectification_items,
    rectification_response_get,
    responses_of,
    supervised_agencies,
)
from ..services.rectification import available_moves, corrected_report_read, default_deadline, still_failing


@role_required(*STAFF_READ_ROLES)
def inspection_overview(request):
    agencies = list(readable_agencies(request.user).order_by("path")[:500])
    results = inspect_agencies(agencies)
    return render(
        request,
        "publishing/inspection_overview.html",
        {"results": [results[a.pk] for a in agencies], "today": timezone.localdate()},
    )


@role_required(*STAFF_READ_ROLES)
def inspection_agency(request, agency_pk: int):
    agency = agency_get(request.user, agency_pk)
    result = inspect_agency(agency)
    filed = open_finding_keys(agency)
    return render(
        request,
        "publishing/inspection_agency.html",
        {
            "inspection": result,
            "agency": agency,
            "findings": [(f, (f.code, f.column_id) in filed) for f in result.findings()],
            "can_file": policy.supervises(request.user, agency),
        },
    )


@role_required(*policy.SUPERVISOR_ROLES)
def rectification_from_inspection(request, agency_pk: int):
    """File an inspection result as a rectification item with one click (default deadline)."""
    agency = agency_get(request.user, agency_pk)
    if not policy.supervises(request.user, agency):
        raise PermissionDenied("只能对下级机关提出整改问题")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    code = request.POST.get("code", "")
    column_id = request.POST.get("column", "")
    column_pk = int(column_id) if column_id.isdigit() else None
    finding = inspect_agency(agency).finding(code, column_pk)
    if finding is None:
        messages.error(request, "该检查结果已不存在（可能已整改），请刷新页面")
        return redirect("publishing:inspection_agency", agency_pk=agency.pk)
    column = agency_column(agency, column_pk)
    item = services.rectification_file(
        actor=request.user,
        agency=agency,
        title=finding.title,
        description=finding.description,
        deadline=default_deadline(),
        column=column,
        source_code=finding.code,
    )
    messages.success(request, f"已列入问题清单，整改期限 {item.deadline:%Y-%m-%d}")
    return redirect("publishing:inspection_agency", agency_pk=agency.pk)


@role_required(*STAFF_READ_ROLES)
def rectification_list(request):
    today = timezone.localdate()
    state = request.GET.get("state", "open")
    if state not in FINDING_STATES:
        state = "all"
    # A supervisor also sees the findings they filed; the scoping already covers their subtree.
    items = rectification_items(request.user, state=state, today=today)
    return render(
        request,
        "publishing/rectification_list.html",
        {
            "items": items[:500],
            "state": state,
            "today": today,
            "can_file": supervised_agencies(request.user).exists(),
        },
    )


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


@role_required(*policy.SUPERVISOR_ROLES)
@require_http_methods(["GET", "POST"])
def rectification_create(request):
    """File a notice; with ``?report=`` or ``?audited=`` and ``&finding=``, from that failing check."""
    agencies = supervised_agencies(request.user)
    initial = {"deadline": default_deadline()}
    if request.GET.get("agency", "").isdigit():
        initial["agency"] = int(request.GET["agency"])
    source = None
    index = _int_param(request, "finding")
    report_pk, audited_pk = _int_param(request, "report"), _int_param(request, "audited")
    if index is not None and (report_pk or audited_pk):
        source = finding_source(request.user, report_pk=report_pk, audited_pk=audited_pk, index=index)
        if source is None:
            raise Http404("该检查结果不存在或无权查看")
        finding = source.finding
        initial |= {
            "title": finding["message"][:300],
            "description": f"来源：{source.label}\n"
            f"位置：{location_label(finding.get('location') or '') or '全文'}\n"
            f"{finding['message']}\n请核实并更正，上传更正后的报告并写明更正说明。",
        }
        if source.agency is not None:
            initial["agency"] = source.agency.pk
        if source.annual_report is not None:  # the report's agency, no other
            agencies = agencies.filter(pk=source.annual_report.agency_id)
    form = RectificationForm(request.POST or None, agencies=agencies, initial=initial)
    if request.method == "POST" and form.is_valid():
        origin = {}
        if source is not None:
            origin = {
                "source_code": source.finding["id"],
                "source_location": source.finding.get("location") or "",
                "annual_report": source.annual_report,
                "audited_report": source.audited_report,
            }
        try:
            item = services.rectification_file(actor=request.user, **form.cleaned_data, **origin)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "整改通知已下发，列入问题清单")
            return redirect("publishing:rectification_detail", pk=item.pk)
    return render(
        request,
        "publishing/simple_form.html",
        {
            "form": form,
            "title": "下发整改通知" if source else "提出整改问题",
            "back": "publishing:rectification_list",
            "intro": f"依据检查结果：{source.label}" if source else "",
        },
    )


@role_required(*STAFF_READ_ROLES)
def rectification_detail(request, pk: int):
    item = rectification_item_get(request.user, pk)
    moves = available_moves(request.user, item)
    responses = list(responses_of(item))
    return render(
        request,
        "publishing/rectification_detail.html",
        {
            "item": item,
            "responses": responses,
            "versions": [
                (r, still_failing(item, r.corrected_findings)) for r in responses if r.corrected_report
            ],
            "later_versions": later_report_versions(item),
            "answer_form": RectificationAnswerForm() if "answer" in moves else None,
            "review_form": RectificationReviewForm() if {"accept", "reopen"} & set(moves) else None,
            "overdue": item.is_overdue(),
        },
    )


@role_required(*STAFF_READ_ROLES)
def rectification_answer(request, pk: int):
    item = rectification_item_get(request.user, pk, write=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RectificationAnswerForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            upload = form.cleaned_data.get("corrected_report")
            corrected = (
                corrected_report_read(
                    name=upload.name, data=upload.read(), note=form.cleaned_data.get("correction_note", "")
                )
                if upload
                else None
            )
            services.rectification_transition(
                actor=request.user,
                item=item,
                name="answer",
                text=form.cleaned_data["text"],
                evidence=form.cleaned_data.get("evidence"),
                corrected=corrected,
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "整改情况已提交，等待核查")
    return redirect("publishing:rectification_detail", pk=pk)


@role_required(*policy.SUPERVISOR_ROLES)
def rectification_review(request, pk: int):
    item = rectification_item_get(request.user, pk)
    if not policy.supervises(request.user, item.agency):
        raise PermissionDenied("只有上级监督员可以核查整改情况")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = RectificationReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择核查结论并填写意见")
    else:
        try:
            services.rectification_transition(
                actor=request.user,
                item=item,
                name=form.cleaned_data["decision"],
                text=form.cleaned_data["text"],
                deadline=form.cleaned_data.get("deadline"),
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "核查结论已记录")
    return redirect("publishing:rectification_detail", pk=pk)


@role_required(*STAFF_READ_ROLES)
def corrected_report_download(request, pk: int):
    response = rectification_response_get(request.user, pk)
    if not response.corrected_report:
        raise Http404("没有更正后的报告")
    try:
        handle = response.corrected_report.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("文件不存在") from None
    return FileResponse(handle, as_attachment=True, filename=response.corrected_name or "report")


@role_required(*STAFF_READ_ROLES)
def evidence_download(request, pk: int):
    response = rectification_response_get(request.user, pk)
    if not response.evidence:
        raise Http404("没有佐证材料")
    try:
        handle = response.evidence.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("文件不存在") from None
    return FileResponse(handle, as_attachment=True, filename=response.evidence_name or "evidence")
