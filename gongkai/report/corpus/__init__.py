"""A corpus of reports in every layout of docs/domain/REPORT_LAYOUTS.md, from any report value.

``write(report, layout, rng)`` returns a `Sample`: the bytes as a publisher would have put
them online, and the report a perfect reader can get back from them (the same report, except
where the layout itself loses cells — （六） printed as one row). ``score`` compares what a
reader gave with that: every cell is exact, unknown (None) or wrong. Tests (property tests over
random reports × every layout) and ``bench/report_readers.py`` both draw from here, so the
accuracy the bench prints is the accuracy the tests hold.

Pure: imports nothing from Django. WeasyPrint, python-docx and pypdfium2 load only for the
layouts that need them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from ..model import Report
from . import binary, html, text
from .reports import random_report

__all__ = ["LAYOUTS", "Layout", "Sample", "Score", "random_report", "score", "write"]


@dataclass(frozen=True)
class Layout:
    name: str
    kind: str  # the reader it goes to: "text", "md", "html", "docx", "pdf", "scan"
    description: str  # the REPORT_LAYOUTS.md entry it imitates
    writer: Callable[[Report, random.Random], str | bytes]
    expected: Callable[[Report], Report] = lambda report: report
    min_exact: float = 0.99  # issue 11: ≥99% exact except collapsed crawler text and OCR


LAYOUTS: tuple[Layout, ...] = (
    Layout("cms_html", "html", "CMS tables (TRS)", html.cms_html),
    Layout("word_html", "html", "Word pasted into a CMS", html.word_html),
    Layout("web_copy", "text", "Text as copied from a web page", text.web_copy),
    Layout(
        "crawler_collapsed",
        "text",
        "Crawler text, all whitespace collapsed",
        text.crawler_collapsed,
        min_exact=0.95,
    ),
    Layout("crawler_spaced", "text", "Partly spaced crawler text, mixed rows", text.crawler_spaced),
    Layout("remedies_one_run", "text", "Section 四 as one run", text.remedies_one_run),
    Layout("pdf_text", "text", "PDF text with wrapped labels and page markers", text.pdf_text),
    Layout("ocr_markdown", "md", "OCR'd to Markdown, split tables", text.ocr_markdown, min_exact=0.98),
    Layout(
        "single_other_row",
        "text",
        "（六）其他处理 as a single row",
        text.single_other_row,
        text.single_other_expected,
    ),
    Layout(
        "renamed_sections",
        "text",
        "Section titles in the agency's own words, renumbered",
        text.renamed_sections,
    ),
    Layout("crawler_header", "text", "Crawler header lines", text.crawler_header),
    Layout(
        "docx_title_elsewhere", "docx", "DOCX whose title is not in the body", binary.docx_title_elsewhere
    ),
    Layout("pdf", "pdf", "The project's own PDF, labels wrapped", binary.pdf),
    Layout("scan", "scan", "Scanned report: image-only PDF", binary.image_pdf, min_exact=0.98),
)
LAYOUT_BY_NAME = {layout.name: layout for layout in LAYOUTS}


@dataclass(frozen=True)
class Sample:
    layout: str
    data: bytes
    report: Report  # what was written
    expected: Report  # what a reader can know from it

    @property
    def name(self) -> str:
        suffix = {"text": "txt", "md": "md", "html": "html", "docx": "docx", "pdf": "pdf", "scan": "pdf"}
        return f"{self.layout}.{suffix[LAYOUT_BY_NAME[self.layout].kind]}"


def write(report: Report, layout: str | Layout, rng: random.Random | None = None) -> Sample:
    """Write one report in one layout."""
    chosen = LAYOUT_BY_NAME[layout] if isinstance(layout, str) else layout
    written = chosen.writer(report, rng or random.Random(0))
    data = written.encode("utf-8") if isinstance(written, str) else written
    return Sample(chosen.name, data, report, chosen.expected(report))


@dataclass
class Score:
    """Cells read back, compared with what the layout lets a reader know."""

    exact: int = 0
    unknown: int = 0
    wrong: int = 0
    wrong_cells: list[str] | None = None

    @property
    def total(self) -> int:
        return self.exact + self.unknown + self.wrong

    @property
    def exact_share(self) -> float:
        return self.exact / self.total if self.total else 1.0

    def add(self, other: Score) -> Score:
        return Score(
            self.exact + other.exact,
            self.unknown + other.unknown,
            self.wrong + other.wrong,
            (self.wrong_cells or []) + (other.wrong_cells or []),
        )


def score(expected: Report, got: Report | None) -> Score:
    """Count exact, unknown and wrong cells. A cell the layout hides (None expected) is exact
    when read as None and wrong when read as anything else."""
    result = Score(wrong_cells=[])
    for path, value in expected.cells():
        back = got.get(*path) if got is not None else None
        if back == value:
            result.exact += 1
        elif back is None:
            result.unknown += 1
        else:
            result.wrong += 1
            result.wrong_cells.append(f"{'.'.join(path)}: {back!r} ≠ {value!r}")  # type: ignore[union-attr]
    return result
