"""Staff pages of documents: list, draft, detail with the review panel, correction, history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.agencies import policy
from gongkai.agencies.permissions import role_required
from gongkai.agencies.policy import DOCUMENT_DRAFTERS, DOCUMENT_REVIEWERS, STAFF_READ_ROLES
from gongkai.auditlog.selectors import events_for
from gongkai.console.validation import add_validation_errors
from gongkai.core.workflow import TransitionError

from .. import services
from ..confidentiality import ANSWERS, CHECKLIST
from ..forms import AcknowledgeForm, AttachmentForm, CorrectionForm, DocumentForm, TransitionForm
from ..models import Document, DocumentStatus
from ..pickers import SUGGESTIONS, suggestion_options
from ..selectors import document_checks, latest_return
from ..selectors.documents import (
    attachment_get,
    columns_visible_to,
    document_diff,
    document_get,
    document_suggestions,
    pii_acknowledgements_of,
    review_steps,
    status_counts,
    version_get,
    versions_of,
)
from ..selectors.documents import document_list as select_documents
from ..workflow import EDITABLE_STATES, REVIEW_STEP, WORKFLOW
from .common import working_agency


@role_required(*STAFF_READ_ROLES)
def document_list(request):
    status = request.GET.get("status", "")
    if status not in DocumentStatus.values:
        status = ""
    year = request.GET.get("year", "")
    year_value = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    column = None
    column_id = request.GET.get("column", "")
    if column_id.isdigit():
        column = columns_visible_to(request.user).filter(pk=int(column_id)).first()
    base = select_documents(request.user, column=column, year=year_value)
    counts = status_counts(base)
    documents = base.filter(status=status) if status else base
    page = Paginator(documents, 30).get_page(request.GET.get("page"))
    columns = columns_visible_to(request.user)
    return render(
        request,
        "publishing/document_list.html",
        {
            "page": page,
            "counts": [(value, label, counts.get(value, 0)) for value, label in DocumentStatus.choices],
            "total": sum(counts.values()),
            "status": status,
            "year": year_value or "",
            "column": column,
            "columns": columns,
            "can_draft": policy.has_role_of(request.user, "document.draft"),
        },
    )


@role_required(*DOCUMENT_DRAFTERS)
@require_http_methods(["GET", "POST"])
def document_create(request):
    agency = working_agency(request)
    form = DocumentForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        columns = data.pop("columns")
        try:
            document = services.document_create(actor=request.user, agency=agency, columns=columns, **data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "草稿已保存")
            return redirect("publishing:document_detail", pk=document.pk)
    return render(
        request, "publishing/document_form.html", {"form": form, "agency": agency, "document": None}
    )


@role_required(*DOCUMENT_DRAFTERS)
@require_http_methods(["GET", "POST"])
def document_edit(request, pk: int):
    document = document_get(request.user, pk, write=True)
    if document.status not in EDITABLE_STATES:
        messages.error(request, "只有草稿可以修改；已发布的信息请使用“更正”")
        return redirect("publishing:document_detail", pk=pk)
    form = DocumentForm(request.POST or None, instance=document, agency=document.agency)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        columns = data.pop("columns")
        try:
            services.document_update(actor=request.user, document=document, columns=columns, **data)
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "草稿已保存")
            return redirect("publishing:document_detail", pk=pk)
    return render(
        request,
        "publishing/document_form.html",
        {"form": form, "agency": document.agency, "document": document, "returned": latest_return(document)},
    )


def _actions_for(user, document: Document) -> list[dict]:
    """Return the review panel's buttons: the rows ``user`` may take now (``services.available_moves``).

    Scheduling is the sign-off button with a time, so its own row gets no second button.
    """
    return [
        {
            "name": t.action,
            "label": WORKFLOW.action_label(t.action),
            "needs_opinion": "opinion_given" in t.guards,
            "decision": REVIEW_STEP.get(t.action, ("", ""))[1],
            "checklist": "checklist_complete" in t.guards,
        }
        for t in services.available_moves(user, document)
        if t.action != "sign_off_scheduled"
    ]


@role_required(*STAFF_READ_ROLES)
def document_detail(request, pk: int):
    document = document_get(request.user, pk)
    report = document_checks(document)
    steps = review_steps(document)
    actions = _actions_for(request.user, document)
    return render(
        request,
        "publishing/document_detail.html",
        {
            "document": document,
            "report": report,
            "steps": steps,
            "actions": actions,
            "checklist": CHECKLIST,
            "answers": ANSWERS,
            "transition_form": TransitionForm(),
            "attachment_form": AttachmentForm(),
            "can_edit": document.status in EDITABLE_STATES
            and policy.can(request.user, "document.draft", document.agency),
            "can_ack": services.pii_refusal(request.user, document) is None,
            "can_correct": services.can_correct(request.user, document),
            "returned": latest_return(document),
            "columns": document.columns.all(),
            "attachments": document.attachments.all(),
            "interpretations": document.interpretations.all(),
            # Under review or being redrafted: what changed since the last review (or version).
            "diff": None
            if document.status in (DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN)
            else document_diff(document),
        },
    )


@role_required(*DOCUMENT_DRAFTERS)
def attachment_upload(request, pk: int):
    document = document_get(request.user, pk, write=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件")
    else:
        try:
            attachment = services.attachment_add(
                actor=request.user, document=document, upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            if attachment.extraction_error:
                messages.warning(request, attachment.extraction_error)
            else:
                messages.success(request, f"已上传附件《{attachment.name}》")
    return redirect("publishing:document_detail", pk=pk)


@role_required(*DOCUMENT_DRAFTERS)
def attachment_delete(request, pk: int):
    attachment = attachment_get(request.user, pk, write=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "附件已删除")
    return redirect("publishing:document_detail", pk=attachment.document_id)


@role_required(*STAFF_READ_ROLES)
def attachment_download(request, pk: int):
    attachment = attachment_get(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("文件不存在") from None
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


@role_required(*STAFF_READ_ROLES)
def document_transition(request, pk: int, name: str):
    document = document_get(request.user, pk, write=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("publishing:document_detail", pk=pk)
    if name == "sign_off" and form.cleaned_data.get("publish_at"):
        if form.cleaned_data["publish_at"] > timezone.now():
            name = "sign_off_scheduled"
    try:
        services.document_transition(
            actor=request.user,
            document=document,
            name=name,
            opinion=form.cleaned_data["opinion"],
            publish_at=form.cleaned_data.get("publish_at"),
            checklist={key: request.POST.get(f"check_{key}", "") for key, _ in CHECKLIST},
        )
    except TransitionError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        document.refresh_from_db()
        messages.success(request, f"已完成：{document.get_status_display()}")
    return redirect("publishing:document_detail", pk=pk)


@role_required(*DOCUMENT_REVIEWERS)
@require_http_methods(["GET", "POST"])
def document_correct(request, pk: int):
    document = document_get(request.user, pk, write=True)
    if document.status != DocumentStatus.PUBLISHED:
        messages.error(request, "只有已发布的信息可以更正")
        return redirect("publishing:document_detail", pk=pk)
    initial = {
        "title": document.title,
        "summary": document.summary,
        "body": document.body,
        "document_number": document.document_number,
    }
    form = CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        reason = data.pop("reason")
        try:
            version = services.document_correct(actor=request.user, document=document, reason=reason, **data)
        except TransitionError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, f"已更正，当前为第{version.number}版")
            return redirect("publishing:document_detail", pk=pk)
    return render(request, "publishing/document_correct.html", {"form": form, "document": document})


@role_required(*DOCUMENT_REVIEWERS)
def pii_acknowledge(request, pk: int):
    document = document_get(request.user, pk, write=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写保留理由")
    else:
        try:
            services.pii_acknowledge(
                actor=request.user,
                document=document,
                fingerprint=form.cleaned_data["fingerprint"],
                reason=form.cleaned_data["reason"],
            )
        except (TransitionError, PermissionDenied) as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已记录保留理由")
    return redirect("publishing:document_detail", pk=pk)


@role_required(*STAFF_READ_ROLES)
def document_history(request, pk: int):
    document = document_get(request.user, pk)
    versions = versions_of(document)
    events = events_for(document)
    steps = review_steps(document)
    acks = pii_acknowledgements_of(document)
    return render(
        request,
        "publishing/document_history.html",
        {"document": document, "versions": versions, "events": events, "steps": steps, "acks": acks},
    )


@role_required(*STAFF_READ_ROLES)
def version_detail(request, pk: int):
    version = version_get(request.user, pk)
    return render(
        request, "publishing/version_detail.html", {"version": version, "document": version.document}
    )


@role_required(*DOCUMENT_DRAFTERS)
@require_http_methods(["GET"])
def document_suggest(request):
    """The suggestions of a document picker: documents of the agencies one may write, by words typed."""
    field = request.GET.get("field", "")
    text = request.GET.get(field, "") if field in ("interprets", "replaced_by") else ""
    return HttpResponse(suggestion_options(document_suggestions(request.user, text, SUGGESTIONS)))
