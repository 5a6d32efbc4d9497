"""The DOCX reader: Word tables with merged cells, text split over runs, damaged files.

Documents are built here with python-docx from a report's numbers, in the official layout of
the tables (`render.grid`) with the quirks of real Word reports applied — every label split
into runs and paragraphs, label variants, swapped columns, paragraphs between tables, the
whole report inside a one-cell layout table — and read back; all 200 cells are compared.
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Callable

import pytest
from docx import Document
from docx.shared import Pt
from docx.table import _Cell
from test_render_fixture import assert_same_cells, distinct_report, fixture_report

from gongkai.report import format as fmt
from gongkai.report.model import Report
from gongkai.report.read.docx import docx_grids, read_docx
from gongkai.report.render.grid import Grid, grids, placed_cells

TITLE = "洛阳市教育局2023年政府信息公开工作年度报告"
ORGS = [c.code for c in fmt.APPLICANT_COLUMNS if c.organisation]


# --- a builder of Word reports ----------------------------------------------------------------------


def add_runs(paragraph, text: str) -> None:  # type: ignore[no-untyped-def]
    """Split text into runs of one or two characters with changing formatting, as Word does."""
    for i in range(0, len(text), 2):
        run = paragraph.add_run(text[i : i + 2])
        run.bold = bool(i % 4)
        run.font.size = Pt(10.5 + (i % 3))


def fill(cell, text: str) -> None:  # type: ignore[no-untyped-def]
    """Put text in a cell over runs; a four-character header is broken over two paragraphs."""
    first = cell.paragraphs[0]
    if len(text) == 4 and not text.isdigit():
        add_runs(first, text[:2])
        add_runs(cell.add_paragraph(), text[2:])
    else:
        add_runs(first, text)


def add_grid(container, grid: Grid, labels: dict[str, str], columns: dict[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Add one statutory table with its merged cells; `columns` moves one-column cells (a swap)."""
    table = container.add_table(rows=len(grid.rows), cols=grid.columns)
    placed = [(r, columns.get(c, c) if spec.colspan == 1 else c, spec) for r, c, spec in placed_cells(grid)]
    for r, c, spec in placed:
        if spec.rowspan > 1 or spec.colspan > 1:
            table.cell(r, c).merge(table.cell(r + spec.rowspan - 1, c + spec.colspan - 1))
    rows = table._tbl.tr_lst
    for r, c, spec in placed:  # by grid offset: table.cell() rebuilds every cell on each call
        text = "".join(spec.lines)
        fill(_Cell(rows[r].tc_at_grid_offset(c), table), labels.get(text, text))


def build_docx(
    report: Report,
    *,
    labels: dict[str, str] | None = None,
    columns: dict[int, int] | None = None,
    in_layout_table: bool = False,
    between: str = "单位：件",
    tables: Callable[[Report], dict[str, Grid]] = grids,
) -> bytes:
    document = Document()
    container = document
    if in_layout_table:
        container = document.add_table(rows=1, cols=1).cell(0, 0)
    add_runs(container.add_paragraph(), TITLE)
    by_section = tables(report)
    for section in fmt.SECTIONS:
        add_runs(container.add_paragraph(), section.heading)
        for line in report.text.get(section.key, "").split("\n") if section.key in report.text else ():
            add_runs(container.add_paragraph(), line)
        if section.key in by_section:
            container.add_paragraph(between)
            moved = (columns or {}) if section.key == "applications" else {}
            add_grid(container, by_section[section.key], labels or {}, moved)
            container.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@functools.cache
def plain_docx(name: str) -> bytes:
    """Build the default quirky document once per report: python-docx merges are slow."""
    return build_docx(fixture_report() if name == "fixture" else distinct_report())


# --- round trip ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [fixture_report, distinct_report])
def test_the_projects_own_docx_reads_back_cell_for_cell(make) -> None:  # type: ignore[no-untyped-def]
    from gongkai.report.render import render

    expected = make()
    report, findings = read_docx(render(expected, "docx"), source="r.docx")
    assert_same_cells(report, expected)
    assert (report.agency, report.year) == ("洛阳市教育局", 2023)
    assert report.text == expected.text
    assert report.sections_present == {s.key for s in fmt.SECTIONS}
    assert [f for f in findings if f.level != "info"] == []


# --- Word quirks ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [fixture_report, distinct_report])
def test_merged_cells_and_text_split_over_runs_and_paragraphs(make) -> None:  # type: ignore[no-untyped-def]
    expected = make()
    report, findings = read_docx(plain_docx(make.__name__.split("_")[0]))
    assert_same_cells(report, expected)
    assert (report.title, report.agency, report.year) == (TITLE, "洛阳市教育局", 2023)
    assert report.text == expected.text  # "单位：件" between tables is not narrative of 一/五/六
    assert findings == []


def test_merged_label_cells_repeat_as_copies_and_numbers_are_not_doubled() -> None:
    grid = docx_grids(plain_docx("fixture"))[1]  # section 三
    outcome = [r for r, row in enumerate(grid.rows) if row[0] == fmt.OUTCOME_HEADER]
    assert len(outcome) == 22  # 三、本年度办理结果 covers 21 outcome rows and （七）总计
    assert all((r, 0) in grid.copies for r in outcome[1:]) and (outcome[0], 0) not in grid.copies
    first_numbers = [(outcome[0], c) for c in range(3, 10)]
    assert not any(p in grid.copies for p in first_numbers)


def test_a_number_merged_down_two_rows_is_counted_once() -> None:
    expected = fixture_report()
    document = Document()
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    table = document.add_table(rows=3, cols=8)
    for c, text in enumerate(["", *(col.label for col in fmt.APPLICANT_COLUMNS)]):
        table.cell(0, c).text = text
    for r, row in ((1, "new_this_year"), (2, "carried_over")):
        table.cell(r, 0).text = fmt.ROW_BY_CODE[row].label
        for c, col in enumerate(fmt.APPLICANT_COLUMNS, start=1):
            table.cell(r, c).text = str(expected.get("applications", row, col.code))
    table.cell(1, 1).merge(table.cell(2, 1)).text = "5"
    buffer = io.BytesIO()
    document.save(buffer)
    report, findings = read_docx(buffer.getvalue())
    assert report.get("applications", "new_this_year", "natural") == 5
    assert report.get("applications", "carried_over", "natural") is None
    assert report.get("applications", "carried_over", "total") == 0
    lost = [f for f in findings if f.id == "read.W206"]
    assert [str(f.location) for f in lost] == ["applications.carried_over"]
    assert "自然人" in lost[0].message


def test_swapped_columns_and_label_variants() -> None:
    expected = distinct_report()
    commercial, research = (3 + 1 + ORGS.index(c) for c in ("commercial", "research"))
    labels = {"行政规范性文件": "规范性文件", "（七）总计": "(七)总计", "行政许可": "行政 许可"}
    data = build_docx(expected, labels=labels, columns={commercial: research, research: commercial})
    table = docx_grids(data)[1]
    assert table.rows[2][research] == "商业企业"  # the header really is swapped
    report, findings = read_docx(data)
    assert_same_cells(report, expected)
    assert findings == []


def test_a_report_inside_a_one_cell_layout_table() -> None:
    expected = distinct_report()
    report, findings = read_docx(build_docx(expected, in_layout_table=True))
    assert_same_cells(report, expected)
    assert report.text == expected.text
    assert report.agency == "洛阳市教育局"
    assert findings == []


def test_a_missing_table_is_said() -> None:
    expected = fixture_report()
    data = build_docx(expected, tables=lambda r: {k: v for k, v in grids(r).items() if k != "remedies"})
    report, findings = read_docx(data)
    assert report.tables_present == {"proactive", "applications"}
    assert all(v is None for v in report.remedies["reconsideration"].values())
    assert [(f.id, str(f.location)) for f in findings] == [("read.W207", "remedies")]
    assert "remedies" in report.sections_present  # the heading is there, the table is not


# --- damaged and foreign files ---------------------------------------------------------------------------


def zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "不是 Word 文档")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "不是 ZIP"),
        (b"%PDF-1.7\n1 0 obj\n", "不是 ZIP"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), ".doc"),
        (bytes(range(256)) * 20, "不是 ZIP"),
        (zip_without_document(), "KeyError"),
    ],
    ids=["empty", "a-pdf", "legacy-doc", "random-bytes", "zip-without-word"],
)
def test_what_is_no_docx_gives_an_error_finding(data: bytes, reason: str) -> None:
    report, findings = read_docx(data, source="x.docx")
    assert [(f.id, f.level) for f in findings] == [("read.E070", "error")]
    assert "无法解析" in findings[0].message and reason in findings[0].message
    assert "x.docx" in findings[0].message
    assert not report.tables_present and not report.sections_present


def test_a_truncated_docx_gives_an_error_finding() -> None:
    data = plain_docx("fixture")
    report, findings = read_docx(data[: len(data) // 2])
    assert [f.id for f in findings] == ["read.E070"]
    assert all(value is None for _, value in report.cells())


def test_a_2019_template_document_is_recognised() -> None:
    document = Document()
    document.add_paragraph("洛阳市教育局2019年政府信息公开工作年度报告")
    document.add_paragraph("二、主动公开政府信息情况")
    table = document.add_table(rows=2, cols=4)
    for c, text in enumerate(["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]):
        table.cell(0, c).text = text
    for c, text in enumerate(["规章", "0", "0", "3"]):
        table.cell(1, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    report, findings = read_docx(buffer.getvalue())
    assert (report.format, report.year) == (fmt.FORMAT_2019, 2019)
    assert [f.id for f in findings] == ["read.W301"]
    assert all(value is None for _, value in report.cells())
