"""Issue 9 (done when): a freshly generated report of every demo agency-year passes its own checks."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.annual_report import services
from gongkai.annual_report.models import AnnualReport
from gongkai.annual_report.selectors import level_findings

FIRST_DEMO_YEAR = 2021  # the oversight demo's records start there (trends 2021–2024)
CONSOLIDATED_YEAR = 2023  # 洛阳市人民政府's consolidated report in the demo


@pytest.mark.django_db
def test_every_demo_agency_year_generates_without_error_or_warning(demo):
    years = range(FIRST_DEMO_YEAR, timezone.localdate().year + 1)
    agencies = list(Agency.objects.order_by("pk"))
    assert len(agencies) >= 4
    found: dict[tuple[str, int], list] = {}
    with_applications: dict[int, int] = dict.fromkeys(years, 0)
    for agency in agencies:
        for year in years:
            report = services.fresh_version(agency=agency, year=year)
            if not AnnualReport.objects.filter(agency=agency, year=year).exists():
                # Through the service as the office would (rolled back with the test).
                report = services.annual_report_generate(agency=agency, year=year, actor=None)
            problems = [f"{f['id']}: {f['message']}" for f in report.findings if f["level"] != "info"]
            if problems or report.error_count or report.warning_count:
                found[(agency.name, year)] = problems
            with_applications[year] += bool(report.tables["applications"]["new_this_year"]["total"])
    assert found == {}
    assert sum(with_applications.values()) >= 5  # the check ran on reports with something in them
    assert with_applications[2021] and with_applications[2022]  # the early years have records too
    # A published consolidated report also agrees with its subtree's published reports, cell by
    # cell (levels.*). Later years' fresh versions are not asked: a department's report still in
    # draft is rightly listed there (levels.W002).
    consolidated = AnnualReport.objects.filter(consolidated=True, status="published")
    assert {(r.agency.name, r.year) for r in consolidated} >= {("洛阳市人民政府", CONSOLIDATED_YEAR)}
    assert {(r.agency.name, r.year): [f.id for f in level_findings(r)] for r in consolidated} == {
        (r.agency.name, r.year): [] for r in consolidated
    }
