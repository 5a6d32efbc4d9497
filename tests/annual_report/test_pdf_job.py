"""The annual report's PDF from a job: 202 with progress until the worker made it, then the file."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.annual_report import services
from gongkai.annual_report.jobs import REPORT_PDF
from gongkai.jobs.models import Job
from gongkai.jobs.services import job_run

from .records import year_of_records


@pytest.fixture
def report(agency_a, make_user):
    clerk = make_user("pdf_clerk", agency_a, ["clerk"])
    year_of_records(agency_a, 2023)
    return services.annual_report_generate(agency=agency_a, year=2023, actor=clerk), clerk


def test_without_a_broker_the_pdf_is_served_at_once_and_reused(client, report):
    record, clerk = report
    client.force_login(clerk)
    url = reverse("annual_report:download", args=[record.pk, "pdf"])
    first = client.get(url)
    assert first.status_code == 200 and b"".join(first.streaming_content).startswith(b"%PDF")
    assert client.get(url).status_code == 200
    assert Job.objects.filter(kind=REPORT_PDF).count() == 1  # same content: same file


def test_with_a_broker_the_download_waits_for_the_worker(client, report, settings, monkeypatch):
    record, clerk = report
    settings.BROKER_URL = "redis://127.0.0.1:6379/12"
    sent = []
    monkeypatch.setattr("gongkai.jobs.tasks.run_job.delay_on_commit", lambda job_id: sent.append(job_id))
    client.force_login(clerk)
    url = reverse("annual_report:download", args=[record.pk, "pdf"])
    waiting = client.get(url)
    assert waiting.status_code == 202 and "正在生成" in waiting.content.decode()
    job = Job.objects.get(kind=REPORT_PDF)
    assert sent == [job.pk] and job.status == Job.Status.QUEUED
    assert client.get(url).status_code == 202 and Job.objects.filter(kind=REPORT_PDF).count() == 1

    assert job_run(job.pk).status == Job.Status.DONE
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_report_changed_while_its_pdf_was_queued_never_gets_the_old_file(
    client, report, settings, monkeypatch
):
    record, clerk = report
    settings.BROKER_URL = "redis://127.0.0.1:6379/12"
    monkeypatch.setattr("gongkai.jobs.tasks.run_job.delay_on_commit", lambda job_id: None)
    client.force_login(clerk)
    url = reverse("annual_report:download", args=[record.pk, "pdf"])
    assert client.get(url).status_code == 202
    job = Job.objects.get(kind=REPORT_PDF)
    record.text = {**record.text, "overview": "修改后的概述。"}
    record.save()
    assert job_run(job.pk).status == Job.Status.FAILED  # the content it was asked for is gone
    assert client.get(url).status_code == 202
    assert Job.objects.filter(kind=REPORT_PDF, status=Job.Status.QUEUED).count() == 1
