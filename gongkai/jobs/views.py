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


def job_wait_page(request, job, *, title: str):
    """Answer a download whose file a job is still making: 202 and a page that reloads itself.

    The page shows the job's progress (a reload shows it again) and reloads until the file is
    there; a failed job gets 503 and its message. Works for anonymous visitors too: it does not
    poll the staff-only status URL. Without a request (an API view) the answer is JSON.
    """
    failed = job is not None and job.status == job.Status.FAILED
    if request is None:  # an API call: the same answer as JSON
        response = JsonResponse(
            {
                "status": job.status if job else "queued",
                "percent": job.percent if job else 0,
                "message": f"{title}，请稍后再试" if not failed else f"文件生成失败：{job.error}",
            },
            status=503 if failed else 202,
            json_dumps_params={"ensure_ascii": False},
        )
        response["Retry-After"] = "2"
        return response
    authenticated = getattr(request.user, "is_authenticated", False)
    response = render(
        request,
        "jobs/wait.html",
        {
            "job": job,
            "title": title,
            "failed": failed,
            "base_template": "base.html" if authenticated else "portal/base.html",
        },
        status=503 if failed else 202,
    )
    if not failed:
        response["Retry-After"] = "2"
    response["Cache-Control"] = "no-store"
    return response
