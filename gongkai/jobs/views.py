"""A job's progress: JSON for scripts, an HTML fragment the progress bar polls (htmx)."""

from __future__ import annotations

from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render

from .selectors import job_for_user


def job_status(request, pk: int):
    job = job_for_user(request.user, pk)  # out of scope: 404 whatever the method
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
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
