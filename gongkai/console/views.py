"""The staff console: dashboard, agencies, staff, history. Login required (deny by default)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gongkai.agencies import policy
from gongkai.agencies import services as agency_services
from gongkai.agencies.selectors import (
    agencies_outside,
    agencies_readable,
    agency_get,
    children_of,
    manageable_member_get,
    roles_of,
    staff_of,
)
from gongkai.auditlog.selectors import events_filtered, events_for, history_key, history_subject

from .dashboard import panels_for
from .forms import AgencyForm, AuditFilterForm, RolesForm, StaffCreateForm


def dashboard(request):
    return render(request, "console/dashboard.html", {"panels": panels_for(request)})


def agency_list(request):
    agencies = agencies_readable(request.user)
    return render(request, "console/agency_list.html", {"agencies": agencies})


def agency_detail(request, pk: int):
    agency = agency_get(request.user, pk)
    staff = staff_of(request.user, agency)
    return render(
        request,
        "console/agency_detail.html",
        {
            "agency": agency,
            "children": children_of(agency),
            "staff": staff,
            "can_admin": policy.administers(request.user, agency),
        },
    )


@require_http_methods(["GET", "POST"])
def agency_edit(request, pk: int):
    agency = agency_get(request.user, pk, write=True)
    if not policy.administers(request.user, agency):
        raise PermissionDenied("只有本机关管理员可以修改机关信息")
    site_admin = request.user.is_site_admin
    form = AgencyForm(
        request.POST if request.method == "POST" else None,
        instance=agency,
        allow_parent=site_admin,
        parent_queryset=agencies_outside(agency),
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            agency_services.agency_update(actor=request.user, agency=agency, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "机关信息已保存")
            return redirect("console:agency_detail", pk=pk)
    return render(request, "console/agency_form.html", {"form": form, "agency": agency})


@require_http_methods(["GET", "POST"])
def agency_create(request):
    if not request.user.is_site_admin:
        raise PermissionDenied("只有系统管理员可以新建机关")
    form = AgencyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = agency_services.agency_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已新建机关：{agency.name}")
            return redirect("console:agency_detail", pk=agency.pk)
    return render(request, "console/agency_form.html", {"form": form, "agency": None})


@require_http_methods(["GET", "POST"])
def staff_create(request, pk: int):
    agency = agency_get(request.user, pk, write=True)
    if not policy.administers(request.user, agency):
        raise PermissionDenied("只有本机关管理员可以添加人员")
    form = StaffCreateForm(
        request.POST if request.method == "POST" else None, grantable=policy.grantable_roles(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agency_services.staff_create(
                actor=request.user,
                username=data["username"],
                password=data["password"],
                agency=agency,
                full_name=data["full_name"],
                email=data["email"],
                roles=data["roles"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, str(exc) if isinstance(exc, PermissionDenied) else exc)
        else:
            messages.success(request, f"已添加人员：{data['full_name']}")
            return redirect("console:agency_detail", pk=agency.pk)
    return render(request, "console/staff_form.html", {"form": form, "agency": agency})


@require_http_methods(["GET", "POST"])
def staff_roles(request, pk: int):
    member = manageable_member_get(request.user, pk)
    grantable = policy.grantable_roles(request.user, member)
    if not grantable:
        raise PermissionDenied("只有本机关管理员可以调整角色")
    current = roles_of(member)
    form = RolesForm(
        request.POST if request.method == "POST" else None,
        initial={"roles": sorted(current & set(grantable))},
        grantable=grantable,
    )
    if request.method == "POST" and form.is_valid():
        roles = set(form.cleaned_data["roles"]) | (current - set(grantable))  # keep what one may not grant
        try:
            agency_services.staff_set_roles(actor=request.user, user=member, roles=roles)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "角色已更新")
            if member.agency_id and policy.administers(request.user, member.agency):
                return redirect("console:agency_detail", pk=member.agency_id)
            return redirect("console:dashboard")
    return render(request, "console/staff_roles.html", {"form": form, "member": member})


def object_history(request, app_label: str, model: str, pk: str):
    """Show the audit trail of one object the user may see."""
    obj = history_subject(request.user, app_label, model, pk)
    events = events_for(obj)
    return render(request, "console/history.html", {"object": obj, "events": events})


def audit_log(request):
    """The audit log of the agencies the user may read (site admins: all, including system events).

    Filtered by Chinese action names (a chosen action, or any whose name contains the words typed)
    and by a date range; invalid filters show their error and the unfiltered log.
    """
    form = AuditFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {name: data[name] for name in ("action", "q", "since", "until")}
    events = events_filtered(request.user, **filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "console/audit_log.html", {"page": page, "form": form, "query": query.urlencode()})


def history_url_for(obj) -> str:
    return reverse("console:history", args=[*history_key(obj), obj.pk])
