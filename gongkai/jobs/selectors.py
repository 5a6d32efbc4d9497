"""Reading jobs, scoped to what the user may see."""

from __future__ import annotations

from django.http import Http404

from gongkai.agencies.scoping import get_scoped

from .models import Job


def job_for_user(user, pk: int) -> Job:
    """Return the job if ``user`` may see it (its agency's staff, or whoever started it); else 404."""
    job = Job.objects.filter(pk=pk, created_by=user).first() if user.is_authenticated else None
    if job is not None:
        return job
    try:
        return get_scoped(Job, user, pk=pk)
    except Http404:
        raise Http404("任务不存在或无权查看") from None
