"""Staff pages: the work list, the application list, registration, the detail page, downloads."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from gongkai.agencies import policy
from gongkai.agencies.models import Agency
from gongkai.agencies.permissions import role_required
from gongkai.agencies.selectors import active_agencies_for, active_agency, colleagues, is_writable

from .. import choices as ch
from ..documents import receipt_pdf
from ..exports import export_response
from ..forms import StaffRegisterForm
from ..letters import available_letters
from ..models import Application
from ..selectors import (
    BUCKETS,
    application_get,
    applications_for,
    assignee_counts,
    attachment_get,
    bucket_q,
    due_soon_limit,
    month_count,
    similar_applications,
    worklist_counts,
)
from ..services import Upload, _base, application_register, can_handle, check_query_code, format_query_code
from ..services.clock import clock_result
from ..services.handling import deemed_withdrawal
from ..services.intake import normalise_query_code
from ..services.personal_data import (
    application_reveal_personal_data,
    may_reveal_personal_data,
    sees_personal_data,
)
from ..validation import normalise_id_number
from ..workflow import STATUS_CHOICES, STATUS_LABELS, Status
from .actions import visible_actions
from .public import _receipt_context, add_validation_errors, letter_response

PAGE_SIZE = 50


def _assignee_filter(queryset, request):
    value = request.GET.get("assignee", "")
    if value == "me":
        return queryset.filter(assignee=request.user), value
    if value == "none":
        return queryset.filter(assignee__isnull=True), value
    if value.isdigit():
        return queryset.filter(assignee_id=int(value)), value
    return queryset, ""


def _search(queryset, request):
    q = request.GET.get("q", "").strip()[:60]
    if q:
        queryset = queryset.filter(
            Q(tracking_number__iexact=q) | Q(applicant_name__icontains=q) | Q(id_number=q.upper())
        )
    return queryset, q


def _category(queryset, request):
    value = request.GET.get("category", "")
    if value in dict(ch.APPLICANT_CATEGORY_CHOICES):
        return queryset.filter(applicant_category=value), value
    return queryset, ""


def _export_or_page(request, queryset, template: str, context: dict, name: str):
    fmt = request.GET.get("export", "")
    if fmt in ("csv", "xlsx"):
        return export_response(queryset, fmt, name)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    context |= {"page": page, "query": params.urlencode()}
    return render(request, template, context)


def can_register(user) -> bool:
    return policy.holds(user, "application.handle")


def _staff_of(user):
    """Clerks the user may filter by (their agency; site admins: none listed, they use ids)."""
    return colleagues(user)


@role_required(*policy.STAFF_READ_ROLES)
def worklist(request):
    """Open applications by bucket: due today, within 3 working days, overdue, awaiting … ."""
    day = _base.today()
    limit = due_soon_limit(day)
    base = applications_for(request.user)
    bucket = request.GET.get("bucket", "open")
    if bucket not in BUCKETS:
        bucket = "open"
    counts = worklist_counts(base, day, limit)
    queryset = base.filter(bucket_q(bucket, day, limit))
    queryset, assignee = _assignee_filter(queryset, request)
    queryset, q = _search(queryset, request)
    queryset, category = _category(queryset, request)
    queryset = queryset.select_related("agency", "assignee").order_by(
        F("due_date").asc(nulls_last=True), "arrived_at", "pk"
    )
    context = {
        "day": day,
        "limit": limit,
        "bucket": bucket,
        "buckets": [(key, label, counts[key]) for key, label in BUCKETS.items()],
        "by_clerk": assignee_counts(base, day),
        "staff": _staff_of(request.user),
        "assignee": assignee,
        "q": q,
        "category": category,
        "categories": ch.APPLICANT_CATEGORY_CHOICES,
        "can_register": can_register(request.user),
    }
    return _export_or_page(
        request, queryset, "applications/worklist.html", context, f"worklist-{day.isoformat()}"
    )


@role_required(*policy.STAFF_READ_ROLES)
def application_list(request):
    """Every application the user may read, with filters (status, outcome, category, year, …)."""
    queryset = applications_for(request.user)
    status = request.GET.get("status", "")
    if status in dict(STATUS_CHOICES):
        queryset = queryset.filter(status=status)
    else:
        status = ""
    outcome = request.GET.get("outcome", "")
    if outcome in ch.OUTCOME_LABELS:
        queryset = queryset.filter(outcome=outcome)
    else:
        outcome = ""
    year = request.GET.get("year", "")
    if year.isdigit() and 2000 <= int(year) <= 2100:
        y = int(year)
        queryset = queryset.filter(received_on__gte=date(y, 1, 1), received_on__lte=date(y, 12, 31))
    else:
        year = ""
    channel = request.GET.get("channel", "")
    if channel in dict(ch.CHANNEL_CHOICES):
        queryset = queryset.filter(channel=channel)
    else:
        channel = ""
    queryset, assignee = _assignee_filter(queryset, request)
    queryset, q = _search(queryset, request)
    queryset, category = _category(queryset, request)
    queryset = queryset.select_related("agency", "assignee").order_by("-arrived_at", "-pk")
    context = {
        "status": status,
        "statuses": STATUS_CHOICES,
        "outcome": outcome,
        "outcomes": ch.OUTCOME_LABELS.items(),
        "year": year,
        "channel": channel,
        "channels": ch.CHANNEL_CHOICES,
        "assignee": assignee,
        "q": q,
        "category": category,
        "categories": ch.APPLICANT_CATEGORY_CHOICES,
        "staff": _staff_of(request.user),
        "years": range(_base.today().year, _base.today().year - 8, -1),
        "can_register": can_register(request.user),
    }
    return _export_or_page(request, queryset, "applications/list.html", context, "applications")


def _register_agency(request) -> Agency | None:
    """Return the agency an application is registered for; None: a site admin has not chosen one."""
    user = request.user
    if user.agency_id and can_handle(user, user.agency_id):
        return user.agency
    if user.is_site_admin:
        pk = request.GET.get("agency") or request.POST.get("agency_id")
        if pk and str(pk).isdigit():
            agency = active_agency(int(pk))
            if agency is not None:
                return agency
        if pk:
            raise Http404("机关不存在或已停用")
        return None
    raise PermissionDenied("只有本机关的办理员或公开办负责人可以登记申请")


@role_required(*policy.APPLICATION_HANDLERS)
@require_http_methods(["GET", "POST"])
def register(request):
    """Register an application that arrived in person, by post, fax, e-mail or orally."""
    agency = _register_agency(request)
    if agency is None:  # a site admin registers for an agency chosen first
        return render(
            request, "applications/register_choose.html", {"agencies": active_agencies_for(request.user)}
        )
    form = StaffRegisterForm(request.POST or None, request.FILES or None, agency=agency)
    similar, count = [], None
    if request.method == "POST" and form.is_valid():
        data = form.application_data()
        number = normalise_id_number(data.id_number)
        similar = similar_applications(agency_id=agency.pk, id_number=number, description=data.description)
        received = form.cleaned_data["received_on"]
        count = month_count(agency.pk, number, received)
        if "check" not in request.POST:
            uploads = [Upload(f.name, f.read()) for f in form.cleaned_data["attachments"]]
            try:
                registration = application_register(
                    agency=agency,
                    data=data,
                    actor=request.user,
                    channel=form.cleaned_data["channel"],
                    arrived_at=form.cleaned_data["arrived_at"],
                    arrival_notes=form.cleaned_data["arrival_notes"],
                    received_on=received,
                    receipt_basis=form.cleaned_data["receipt_basis"],
                    receipt_note=form.cleaned_data["receipt_note"],
                    assignee=form.cleaned_data["assignee"],
                    uploads=uploads,
                    idempotency_key=form.cleaned_data["token"],
                )
            except ValidationError as exc:
                add_validation_errors(form, exc)
            else:
                return render(
                    request,
                    "applications/registered.html",
                    {
                        "application": registration.application,
                        "query_code": format_query_code(registration.query_code),
                        "raw_code": registration.query_code,
                        "repeat": not registration.created,
                    },
                )
    return render(
        request,
        "applications/register.html",
        {
            "form": form,
            "agency": agency,
            "similar": similar,
            "month_count": count,
            "checked": "check" in request.POST,
        },
    )


@role_required(*policy.STAFF_READ_ROLES)
def detail(request, pk: int):
    application = application_get(request.user, pk)
    writable = is_writable(request.user, application)
    day = _base.today()
    events = list(application.events.select_related("actor"))
    clock, clock_error = None, ""
    if application.received_on:
        try:
            as_of = application.decided_on if application.decided_on else max(day, application.received_on)
            clock = clock_result(application, rows=events, today=as_of)
        except ValidationError as exc:
            clock_error = " ".join(exc.messages)
    show_similar = application.is_open or application.status == Status.DECIDED
    similar = (
        similar_applications(
            agency_id=application.agency_id,
            id_number=application.id_number,
            description=application.description,
            exclude_pk=application.pk,
        )
        if show_similar
        else []
    )
    count_day = application.received_on or timezone.localdate(application.arrived_at)
    context = {
        "application": application,
        "status_label": STATUS_LABELS[Status(application.status)],
        "writable": writable,
        "show_identity": sees_personal_data(request.user, application) or getattr(request, "revealed", False),
        "may_reveal": may_reveal_personal_data(request.user, application)
        and not getattr(request, "revealed", False),
        "reveal_error": getattr(request, "reveal_error", ""),
        "events": events,
        "clock": clock,
        "clock_error": clock_error,
        "consultations": application.consultations.all(),
        "attachments": application.attachments.all(),
        "letters": [(k, dict(ch.LETTER_KIND_CHOICES)[k]) for k in available_letters(application)],
        "cases": application.remedy_cases.all(),
        "similar": similar,
        "month_count": month_count(application.agency_id, application.id_number, count_day),
        "actions": visible_actions(request.user, application) if writable else [],
        "deemed": deemed_withdrawal(application) if application.is_open else None,
        "today": day,
        "can_register": can_register(request.user),
    }
    return render(request, "applications/detail.html", context)


@role_required(*policy.STAFF_READ_ROLES)
def reveal(request, pk: int):
    """Show the applicant's personal data in full to a reviewer, once, with an audit record (9.7)."""
    application = application_get(request.user, pk)
    if request.method != "POST":  # scope first: 404 before 405
        return HttpResponseNotAllowed(["POST"])
    try:
        application_reveal_personal_data(
            application=application, actor=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        request.reveal_error = " ".join(exc.messages)
        return detail(request, pk)
    request.revealed = True
    return detail(request, pk)


@role_required(*policy.STAFF_READ_ROLES)
def letter(request, pk: int, kind: str, fmt: str):
    application = application_get(request.user, pk)
    if kind not in available_letters(application) or fmt not in ("pdf", "docx"):
        raise Http404("没有该文书")
    return letter_response(application, kind, fmt, request)


@role_required(*policy.STAFF_READ_ROLES)
def attachment(request, pk: int, attachment_pk: int):
    item = attachment_get(request.user, pk, attachment_pk)
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.original_name, content_type=item.content_type
    )


@role_required(*policy.STAFF_READ_ROLES)
def delivery_proof(request, pk: int):
    application = application_get(request.user, pk)
    if not application.delivery_proof:
        raise Http404("没有送达凭证")
    return FileResponse(
        application.delivery_proof.open("rb"),
        as_attachment=True,
        filename=f"{application.tracking_number}-delivery{_ext(application.delivery_proof.name)}",
    )


def _ext(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1] if "." in name else ""


@role_required(*policy.STAFF_READ_ROLES)
@require_http_methods(["GET", "POST"])
def receipt(request, pk: int):
    """The receipt PDF; with the query code (POSTed at registration) it is printed on it."""
    application = application_get(request.user, pk)
    code = ""
    if request.method == "POST":
        application_get(request.user, pk, write=True)
        candidate = normalise_query_code(request.POST.get("query_code", ""))
        if candidate and check_query_code(candidate, application.query_code_hash):
            code = candidate
    response = HttpResponse(
        receipt_pdf(_receipt_context(application, code or None)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{application.tracking_number}-receipt.pdf"'
    return response


def detail_url(application: Application) -> str:
    return reverse("applications:detail", args=[application.pk])
