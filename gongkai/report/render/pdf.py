"""Render a report as PDF: the HTML document typeset by WeasyPrint with the print style sheet.

Chinese glyphs come from whatever CJK font fontconfig offers (Noto CJK, installed by
scripts/ensure-cjk-font.sh); the style sheet names the official faces first and falls back to
it. WeasyPrint is imported on first use so that the other formats do not pay for it.
"""

from __future__ import annotations

from ..model import Report
from . import html


def render(report: Report) -> bytes:
    """Return the report as PDF bytes: A4, GB/T 9704 margins, table headers repeated per page."""
    # lazy: WeasyPrint (Pango, fonttools), only when a PDF is asked for
    from weasyprint import HTML

    document = HTML(string=html.render(report), base_url=None)
    return document.write_pdf()
