"""Checks across levels (report/checks/levels.py): each fires on its case and stays quiet otherwise."""

from __future__ import annotations

from gongkai.report import format as fmt
from gongkai.report.checks.levels import Member, check_levels
from gongkai.report.model import Report


def report(new=0, licensing=1, year=2023) -> Report:
    r = Report(agency="某机关", year=year)
    for section, row, cell in fmt.all_cell_paths():
        getattr(r, section)[row][cell] = 0
    r.applications["new_this_year"]["total"] = new
    r.proactive["licensing"]["decisions"] = licensing
    return r


PATH = ("applications", "new_this_year", "total")


def ids(findings):
    return sorted(f.id for f in findings)


def test_consistent_consolidation_is_quiet():
    members = [Member("甲局", report(3, 1), {PATH: 3}), Member("乙局", report(2, 1), {PATH: 2})]
    own = {p: 0 for p in fmt.all_cell_paths()} | {PATH: 1, ("proactive", "licensing", "decisions"): 0}
    assert check_levels(report(6, 2), members, own=own) == []


def test_e001_fires_when_the_whole_counts_less_than_its_parts():
    members = [Member("甲局", report(3)), Member("乙局", report(2))]
    found = check_levels(report(4, licensing=2), members)
    assert ids(found) == ["levels.E001"] and "小于下级已公布报告之和 5" in found[0].message
    assert ids(check_levels(report(5, licensing=2), members)) == []


def test_w001_gives_the_difference_and_the_agency_behind_it():
    members = [Member("甲局", report(3, 1), {PATH: 4}), Member("乙局", report(2, 1), {PATH: 2})]
    own = {p: 0 for p in fmt.all_cell_paths()} | {PATH: 1}
    found = check_levels(report(7, 2), members, own=own)
    assert ids(found) == ["levels.W001"]
    assert "相差 1" in found[0].message and "甲局（已公布 3，汇总计入 4）" in found[0].message
    assert "乙局" not in found[0].message
    assert found[0].location.row == "new_this_year"


def test_w002_lists_the_missing_reports():
    found = check_levels(report(3, 1), [Member("甲局", report(3, 1)), Member("乙局", None)])
    assert ids(found) == ["levels.W002"] and "乙局" in found[0].message
    assert ids(check_levels(report(3, 1), [Member("甲局", report(3, 1))])) == []


def test_i001_counts_the_cells_left_out_for_unknown_figures():
    unknown = report(3, licensing=None)
    found = check_levels(report(3, 1), [Member("甲局", unknown)])
    assert ids(found) == ["levels.I001"] and "1 个单元格" in found[0].message
