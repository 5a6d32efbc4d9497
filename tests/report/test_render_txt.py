"""The plain-text renderer against the real published report it imitates (golden test)."""

from __future__ import annotations

from decimal import Decimal

from test_render_fixture import fixture_table_lines, fixture_text, luoyang_report, sparse_report

from gongkai.report import format as fmt
from gongkai.report.model import Report
from gongkai.report.render import txt

# Lines of the fixture that a web copy garbled; every other table line must match exactly.
# In all three the copy dropped the empty fields of the merged cells to their left
# (三、本年度办理结果, and （六）其他处理) and padded the line at the end instead, so the numbers
# sit one or two fields left of where the rows above put them. We print the regular layout;
# for these lines only the non-empty fields and the field count are compared.
WEB_COPY_ARTEFACTS = (
    "2.申请人逾期未按收费通知要求缴纳费用",  # leading "\t\t" moved to the end
    "3.其他",  # leading "\t\t" moved to the end
    "(七) 总计",  # leading "\t" moved to the end
)


def _is_artefact(line: str) -> bool:
    return line.startswith(WEB_COPY_ARTEFACTS)


def test_table_lines_match_the_published_report_exactly_but_for_web_copy_artefacts():
    expected = fixture_table_lines()
    actual = [line for line in txt.render(luoyang_report()).split("\n") if "\t" in line]
    assert len(actual) == len(expected) == 14 + 28 + 4
    artefacts = 0
    for number, (want, got) in enumerate(zip(expected, actual, strict=True), start=1):
        if _is_artefact(want):
            artefacts += 1
            assert [f for f in got.split("\t") if f] == [f for f in want.split("\t") if f], number
            assert got.count("\t") == want.count("\t"), number
        else:
            assert got == want, f"table line {number}"
    assert artefacts == len(WEB_COPY_ARTEFACTS)


def test_artefact_rows_are_printed_in_the_regular_layout():
    lines = txt.table_lines(luoyang_report(), "applications")
    by_label = {next(f for f in line.split("\t") if f): line for line in lines}
    assert by_label["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"].startswith(
        "\t\t2."
    )
    assert by_label["3.其他"] == "\t\t3.其他" + "\t0" * 7
    assert by_label["(七) 总计"] == "\t(七) 总计\t5\t0\t0\t0\t0\t0\t5\t"


def test_every_table_line_has_the_width_of_its_table():
    report = luoyang_report()
    widths = {"proactive": 4, "applications": 10, "remedies": 15}
    for section, width in widths.items():
        for line in txt.table_lines(report, section):
            assert line.count("\t") == width - 1, (section, line)


def test_narrative_and_headings_match_the_fixture_and_title_drops_the_web_spaces():
    fixture = [line for line in fixture_text().split("\n") if "\t" not in line]
    rendered = [line for line in txt.render(luoyang_report()).split("\n") if "\t" not in line]
    fixture = fixture[2:]  # the copy starts with two empty lines
    # The page set spaces around the year ("洛阳市教育局 2023 年…"); we print the title as an
    # official document does, without them. Everything else, line by line, is identical.
    assert fixture[0] == "洛阳市教育局 2023 年政府信息公开工作年度报告"
    assert rendered[0] == fixture[0].replace(" ", "")
    assert rendered[1:-1] == fixture[1:]
    assert rendered[-1] == ""  # the file ends with a newline


def test_sections_are_printed_in_order_with_their_headings():
    lines = txt.render(luoyang_report()).split("\n")
    positions = [lines.index(s.heading) for s in fmt.SECTIONS]
    assert positions == sorted(positions)


def test_unknown_cells_are_empty_fields_and_decimals_print_as_given():
    report = sparse_report()
    lines = txt.table_lines(report, "proactive")
    # rules: cells 1, 2, 3; normative_documents: 4, None (5th), 6
    assert lines[2] == f"{fmt.PROACTIVE_ROWS['rules'][1].label}\t1\t2\t3"
    assert lines[3] == f"{fmt.PROACTIVE_ROWS['normative_documents'][1].label}\t4\t\t6"
    assert lines[-1].split("\t")[1] == "0.05"
    remedies = txt.table_lines(report, "remedies")[-1].split("\t")
    assert remedies.count("") == 3  # cells 190, 195, 200 of 200 are unknown
    assert "None" not in txt.render(report)


def test_decimal_with_many_places_prints_without_float_noise():
    report = luoyang_report()
    report.set("proactive", "fees", "amount_10k_yuan", Decimal("0.1") + Decimal("0.2"))
    assert txt.table_lines(report, "proactive")[-1] == f"{fmt.PROACTIVE_ROWS['fees'][1].label}\t0.3\t\t"
    report.set("proactive", "fees", "amount_10k_yuan", Decimal("1E+3"))
    assert "\t1000\t" in txt.table_lines(report, "proactive")[-1]


def test_a_title_read_from_the_report_is_kept_and_a_missing_year_is_left_out():
    report = Report(agency="某局", year=None)
    assert txt.render(report).split("\n")[0] == "某局政府信息公开工作年度报告"
    report.title = "某局2022年度政府信息公开工作报告"
    assert txt.render(report).split("\n")[0] == "某局2022年度政府信息公开工作报告"


def test_paragraphs_are_separated_by_one_empty_line():
    report = Report(agency="某局", year=2024)
    report.text["problems"] = "第一段。\n第二段。\n\n\n第三段。"
    lines = txt.render(report).split("\n")
    start = lines.index(fmt.SECTION_BY_KEY["problems"].heading)
    assert lines[start : start + 8] == [
        fmt.SECTION_BY_KEY["problems"].heading,
        "",
        "第一段。",
        "",
        "第二段。",
        "",
        "第三段。",
        "",
    ]


def test_rendering_is_deterministic():
    assert txt.render(luoyang_report()) == txt.render(luoyang_report())
