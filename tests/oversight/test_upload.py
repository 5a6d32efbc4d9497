"""The supervisor's report-audit pages: upload, per-report findings with highlighted cells, comparison."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.oversight.models import AuditBatch, AuditedReport

FIXTURE = Path(__file__).parents[1] / "fixtures" / "luoyang-education-2023.txt"


def _broken_copy() -> bytes:
    # One wrong number in the applications table: 予以公开 natural 5 -> 4 breaks two identities.
    text = FIXTURE.read_text(encoding="utf-8")
    return text.replace("(一) 予以公开\t5\t0\t0\t0\t0\t0\t5", "(一) 予以公开\t4\t0\t0\t0\t0\t0\t5").encode()


@pytest.fixture
def supervisor(make_user, city):
    return make_user("sup", city, ["supervisor"])


@pytest.mark.django_db
def test_upload_reads_each_file_and_continues_past_a_bad_one(
    client, supervisor, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(supervisor)
    files = [
        SimpleUploadedFile("luoyang.txt", FIXTURE.read_bytes()),
        SimpleUploadedFile("broken.txt", _broken_copy()),
        SimpleUploadedFile("noise.pdf", b"\x00\x01garbage" * 50),
    ]
    with django_capture_on_commit_callbacks(execute=True):  # the job runs once the upload commits
        response = client.post(reverse("oversight:audit_upload"), {"files": files, "name": "测试批次"})
    assert response.status_code == 302
    batch = AuditBatch.objects.get(name="测试批次")
    assert batch.job.status == "done" and batch.job.done == 3
    assert not any(tmp_path.rglob("*.txt"))  # the stored uploads are dropped once read
    reports = {r.source: r for r in batch.reports.all()}
    assert set(reports) == {"luoyang.txt", "broken.txt", "noise.pdf"}
    good = reports["luoyang.txt"]
    assert good.readable and good.error_count == 0 and good.year == 2023
    assert good.data["proactive"]["licensing"]["decisions"] == 4255
    assert any(f["id"] == "report.W002" for f in good.findings)
    assert reports["broken.txt"].error_count >= 1
    assert not reports["noise.pdf"].readable

    page = client.get(reverse("oversight:batch", args=[batch.pk])).content.decode()
    assert "luoyang.txt" in page and "无法读取" in page and "予以公开" in page

    detail = client.get(
        reverse("oversight:report", args=[batch.pk, reports["broken.txt"].pk])
    ).content.decode()
    assert "report.E00" in detail
    assert 'class="cell-error"' in detail or "cell-error" in detail


@pytest.mark.django_db
def test_upload_without_files_is_a_clear_error(client, supervisor):
    client.force_login(supervisor)
    response = client.post(reverse("oversight:audit_upload"), {})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
    assert AuditBatch.objects.count() == 0


@pytest.mark.django_db
def test_clerks_cannot_use_the_audit_pages(client, clerk_a):
    client.force_login(clerk_a)
    assert client.get(reverse("oversight:audit_upload")).status_code == 403


@pytest.mark.django_db
def test_batches_are_private_to_their_uploader(client, supervisor, make_user, city):
    other = make_user("sup2", city, ["supervisor"])
    batch = AuditBatch.objects.create(uploaded_by=other, agency=city, name="别人的")
    AuditedReport.objects.create(batch=batch, source="x.txt")
    client.force_login(supervisor)
    assert client.get(reverse("oversight:batch", args=[batch.pk])).status_code == 404


@pytest.mark.django_db
def test_the_batch_page_shows_progress_until_the_worker_is_done(client, supervisor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(supervisor)
    files = [SimpleUploadedFile("luoyang.txt", FIXTURE.read_bytes())]
    response = client.post(reverse("oversight:audit_upload"), {"files": files})  # not committed: queued
    batch = AuditBatch.objects.get()
    assert response["Location"] == reverse("oversight:batch", args=[batch.pk])
    page = client.get(response["Location"]).content.decode()
    assert f'id="job-{batch.job.pk}"' in page and "排队中" in page and "every 2s" in page
    from gongkai.jobs.services import job_run

    job_run(batch.job.pk)  # what the worker does
    page = client.get(response["Location"]).content.decode()
    assert "luoyang.txt" in page and "every 2s" not in page
