"""Issue 9.6: the annual report cannot be published wrong (through the services)."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.annual_report import services
from gongkai.annual_report.models import ReportStatus
from gongkai.publishing.models import Column, ColumnKind, Document, DocumentStatus
from gongkai.report.checks import check_report

from .records import year_of_records


@pytest.fixture
def office(make_user, agency_a):
    return {
        "clerk": make_user("pr_clerk", agency_a, ["clerk"]),
        "reviewer": make_user("pr_rev", agency_a, ["reviewer_1"]),
        "head": make_user("pr_head", agency_a, ["office_head"]),
        "head2": make_user("pr_head2", agency_a, ["office_head"]),
    }


@pytest.fixture
def draft(agency_a, office):
    year_of_records(agency_a, 2023)
    return services.annual_report_generate(agency=agency_a, year=2023, actor=office["clerk"])


def _at(*args):
    return timezone.make_aware(datetime(*args))


@pytest.mark.django_db
def test_not_before_the_year_has_ended(draft, office):
    services.annual_report_transition(report=draft, action="review", actor=office["reviewer"])
    with pytest.raises(ValidationError, match="2023年度尚未结束"):
        services.annual_report_transition(
            report=draft, action="approve", actor=office["head"], at=_at(2023, 12, 31, 23, 0)
        )
    report = services.annual_report_transition(
        report=draft, action="approve", actor=office["head"], at=_at(2024, 1, 1, 9, 0)
    )
    with pytest.raises(ValidationError, match="自2024年1月1日起"):
        services.annual_report_transition(
            report=report, action="publish", actor=office["head"], at=_at(2023, 12, 31)
        )
    report = services.annual_report_transition(
        report=report, action="publish", actor=office["head"], at=_at(2024, 1, 2)
    )
    assert report.status == ReportStatus.PUBLISHED


@pytest.mark.django_db
def test_the_approver_cannot_be_the_only_reviewer(draft, office):
    services.annual_report_transition(report=draft, action="review", actor=office["head"])
    with pytest.raises(ValidationError, match="审核人不能同时批准"):
        services.annual_report_transition(report=draft, action="approve", actor=office["head"])
    assert services.annual_report_transition(
        report=draft, action="approve", actor=office["head2"]
    ).status == (ReportStatus.APPROVED)


@pytest.mark.django_db
def test_blank_cells_block_approval_and_publication(draft, office, monkeypatch):
    real = services.compute_tables

    def with_a_blank(agency, year):
        tables = real(agency, year)
        tables["proactive"]["licensing"]["decisions"] = None
        return tables

    services.annual_report_transition(report=draft, action="review", actor=office["reviewer"])
    monkeypatch.setattr(services, "compute_tables", with_a_blank)
    with pytest.raises(ValidationError, match=r"空白单元格.*请填写 0"):
        services.annual_report_transition(report=draft, action="approve", actor=office["head"])
    draft.refresh_from_db()
    assert draft.status == ReportStatus.REVIEWED
    assert len(services.blank_cells(with_a_blank(draft.agency, 2023))) == 1
    assert services.blank_cells(real(draft.agency, 2023)) == []


@pytest.mark.django_db
def test_every_warning_is_acknowledged_with_a_reason_kept_with_the_version(draft, office, monkeypatch):
    warning = {"id": "report.W001", "level": "warning", "message": "某项警告", "location": "applications"}
    real = services._run_checks

    def with_warning(report):
        real(report)
        report.findings = [*report.findings, warning]
        report.warning_count += 1

    monkeypatch.setattr(services, "_run_checks", with_warning)
    report = services.annual_report_transition(report=draft, action="review", actor=office["reviewer"])
    with pytest.raises(ValidationError, match="1 项警告未确认"):
        services.annual_report_transition(report=report, action="approve", actor=office["head"])
    key = services.warning_key(warning)
    report.refresh_from_db()
    report.findings = [*report.findings, warning]  # as the refused approval saw it
    report.save()
    with pytest.raises(ValidationError, match="理由"):
        services.annual_report_acknowledge_warning(report=report, key=key, reason=" ", actor=office["head"])
    with pytest.raises(ValidationError, match="没有这项警告"):
        services.annual_report_acknowledge_warning(
            report=report, key="x@y", reason="理由充分说明", actor=office["head"]
        )
    services.annual_report_acknowledge_warning(
        report=report, key=key, reason="经核实数据无误，系统计口径差异", actor=office["reviewer"]
    )
    report = services.annual_report_transition(report=report, action="approve", actor=office["head"])
    assert report.status == ReportStatus.APPROVED
    assert [(a["key"], a["reason"]) for a in report.acknowledgements] == [
        (key, "经核实数据无误，系统计口径差异")
    ]


@pytest.mark.django_db
def test_a_document_in_two_columns_does_not_break_the_narrative(agency_a, office, make_user):
    year_of_records(agency_a, 2023)
    news = Column.objects.create(agency=agency_a, name="工作动态", kind=ColumnKind.OTHER, position=1)
    notices = Column.objects.create(agency=agency_a, name="通知公告", kind=ColumnKind.OTHER, position=2)
    for n in range(3):
        document = Document.objects.create(
            agency=agency_a,
            title=f"文件{n}",
            formed_on=datetime(2023, 5, 1).date(),
            status=DocumentStatus.PUBLISHED,
            published_at=_at(2023, 5, 2 + n),
            created_by=office["clerk"],
            publish_elapsed_workdays=1,
        )
        document.columns.add(news)
        if n == 0:
            document.columns.add(notices)  # one document in both columns
    report = services.annual_report_generate(agency=agency_a, year=2023, actor=office["clerk"])
    text = report.to_report().text["overview"]
    assert "主动公开政府信息3条，其中（按首个发布栏目统计）《工作动态》栏目3条" in text
    assert not [f for f in report.findings if f["level"] != "info"], report.findings


@pytest.mark.django_db
def test_the_draft_is_not_copied_from_last_years_draft(agency_a, office):
    year_of_records(agency_a, 2023)
    year_of_records(agency_a, 2024)
    last = services.annual_report_generate(agency=agency_a, year=2023, actor=office["clerk"])
    last.status = ReportStatus.PUBLISHED
    last.save()
    this = services.annual_report_generate(agency=agency_a, year=2024, actor=office["clerk"])
    assert "report.W005" not in [f["id"] for f in this.findings]
    # Without the boilerplate rule the same two drafts are near-identical: the check still works.
    bare = check_report(this.to_report(), previous=last.to_report())
    assert "report.W005" in [f.id for f in bare]
    # An office that pastes last year's own words gets the warning.
    words = "本年度我们重点推进了义务教育招生入学政策的公开解读工作，在局门户网站开设专题，" * 6
    last.text = last.text | {"problems": words}
    last.save()
    services.annual_report_edit(report=this, text=this.text | {"problems": words}, actor=office["clerk"])
    this.refresh_from_db()
    assert "report.W005" in [f["id"] for f in this.findings]


@pytest.mark.django_db
def test_the_detail_page_acknowledges_a_warning(client, draft, office):
    from django.urls import reverse

    warning = {"id": "report.W003", "level": "warning", "message": "某项警告", "location": "overview"}
    draft.findings = [*draft.findings, warning]
    draft.save()
    client.force_login(office["reviewer"])
    page = client.get(reverse("annual_report:detail", args=[draft.pk])).content.decode()
    assert 'value="report.W003@overview"' in page and "确认警告" in page
    client.post(
        reverse("annual_report:acknowledge", args=[draft.pk]),
        {"key": "report.W003@overview", "reason": "文字表述经核实无误"},
    )
    draft.refresh_from_db()
    assert draft.acknowledgements[0]["reason"] == "文字表述经核实无误"
    assert (
        "已确认：文字表述经核实无误"
        in client.get(reverse("annual_report:detail", args=[draft.pk])).content.decode()
    )
