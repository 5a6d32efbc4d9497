"""The PDF renderer: a real text layer, the figures, an embedded CJK font, tables kept whole.

Rendering takes about a second with HarfBuzz-Subset (libharfbuzz-subset0) and 10–25 s with
WeasyPrint's fontTools fallback, so the document is rendered once for the module.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess

import pdfplumber
import pypdf
import pytest
from test_render_fixture import luoyang_report

from gongkai.report import format as fmt
from gongkai.report.render import pdf


def _cjk_font_installed() -> bool:
    if shutil.which("fc-list") is None:
        return False
    listing = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(listing.stdout.strip())


@pytest.fixture(scope="module")
def document() -> bytes:
    return pdf.render(luoyang_report())


@pytest.fixture(scope="module")
def pages(document) -> list[str]:
    with pdfplumber.open(io.BytesIO(document)) as opened:
        return [page.extract_text() or "" for page in opened.pages]


def test_is_a_pdf_of_a4_pages(document):
    assert document.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(document))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)


def test_text_layer_holds_the_headings_and_the_figures(pages):
    text = "\n".join(pages)
    for section in fmt.SECTIONS:
        assert section.heading in text
    assert "收到和处理政府信息公开申请情况" in text
    for figure in ("4255", "3881.372"):
        assert figure in text
    assert "洛阳市教育局" in text and "2023年政府信息公开工作年度报告" in text


def test_pages_are_numbered_with_dashes(pages):
    for number, text in enumerate(pages, start=1):
        assert f"— {number} —" in text


def test_applications_table_is_kept_on_one_page_with_its_heading(pages):
    page = next(text for text in pages if "一、本年新收政府信息公开申请数量" in text)
    for printed in (
        "三、收到和处理政府信息公开申请情况",
        "申请人情况",
        "1.属于国家秘密",
        "四、结转下年度继续办理",
    ):
        assert printed in page
    assert sum("1.属于国家秘密" in text for text in pages) == 1


def test_applications_rows_print_their_figures(pages):
    page = next(text for text in pages if "一、本年新收政府信息公开申请数量" in text)
    lines = page.split("\n")
    new_this_year = next(line for line in lines if line.startswith("一、本年新收"))
    assert new_this_year.split()[-7:] == ["5", "0", "0", "0", "0", "0", "5"]
    carried_forward = next(line for line in lines if line.startswith("四、结转下年度"))
    assert carried_forward.split()[-7:] == ["0"] * 7


def test_a_cjk_font_is_embedded(document):
    # The project's setup (make install → scripts/ensure-cjk-font.sh) installs Noto CJK; CI must have it.
    if not _cjk_font_installed() and not os.environ.get("CI"):
        pytest.skip("fc-list :lang=zh finds no Chinese font; run scripts/ensure-cjk-font.sh")
    reader = pypdf.PdfReader(io.BytesIO(document))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, "font not embedded"
    assert any("CJK" in name or "Han" in name or "Sim" in name or "Song" in name for name in fonts), fonts


def test_rendering_is_reproducible(document):
    assert pdf.render(luoyang_report()) == document
