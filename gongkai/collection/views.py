"""The supervisor's collection pages: register columns, start a run, read what was filed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.agencies import policy
from gongkai.agencies.permissions import role_required
from gongkai.oversight.selectors import readable_batches

from .forms import SourceForm
from .selectors import filed_by_agency_year, registrable_agencies, run_get, runs_of, source_get, sources_of
from .services import run_start, source_register, source_update


@role_required(*policy.SUPERVISOR_ROLES)
@require_http_methods(["GET", "POST"])
def sources(request):
    agencies = registrable_agencies(request.user)
    form = SourceForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            source_register(actor=request.user, **form.cleaned_data)
        except ValueError as exc:
            form.add_error("url", str(exc))
        else:
            messages.success(request, f"已登记 {form.cleaned_data['agency'].name} 的年度报告栏目")
            return redirect("collection:sources")
    context = {
        "form": form,
        "sources": sources_of(request.user).order_by("agency__path", "pk"),
        "runs": runs_of(request.user)[:20],
    }
    return render(request, "collection/sources.html", context, status=400 if form.errors else 200)


@role_required(*policy.SUPERVISOR_ROLES)
@require_http_methods(["GET", "POST"])
def source_edit(request, pk: int):
    source = source_get(request.user, pk)
    if not policy.can(request.user, "collection.manage", source.agency):
        raise PermissionDenied("只有上级机关的监督员可以修改该栏目")
    initial = {"agency": source.agency, "url": source.url, "active": source.active}
    data = request.POST or None
    form = SourceForm(data, initial=initial, agencies=registrable_agencies(request.user), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            source_update(
                actor=request.user,
                source=source,
                url=form.cleaned_data["url"],
                active=form.cleaned_data["active"],
            )
        except ValueError as exc:
            form.add_error("url", str(exc))
        else:
            messages.success(request, "已保存")
            return redirect("collection:sources")
    return render(request, "collection/source_form.html", {"form": form, "source": source})


@role_required(*policy.SUPERVISOR_ROLES)
@require_POST
def start(request):
    chosen = sources_of(request.user).filter(active=True)
    if request.POST.get("source"):
        chosen = (
            chosen.filter(pk=request.POST["source"]) if request.POST["source"].isdigit() else chosen.none()
        )
    chosen = [s for s in chosen if policy.can(request.user, "collection.manage", s.agency)]
    try:
        run = run_start(actor=request.user, sources=chosen)
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("collection:sources")
    messages.success(request, f"已开始采集 {len(chosen)} 个栏目，正在后台进行")
    return redirect("collection:run", pk=run.pk)


@role_required(*policy.SUPERVISOR_ROLES)
def run_detail(request, pk: int):
    run = run_get(request.user, pk)
    names = {s.pk: s for s in run.sources.select_related("agency")}
    findings = [{**f, "source_obj": names.get(f.get("source"))} for f in run.findings]
    return render(request, "collection/run.html", {"run": run, "findings": findings})


@role_required(*policy.SUPERVISOR_ROLES)
def results(request):
    groups = filed_by_agency_year(request.user)
    batch_ids = {item.audited.batch_id for group in groups for item in group.items}
    readable = set(readable_batches(request.user).filter(pk__in=batch_ids).values_list("pk", flat=True))
    return render(request, "collection/results.html", {"groups": groups, "readable_batches": readable})
