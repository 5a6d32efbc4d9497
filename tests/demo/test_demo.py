"""`gongkai demo` rebuilds 洛阳市教育局 2023 so that its generated report equals the published one."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from gongkai.annual_report.models import AnnualReport
from gongkai.applications.models import Application
from gongkai.publishing.models import Document
from gongkai.report.checks import check_report
from gongkai.report.model import Report
from gongkai.report.read.text import read_text

FIXTURE = Path(__file__).parents[1] / "fixtures" / "luoyang-education-2023.txt"


@pytest.mark.django_db
def test_demo_reconstructs_the_published_report_and_is_idempotent(demo, client):
    counts = (AnnualReport.objects.count(), Application.objects.count(), Document.objects.count())
    call_command("demo", stdout=io.StringIO())
    assert (AnnualReport.objects.count(), Application.objects.count(), Document.objects.count()) == counts

    out = io.StringIO()
    call_command("report", "--agency", "洛阳市教育局", "--year", "2023", "--format", "json", stdout=out)
    generated = Report.from_dict(json.loads(out.getvalue()))
    printed, _ = read_text(FIXTURE.read_text(encoding="utf-8"))
    assert [v for _, v in generated.cells()] == [v for _, v in printed.cells()]
    # The printed report said 612 website items against columns summing to 648; ours agrees.
    assert "全年发布网站信息 648 条" in generated.text["overview"]
    assert "由年初的 56 万人增至 78 万人" in generated.text["overview"]
    assert [f.id for f in check_report(generated)] == []
    assert [f.id for f in check_report(printed)] == ["report.W002"]

    report = AnnualReport.objects.get(agency__name="洛阳市教育局", year=2023)
    assert report.status == "published" and not report.is_late()
    page = client.get(f"/reports/{report.agency.credit_code}/2023/").content.decode()
    assert "收到和处理政府信息公开申请情况" in page and "3881.372" in page

    # Every page of the platform has something to show: reports on time, late, and missing.
    overview = {
        (r.agency.name, r.year): r
        for r in AnnualReport.objects.select_related("agency").filter(year__gte=2024)
    }
    assert overview[("洛阳市住房和城乡建设局", 2024)].is_late()
    assert overview[("洛阳市教育局", 2025)].status == "published"
    assert Application.objects.filter(status="in_progress", due_date__isnull=False).exists()
    assert Application.objects.filter(status="awaiting_correction").exists()


@pytest.mark.django_db
def test_demo_publishes_the_city_consolidated_report_with_its_drill_down(demo, client):
    from gongkai.agencies.models import User
    from gongkai.annual_report.consolidation import cell_key
    from gongkai.annual_report.selectors import level_findings

    report = AnnualReport.objects.select_related("agency").get(agency__name="洛阳市人民政府", year=2023)
    assert report.status == "published" and report.consolidated and not report.is_late()
    # The scope leaves out 伊滨区管委会 (no 2023 records); the two departments are in it.
    assert [m["name"] for m in report.members] == ["洛阳市人民政府", "洛阳市教育局", "洛阳市住房和城乡建设局"]
    own = {a.agency.name: a for a in AnnualReport.objects.filter(year=2023, status="published")}
    new = "applications", "new_this_year", "total"
    parts = {own[name].tables[new[0]][new[1]][new[2]] for name in ("洛阳市教育局", "洛阳市住房和城乡建设局")}
    assert report.tables[new[0]][new[1]][new[2]] == 5 + sum(parts)  # its own 5 plus the departments'
    assert len(report.contributions[cell_key(*new)]) == 3
    assert report.error_count == report.warning_count == 0
    assert level_findings(report) == []  # each cell = its own part + the departments' published reports

    client.force_login(User.objects.get(username="cityhead"))
    page = client.get(f"/staff/annual-reports/{report.pk}/").content.decode()
    cell = f"/staff/annual-reports/{report.pk}/cell/applications/new_this_year/total/"
    assert cell in page
    drill = client.get(cell).content.decode()
    assert "洛阳市教育局" in drill and "洛阳市住房和城乡建设局" in drill and "（本级）" in drill
    assert "不一致" not in drill and "未公布" not in drill
    public = client.get(f"/reports/{report.agency.credit_code}/2023/").content.decode()
    assert "洛阳市人民政府" in public and "收到和处理政府信息公开申请情况" in public


@pytest.mark.django_db
def test_the_demos_bulk_publications_are_counted(demo):
    """The demo inserts documents in bulk (no signals) and recounts their columns and agency-year."""
    from gongkai.agencies.models import Agency
    from gongkai.annual_report.compute import compute_figures
    from tests.annual_report.first_columns import counted_in_python, public_total, reported, rescanned, stored

    assert stored() == counted_in_python()
    for agency in Agency.objects.filter(columns__isnull=False).distinct():
        years = {d.year for d in Document.objects.filter(agency=agency).dates("published_at", "year")}
        for year in sorted(years):
            assert reported(agency, year) == rescanned(agency, year), (agency.name, year)
            # the website total of a past year is the yearly aggregate's
            total = compute_figures(agency, year)["web"]["total"]
            assert total == public_total(agency, year), (agency.name, year)
