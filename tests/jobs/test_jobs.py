"""Tracked jobs: started in a transaction, run after commit (in-process without a broker), scoped."""

from __future__ import annotations

import pytest

from gongkai.jobs.models import Job
from gongkai.jobs.registry import job_handler
from gongkai.jobs.services import job_progress, job_run, job_start


@job_handler("tests.count", "测试：计数")
def _count(job, *, upto: int):
    for i in range(upto):
        job_progress(job, done=i + 1, total=upto)
    return {"counted": upto}


@job_handler("tests.refuse", "测试：拒绝")
def _refuse(job):
    raise ValueError("文件无法读取")


@job_handler("tests.crash", "测试：出错")
def _crash(job):
    raise RuntimeError("secret internals")


def test_a_job_runs_when_the_transaction_commits(clerk_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = job_start(kind="tests.count", params={"upto": 3}, actor=clerk_a)
        assert Job.objects.get(pk=job.pk).status == Job.Status.QUEUED  # nothing ran before commit
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.result, job.percent) == ("done", 3, 3, {"counted": 3}, 100)
    assert job.agency_id == clerk_a.agency_id and job.started_at and job.finished_at


def test_a_job_runs_once_even_when_delivered_twice(clerk_a):
    job = job_start(kind="tests.count", params={"upto": 1}, actor=clerk_a)
    assert job_run(job.pk).status == "done"
    assert job_run(job.pk) is None


def test_a_refused_job_keeps_its_chinese_reason_and_a_crash_hides_internals(clerk_a):
    refused = job_run(job_start(kind="tests.refuse", actor=clerk_a).pk)
    crashed = job_run(job_start(kind="tests.crash", actor=clerk_a).pk)
    assert (refused.status, refused.error) == ("failed", "文件无法读取")
    assert crashed.status == "failed" and "secret" not in crashed.error and "内部错误" in crashed.error


def test_an_unknown_kind_is_refused_before_anything_is_written(clerk_a):
    with pytest.raises(LookupError):
        job_start(kind="tests.nothing", actor=clerk_a)
    assert not Job.objects.exists()


def test_progress_is_visible_to_the_agency_and_hidden_from_others(client, clerk_a, clerk_b):
    job = job_start(kind="tests.count", params={"upto": 2}, actor=clerk_a)
    job_progress(job, done=1, total=4)
    client.force_login(clerk_a)
    data = client.get(f"/staff/jobs/{job.pk}/").json()
    assert (data["status"], data["percent"], data["status_label"]) == ("queued", 25, "排队中")
    html = client.get(f"/staff/jobs/{job.pk}/?format=html").content.decode()
    assert "every 2s" in html and "1 / 4" in html  # keeps polling while unfinished
    client.force_login(clerk_b)
    assert client.get(f"/staff/jobs/{job.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/staff/jobs/{job.pk}/").status_code == 302  # to the login page
