"""The report checks: every identity of RULES.md §6, every warning phrasing, the year-over-year
checks, and the fixture (clean but for its 612/648 website total)."""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from pathlib import Path

import pytest
from test_render_fixture import fixture_text
from test_render_fixture import luoyang_report as fixture_report

from gongkai.report import checks
from gongkai.report import format as fmt
from gongkai.report.checks import check_report
from gongkai.report.checks.numerals import parse_number
from gongkai.report.findings import Finding
from gongkai.report.model import Report

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "luoyang-education-2023.txt"
FEE_SENTENCE = "依据《政府信息公开信息处理费管理办法》，本年度本机关收取信息处理费为0元。"


# --- building reports --------------------------------------------------------------------------


def plain_report(overview: str = "", *, other: str = FEE_SENTENCE) -> Report:
    """Return the fixture's numbers with a narrative of our choosing."""
    report = fixture_report()
    report.text = {"overview": overview, "problems": "", "other": other}
    return report


def ids(findings: list[Finding], level: str | None = None) -> list[str]:
    return [f.id for f in findings if level is None or f.level == level]


def only(findings: list[Finding], finding_id: str) -> list[Finding]:
    return [f for f in findings if f.id == finding_id]


# --- the fixture --------------------------------------------------------------------------------


def _assert_fixture_findings(findings: list[Finding]) -> None:
    assert ids(findings, "error") == []
    warnings = [f for f in findings if f.level == "warning"]
    assert [f.id for f in warnings] == ["report.W002"]
    assert "612" in warnings[0].message and "648" in warnings[0].message
    assert str(warnings[0].location) == "overview"


def test_fixture_has_no_error_and_only_the_612_648_warning() -> None:
    _assert_fixture_findings(check_report(fixture_report()))


def test_fixture_read_by_the_text_reader_gives_the_same_findings() -> None:
    from gongkai.report.read.text import read_text

    report, _ = read_text(fixture_text(), source=FIXTURE.name)
    assert report.applications["new_this_year"]["total"] == 5
    _assert_fixture_findings(check_report(report))


def test_a_consistent_report_with_plain_text_has_no_finding() -> None:
    assert check_report(plain_report("本年度全年共受理依申请公开 5 件，答复 5 件。")) == []


# --- errors: structure ---------------------------------------------------------------------------


def test_missing_section_and_table_are_errors() -> None:
    report = plain_report()
    report.sections_present.discard("problems")
    report.tables_present.discard("remedies")
    findings = check_report(report)
    assert [(f.id, str(f.location)) for f in findings if f.is_error] == [
        ("report.E001", "problems"),
        ("report.E002", "remedies"),
    ]
    assert findings[0].message == "缺少第五部分“存在的主要问题及改进情况”。"


# --- errors: section 三 -------------------------------------------------------------------------


def test_row_balance_per_column() -> None:
    report = plain_report()
    report.applications["carried_forward"]["natural"] = 1
    report.applications["carried_forward"]["total"] = 1
    findings = check_report(report)
    assert ids(findings) == ["report.E003", "report.E003"]
    assert [f.location.column for f in findings] == ["natural", "total"]
    assert findings[0].message == "第三部分“自然人”列：一（5）+二（0）=5，但三（七）（5）+四（1）=6。"


def test_total_handled_must_be_the_sum_of_the_outcome_rows() -> None:
    report = plain_report()
    report.applications["disclosed"]["natural"] = 4
    report.applications["disclosed"]["total"] = 4
    findings = check_report(report)
    assert ids(findings) == ["report.E004", "report.E004"]
    assert "三（七）总计为 5" in findings[0].message and "合计为 4" in findings[0].message
    assert (findings[0].location.row, findings[0].location.column) == ("total_handled", "natural")


def test_swapped_columns_break_the_column_total() -> None:
    report = plain_report()
    for row in ("new_this_year", "disclosed", "total_handled"):
        report.applications[row].update(natural=3, commercial=2, total=5)
    assert check_report(report) == []
    row = report.applications["new_this_year"]
    row["natural"], row["total"] = row["total"], row["natural"]  # a column copied into the wrong place
    findings = check_report(report)
    column_total = only(findings, "report.E005")
    assert len(column_total) == 1
    assert (column_total[0].location.row, column_total[0].location.column) == ("new_this_year", "total")
    assert "合计 7" in column_total[0].message and "列为 3" in column_total[0].message
    # The balance of each touched column breaks too: 一 no longer matches 三（七）.
    assert {f.location.column for f in only(findings, "report.E003")} == {"natural", "total"}


def test_a_missing_row_gives_unknown_cells_not_errors() -> None:
    report = plain_report()
    for col in fmt.APPLICANT_COLUMNS:
        report.applications["partially_disclosed"][col.code] = None
    findings = check_report(report)
    assert ids(findings) == ["report.I001"]
    assert "7 个单元格" in findings[0].message


def test_unknown_cells_are_counted_once_and_skip_only_their_identities() -> None:
    report = plain_report()
    report.applications["carried_over"]["natural"] = None
    report.applications["carried_forward"]["commercial"] = None
    report.applications["carried_forward"]["total"] = 3  # still checked: its row and column are known
    findings = check_report(report)
    assert ids(findings, "info") == ["report.I001"]
    assert "2 个单元格" in only(findings, "report.I001")[0].message
    assert {(f.id, f.location.column) for f in findings if f.is_error} == {("report.E003", "total")}


# --- errors: section 四 and values --------------------------------------------------------------


def test_remedy_group_total() -> None:
    report = plain_report()
    report.remedies["reconsideration"]["total"] = 2
    findings = check_report(report)
    assert ids(findings) == ["report.E006"]
    assert findings[0].message == (
        "第四部分“行政复议”：结果维持（0）+结果纠正（0）+其他结果（0）+尚未审结（1）=1，但总计为 2。"
    )


def test_negative_values_are_errors_the_fee_included() -> None:
    report = plain_report()
    report.proactive["licensing"]["decisions"] = -3
    report.proactive["fees"]["amount_10k_yuan"] = Decimal("-0.5")
    findings = check_report(report)
    assert [(f.id, f.location.row) for f in findings] == [
        ("report.E007", "licensing"),
        ("report.E007", "fees"),
    ]
    assert "-3" in findings[0].message


def test_fractional_counts_are_errors_but_the_fee_amount_is_not() -> None:
    report = plain_report()
    report.proactive["rules"]["issued"] = Decimal("1.5")
    report.proactive["fees"]["amount_10k_yuan"] = Decimal("0.25")
    report.remedies["litigation_after_reconsideration"]["upheld"] = Decimal("2.0")  # integral: fine
    report.remedies["litigation_after_reconsideration"]["total"] = 2
    findings = check_report(report)
    assert [(f.id, f.location.row, f.location.column) for f in findings] == [
        ("report.E008", "rules", "issued")
    ]
    assert "1.5" in findings[0].message


def test_an_older_format_is_only_noted() -> None:
    report = plain_report()
    report.format = fmt.FORMAT_2019
    report.tables_present.clear()
    findings = check_report(report)
    assert ids(findings) == ["report.I002"]
    assert "2019" in findings[0].message


# --- warnings: figures in the narrative ----------------------------------------------------------

# (narrative, location of the cell contradicted) — the tables are the fixture's.
CONTRADICTIONS = [
    ("全年共受理依申请公开 6 件。", "applications.new_this_year.total"),
    ("本年度共收到政府信息公开申请六件。", "applications.new_this_year.total"),
    ("新收依申请公开申请８件。", "applications.new_this_year.total"),
    ("全年共受理依申请公开 5 件，答复 4 件。", "applications.total_handled.total"),
    ("收到依申请公开 5 件，办结 3 件。", "applications.total_handled.total"),
    ("依申请公开 5 件中予以公开 3 件。", "applications.disclosed.total"),
    ("依申请公开 5 件中不予公开 2 件。", "applications.withheld.state_secret.total"),
    ("上年结转政府信息公开申请 2 件。", "applications.carried_over.total"),
    ("结转下年度继续办理 1 件。", "applications.carried_forward.total"),
    ("本年度被申请行政复议 2 件。", "remedies.reconsideration.total"),
    ("本年度发生行政复议案件两起。", "remedies.reconsideration.total"),
    ("提起行政诉讼 3 起。", "remedies.litigation_direct.total"),
    ("本年度未发生因政府信息公开引起的行政复议。", "remedies.reconsideration.total"),
    ("全年无政府信息公开行政诉讼案件。", "remedies.litigation_direct.total"),
    ("本年度未收到依申请公开申请。", "applications.new_this_year.total"),
    ("本年制发规范性文件 2 件。", "proactive.normative_documents.issued"),
    ("废止规范性文件 3 件。", "proactive.normative_documents.repealed"),
    ("现行有效规范性文件 7 件。", "proactive.normative_documents.valid"),
    ("全年作出行政许可决定 4,000 件。", "proactive.licensing.decisions"),
    ("行政处罚决定 12 件。", "proactive.penalty.decisions"),
]


@pytest.mark.parametrize(("text", "where"), CONTRADICTIONS)
def test_a_narrative_figure_contradicting_the_tables(text: str, where: str) -> None:
    findings = check_report(plain_report(text))
    assert [(f.id, str(f.location)) for f in findings] == [("report.W001", where)]


AGREEMENTS = [
    "全年共受理依申请公开 5 件，答复 5 件。",
    "全年共受理依申请公开五件，全部予以公开 5 件。",
    "共收到行政复议申请 1 件，提起行政诉讼 1 件。",
    "本年制发规范性文件 1 件，废止规范性文件 1 件，现行有效规范性文件 6 件。",
    "全年作出行政许可决定 4,255 件。",
    "上年结转 0 件，结转下年度继续办理 0 件。",
    "未发生行政处罚。信息公开工作 2023 年 12 月完成。",
    "收取信息处理费 0 元，行政许可事项 85 项。",
    "收到依申请公开申请后，在 15 个工作日内予以答复，答复期限为 20 个工作日。",
    "依申请公开工作中，收到申请后 3 个工作日内登记，平均答复用时 6 个工作日。",
]


@pytest.mark.parametrize("text", AGREEMENTS)
def test_a_narrative_agreeing_with_the_tables(text: str) -> None:
    assert check_report(plain_report(text)) == []


def test_a_reconsideration_application_is_not_an_information_application() -> None:
    findings = check_report(plain_report("收到行政复议申请 3 件。"))
    assert [str(f.location) for f in findings] == ["remedies.reconsideration.total"]


def test_received_may_count_the_applications_carried_over() -> None:
    report = plain_report("全年共受理依申请公开 7 件，答复 6 件。")
    report.applications["carried_over"].update(natural=2, total=2)
    report.applications["disclosed"].update(natural=6, total=6)
    report.applications["total_handled"].update(natural=6, total=6)
    report.applications["carried_forward"].update(natural=1, total=1)
    assert check_report(report) == []


def test_unknown_table_cells_leave_the_narrative_unchecked() -> None:
    report = plain_report("全年共受理依申请公开 6 件。")
    report.applications["new_this_year"]["total"] = None
    assert ids(check_report(report)) == ["report.I001"]


def test_line_wraps_of_a_pdf_copy_do_not_hide_a_figure() -> None:
    text = "（二）依申请公开。全年共受理依申请公开 6\n件，答复 5 件。\n（三）政府信息管理。"
    findings = check_report(plain_report(text, other="本年度收取信息处\n理费 0 元。"))
    assert [(f.id, str(f.location)) for f in findings] == [
        ("report.W001", "applications.new_this_year.total")
    ]


def test_the_message_names_both_numbers() -> None:
    finding = check_report(plain_report("全年共受理依申请公开 6 件。"))[0]
    assert "称 6" in finding.message and "为 5" in finding.message and "第一部分" in finding.message


# --- warnings: totals against listed items -------------------------------------------------------


def test_a_breakdown_exceeding_its_total() -> None:
    findings = check_report(plain_report("全年共受理依申请公开 5 件，其中自然人 4 件、商业企业 3 件。"))
    assert ids(findings) == ["report.W002"]
    assert "5 件" in findings[0].message and "7 件" in findings[0].message and "4+3" in findings[0].message


def test_a_breakdown_that_adds_up_then_goes_on_is_not_flagged() -> None:
    text = "全年共受理依申请公开 5 件，其中自然人 3 件、商业企业 2 件，办结 5 件。"
    assert check_report(plain_report(text)) == []


def test_a_partial_breakdown_is_not_flagged_but_an_exhaustive_one_is() -> None:
    partial = "网站共发布信息 100 条，其中《通知公告》60 条、《政策解读》30 条。"
    exhaustive = "网站共发布信息 100 条，分别为《通知公告》60 条、《政策解读》30 条。"
    assert check_report(plain_report(partial)) == []
    findings = check_report(plain_report(exhaustive))
    assert ids(findings) == ["report.W002"]
    assert "100" in findings[0].message and "90" in findings[0].message


def test_website_columns_against_a_total_in_another_paragraph() -> None:
    text = (
        "（一）主动公开。《工作动态》栏目发布信息 300 条，《通知公告》栏目发布信息 250 条。\n"
        "（四）平台建设。全年共发布信息 500 条，微信公众号发布信息 900 条。"
    )
    findings = check_report(plain_report(text))
    assert ids(findings) == ["report.W002"]
    assert "500" in findings[0].message and "550" in findings[0].message


def test_website_columns_matching_one_of_several_totals_are_accepted() -> None:
    text = (
        "主动公开政府信息 800 条。《工作动态》栏目发布信息 300 条，《通知公告》栏目发布信息 250 条。"
        "网站发布信息 550 条，微博发布信息 1000 条。"
    )
    assert check_report(plain_report(text)) == []


# --- warnings: the fee statement ----------------------------------------------------------------


@pytest.mark.parametrize("other", ["", "本年度无其他需要报告的事项。"])
def test_section_six_must_state_the_fee(other: str) -> None:
    findings = check_report(plain_report(other=other))
    assert [(f.id, str(f.location)) for f in findings] == [("report.W003", "other")]


# --- previous year ------------------------------------------------------------------------------


def test_carried_over_must_equal_last_years_carried_forward() -> None:
    report, previous = plain_report(), plain_report()
    previous.year = 2022
    previous.applications["carried_forward"].update(natural=2, total=2)
    findings = check_report(report, previous=previous)
    assert [(f.id, f.location.row, f.location.column) for f in findings] == [
        ("report.W004", "carried_over", "natural"),
        ("report.W004", "carried_over", "total"),
    ]
    assert "上年结转为 0" in findings[0].message and "为 2" in findings[0].message


def test_a_narrative_copied_from_last_year() -> None:
    report = fixture_report()
    previous = copy.deepcopy(report)
    previous.year = 2022
    previous.text["overview"] = previous.text["overview"].replace("2023", "2022")
    findings = check_report(report, previous=previous)
    copied = only(findings, "report.W005")
    assert len(copied) == 1 and "%" in copied[0].message


def test_a_rewritten_narrative_is_not_flagged() -> None:
    report = fixture_report()
    previous = copy.deepcopy(report)
    previous.year = 2022
    previous.text = {
        "overview": "本机关认真贯彻落实条例要求。" * 10,
        "problems": "信息更新不够及时。" * 10,
        "other": "",
    }
    assert only(check_report(report, previous=previous), "report.W005") == []


def test_short_narratives_are_not_compared() -> None:
    report = plain_report("全年共受理依申请公开 5 件。")
    previous = copy.deepcopy(report)
    previous.year = 2022
    assert check_report(report, previous=previous) == []


def test_a_previous_report_of_another_year_is_not_compared() -> None:
    report, previous = plain_report(), plain_report()
    previous.year = 2021
    previous.applications["carried_forward"].update(natural=2, total=2)
    findings = check_report(report, previous=previous)
    assert ids(findings) == ["report.I003"]


# --- numerals, ids, speed -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5", 5),
        ("５", 5),
        ("4,255", 4255),
        ("1.2万", 12000),
        ("五", 5),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("两千三百", 2300),
        ("两万三千", 23000),
        ("二〇二三", 2023),
        ("3881.372", Decimal("3881.372")),
        ("万", None),
        ("abc", None),
        ("", None),
    ],
)
def test_numbers_as_prose_writes_them(text: str, value: object) -> None:
    assert parse_number(text) == value


def test_every_emitted_id_is_documented_and_ids_are_unique() -> None:
    package = Path(checks.__file__).parent
    documented = re.findall(r"^(report\.[EWI]\d{3})\s", checks.__doc__ or "", re.MULTILINE)
    assert len(documented) == len(set(documented))
    used = {
        m for path in package.glob("*.py") for m in re.findall(r'"(report\.[EWI]\d{3})"', path.read_text())
    }
    assert used == set(documented)
