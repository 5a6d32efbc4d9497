"""The government's consolidated report: its subtree from the aggregates, the setting, the drill-down."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.annual_report import services
from gongkai.annual_report.consolidation import cell_key, consolidate, members
from gongkai.annual_report.models import ConsolidationScope, publication_deadline
from gongkai.annual_report.selectors import level_findings
from gongkai.report import format as fmt

from .records import application, figures, year_of_records


@pytest.fixture
def tree(make_agency, city, agency_a):
    """city ─┬─ 甲局 (agency_a)
    ├─ 测试县人民政府 ── 县局
    └─ 乙园区 ── 乙园区分局"""
    county = make_agency("测试县人民政府", parent=city, kind="government")
    county_dept = make_agency("县局", parent=county)
    zone = make_agency("乙园区", parent=city, kind="county_body")
    zone_sub = make_agency("乙园区分局", parent=zone)
    return {
        "city": city,
        "a": agency_a,
        "county": county,
        "county_dept": county_dept,
        "zone": zone,
        "sub": zone_sub,
    }


def names(agencies):
    return [a.name for a in agencies]


@pytest.mark.django_db
def test_members_follow_the_setting(tree):
    city = tree["city"]
    assert names(members(city))[0] == city.name  # the government itself first
    assert set(names(members(city))) == {a.name for a in tree.values()}
    scope = ConsolidationScope.objects.create(government=city, include_lower_governments=False)
    assert set(names(members(city))) == {city.name, "甲局", "乙园区", "乙园区分局"}
    scope.excluded.add(tree["zone"])  # leaves out its subtree too
    assert set(names(members(city))) == {city.name, "甲局"}
    tree["a"].is_active = False
    tree["a"].save()
    assert names(members(city)) == [city.name]


@pytest.mark.django_db
def test_cells_are_the_sum_of_the_included_agencies(tree):
    year_of_records(tree["a"], 2023)
    application(tree["city"], received=date(2023, 2, 1), decided=date(2023, 2, 9), outcome="disclosed")
    application(tree["county_dept"], received=date(2023, 6, 1))
    for key in ("city", "county", "county_dept", "zone", "sub"):
        figures(tree[key], 2023, licensing=1, fees="0.5")
    whole = consolidate(tree["city"], 2023)
    apps = whole["tables"]["applications"]
    assert apps["new_this_year"]["total"] == 4 + 1 + 1
    assert apps["disclosed"]["natural"] == 2 + 1
    assert apps["carried_forward"]["total"] == 1 + 1
    assert whole["tables"]["proactive"]["licensing"]["decisions"] == 10 + 5
    assert whole["tables"]["proactive"]["fees"]["amount_10k_yuan"] == "14.8450"  # 12.345 + 5 × 0.5
    # listed in tree order (by materialised path, whose sibling order follows the ids' digits)
    assert sorted(whole["contributions"][cell_key("applications", "new_this_year", "total")]) == sorted(
        [[tree["city"].pk, 1], [tree["a"].pk, 4], [tree["county_dept"].pk, 1]]
    )
    assert whole["figures"]["fee_yuan"] == 100
    assert len(whole["members"]) == 6


@pytest.mark.django_db
def test_a_figure_one_agency_has_not_entered_leaves_the_cell_unknown(tree):
    figures(tree["city"], 2023, licensing=3)
    whole = consolidate(tree["city"], 2023)
    assert whole["tables"]["proactive"]["licensing"]["decisions"] is None
    listed = dict(map(tuple, whole["contributions"][cell_key("proactive", "licensing", "decisions")]))
    assert listed[tree["city"].pk] == 3 and listed[tree["a"].pk] is None


@pytest.fixture
def city_office(make_user, city):
    return {
        "clerk": make_user("city_clerk", city, ["clerk"]),
        "reviewer": make_user("city_rev", city, ["reviewer_1"]),
        "head": make_user("city_head", city, ["office_head"]),
    }


@pytest.fixture
def a_office(make_user, agency_a):
    return {
        "clerk": make_user("a_clerk", agency_a, ["clerk"]),
        "reviewer": make_user("a_rev", agency_a, ["reviewer_1"]),
        "head": make_user("a_head", agency_a, ["office_head"]),
    }


def publish(report, office, day: date):
    at = timezone.make_aware(datetime(day.year, day.month, day.day, 10))
    for action, who in (("review", "reviewer"), ("approve", "head"), ("publish", "head")):
        report = services.annual_report_transition(report=report, action=action, actor=office[who], at=at)
    return report


@pytest.mark.django_db
def test_the_government_report_is_consolidated_with_the_31_march_deadline(tree, city_office):
    year_of_records(tree["a"], 2023)
    report = services.annual_report_generate(agency=tree["city"], year=2023, actor=city_office["clerk"])
    assert report.consolidated and len(report.members) == 6
    assert report.tables["applications"]["new_this_year"]["total"] == 4
    assert report.deadline == date(2024, 3, 31) == publication_deadline(2023, True)
    assert publication_deadline(2023) == date(2024, 1, 31)
    for key in ("city", "county", "county_dept", "zone", "sub"):
        figures(tree[key], 2023)
    report = services.annual_report_generate(agency=tree["city"], year=2023, actor=city_office["clerk"])
    published = publish(report, city_office, date(2024, 3, 20))
    assert not published.is_late()  # after 31 January, but a consolidated report has until 31 March
    assert published.to_report().applications["new_this_year"]["total"] == 4


@pytest.mark.django_db
def test_checks_across_levels_name_the_agency_behind_a_difference(tree, city_office, a_office):
    year_of_records(tree["a"], 2023)
    for key in ("city", "county", "county_dept", "zone", "sub"):
        figures(tree[key], 2023)
    dept = publish(
        services.annual_report_generate(agency=tree["a"], year=2023, actor=a_office["clerk"]),
        a_office,
        date(2024, 1, 20),
    )
    assert dept.tables["applications"]["new_this_year"]["total"] == 4
    consolidated = services.annual_report_generate(agency=tree["city"], year=2023, actor=city_office["clerk"])
    found = {f.id for f in level_findings(consolidated)}
    assert found == {"levels.W002"}, [
        str(f) for f in level_findings(consolidated)
    ]  # only the four agencies without a published report
    missing = next(f for f in level_findings(consolidated) if f.id == "levels.W002")
    assert "4 个机关" in missing.message and "县局" in missing.message
    # a record of 甲局 changes after its report was published: the consolidation counts it, the
    # department's published report does not
    application(tree["a"], received=date(2023, 8, 1))
    consolidated = services.annual_report_generate(agency=tree["city"], year=2023, actor=city_office["clerk"])
    differences = [f for f in level_findings(consolidated) if f.id == "levels.W001"]
    cells = {str(f.location) for f in differences}
    assert "applications.new_this_year.total" in cells and "applications.carried_forward.natural" in cells
    assert all("甲局（已公布 " in f.message for f in differences)


@pytest.mark.django_db
def test_drill_down_and_supervisor_page(client, tree, city_office, supervisor_city):
    year_of_records(tree["a"], 2023)
    application(tree["city"], received=date(2023, 2, 1))
    report = services.annual_report_generate(agency=tree["city"], year=2023, actor=city_office["clerk"])
    client.force_login(supervisor_city)
    detail = client.get(reverse("annual_report:detail", args=[report.pk])).content.decode()
    assert "汇总范围与上下级核对" in detail and "levels.W002" in detail and "2024年3月31日" in detail
    page = client.get(
        reverse("annual_report:cell", args=[report.pk, "applications", "new_this_year", "total"])
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "甲局" in text and "测试市人民政府（本级）" in text and "未公布" in text
    assert "县局" not in text  # contributed 0: counted among the zero rows, not listed
    for section, row, cell in fmt.all_cell_paths()[:3]:
        assert (
            client.get(reverse("annual_report:cell", args=[report.pk, section, row, cell])).status_code == 200
        )
