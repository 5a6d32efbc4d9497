"""Checks across years (issue 14.2): the stock of documents (report.W006), jumps (report.W007),
and the auditor pairing an agency's reports across years however its name is spelled."""

from __future__ import annotations

import pytest

from gongkai.report import audit
from gongkai.report.checks import check_report
from gongkai.report.checks.history import JUMP_FACTOR, JUMPS, is_jump
from gongkai.report.model import Report
from gongkai.report.read import ReadResult


def zero_report(agency: str = "甲局", year: int = 2023) -> Report:
    """A consistent report with every cell 0 and the fee stated, so only history checks can fire."""
    report = Report(agency=agency, year=year)
    for (section, row, cell), _ in report.cells():
        report.set(section, row, cell, 0)
    report.text["other"] = "本年度未收取信息处理费。"
    return report


def history_ids(report: Report, previous: Report) -> list[tuple[str, str]]:
    return [
        (f.id, str(f.location))
        for f in check_report(report, previous=previous)
        if f.id in ("report.W006", "report.W007")
    ]


# --- report.W006: 现行有效 = last year's 现行有效 + 本年制发 − 本年废止 -------------------------------


@pytest.mark.parametrize("row", ["rules", "normative_documents"])
def test_valid_stock_that_carries_over_is_not_flagged(row: str) -> None:
    last, this = zero_report(year=2022), zero_report()
    last.proactive[row]["valid"] = 6
    this.proactive[row].update(issued=2, repealed=1, valid=7)
    assert history_ids(this, last) == []


@pytest.mark.parametrize("row", ["rules", "normative_documents"])
def test_valid_stock_that_does_not_carry_over_is_flagged(row: str) -> None:
    last, this = zero_report(year=2022), zero_report()
    last.proactive[row]["valid"] = 6
    this.proactive[row].update(issued=2, repealed=1, valid=8)
    assert history_ids(this, last) == [("report.W006", f"proactive.{row}.valid")]
    message = next(f.message for f in check_report(this, previous=last) if f.id == "report.W006")
    assert "8" in message and "6 + 本年制发 2 − 本年废止 1 = 7" in message


def test_valid_stock_with_an_unknown_cell_is_skipped() -> None:
    last, this = zero_report(year=2022), zero_report()
    last.proactive["rules"]["valid"] = None
    this.proactive["rules"]["valid"] = 3
    assert history_ids(this, last) == []


# --- report.W007: year-on-year jumps -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("this_year", "last_year", "min_change", "expected"),
    [
        (40, 20, 20, True),  # doubled by exactly the least change: flagged
        (39, 20, 20, False),  # less than double
        (10, 20, 20, False),  # halved, but by less than 20
        (0, 20, 20, True),  # from 20 to nothing
        (20, 0, 20, True),  # from nothing to 20
        (19, 0, 20, False),
        (4, 1, 3, True),
        (2, 1, 3, False),
        (None, 20, 20, False),  # unknown is never a jump
    ],
)
def test_the_jump_threshold(this_year, last_year, min_change, expected) -> None:
    assert JUMP_FACTOR == 2
    assert is_jump(this_year, last_year, min_change) is expected


def test_a_jump_in_new_applications_is_flagged_with_both_figures() -> None:
    last, this = zero_report(year=2022), zero_report()
    last.applications["new_this_year"]["total"] = 30
    this.applications["new_this_year"]["total"] = 75
    findings = [f for f in check_report(this, previous=last) if f.id == "report.W007"]
    assert [str(f.location) for f in findings] == ["applications.new_this_year.total"]
    assert "上年 30 件增加到本年 75 件" in findings[0].message


def test_a_steady_number_of_applications_is_not_flagged() -> None:
    last, this = zero_report(year=2022), zero_report()
    last.applications["new_this_year"]["total"] = 30
    this.applications["new_this_year"]["total"] = 45
    assert history_ids(this, last) == []


def test_remedies_and_corrections_jump_across_the_three_groups() -> None:
    last, this = zero_report(year=2022), zero_report()
    last.remedies["reconsideration"].update(corrected=1, total=2)
    this.remedies["reconsideration"].update(corrected=2, total=4)
    this.remedies["litigation_direct"].update(corrected=2, total=4)  # 8 cases, 4 corrected
    findings = [f for f in check_report(this, previous=last) if f.id == "report.W007"]
    assert [f.message.split("由")[0] for f in findings] == ["行政复议和行政诉讼案件", "复议诉讼结果纠正"]
    assert "上年 2 件增加到本年 8 件" in findings[0].message
    assert "上年 1 件增加到本年 4 件" in findings[1].message


def test_remedies_that_fall_by_little_are_not_flagged() -> None:
    last, this = zero_report(year=2022), zero_report()
    last.remedies["reconsideration"].update(corrected=2, total=6)
    this.remedies["reconsideration"].update(corrected=0, total=3)  # halved, but by 3 cases, 2 corrections
    assert history_ids(this, last) == []


def test_every_jump_measure_has_a_least_change() -> None:
    assert {j.code for j in JUMPS} == {"applications", "remedies", "corrections"}
    assert all(j.min_change > 0 for j in JUMPS)


# --- the auditor pairs years ----------------------------------------------------------------------


def _read(report: Report, source: str) -> ReadResult:
    return ReadResult(source, "json", report, [])


def _w004(result: audit.AuditResult) -> int:
    return sum(1 for f in result.findings if f.id == "report.W004")


def test_pairing_ignores_spaces_and_full_width_letters_in_the_agency_name() -> None:
    last = zero_report("洛阳市 教育局", 2022)
    last.applications["carried_forward"].update(natural=1, total=1)
    this = zero_report("洛阳市教育局", 2023)
    results = audit.check_reads([_read(last, "a"), _read(this, "b")])
    assert _w004(results[1]) == 2
    other = zero_report("洛阳市卫生健康委员会", 2023)
    assert _w004(audit.check_reads([_read(last, "a"), _read(other, "c")])[1]) == 0


def test_an_earlier_batchs_report_pairs_when_the_batch_lacks_last_year() -> None:
    last = zero_report("甲局", 2022)
    last.applications["carried_forward"].update(natural=1, total=1)
    this = zero_report("甲局", 2023)
    assert _w004(audit.check_reads([_read(this, "b")])[0]) == 0
    assert _w004(audit.check_reads([_read(this, "b")], earlier=[last])[0]) == 2
    # the batch's own copy of last year wins over an earlier batch's
    fixed = zero_report("甲局", 2022)
    assert _w004(audit.check_reads([_read(fixed, "a"), _read(this, "b")], earlier=[last])[1]) == 0


def test_agency_key() -> None:
    assert audit.agency_key(" 洛阳市\u3000教育局 ") == audit.agency_key("洛阳市教育局")
    assert audit.agency_key("ＡＢ局") == "AB局"
