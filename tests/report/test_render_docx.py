"""The Word renderer: page set-up, faces, paragraphs, and every cell of the merged tables."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from test_render_fixture import luoyang_report, sparse_report

from gongkai.report import format as fmt
from gongkai.report.model import Report
from gongkai.report.render import docx as render_docx
from gongkai.report.render.layout import format_number


@pytest.fixture(scope="module")
def document():
    return docx.Document(io.BytesIO(render_docx.render(luoyang_report())))


def _east_asian_face(style) -> str:
    return style.element.rPr.rFonts.get(qn("w:eastAsia"))


def _same(a, b) -> bool:
    return a._tc is b._tc


def _check_every_cell(report: Report, tables) -> None:
    proactive, applications, remedies = tables
    r = 0
    for table in fmt.PROACTIVE_TABLES:
        assert proactive.cell(r, 0).text == table.item and _same(proactive.cell(r, 0), proactive.cell(r, 3))
        assert [proactive.cell(r + 1, c).text for c in range(1 + len(table.cells))] == list(table.header)
        for i, row in enumerate(table.rows, start=r + 2):
            assert proactive.cell(i, 0).text == row.label
            for c, cell in enumerate(table.cells, start=1):
                assert proactive.cell(i, c).text == format_number(
                    report.get("proactive", row.code, cell.code)
                )
        r += 2 + len(table.rows)
    assert len(proactive.rows) == r

    assert len(applications.rows) == 3 + len(fmt.APPLICATION_ROWS)
    for i, row in enumerate(fmt.APPLICATION_ROWS, start=3):
        assert applications.cell(i, 2).text == row.label
        if row.group:
            assert applications.cell(i, 1).text == row.group
        for c, column in enumerate(fmt.APPLICANT_COLUMNS, start=3):
            want = format_number(report.get("applications", row.code, column.code))
            assert applications.cell(i, c).text == want, (row.code, column.code)

    for g, group in enumerate(fmt.REMEDY_GROUPS):
        for k, cell in enumerate(fmt.REMEDY_CELLS):
            assert remedies.cell(3, 5 * g + k).text == format_number(
                report.get("remedies", group.code, cell.code)
            )


def test_every_cell_of_the_fixture_report(document):
    assert len(document.tables) == 3
    _check_every_cell(luoyang_report(), document.tables)


def test_every_cell_of_a_sparse_report_and_unknown_cells_are_empty():
    report = sparse_report()
    tables = docx.Document(io.BytesIO(render_docx.render(report))).tables
    _check_every_cell(report, tables)
    assert tables[0].cell(3, 2).text == ""  # normative_documents.repealed is unknown


def test_merged_cells_follow_the_template(document):
    applications, remedies = document.tables[1], document.tables[2]
    assert _same(applications.cell(0, 0), applications.cell(2, 2))
    assert applications.cell(0, 0).text == fmt.APPLICATIONS_NOTE
    assert _same(applications.cell(0, 3), applications.cell(0, 9))
    assert _same(applications.cell(1, 3), applications.cell(2, 3))  # 自然人
    assert _same(applications.cell(1, 4), applications.cell(1, 8))  # 法人或其他组织
    assert _same(applications.cell(1, 9), applications.cell(2, 9))  # 总计
    assert applications.cell(5, 0).text == fmt.OUTCOME_HEADER
    assert _same(applications.cell(5, 0), applications.cell(26, 0))  # 22 rows
    assert not _same(applications.cell(5, 0), applications.cell(27, 0))
    assert _same(applications.cell(7, 1), applications.cell(14, 1))  # （三）不予公开, 8 rows
    assert not _same(applications.cell(7, 1), applications.cell(15, 1))
    assert _same(applications.cell(3, 0), applications.cell(3, 2))  # 一、… across the label area
    assert _same(applications.cell(5, 1), applications.cell(5, 2))  # （一）予以公开
    assert _same(applications.cell(26, 1), applications.cell(26, 2))  # （七）总计
    assert _same(remedies.cell(0, 0), remedies.cell(0, 4)) and remedies.cell(0, 0).text == "行政复议"
    assert _same(remedies.cell(0, 5), remedies.cell(0, 14)) and remedies.cell(0, 5).text == "行政诉讼"
    assert _same(remedies.cell(1, 0), remedies.cell(2, 0)) and remedies.cell(1, 0).text == "结果\n维持"


def test_header_rows_repeat_and_no_row_splits(document):
    for table, header_rows in zip(document.tables, (0, 3, 3), strict=True):
        for index, row in enumerate(table.rows):
            trpr = row._tr.trPr
            assert trpr.find(qn("w:cantSplit")) is not None
            assert (trpr.find(qn("w:tblHeader")) is not None) == (index < header_rows)
        assert table.style.name == "Table Grid"


def test_page_is_a4_with_official_margins_and_a_page_number(document):
    section = document.sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin, section.bottom_margin)
    margins = (section.left_margin, section.right_margin)
    # Word stores twips, so a millimetre comes back to within a twip (0.018 mm).
    assert [round(v.mm, 1) for v in (*sizes, *margins)] == [210, 297, 37, 35, 28, 26]
    footer = section.footer.paragraphs[0]
    assert footer.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert footer._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"
    assert footer.text.startswith("— ") and footer.text.endswith(" —")


def test_title_headings_and_body_paragraphs(document):
    paragraphs = [p for p in document.paragraphs if p.text]
    title = paragraphs[0]
    assert title.text == "洛阳市教育局\n2023年政府信息公开工作年度报告"
    assert title.style.name == render_docx.TITLE_STYLE
    assert title.style.font.size == Pt(22) and title.style.font.bold
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.heading for s in fmt.SECTIONS]
    body = [p.text for p in paragraphs[1:] if p.style.name == "Normal"]
    report = luoyang_report()
    expected = [line for key in fmt.TEXT_KEYS for line in report.text[key].split("\n") if line.strip()]
    assert body == expected


def test_faces_and_sizes_follow_gb_t_9704(document):
    styles = document.styles
    assert _east_asian_face(styles["Normal"]) == "仿宋_GB2312"
    assert styles["Normal"].font.size == Pt(16)
    normal = styles["Normal"].paragraph_format
    assert normal.first_line_indent == Pt(32)
    assert styles["Normal"].element.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert _east_asian_face(styles["Heading 1"]) == "黑体"
    assert styles["Heading 1"].font.size == Pt(16)
    assert _east_asian_face(styles[render_docx.TITLE_STYLE]) in ("宋体", "方正小标宋简体")
    heading_fonts = styles["Heading 1"].element.rPr.rFonts
    assert heading_fonts.get(qn("w:asciiTheme")) is None and heading_fonts.get(qn("w:eastAsiaTheme")) is None


def test_output_is_reproducible_byte_for_byte():
    first, second = render_docx.render(sparse_report()), render_docx.render(sparse_report())
    assert first == second
    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {
        render_docx.ZIP_DATE
    }


def test_core_properties_name_the_report():
    properties = docx.Document(io.BytesIO(render_docx.render(luoyang_report()))).core_properties
    assert properties.title == "洛阳市教育局2023年政府信息公开工作年度报告"
    assert properties.author == "洛阳市教育局"
