"""A job's progress: JSON for scripts, an HTML fragment the progress bar polls (htmx)."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import job_for_user


@require_GET
def job_status(request, pk: int):
    job = job_for_user(request.user, pk)
    if request.htmx or request.GET.get("format") == "html":
        return render(request, "jobs/_progress.html", {"job": job})
    return JsonResponse(
        {
            "id": job.pk,
            "kind": job.kind,
            "status": job.status,
            "status_label": job.get_status_display(),
            "done": job.done,
            "total": job.total,
            "percent": job.percent,
            "error": job.error,
            "result": job.result if job.finished else {},
        },
        json_dumps_params={"ensure_ascii": False},
    )
