"""Rectification from any failing check (issue 14.6): a notice from an audited or a generated
report's finding, the corrected report uploaded as a new version with a note, checked again."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gongkai.annual_report.models import AnnualReport
from gongkai.auditlog.models import AuditEvent
from gongkai.oversight.models import AuditBatch, AuditedReport
from gongkai.publishing import services
from gongkai.publishing.models import RectificationItem
from gongkai.publishing.services.rectification import corrected_report_read, still_failing

FIXTURE = Path(__file__).parents[1] / "fixtures" / "luoyang-education-2023.txt"
TODAY = timezone.localdate()
E003 = {
    "id": "report.E003",
    "level": "error",
    "message": "第三部分“自然人”列：一 + 二 = 5，但 三（七） + 四 = 4。",
    "location": "applications.new_this_year.natural",
}
INFO = {"id": "report.I001", "level": "info", "message": "有 2 个单元格未知。", "location": ""}


@pytest.fixture
def audited(supervisor_city, agency_a):
    batch = AuditBatch.objects.create(uploaded_by=supervisor_city, agency=supervisor_city.agency, name="批次")
    return AuditedReport.objects.create(
        batch=batch, source="甲局2023.txt", agency_name=agency_a.name, year=2023, findings=[INFO, E003]
    )


@pytest.fixture
def generated(agency_a, clerk_a):
    return AnnualReport.objects.create(
        agency=agency_a, year=2023, findings=[E003], error_count=1, created_by=clerk_a
    )


def _create_url(**params) -> str:
    return reverse("publishing:rectification_create") + "?" + "&".join(f"{k}={v}" for k, v in params.items())


@pytest.mark.django_db
def test_a_notice_from_an_audited_reports_failing_check(client, supervisor_city, agency_a, audited):
    client.force_login(supervisor_city)
    url = _create_url(audited=audited.pk, finding=1)
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["agency"] == agency_a.pk  # matched by the report's agency name
    assert form.initial["title"] == E003["message"]
    deadline = (TODAY + timedelta(days=20)).isoformat()
    response = client.post(
        url, {"agency": agency_a.pk, "title": form.initial["title"], "deadline": deadline, "description": "x"}
    )
    assert response.status_code == 302
    item = RectificationItem.objects.get()
    assert (item.source_code, item.source_location, item.audited_report) == (
        "report.E003",
        "applications.new_this_year.natural",
        audited,
    )
    event = AuditEvent.objects.filter(action="publishing.rectification.file").get()
    assert "report.E003" in str(event.changes)
    detail = client.get(reverse("publishing:rectification_detail", args=[item.pk])).content.decode()
    assert "甲局2023.txt" in detail and "report.E003" in detail


@pytest.mark.django_db
def test_no_notice_from_an_info_finding_or_someone_elses_report(
    client, supervisor_city, audited, make_user, city
):
    client.force_login(supervisor_city)
    assert client.get(_create_url(audited=audited.pk, finding=0)).status_code == 404  # info: no failing check
    assert client.get(_create_url(audited=audited.pk, finding=7)).status_code == 404
    colleague = make_user("sup_city_2", city, ["supervisor"])
    client.force_login(colleague)  # audited reports are the uploader's own
    assert client.get(_create_url(audited=audited.pk, finding=1)).status_code == 404


@pytest.mark.django_db
def test_a_notice_from_a_generated_reports_finding_names_that_agency_only(
    client, supervisor_city, agency_a, agency_b, generated, clerk_b
):
    client.force_login(supervisor_city)
    page = client.get(reverse("annual_report:detail", args=[generated.pk])).content.decode()
    assert f"report={generated.pk}&amp;finding=0" in page  # the link beside the failing check
    form = client.get(_create_url(report=generated.pk, finding=0)).context["form"]
    assert list(form.fields["agency"].queryset) == [agency_a]
    outside = AnnualReport.objects.create(agency=agency_b, year=2023, findings=[E003], created_by=clerk_b)
    assert client.get(_create_url(report=outside.pk, finding=0)).status_code == 404
    with pytest.raises(ValidationError):  # the service refuses a report of another agency
        services.rectification_file(
            actor=supervisor_city,
            agency=agency_a,
            title="x",
            deadline=TODAY,
            annual_report=outside,
            source_code="report.E003",
        )


@pytest.mark.django_db
def test_the_agency_uploads_the_corrected_report_as_a_new_version(
    client, supervisor_city, clerk_a, agency_a, generated
):
    item = services.rectification_file(
        actor=supervisor_city,
        agency=agency_a,
        title="report.E003",
        deadline=TODAY + timedelta(days=5),
        annual_report=generated,
        source_code="report.E003",
        source_location="applications.new_this_year.natural",
    )
    client.force_login(clerk_a)
    answer = reverse("publishing:rectification_answer", args=[item.pk])
    upload = SimpleUploadedFile("更正版.txt", FIXTURE.read_bytes())
    client.post(answer, {"text": "已更正", "corrected_report": upload})  # no note: refused
    item.refresh_from_db()
    assert item.status == "open" and not item.responses.exists()
    upload = SimpleUploadedFile("更正版.txt", FIXTURE.read_bytes())
    response = client.post(
        answer, {"text": "已更正", "corrected_report": upload, "correction_note": "更正第三部分自然人列"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "answered"
    first = item.responses.get()
    assert (first.corrected_version, first.correction_note) == (2, "更正第三部分自然人列")
    assert [f["id"] for f in first.corrected_findings] == ["report.W002"]  # the fixture's one warning
    assert still_failing(item, first.corrected_findings) is False
    event = AuditEvent.objects.filter(action="publishing.rectification.answer").get()
    assert "corrected_version" in str(event.changes)
    assert client.get(reverse("publishing:corrected_report_download", args=[first.pk])).status_code == 200
    client.force_login(supervisor_city)
    detail = client.get(reverse("publishing:rectification_detail", args=[item.pk])).content.decode()
    assert "第 2 版" in detail and "该检查项已通过" in detail
    services.rectification_transition(
        actor=supervisor_city, item=item, name="reopen", text="仍有问题", deadline=TODAY + timedelta(days=5)
    )
    again = corrected_report_read(name="再更正.txt", data=FIXTURE.read_bytes(), note="再次更正")
    services.rectification_transition(actor=clerk_a, item=item, name="answer", text="再改", corrected=again)
    assert sorted(
        item.responses.exclude(corrected_report="").values_list("corrected_version", flat=True)
    ) == [
        2,
        3,
    ]
    services.rectification_transition(actor=supervisor_city, item=item, name="accept", text="通过")
    item.refresh_from_db()
    assert item.status == "accepted"


@pytest.mark.django_db
def test_only_an_answer_carries_a_corrected_report(supervisor_city, clerk_a, agency_a):
    item = services.rectification_file(
        actor=supervisor_city, agency=agency_a, title="问题", deadline=TODAY + timedelta(days=5)
    )
    services.rectification_transition(actor=clerk_a, item=item, name="answer", text="已改")
    corrected = corrected_report_read(name="r.txt", data=FIXTURE.read_bytes(), note="说明")
    with pytest.raises(ValidationError):
        services.rectification_transition(
            actor=supervisor_city, item=item, name="accept", text="通过", corrected=corrected
        )
    no_note = corrected_report_read(name="r.txt", data=FIXTURE.read_bytes(), note=" ")
    services.rectification_transition(
        actor=supervisor_city, item=item, name="reopen", text="再改", deadline=TODAY + timedelta(days=3)
    )
    with pytest.raises(ValidationError):  # the guard: a corrected report says what it corrects
        services.rectification_transition(
            actor=clerk_a, item=item, name="answer", text="改", corrected=no_note
        )


def test_still_failing_matches_the_check_and_its_cell() -> None:
    item = RectificationItem(source_code="report.E003", source_location="applications.new_this_year.natural")
    assert still_failing(item, [E003]) is True
    assert still_failing(item, [{**E003, "location": "applications.new_this_year.total"}]) is False
    assert still_failing(item, []) is False
    assert still_failing(RectificationItem(source_code=""), [E003]) is None
    assert still_failing(RectificationItem(source_code="report.E003"), [E003]) is True  # any cell
