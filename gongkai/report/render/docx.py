"""Render a report as a Word document set like an official document (GB/T 9704-2012).

A4 with the type area of official documents; the title in 二号 bold 宋体, centred; headings in
三号黑体; body in 三号仿宋_GB2312 with a first-line indent of two characters and 22 lines a page;
page numbers "— N —" in 四号宋体. The statutory tables are real Word tables with the merged
cells of the official layout (see ``grid``), all borders drawn, header rows repeated on every
page and no row split across pages.

Chinese faces are set through ``w:eastAsia`` of ``w:rFonts``: Word picks the face of CJK
characters from that attribute only. The theme-font attributes of the built-in styles are
removed, since Word prefers them over explicit faces.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..model import Report
from .grid import Grid, GridCell, grids, placed_cells
from .layout import report_title, section_parts, title_lines

LATIN_FACE = "Times New Roman"
BODY_FACE = "仿宋_GB2312"
HEADING_FACE = "黑体"
TITLE_FACE = "宋体"
TABLE_FACE = "宋体"

TITLE_STYLE = "Report Title"
TABLE_STYLE = "Report Table Text"

PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": 37, "bottom": 35, "left": 28, "right": 26}  # mm, GB/T 9704-2012 §5.2.1
TYPE_AREA_WIDTH_MM = 210 - MARGINS["left"] - MARGINS["right"]  # 156 mm
LINE_PITCH = Pt(28.95)  # 22 lines in the 225 mm type area
CELL_MARGIN = 57  # twips (1 mm) left and right in table cells; Word's default is 108
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # a fixed timestamp keeps the output byte-for-byte reproducible


def render(report: Report) -> bytes:
    """Return the report as .docx bytes; the same report always gives the same bytes."""
    document = Document()
    _set_up_page(document)
    _set_up_styles(document)
    _add_title(document, title_lines(report))
    tables = grids(report)
    for part in section_parts(report):
        document.add_paragraph(part.section.heading, style="Heading 1")
        for text in part.paragraphs:
            document.add_paragraph(text)
        if part.has_table:
            _add_table(document, tables[part.section.key])
    properties = document.core_properties
    properties.title = report_title(report)
    properties.author = report.agency
    properties.language = "zh-CN"
    buffer = io.BytesIO()
    document.save(buffer)
    return _reproducible_zip(buffer.getvalue())


# --- Page and styles ---------------------------------------------------------------------------


def _set_up_page(document: Any) -> None:
    """Set A4 with the margins of GB/T 9704 and a centred page number in the footer."""
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin = Mm(MARGINS["top"])
    section.bottom_margin = Mm(MARGINS["bottom"])
    section.left_margin = Mm(MARGINS["left"])
    section.right_margin = Mm(MARGINS["right"])
    section.footer_distance = Mm(21)  # puts the page number about 7 mm below the type area
    _add_page_number(section.footer.paragraphs[0])


def _add_page_number(paragraph: Any) -> None:
    """Write "— N —" with a PAGE field, centred, in 四号宋体 (GB/T 9704-2012 §7.5)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    _set_first_line_chars(paragraph._p.get_or_add_pPr(), 0)
    runs = [paragraph.add_run(text) for text in ("— ", "1", " —")]
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    runs[1]._r.addprevious(field)
    field.append(runs[1]._r)  # the field's cached result; Word replaces it with the page number
    for run in runs:
        _set_faces(run._r.get_or_add_rPr(), LATIN_FACE, TITLE_FACE)
        run.font.size = Pt(14)


def _set_up_styles(document: Any) -> None:
    """Restyle Normal and Heading 1 and add the title and table-text styles.

    Body and headings keep Word's built-in styles so that the navigation pane and outline work.
    """
    styles = document.styles
    _style_body(styles["Normal"])
    _style_heading(styles["Heading 1"])
    _style_title(styles.add_style(TITLE_STYLE, WD_STYLE_TYPE.PARAGRAPH), styles["Normal"])
    _style_table_text(styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH), styles["Normal"])


def _style_body(normal: Any) -> None:
    """三号仿宋, exact 28.95 pt lines, first line indented by two characters, justified."""
    _set_faces(normal.element.get_or_add_rPr(), LATIN_FACE, BODY_FACE)
    normal.font.size = Pt(16)
    _set_language(normal.element.get_or_add_rPr())
    para = normal.paragraph_format
    para.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    para.line_spacing = LINE_PITCH
    para.space_before = para.space_after = Pt(0)
    para.first_line_indent = Pt(32)  # two characters of 16 pt
    _set_first_line_chars(normal.element.get_or_add_pPr(), 200)
    para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    para.widow_control = True


def _style_heading(heading: Any) -> None:
    """三号黑体 in black, indented like the body as official documents set first-level headings."""
    _set_faces(heading.element.get_or_add_rPr(), LATIN_FACE, HEADING_FACE)
    heading.font.size = Pt(16)
    heading.font.bold = heading.font.cs_bold = False
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading.paragraph_format.space_before = heading.paragraph_format.space_after = Pt(0)
    heading.paragraph_format.keep_with_next = True


def _style_title(title: Any, normal: Any) -> None:
    """二号 bold 宋体, centred, one blank line below."""
    title.base_style = normal
    _set_faces(title.element.get_or_add_rPr(), LATIN_FACE, TITLE_FACE)
    title.font.size = Pt(22)
    title.font.bold = True
    para = title.paragraph_format
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    para.line_spacing = Pt(34)
    para.first_line_indent = Pt(0)
    _set_first_line_chars(title.element.get_or_add_pPr(), 0)
    para.space_after = LINE_PITCH
    para.keep_with_next = True


def _style_table_text(table_text: Any, normal: Any) -> None:
    """五号宋体, single spacing, centred, no indent: the text of every table cell."""
    table_text.base_style = normal
    _set_faces(table_text.element.get_or_add_rPr(), LATIN_FACE, TABLE_FACE)
    table_text.font.size = Pt(10.5)
    para = table_text.paragraph_format
    para.line_spacing_rule = WD_LINE_SPACING.SINGLE
    para.first_line_indent = Pt(0)
    _set_first_line_chars(table_text.element.get_or_add_pPr(), 0)
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _set_faces(rpr: Any, latin: str, east_asian: str) -> None:
    """Name the Latin and the East Asian face, dropping theme fonts that would override them."""
    fonts = rpr.get_or_add_rFonts()
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for name in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(name), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def _set_language(rpr: Any) -> None:
    """Mark East Asian text as Simplified Chinese so Word applies Chinese line breaking."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _set_first_line_chars(ppr: Any, hundredths: int) -> None:
    """Give the first-line indent in characters (w:firstLineChars), which Word prefers to points."""
    ppr.get_or_add_ind().set(qn("w:firstLineChars"), str(hundredths))


# --- Content -----------------------------------------------------------------------------------


def _add_title(document: Any, lines: tuple[str, ...]) -> None:
    paragraph = document.add_paragraph(style=TITLE_STYLE)
    run = paragraph.add_run()
    for i, line in enumerate(lines):
        if i:
            run.add_break()
        run.add_text(line)


def _add_table(document: Any, grid: Grid) -> None:
    """Add one statutory table with the merged cells of the official layout."""
    rows = grid.rows
    table = document.add_table(rows=len(rows), cols=grid.columns)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Mm(TYPE_AREA_WIDTH_MM * w / 100) for w in grid.widths]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width
    cells = table._cells  # positions before merging; merging never removes a cell a span starts in
    style_id = document.styles[TABLE_STYLE].style_id
    for r, c, spec in placed_cells(grid):
        cell = cells[r * grid.columns + c]
        if spec.rowspan > 1 or spec.colspan > 1:
            cell = cell.merge(cells[(r + spec.rowspan - 1) * grid.columns + c + spec.colspan - 1])
        _fill(cell, spec, style_id)
    for index, row in enumerate(table.rows):
        _set_row_flags(row, repeat=index < len(grid.head))
    _set_cell_margins(table, CELL_MARGIN)
    document.add_paragraph(style=TABLE_STYLE)  # a little air between the table and what follows


def _fill(cell: Any, spec: GridCell, style_id: str) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    paragraph._p.style = style_id  # by id: looking a style up by name for every cell is slow
    if spec.kind == "label" and spec.rowspan == 1:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    run = paragraph.add_run()
    for i, line in enumerate(spec.lines):
        if i:
            run.add_break()
        run.add_text(line)


def _set_row_flags(row: Any, *, repeat: bool) -> None:
    """Keep each row on one page; repeat the header rows at the top of every page."""
    trpr = row._tr.get_or_add_trPr()
    flags = ("w:cantSplit", "w:tblHeader") if repeat else ("w:cantSplit",)
    for tag in flags:
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        trpr.append(element)


def _set_cell_margins(table: Any, twips: int) -> None:
    """Narrow the left and right cell margins so two characters fit the columns of section 四."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("w:left", "w:right"):
        element = OxmlElement(side)
        element.set(qn("w:w"), str(twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _reproducible_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed timestamps: zipfile stamps every member with 'now'."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = info.external_attr
            target.writestr(member, source.read(info.filename))
    return out.getvalue()
