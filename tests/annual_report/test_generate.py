"""The annual report computed from the records, its narrative, workflow, portal page and CLI."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies import policy
from gongkai.agencies.policy import InvalidTransition
from gongkai.annual_report import services, workflow
from gongkai.annual_report.models import AnnualReport, ReportStatus
from gongkai.annual_report.panels import reminder
from gongkai.annual_report.selectors import cell_records, overview_rows
from gongkai.report import format as fmt

from .records import year_of_records


@pytest.fixture
def office(make_user, agency_a):
    return {
        "clerk": make_user("ar_clerk", agency_a, ["clerk"]),
        "reviewer": make_user("ar_rev", agency_a, ["reviewer_1"]),
        "head": make_user("ar_head", agency_a, ["office_head"]),
    }


@pytest.fixture
def generated(agency_a, office):
    year_of_records(agency_a, 2023)
    return services.annual_report_generate(agency=agency_a, year=2023, actor=office["clerk"])


@pytest.mark.django_db
def test_tables_come_from_the_records(generated):
    t = generated.tables
    apps = t["applications"]
    assert apps["new_this_year"]["natural"] == 3 and apps["new_this_year"]["commercial"] == 1
    assert apps["new_this_year"]["total"] == 4
    assert apps["carried_over"]["total"] == 1
    assert apps["disclosed"]["natural"] == 2
    assert apps["unavailable.not_held"]["commercial"] == 1
    assert apps["partially_disclosed"]["total"] == 1
    assert apps["total_handled"]["total"] == 4
    assert apps["carried_forward"]["total"] == 1
    for col in fmt.APPLICANT_CATEGORIES:  # the identity printed in the table
        assert (
            apps["new_this_year"][col] + apps["carried_over"][col]
            == apps["total_handled"][col] + apps["carried_forward"][col]
        )
    assert t["proactive"]["normative_documents"] == {"issued": 1, "repealed": 1, "valid": 6}
    assert t["proactive"]["licensing"]["decisions"] == 10
    assert t["proactive"]["fees"]["amount_10k_yuan"] == 12.345
    assert t["remedies"]["reconsideration"] == {
        "upheld": 0,
        "corrected": 0,
        "other": 0,
        "pending": 1,
        "total": 1,
    }
    assert t["remedies"]["litigation_direct"]["other"] == 1
    assert generated.error_count == 0, generated.findings


@pytest.mark.django_db
def test_every_cell_recounts_to_its_printed_number(generated, agency_a):
    for section, row, cell in fmt.all_cell_paths():
        kind, records = cell_records(agency_a, 2023, section, row, cell)
        if kind == "figures":
            continue
        assert records.count() == generated.tables[section][row][cell], (section, row, cell)


@pytest.mark.django_db
def test_narrative_numbers_are_the_tables_numbers(generated):
    report = generated.to_report()
    assert "全年共受理依申请公开4件" in report.text["overview"]
    assert "收取信息处理费100元" in report.text["other"]
    assert "{{" not in report.text["overview"]
    # The office's edit keeps placeholders; an unknown one is refused with its name.
    with pytest.raises(ValidationError, match=r"no\.such"):
        services.annual_report_edit(report=generated, text={"overview": "{{no.such}}"}, actor=None)


@pytest.mark.django_db
def test_workflow_to_publication_and_correction(generated, office):
    with pytest.raises(InvalidTransition):
        services.annual_report_transition(report=generated, action="approve", actor=office["head"])
    with pytest.raises(PermissionDenied):
        services.annual_report_transition(report=generated, action="review", actor=office["clerk"])
    services.annual_report_transition(report=generated, action="review", actor=office["reviewer"])
    with pytest.raises(PermissionDenied):
        services.annual_report_transition(report=generated, action="approve", actor=office["reviewer"])
    services.annual_report_transition(report=generated, action="approve", actor=office["head"])
    at = timezone.make_aware(datetime(2024, 1, 20, 10, 0))
    published = services.annual_report_transition(
        report=generated, action="publish", actor=office["head"], at=at
    )
    assert published.status == ReportStatus.PUBLISHED and not published.is_late()
    with pytest.raises(ValidationError):
        services.annual_report_edit(report=published, text={"overview": "改"}, actor=office["clerk"])

    correction = services.annual_report_generate(agency=published.agency, year=2023, actor=office["clerk"])
    assert correction.version == 2 and correction.supersedes == published
    assert correction.text == published.text
    services.annual_report_transition(report=correction, action="review", actor=office["reviewer"])
    services.annual_report_transition(report=correction, action="approve", actor=office["head"])
    with pytest.raises(ValidationError, match="更正说明"):
        services.annual_report_transition(report=correction, action="publish", actor=office["head"])
    services.annual_report_transition(
        report=correction, action="return", actor=office["head"], reason="补更正说明"
    )
    services.annual_report_edit(
        report=correction, text=correction.text, correction_note="更正第三部分", actor=office["clerk"]
    )
    for action, who in (("review", "reviewer"), ("approve", "head"), ("publish", "head")):
        services.annual_report_transition(report=correction, action=action, actor=office[who])
    assert AnnualReport.objects.filter(status=ReportStatus.PUBLISHED).count() == 2


@pytest.mark.django_db
def test_approval_is_blocked_while_an_error_remains(generated, office, monkeypatch):
    from gongkai.annual_report import services as svc

    services.annual_report_transition(report=generated, action="review", actor=office["reviewer"])
    real = svc.compute_tables

    def inconsistent(agency, year):
        tables = real(agency, year)
        tables["applications"]["disclosed"]["natural"] += 1  # breaks 三（七） = sum of outcomes
        return tables

    monkeypatch.setattr(svc, "compute_tables", inconsistent)
    with pytest.raises(ValidationError, match="错误"):
        services.annual_report_transition(report=generated, action="approve", actor=office["head"])
    generated.refresh_from_db()
    assert generated.status == ReportStatus.REVIEWED  # nothing changed: the step ran in one transaction


ACTOR_FOR = {"review": "reviewer", "approve": "head", "publish": "head", "return": "head"}


@pytest.mark.django_db
def test_the_table_walked_through_the_service(generated, office):
    """Every (status, action) pair: allowed exactly when the table has a row, and then to its target."""
    for status in ReportStatus.values:
        AnnualReport.objects.filter(pk=generated.pk).update(status=status)
        for action in workflow.ACTION_LABELS:
            fresh = AnnualReport.objects.get(pk=generated.pk)
            targets = workflow.WORKFLOW.targets_of(action, status)
            kwargs = {"report": fresh, "action": action, "actor": office[ACTOR_FOR[action]], "reason": "理由"}
            with transaction.atomic():  # roll every move back: each pair starts from the same record
                if targets:
                    assert services.annual_report_transition(**kwargs).status in targets
                    transaction.set_rollback(True)
                else:
                    with pytest.raises(InvalidTransition):
                        services.annual_report_transition(**kwargs)
            assert AnnualReport.objects.get(pk=generated.pk).status == status


@pytest.mark.django_db
def test_who_may_take_each_row(generated, make_user, agency_a):
    """Each row against every role: allowed exactly for the roles of its policy role set."""
    from gongkai.agencies.models import Role

    for row in workflow.TRANSITIONS:
        for role in Role:
            user = make_user(f"u_{row.action}_{row.source}_{role}", agency_a, [role])
            allowed = role == Role.SITE_ADMIN or role in policy.ROLE_SETS[row.roles]
            report = AnnualReport.objects.get(pk=generated.pk)
            AnnualReport.objects.filter(pk=report.pk).update(status=row.source)
            report.refresh_from_db()
            with transaction.atomic():
                if allowed:
                    services.annual_report_transition(
                        report=report, action=row.action, actor=user, reason="理由"
                    )
                    transaction.set_rollback(True)
                else:
                    with pytest.raises(PermissionDenied):
                        services.annual_report_transition(
                            report=report, action=row.action, actor=user, reason="理由"
                        )
    outsider = make_user("ar_outsider", None, ["reviewer_1"])  # the right role, but no agency
    AnnualReport.objects.filter(pk=generated.pk).update(status=ReportStatus.DRAFT)
    with pytest.raises(PermissionDenied):
        services.annual_report_transition(report=generated, action="review", actor=outsider)


@pytest.mark.django_db
def test_portal_shows_only_published_reports(client, generated, office, agency_a):
    url = reverse("annual_report_public:report", args=[agency_a.credit_code, 2023])
    assert client.get(url).status_code == 404
    for action, who in (("review", "reviewer"), ("approve", "head"), ("publish", "head")):
        services.annual_report_transition(report=generated, action=action, actor=office[who])
    page = client.get(url).content.decode()
    assert "收到和处理政府信息公开申请情况" in page and "全年共受理依申请公开4件" in page
    pdf = client.get(reverse("annual_report_public:download", args=[agency_a.credit_code, 2023, "txt"]))
    assert pdf.status_code == 200 and "政府信息公开工作年度报告" in pdf.content.decode()


@pytest.mark.django_db
def test_staff_pages(client, generated, office):
    client.force_login(office["clerk"])
    detail = client.get(reverse("annual_report:detail", args=[generated.pk])).content.decode()
    assert "/cell/applications/new_this_year/total/" in detail
    cell = client.get(
        reverse("annual_report:cell", args=[generated.pk, "applications", "disclosed", "natural"])
    )
    assert "重新统计：<strong>2</strong>" in cell.content.decode()
    for fmt_name in ("html", "pdf", "docx", "txt", "md", "json", "csv"):
        response = client.get(reverse("annual_report:download", args=[generated.pk, fmt_name]))
        assert response.status_code == 200, fmt_name
    response = client.post(
        reverse("annual_report:edit", args=[generated.pk]),
        {"overview": "{{bad}}", "problems": "", "other": ""},
    )
    assert "未知的数据项" in response.content.decode()


@pytest.mark.django_db
def test_cli_prints_the_computed_report(agency_a):
    year_of_records(agency_a, 2023)
    out = io.StringIO()
    call_command("report", "--agency", agency_a.name, "--year", "2023", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["applications"]["new_this_year"]["total"] == 4
    assert data["proactive"]["normative_documents"]["valid"] == 6
    out = io.StringIO()
    call_command("report", "--agency", agency_a.credit_code, "--year", "2023", "--format", "txt", stdout=out)
    assert "一、本年新收政府信息公开申请数量" in out.getvalue()
    with pytest.raises(SystemExit) as exc:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["gongkai", "report", "--agency", "没有这个机关", "--year", "2023"])
    assert exc.value.code == 2


@pytest.mark.django_db
def test_reminder_and_lateness(agency_a, generated):
    assert reminder(agency_a, date(2023, 12, 5))["remind"]
    assert (
        reminder(agency_a, date(2024, 1, 31))["remind"] and not reminder(agency_a, date(2024, 1, 31))["late"]
    )
    assert reminder(agency_a, date(2024, 2, 1))["late"]


@pytest.mark.django_db
def test_supervisor_overview(supervisor_city, generated, agency_a, city):
    rows = {r["agency"].pk: r for r in overview_rows(supervisor_city, 2023, today=date(2024, 2, 2))}
    assert set(rows) == {city.pk, agency_a.pk}
    assert rows[agency_a.pk]["report"]["pk"] == generated.pk and rows[agency_a.pk]["late"]
    assert rows[agency_a.pk]["report"]["status_label"] == "草稿"
    assert rows[agency_a.pk]["new"] == 4
    assert rows[city.pk]["report"] is None


@pytest.mark.django_db
def test_the_overview_reads_its_rows_from_the_covering_index(supervisor_city, generated):
    """SQLite answers the overview's report query from ``annual_report_overview`` alone: the
    versions' rows (tables, text, findings: kilobytes each) are never read for a province's list."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        overview_rows(supervisor_city, 2023)
    (reports_sql,) = [q["sql"] for q in captured if "annual_report_annualreport" in q["sql"]]
    assert '"headline"' in reports_sql and '"tables"' not in reports_sql
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + reports_sql.replace("%s", "?"))
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "COVERING INDEX annual_report_overview" in plan, plan


@pytest.mark.django_db
def test_the_overview_figures_follow_the_tables_on_every_save(generated):
    from django.apps import apps

    from gongkai.annual_report.models import AnnualReport, headline_of

    assert generated.headline == headline_of(generated.tables) and generated.headline["new"] == 4
    generated.tables["applications"]["new_this_year"]["total"] = 9
    generated.save(update_fields=["tables"])
    assert AnnualReport.objects.get(pk=generated.pk).headline["new"] == 9
    assert headline_of({})["new"] is None  # a cell the tables lack is unknown, not 0
    generated.published_at = datetime(2024, 1, 30, 17, 0, tzinfo=UTC)  # 31 January in Beijing
    generated.save(update_fields=["published_at"])
    assert AnnualReport.objects.get(pk=generated.pk).published_on == date(2024, 1, 31)
    # the migration fills the column of the versions saved before it
    AnnualReport.objects.update(headline={}, published_on=None)
    migration = __import__("gongkai.annual_report.migrations.0006_report_headline", fromlist=["fill"])
    migration.fill(apps, None)
    assert AnnualReport.objects.get(pk=generated.pk).headline["new"] == 9
    assert AnnualReport.objects.get(pk=generated.pk).published_on == date(2024, 1, 31)
