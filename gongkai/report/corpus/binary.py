"""Binary layouts: DOCX with the title only in its properties or page header, the project's own
PDF (long labels wrap in their cells), and an image-only PDF made from it (a scan).

Pure: imports nothing from Django.
"""

from __future__ import annotations

import io
import random

from ..model import Report
from ..render import render
from ..render.layout import report_title, title_lines

SCAN_DPI = 150


def docx_title_elsewhere(report: Report, rng: random.Random) -> bytes:
    """The project's DOCX with the title paragraphs removed from the body, kept in the core
    properties and/or the page header (converted files keep it only there)."""
    # lazy: python-docx, only when a DOCX is written or read
    from docx import Document

    document = Document(io.BytesIO(bytes(render(report, "docx"))))
    title = report_title(report)
    lines = {"".join(line.split()) for line in (*title_lines(report), title, "".join(title_lines(report)))}
    for paragraph in list(document.paragraphs):
        if "".join(paragraph.text.split()) in lines:
            paragraph._element.getparent().remove(paragraph._element)
    where = rng.choice(("properties", "header", "both"))
    if where in ("properties", "both"):
        document.core_properties.title = title
    if where in ("header", "both"):
        document.sections[0].header.paragraphs[0].text = title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf(report: Report, rng: random.Random) -> bytes:
    """The project's own PDF (WeasyPrint): real character positions, labels wrapped in cells."""
    return bytes(render(report, "pdf"))


def image_pdf(report: Report, rng: random.Random) -> bytes:
    """A scan: each page of the project's PDF rasterised and saved as a PDF of images only."""
    return rasterise(pdf(report, rng))


def rasterise(data: bytes, *, dpi: int = SCAN_DPI) -> bytes:
    """Return a PDF holding only page images of the given PDF (no text layer)."""
    # lazy: pypdfium2, only when PDF pages are rendered or read by position
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        images = [page.render(scale=dpi / 72).to_pil().convert("L") for page in document]
    finally:
        document.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return out.getvalue()
