"""The Markdown renderer: headings, escaped paragraphs, and every cell in its pipe table."""

from __future__ import annotations

import re

from test_render_fixture import luoyang_report, sparse_report

from gongkai.report import format as fmt
from gongkai.report.model import Report
from gongkai.report.render import md
from gongkai.report.render.layout import format_number


def _tables(text: str) -> list[list[list[str]]]:
    """Parse the pipe tables minimally: rows of cells, the alignment row dropped."""
    tables: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in [*text.split("\n"), ""]:
        if line.startswith("|"):
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                current.append(cells)
        elif current:
            tables.append(current)
            current = []
    return tables


def _check_cells(report: Report, text: str) -> None:
    tables = _tables(text)
    assert len(tables) == len(fmt.PROACTIVE_TABLES) + 2
    for table, rows in zip(fmt.PROACTIVE_TABLES, tables, strict=False):
        assert rows[0] == list(table.header)
        for row, printed in zip(table.rows, rows[1:], strict=True):
            assert printed[0] == row.label
            assert printed[1:] == [
                format_number(report.get("proactive", row.code, c.code)) for c in table.cells
            ]
    applications, remedies = tables[-2], tables[-1]
    assert len(applications) == 1 + len(fmt.APPLICATION_ROWS)
    for row, printed in zip(fmt.APPLICATION_ROWS, applications[1:], strict=True):
        assert printed[0].endswith(row.label)
        assert row.group in printed[0]  # "" when the row has no group
        want = [format_number(report.get("applications", row.code, c.code)) for c in fmt.APPLICANT_COLUMNS]
        assert printed[1:] == want, row.code
    assert remedies[0][1:] == [c.label for c in fmt.REMEDY_CELLS]
    for group, printed in zip(fmt.REMEDY_GROUPS, remedies[1:], strict=True):
        assert printed[0].endswith(group.label)
        assert printed[1:] == [
            format_number(report.get("remedies", group.code, c.code)) for c in fmt.REMEDY_CELLS
        ]


def test_every_cell_of_the_fixture_report_is_in_its_table():
    _check_cells(luoyang_report(), md.render(luoyang_report()))


def test_every_cell_of_a_sparse_report_is_in_its_table_and_unknown_cells_are_empty():
    report = sparse_report()
    text = md.render(report)
    _check_cells(report, text)
    assert "None" not in text


def test_headings_title_and_paragraphs():
    text = md.render(luoyang_report())
    lines = text.split("\n")
    assert lines[0] == "# 洛阳市教育局2023年政府信息公开工作年度报告"
    assert [line[3:] for line in lines if line.startswith("## ")] == [s.heading for s in fmt.SECTIONS]
    assert "依据《政府信息公开信息处理费管理办法》，2023年本机关收取信息处理费为0元。" in lines


def test_merged_headers_are_flattened_with_their_group():
    header = _tables(md.render(luoyang_report()))[-2][0]
    assert header[0] == fmt.APPLICATIONS_NOTE
    assert header[2] == f"{fmt.ORGANISATION_HEADER}·商业企业"
    assert header[-1] == "总计"
    labels = [row[0] for row in _tables(md.render(luoyang_report()))[-1][1:]]
    assert labels == ["行政复议", "行政诉讼·未经复议直接起诉", "行政诉讼·复议后起诉"]


def test_text_cannot_become_markup():
    text = md.render(sparse_report())
    assert "# 测试\\<局\\>&“某”\\|机关2024年政府信息公开工作年度报告" in text
    assert "第一段 \\<b\\>不是标签\\</b\\> & 符号。" in text
    assert "\n\\# 不是标题\n" in text
    assert "\n1\\. 不是列表\n" in text


def test_rendering_is_deterministic():
    assert md.render(sparse_report()) == md.render(sparse_report())
