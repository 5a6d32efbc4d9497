"""The HTML renderer: document shell, merged cells as printed, every cell, escaping, highlights."""

from __future__ import annotations

import re

import lxml.html
import pytest
from test_render_fixture import luoyang_report, sparse_report

from gongkai.report import format as fmt
from gongkai.report.model import Report
from gongkai.report.render import html
from gongkai.report.render.layout import format_number


def _article(report: Report, **kwargs) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html.render_article(report, **kwargs))


def _tables(report: Report, **kwargs) -> dict[str, lxml.html.HtmlElement]:
    article = _article(report, **kwargs)
    return {
        section.get("data-section"): section.find(".//table")
        for section in article.iter("section")
        if section.find(".//table") is not None
    }


def _matrix(table: lxml.html.HtmlElement) -> dict[tuple[int, int], lxml.html.HtmlElement]:
    """Expand rowspan/colspan: map every grid position to the cell covering it."""
    grid: dict[tuple[int, int], lxml.html.HtmlElement] = {}
    for r, tr in enumerate(table.iter("tr")):
        c = 0
        for cell in tr:
            while (r, c) in grid:
                c += 1
            for dr in range(int(cell.get("rowspan", "1"))):
                for dc in range(int(cell.get("colspan", "1"))):
                    assert (r + dr, c + dc) not in grid, "overlapping cells"
                    grid[(r + dr, c + dc)] = cell
            c += int(cell.get("colspan", "1"))
    return grid


def _text(cell: lxml.html.HtmlElement) -> str:
    return cell.text_content()


def _check_every_cell(report: Report) -> None:
    tables = _tables(report)
    assert set(tables) == {"proactive", "applications", "remedies"}

    grid = _matrix(tables["proactive"])
    r = 0
    for table in fmt.PROACTIVE_TABLES:
        assert _text(grid[(r, 0)]) == table.item and grid[(r, 0)] is grid[(r, 3)]
        assert [_text(grid[(r + 1, c)]) for c in range(1 + len(table.cells))] == list(table.header)
        for i, row in enumerate(table.rows, start=r + 2):
            assert _text(grid[(i, 0)]) == row.label
            for c, cell in enumerate(table.cells, start=1):
                assert _text(grid[(i, c)]) == format_number(report.get("proactive", row.code, cell.code))
        r += 2 + len(table.rows)
    assert max(r for r, _ in grid) == r - 1

    grid = _matrix(tables["applications"])
    for i, row in enumerate(fmt.APPLICATION_ROWS, start=3):
        assert _text(grid[(i, 2)]) == row.label
        if row.group:
            assert _text(grid[(i, 1)]) == row.group
        for c, column in enumerate(fmt.APPLICANT_COLUMNS, start=3):
            cell = grid[(i, c)]
            assert cell.tag == "td"
            assert _text(cell) == format_number(report.get("applications", row.code, column.code)), (
                row.code,
                column,
            )
            assert cell.get("data-cell") == f"applications.{row.code}.{column.code}"
    assert max(r for r, _ in grid) == 2 + len(fmt.APPLICATION_ROWS)

    grid = _matrix(tables["remedies"])
    for g, group in enumerate(fmt.REMEDY_GROUPS):
        for k, cell_code in enumerate(fmt.REMEDY_CELLS):
            assert _text(grid[(3, 5 * g + k)]) == format_number(
                report.get("remedies", group.code, cell_code.code)
            )


def test_every_cell_of_the_fixture_report_is_where_the_template_prints_it():
    _check_every_cell(luoyang_report())


def test_every_cell_of_a_sparse_report_is_where_the_template_prints_it():
    _check_every_cell(sparse_report())


def test_applications_table_merges_the_row_labels_as_the_template_does():
    table = _tables(luoyang_report())["applications"]
    spans = {_text(th): int(th.get("rowspan", "1")) for th in table.iter("th")}
    assert spans[fmt.OUTCOME_HEADER] == 22  # the 21 outcomes and （七）总计
    assert spans["（三）不予公开"] == 8
    assert spans["（四）无法提供"] == 3
    assert spans["（五）不予处理"] == 5
    assert spans["（六）其他处理"] == 3
    cols = {_text(el): int(el.get("colspan", "1")) for el in table.iter("th")}
    assert cols["一、本年新收政府信息公开申请数量"] == 3
    assert cols["（一）予以公开"] == 2
    assert cols["（七）总计"] == 2
    grid = _matrix(table)
    assert all(_text(grid[(r, 0)]) == fmt.OUTCOME_HEADER for r in range(5, 27))
    assert _text(grid[(27, 0)]) == "四、结转下年度继续办理"


def test_applications_header_has_three_rows_with_merged_cells():
    table = _tables(luoyang_report())["applications"]
    assert len(table.find("thead").findall("tr")) == 3
    grid = _matrix(table)
    note = grid[(0, 0)]
    assert _text(note) == fmt.APPLICATIONS_NOTE and note is grid[(2, 2)]
    assert _text(grid[(0, 3)]) == fmt.APPLICANT_HEADER and grid[(0, 3)] is grid[(0, 9)]
    assert _text(grid[(1, 3)]) == "自然人" and grid[(1, 3)] is grid[(2, 3)]
    assert _text(grid[(1, 4)]) == fmt.ORGANISATION_HEADER and grid[(1, 4)] is grid[(1, 8)]
    assert [_text(grid[(2, c)]) for c in range(4, 9)] == [
        c.label for c in fmt.APPLICANT_COLUMNS if c.organisation
    ]
    assert _text(grid[(1, 9)]) == "总计" and grid[(1, 9)] is grid[(2, 9)]
    assert all(th.get("scope") == "col" for th in table.find("thead").iter("th"))


def test_remedies_header_merges_reconsideration_and_the_two_kinds_of_litigation():
    table = _tables(luoyang_report())["remedies"]
    grid = _matrix(table)
    assert _text(grid[(0, 0)]) == "行政复议" and grid[(0, 0)] is grid[(0, 4)]
    assert _text(grid[(0, 5)]) == "行政诉讼" and grid[(0, 5)] is grid[(0, 14)]
    assert _text(grid[(1, 5)]) == "未经复议直接起诉" and grid[(1, 5)] is grid[(1, 9)]
    assert _text(grid[(1, 10)]) == "复议后起诉" and grid[(1, 10)] is grid[(1, 14)]
    for c in range(5):
        assert grid[(1, c)] is grid[(2, c)]  # 行政复议's results span two header rows
        assert _text(grid[(1, c)]) == fmt.REMEDY_CELLS[c].label
        assert _text(grid[(2, 5 + c)]) == _text(grid[(2, 10 + c)]) == fmt.REMEDY_CELLS[c].label
    assert lxml.html.tostring(grid[(1, 0)], encoding="unicode").count("<br>") == 1  # 结果<br>维持


def test_standalone_document_is_html5_in_chinese_with_the_print_style():
    document = html.render(luoyang_report())
    assert document.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    root = lxml.html.document_fromstring(document)
    assert root.find(".//title").text == "洛阳市教育局2023年政府信息公开工作年度报告"
    assert root.find(".//meta").get("charset") == "utf-8"
    style = root.find(".//style").text
    for rule in (
        "size: A4",
        "margin: 37mm 26mm 35mm 28mm",
        'content: "— " counter(page) " —"',
        "0.5pt solid #000",
    ):
        assert rule in style
    assert '"FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif' in style
    assert "display: table-header-group" in style and "break-inside: avoid" in style
    article = root.find(".//article")
    assert [h.text_content() for h in article.iter("h2")] == [s.heading for s in fmt.SECTIONS]
    assert article.find(".//h1").text_content() == "洛阳市教育局2023年政府信息公开工作年度报告"


def test_article_has_no_document_wrapper_and_keeps_paragraphs():
    fragment = html.render_article(luoyang_report())
    assert fragment.startswith('<article class="gk-report" lang="zh-CN">')
    assert "<html" not in fragment and "<style" not in fragment
    article = lxml.html.fragment_fromstring(fragment)
    overview = next(s for s in article.iter("section") if s.get("data-section") == "overview")
    assert len(overview.findall("p")) == 6
    assert overview.find("p").text.startswith("2023 年在市委")


def test_highlighted_cells_get_the_error_class_and_no_others():
    paths = {("applications", "withheld.state_secret", "natural"), ("remedies", "reconsideration", "total")}
    article = _article(luoyang_report(), highlight=paths)
    marked = {el.get("data-cell") for el in article.find_class(html.ERROR_CLASS)}
    assert marked == {"applications.withheld.state_secret.natural", "remedies.reconsideration.total"}
    assert not _article(luoyang_report()).find_class(html.ERROR_CLASS)


@pytest.mark.parametrize("render", [html.render, html.render_article])
def test_all_text_is_escaped(render):
    output = render(sparse_report())
    assert "<局>" not in output and "<b>" not in output
    assert "测试&lt;局&gt;&amp;“某”|机关" in output
    assert "第一段 &lt;b&gt;不是标签&lt;/b&gt; &amp; 符号。" in output


def test_unknown_cells_are_empty():
    table = _tables(sparse_report())["proactive"]
    (cell,) = table.xpath('.//td[@data-cell="proactive.normative_documents.repealed"]')
    assert cell.text_content() == ""
    assert "None" not in html.render(sparse_report())


def test_column_widths_fill_the_line():
    for table in _tables(luoyang_report()).values():
        widths = [
            float(re.search(r"width:([\d.]+)%", col.get("style")).group(1)) for col in table.iter("col")
        ]
        assert sum(widths) == pytest.approx(100, abs=0.1)


def test_rendering_is_deterministic():
    assert html.render(sparse_report()) == html.render(sparse_report())
