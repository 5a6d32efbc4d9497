"""Staff pages for reconsideration and litigation cases (行政复议、行政诉讼)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.agencies import policy
from gongkai.agencies.permissions import role_required
from gongkai.agencies.selectors import is_writable

from .. import choices as ch
from ..forms import RemedyCaseForm, RemedyDocumentForm
from ..selectors import application_get, remedy_case_get, remedy_cases, remedy_document_get
from ..services import (
    can_handle,
    remedy_case_create,
    remedy_case_delete,
    remedy_case_update,
    remedy_document_add,
    remedy_document_delete,
)
from .public import add_validation_errors
from .staff import can_register


def _require_handler(user, agency_id: int) -> None:
    if not can_handle(user, agency_id):
        raise PermissionDenied("只有本机关的办理员或公开办负责人可以登记案件")


@role_required(*policy.STAFF_READ_ROLES)
def remedy_list(request):
    kind = request.GET.get("kind", "")
    if kind not in dict(ch.REMEDY_KIND_CHOICES):
        kind = ""
    outcome = request.GET.get("outcome", "")
    if outcome not in dict(ch.REMEDY_OUTCOME_CHOICES):
        outcome = ""
    cases = remedy_cases(request.user, kind=kind, outcome=outcome)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "applications/remedy_list.html",
        {
            "page": page,
            "kind": kind,
            "outcome": outcome,
            "kinds": ch.REMEDY_KIND_CHOICES,
            "outcomes": ch.REMEDY_OUTCOME_CHOICES,
            "can_register": can_register(request.user),
        },
    )


@role_required(*policy.STAFF_READ_ROLES)
@require_http_methods(["GET", "POST"])
def remedy_create(request, pk: int):
    application = application_get(request.user, pk, write=True)
    _require_handler(request.user, application.agency_id)
    form = RemedyCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = remedy_case_create(application=application, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "已登记案件")
            return redirect("applications:remedy_detail", pk=case.pk)
    return render(
        request, "applications/remedy_form.html", {"form": form, "application": application, "case": None}
    )


@role_required(*policy.STAFF_READ_ROLES)
@require_http_methods(["GET", "POST"])
def remedy_detail(request, pk: int):
    """Show a case; its handlers edit it and add documents here."""
    case = remedy_case_get(request.user, pk)
    writable = is_writable(request.user, case) and can_handle(request.user, case.application.agency_id)
    initial = {name: getattr(case, name) for name in RemedyCaseForm.base_fields}
    form = RemedyCaseForm(initial=initial)
    document_form = RemedyDocumentForm()
    if request.method == "POST":
        remedy_case_get(request.user, pk, write=True)
        _require_handler(request.user, case.application.agency_id)
        if "upload" in request.POST:
            document_form = RemedyDocumentForm(request.POST, request.FILES)
            if document_form.is_valid():
                upload = document_form.cleaned_data["file"]
                try:
                    remedy_document_add(
                        case=case,
                        title=document_form.cleaned_data["title"],
                        name=upload.name,
                        data=upload.read(),
                        actor=request.user,
                    )
                except ValidationError as exc:
                    add_validation_errors(document_form, exc)
                else:
                    messages.success(request, "已上传文书")
                    return redirect("applications:remedy_detail", pk=case.pk)
        else:
            form = RemedyCaseForm(request.POST)
            if form.is_valid():
                try:
                    remedy_case_update(case=case, actor=request.user, **form.cleaned_data)
                except ValidationError as exc:
                    add_validation_errors(form, exc)
                else:
                    messages.success(request, "已保存")
                    return redirect("applications:remedy_detail", pk=case.pk)
    return render(
        request,
        "applications/remedy_detail.html",
        {
            "case": case,
            "form": form,
            "document_form": document_form,
            "writable": writable,
            "documents": case.documents.all(),
        },
    )


@role_required(*policy.STAFF_READ_ROLES)
def remedy_delete(request, pk: int):
    case = remedy_case_get(request.user, pk, write=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _require_handler(request.user, case.application.agency_id)
    application_pk = case.application_id
    remedy_case_delete(case=case, actor=request.user)
    messages.success(request, "已删除案件")
    return redirect("applications:detail", pk=application_pk)


@role_required(*policy.STAFF_READ_ROLES)
def remedy_document(request, pk: int):
    document = remedy_document_get(request.user, pk)
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name)


@role_required(*policy.STAFF_READ_ROLES)
def remedy_document_remove(request, pk: int):
    document = remedy_document_get(request.user, pk, write=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    _require_handler(request.user, document.case.application.agency_id)
    case_pk = document.case_id
    remedy_document_delete(document=document, actor=request.user)
    messages.success(request, "已删除文书")
    return redirect("applications:remedy_detail", pk=case_pk)
