"""The plain-text reader on the published 2023 report and on every text layout of REPORT_LAYOUTS.md.

Each layout file under tests/fixtures/layouts/text-* imitates one way published text looks;
its `.expected.json` (CODES.md layout) holds the numbers it prints, None where the printed
text leaves a cell unknown. Every one of the 200 cells is compared, value and type.
"""

from __future__ import annotations

import random
import re
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.report import format as fmt
from gongkai.report.findings import Finding
from gongkai.report.model import Report
from gongkai.report.read.text import problems as ids
from gongkai.report.read.text import read_text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LAYOUTS = FIXTURES / "layouts"
PUBLISHED = FIXTURES / "luoyang-education-2023.txt"


def _published() -> str:
    return PUBLISHED.read_text(encoding="utf-8")


def _printed_2023() -> Report:
    """The numbers the published 2023 report prints, typed in from the report itself."""
    report = Report()
    for path in fmt.all_cell_paths():
        report.set(*path, 0)
    report.set("proactive", "normative_documents", "issued", 1)
    report.set("proactive", "normative_documents", "repealed", 1)
    report.set("proactive", "normative_documents", "valid", 6)
    report.set("proactive", "licensing", "decisions", 4255)
    report.set("proactive", "fees", "amount_10k_yuan", Decimal("3881.372"))
    for row in ("new_this_year", "disclosed", "total_handled"):
        report.set("applications", row, "natural", 5)
        report.set("applications", row, "total", 5)
    report.set("remedies", "reconsideration", "pending", 1)
    report.set("remedies", "reconsideration", "total", 1)
    report.set("remedies", "litigation_direct", "other", 1)
    report.set("remedies", "litigation_direct", "total", 1)
    return report


def _differences(got: Report, expected: Report) -> list[str]:
    """List every cell whose value or type differs (an int 0 is not a Decimal 0)."""
    out = []
    for path in fmt.all_cell_paths():
        a, b = got.get(*path), expected.get(*path)
        if a != b or type(a) is not type(b):
            out.append(f"{'.'.join(path)}: read {a!r}, printed {b!r}")
    return out


def _ids(findings: list[Finding]) -> list[str]:
    return [f.id for f in findings]


# --- the published report ---------------------------------------------------------------------------


def test_published_report_reads_back_to_every_printed_number() -> None:
    report, findings = read_text(_published(), source=PUBLISHED.name)
    assert len(fmt.all_cell_paths()) == 200
    assert _differences(report, _printed_2023()) == []
    assert findings == []


def test_published_report_title_sections_and_tables() -> None:
    report, _ = read_text(_published())
    assert (report.agency, report.year, report.format) == ("洛阳市教育局", 2023, fmt.FORMAT_2021)
    assert report.title == "洛阳市教育局 2023 年政府信息公开工作年度报告"
    assert report.sections_present == {s.key for s in fmt.SECTIONS}
    assert report.tables_present == {"proactive", "applications", "remedies"}


def test_table_of_contents_before_the_body_does_not_hide_the_sections() -> None:
    contents = "目录\n" + "\n".join(s.heading for s in fmt.SECTIONS) + "\n"
    text = _published().replace("\n\n一、总体情况", "\n" + contents + "\n一、总体情况", 1)
    assert text.count("二、主动公开政府信息情况") == 2
    report, findings = read_text(text)
    assert _differences(report, _printed_2023()) == []
    assert report.text == read_text(_published())[0].text
    assert findings == []


def test_published_report_narrative_keeps_paragraphs_and_drops_headings() -> None:
    lines = _published().split("\n")
    report, _ = read_text(_published())
    # Lines 7–17, 76–78 and 82 of the file (1-based) are the paragraphs of 一, 五 and 六.
    assert report.text["overview"] == "\n".join(lines[i] for i in range(6, 17, 2))
    assert report.text["problems"] == "\n".join((lines[75], lines[77]))
    assert report.text["other"] == lines[81]
    assert "总体情况" not in report.text["overview"].split("\n")[0]


@pytest.mark.parametrize("section", ["proactive", "applications", "remedies"])
def test_table_whose_heading_is_lost_is_found_by_its_content(section: str) -> None:
    heading = fmt.SECTION_BY_KEY[section].heading
    text = _published().replace(heading + "\n", "")
    assert heading not in text
    report, findings = read_text(text)
    assert _differences(report, _printed_2023()) == []
    assert report.text == read_text(_published())[0].text
    assert [(f.id, f.location.section) for f in findings] == [(ids.HEADING_MISSING, section)]
    assert section in report.sections_present


TRANSPOSED_REMEDIES = (
    "\t行政复议\t行政诉讼（未经复议直接起诉）\t行政诉讼（复议后起诉）\n"
    "结果维持\t0\t0\t0\n结果纠正\t0\t0\t0\n其他结果\t0\t1\t0\n尚未审结\t1\t0\t0\n总计\t1\t1\t0\n\n"
)


def _with_remedies(table: str) -> str:
    text = _published()
    return text[: text.index("行政复议\t\t\t\t\t行政诉讼")] + table + text[text.index("五、存在的主要问题") :]


def test_section_four_transposed_one_line_per_cell() -> None:
    report, findings = read_text(_with_remedies(TRANSPOSED_REMEDIES))
    assert _differences(report, _printed_2023()) == []
    assert findings == []


def test_section_four_transposed_with_a_line_missing() -> None:
    report, findings = read_text(_with_remedies(TRANSPOSED_REMEDIES.replace("其他结果\t0\t1\t0\n", "")))
    assert [report.remedies[g.code]["other"] for g in fmt.REMEDY_GROUPS] == [None, None, None]
    assert report.remedies["litigation_direct"]["total"] == 1
    assert [(f.id, f.location.column) for f in findings] == [(ids.ROW_MISSING, "other")]


# --- every layout -----------------------------------------------------------------------------------

LAYOUT_FILES = [
    "text-webcopy.txt",
    "text-spaces.txt",
    "text-crawler.txt",
    "text-crawler-ambiguous.txt",
    "text-pdf.txt",
    "text-ocr.md",
]


def _layout(name: str) -> tuple[str, Report]:
    path = LAYOUTS / name
    expected = Report.from_json((LAYOUTS / f"{path.stem}.expected.json").read_text(encoding="utf-8"))
    return path.read_text(encoding="utf-8"), expected


@pytest.mark.parametrize("name", LAYOUT_FILES)
def test_layout_reads_back_to_every_printed_number(name: str) -> None:
    text, expected = _layout(name)
    report, findings = read_text(text, source=name)
    assert _differences(report, expected) == []
    assert (report.agency, report.year) == (expected.agency, expected.year)
    assert report.format == fmt.FORMAT_2021
    assert not [f for f in findings if f.is_error]


@pytest.mark.parametrize("name", LAYOUT_FILES)
def test_layout_narrative(name: str) -> None:
    text, expected = _layout(name)
    report, _ = read_text(text)
    assert report.text == expected.text


def test_layouts_exercise_numbers_beyond_one_digit() -> None:
    """The layouts are not the published report again: counts of two digits and more."""
    for name in LAYOUT_FILES:
        _, expected = _layout(name)
        assert expected.get("applications", "new_this_year", "total") >= 80


def test_webcopy_quirks() -> None:
    report, findings = read_text(_layout("text-webcopy.txt")[0])
    # 规范性文件 for 行政规范性文件, its cell 22（其中修订16件）: the number, with a note
    assert report.get("proactive", "normative_documents", "issued") == 22
    annotated = [f for f in findings if f.id == ids.CELL_ANNOTATED]
    assert [str(f.location) for f in annotated] == ["proactive.normative_documents.issued"]
    # full-width digits
    assert report.get("proactive", "penalty", "decisions") == 37
    # a cell printed as — is unknown, with a finding naming row and column
    assert report.get("applications", "withheld.enforcement_file", "research") is None
    empty = [f for f in findings if f.id == ids.CELL_EMPTY]
    assert [str(f.location) for f in empty] == ["applications.withheld.enforcement_file.research"]
    # a label split over two lines, a row wrapped onto the next line, merged labels repeated
    assert report.applications["otherwise_closed.no_correction"]["natural"] == 2
    assert report.applications["withheld.third_party_rights"]["total"] == 2
    assert report.applications["withheld.security_stability"]["total"] == 0


def test_pdf_text_with_a_lost_heading_and_labels_before_numbers() -> None:
    report, findings = read_text(_layout("text-pdf.txt")[0])
    assert "applications" in report.tables_present
    assert "applications" in report.sections_present
    missing_heading = [f for f in findings if f.id == ids.HEADING_MISSING]
    assert [f.location.section for f in missing_heading] == ["applications"]
    assert report.applications["unavailable.not_held"]["natural"] == 12  # after the — 2 — marker
    assert report.applications["carried_forward"]["total"] == 6


def test_pdf_text_bare_page_number_among_the_numeric_lines_shifts_nothing() -> None:
    text, expected = _layout("text-pdf.txt")
    text = text.replace("\n12 0 0 0 0 0 12\n", "\n12 0 0 0 0 0 12\n7\n")
    assert "\n7\n" in text
    report, _ = read_text(text)
    assert _differences(report, expected) == []


def test_ocr_markdown_keeps_the_agency_as_printed() -> None:
    report, findings = read_text(_layout("text-ocr.md")[0])
    assert report.agency == "沐阳县农业农村局"  # 沭 misread as 沐: reported, not corrected
    assert report.applications["withheld.state_secret"]["total"] == 0  # 国家秘蜜
    assert report.applications["not_handled.repeat"]["natural"] == 2  # 重复中请
    assert report.applications["unavailable.not_held"]["natural"] == 12  # （四）无法堤供
    assert findings == []


# --- crawler text -----------------------------------------------------------------------------------


def test_crawler_rows_split_by_their_own_totals() -> None:
    text, _ = _layout("text-crawler.txt")
    assert "一、本年新收政府信息公开申请数量871000088" in text
    assert "\n" not in text.strip() and " " not in text
    report, _ = read_text(text)
    assert report.applications["new_this_year"] == dict(
        zip([c.code for c in fmt.APPLICANT_COLUMNS], [87, 1, 0, 0, 0, 0, 88], strict=True)
    )
    assert report.remedies["reconsideration"] == {
        "upheld": 12,
        "corrected": 3,
        "other": 0,
        "pending": 1,
        "total": 16,
    }


def test_crawler_row_split_only_by_the_identities_across_rows() -> None:
    text, _ = _layout("text-crawler.txt")
    assert "1.信访举报投诉类申请110000011" in text  # 11|0|0|0|0|0|11 or 1|10|0|0|0|0|11
    report, findings = read_text(text)
    assert report.applications["not_handled.petition"]["natural"] == 11
    assert report.applications["not_handled.petition"]["commercial"] == 0
    by_identity = [f for f in findings if f.id == ids.SPLIT_BY_IDENTITY]
    assert [f.location.row for f in by_identity] == ["not_handled.petition"]
    assert "110000011" in by_identity[0].message


def test_crawler_rows_no_constraint_can_split_stay_unknown() -> None:
    report, findings = read_text(_layout("text-crawler-ambiguous.txt")[0])
    ambiguous = {f.location.row for f in findings if f.id == ids.SPLIT_AMBIGUOUS}
    # two rows that read either way and compensate each other, and two section 二 rows
    # (2|1|15 and 22|3|110 printed as 2115 and 223110) that nothing constrains
    assert ambiguous == {"unavailable.not_held", "not_handled.petition", "rules", "normative_documents"}
    for row in ("unavailable.not_held", "not_handled.petition"):
        # 11|0|… or 1|10|…: the cells both cuts agree on are known, the first two are not
        cells = report.applications[row]
        assert (cells["natural"], cells["commercial"]) == (None, None)
        assert [cells[c] for c in ("research", "social_welfare", "legal_services", "other", "total")] == [
            0,
            0,
            0,
            0,
            11,
        ]
    assert set(report.proactive["normative_documents"].values()) == {None}
    assert all(f.level == "warning" for f in findings if f.id == ids.SPLIT_AMBIGUOUS)
    assert "无法唯一拆分" in next(f for f in findings if f.id == ids.SPLIT_AMBIGUOUS).message


# --- earlier templates, not reports, broken text -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "form", "agency", "year"),
    [
        ("text-format-2019.txt", fmt.FORMAT_2019, "示例市交通运输局", 2020),
        ("text-format-pre2019.txt", fmt.FORMAT_PRE_2019, "示例县林业局", 2017),
    ],
)
def test_earlier_templates_are_recognised_not_read_into_the_2021_model(
    name: str, form: str, agency: str, year: int
) -> None:
    report, findings = read_text((LAYOUTS / name).read_text(encoding="utf-8"))
    assert report.format == form
    assert (report.agency, report.year) == (agency, year)
    assert all(value is None for _, value in report.cells())
    assert report.tables_present == set()
    assert _ids(findings) == [ids.OLD_FORMAT]
    assert findings[0].level == "warning"
    assert fmt.FORMAT_NAMES[form] in findings[0].message


def test_truncated_report_keeps_what_was_printed_before_the_cut() -> None:
    text = _published()
    cut = text.index("\t\t5.属于三类内部事务信息")
    report, findings = read_text(text[:cut])
    printed = _printed_2023()
    rows = [r.code for r in fmt.APPLICATION_ROWS]
    before = rows[: rows.index("withheld.third_party_rights") + 1]
    for row in before:
        assert report.applications[row] == printed.applications[row], row
    assert report.proactive == printed.proactive
    for row in rows[len(before) :]:
        assert set(report.applications[row].values()) == {None}, row
    assert all(v is None for cells in report.remedies.values() for v in cells.values())
    missing_rows = {f.location.row for f in findings if f.id == ids.ROW_MISSING}
    assert missing_rows == set(rows[len(before) :])
    missing_sections = {f.location.section for f in findings if f.id == ids.SECTION_MISSING}
    assert missing_sections == {"remedies", "problems", "other"}
    assert all(f.is_error for f in findings if f.id == ids.SECTION_MISSING)
    assert {f.location.section for f in findings if f.id == ids.TABLE_MISSING} == {"remedies"}
    assert report.sections_present == {"overview", "proactive", "applications"}
    assert report.text["overview"].startswith("2023 年在市委")


def test_text_that_is_no_report() -> None:
    report, findings = read_text("今天天气很好，我们去公园散步。\n晚上吃饺子。")
    assert _ids(findings) == [ids.NOT_A_REPORT]
    assert findings[0].is_error and "不是政府信息公开工作年度报告" in findings[0].message
    assert report.sections_present == set() and report.tables_present == set()


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "latin-1", "utf-16-le"])
def test_random_bytes_decoded_as_text(seed: int, encoding: str) -> None:
    text = random.Random(seed).randbytes(6000).decode(encoding, errors="replace")
    report, findings = read_text(text)
    assert _ids(findings) == [ids.NOT_A_REPORT]
    assert all(value is None for _, value in report.cells())


def test_empty_text() -> None:
    assert _ids(read_text("")[1]) == [ids.NOT_A_REPORT]


def test_blank_and_unreadable_cells_in_a_tab_table() -> None:
    text = (
        _published()
        .replace("行政许可\t4255\t\t", "行政许可\t—\t\t")
        .replace("规章\t0\t0\t0", "规章\t0\tO\t0")
    )
    report, findings = read_text(text)
    assert report.get("proactive", "licensing", "decisions") is None
    assert report.get("proactive", "rules", "repealed") is None
    assert report.get("proactive", "rules", "valid") == 0
    by_id = {f.id: str(f.location) for f in findings}
    assert by_id == {
        ids.CELL_EMPTY: "proactive.licensing.decisions",
        ids.CELL_UNREADABLE: "proactive.rules.repealed",
    }


def test_row_with_too_few_numbers_is_unknown_not_shifted() -> None:
    text = _published().replace(
        "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t",
        "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t\t\t",
    )
    report, findings = read_text(text)
    assert set(report.applications["carried_over"].values()) == {None}
    assert [(f.id, f.location.row) for f in findings] == [(ids.ROW_CELL_COUNT, "carried_over")]


def test_finding_ids_follow_the_reader_scheme() -> None:
    pattern = re.compile(r"read\.[EWI]\d{3}")
    names = [v for k, v in vars(ids).items() if k.isupper() and isinstance(v, str) and v.startswith("read.")]
    assert len(names) == len(set(names)) >= 15
    assert all(pattern.fullmatch(n) for n in names)
