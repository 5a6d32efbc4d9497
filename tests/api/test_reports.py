"""Annual reports as open data, and the auditor over the API."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.api.models import AuditJob
from gongkai.jobs.models import Job
from gongkai.report.model import Report
from gongkai.report.read.text import read_text
from gongkai.report.render.csv import column_code

FIXTURE = Path(__file__).parents[1] / "fixtures" / "luoyang-education-2023.txt"


@pytest.fixture
def luoyang(db):
    """The demo's people and its 洛阳市教育局 2023 records, report generated and published (the seed)."""
    from gongkai.demo import luoyang
    from gongkai.demo.management.commands.demo import Command

    agencies, users, _ = Command()._load_people()
    luoyang.load(agency=agencies["education"], users=users, rng=random.Random(2023))
    return agencies["education"]


@pytest.mark.django_db
def test_dataset_returns_luoyang_2023_equal_to_the_seed(client, luoyang):
    from gongkai.annual_report.models import AnnualReport

    printed, _ = read_text(FIXTURE.read_text(encoding="utf-8"))
    seed = AnnualReport.objects.get(agency=luoyang, year=2023, status="published")

    rows = client.get("/api/v1/annual-reports/dataset.json").json()
    (entry,) = [r for r in rows if r["agency"] == "洛阳市教育局" and r["year"] == 2023]
    assert entry["credit_code"] == luoyang.credit_code and entry["version"] == seed.version
    for section in ("proactive", "applications", "remedies"):
        assert entry[section] == seed.tables[section], section
    assert [v for _, v in Report.from_dict(entry).cells()] == [v for _, v in printed.cells()]

    one = client.get(f"/api/v1/annual-reports/{luoyang.credit_code}/2023/")
    assert one.status_code == 200 and one["X-Report-Version"] == str(seed.version)
    assert {k: v for k, v in one.json().items()} == {
        k: v for k, v in entry.items() if k not in ("credit_code", "version")
    }
    assert client.get(f"/api/v1/annual-reports/{luoyang.credit_code}/2019/").status_code == 404

    text = client.get("/api/v1/annual-reports/dataset.csv").content.decode("utf-8-sig")
    rows = csv.reader(io.StringIO(text))
    header = [column_code(name) for name in next(rows)]  # "机关 (agency)" → "agency"
    (line,) = [
        r
        for r in (dict(zip(header, row, strict=True)) for row in rows)
        if r["agency"] == "洛阳市教育局" and r["year"] == "2023"
    ]
    assert line["credit_code"] == luoyang.credit_code
    assert line["proactive.licensing.decisions"] == "4255"
    assert line["applications.new_this_year.total"] == "5"
    assert line["proactive.fees.amount_10k_yuan"] == "3881.372"


@pytest.mark.django_db
def test_auditor_job_reads_and_checks_a_report_file(client, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("luoyang-2023.txt", FIXTURE.read_bytes(), content_type="text/plain")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/auditor/jobs/", {"file": upload})
    assert response.status_code == 202
    job = client.get(f"/api/v1/auditor/jobs/{response.json()['id']}/").json()
    assert job["status"] == "done" and job["source"] == "luoyang-2023.txt"
    result = job["result"]
    assert result["agency"] == "洛阳市教育局" and result["year"] == 2023 and result["readable"] is True
    assert [f["id"] for f in result["findings"]] == ["report.W002"]
    assert result["findings"][0]["location"]  # where the finding is (provenance)
    assert bytes(AuditJob.objects.get(pk=job["id"]).data) == b""  # the file is not kept
    (tracked,) = Job.objects.filter(kind="api.audit")  # run as a tracked job of gongkai.jobs
    assert tracked.status == Job.Status.DONE and tracked.params == {"audit_job_id": job["id"]}


@pytest.mark.django_db
def test_auditor_reports_an_unreadable_file_as_a_finding(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/auditor/jobs/", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.4 broken")}
        )
    job = client.get(f"/api/v1/auditor/jobs/{response.json()['id']}/").json()
    assert job["status"] == "done" and job["result"]["readable"] is False and job["result"]["findings"]
    missing = client.post("/api/v1/auditor/jobs/", {})
    assert missing.status_code == 400 and missing.json()["error"]["fields"]["file"]
    assert client.get("/api/v1/auditor/jobs/00000000-0000-0000-0000-000000000000/").status_code == 404
