"""Render letters and receipts: DOCX with python-docx, PDF with WeasyPrint (CJK font from fontconfig).

Letters are on A4 paper (GB/T 9704 official documents) in both formats. A draft letter (a reply
the office head has not yet approved) carries the watermark 草稿 on every page.
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string

from .letters import LetterContent

CJK_FONT = "Noto Serif CJK SC"
DRAFT_MARK = "草稿"
A4_MM = (210, 297)


def letter_docx(letter: LetterContent) -> bytes:
    # lazy: python-docx, only when a DOCX is written or read
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    document = Document()
    for section in document.sections:  # python-docx starts from US Letter
        section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
        if letter.draft:
            mark = section.header.paragraphs[0]
            mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = mark.add_run(f"{DRAFT_MARK}（未经批准，不得送达）")
            run.bold = True
            run.font.size = Pt(28)
            run.font.color.rgb = RGBColor(0xC0, 0xC0, 0xC0)
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")

    def centred(text: str, size: int, bold: bool = False) -> None:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.size = Pt(size)

    centred(letter.agency_name, 20, bold=True)
    centred(letter.title, 18, bold=True)
    centred(letter.number, 12)
    document.add_paragraph(f"{letter.addressee}：")
    for text in letter.paragraphs:
        paragraph = document.add_paragraph(text)
        paragraph.paragraph_format.first_line_indent = Pt(28)
    if letter.remedies:
        paragraph = document.add_paragraph(letter.remedies)
        paragraph.paragraph_format.first_line_indent = Pt(28)
    if letter.meta:
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in letter.meta:
            cells = table.add_row().cells
            cells[0].text = label
            cells[1].text = value
    for line in letter.office_lines:
        document.add_paragraph(line)
    for text in (letter.agency_name, _date(letter)):
        paragraph = document.add_paragraph(text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _date(letter: LetterContent) -> str:
    day = letter.dated
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def html_to_pdf(html: str) -> bytes:
    # lazy: WeasyPrint (Pango, fonttools), only when a PDF is asked for
    from weasyprint import HTML

    return HTML(string=html, base_url=None).write_pdf()


def letter_html(letter: LetterContent) -> str:
    return render_to_string(
        "applications/letters/letter.html", {"letter": letter, "date_text": _date(letter), "font": CJK_FONT}
    )


def letter_pdf(letter: LetterContent) -> bytes:
    return html_to_pdf(letter_html(letter))


def receipt_pdf(context: dict) -> bytes:
    return html_to_pdf(render_to_string("applications/portal/receipt_pdf.html", context | {"font": CJK_FONT}))
