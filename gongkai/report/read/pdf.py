"""Read a published annual report from a PDF.

Ruled tables are found by pdfplumber and laid out on a grid from the geometry of their cells
(a cell crossing two column rules spans two columns), so merged headers and row labels are read
by their labels like any other table (`grid.read_grids`). What the tables do not give — a table
printed without rules, a row cut by a page break — is taken from the text layer by the text
reader, which reads text extracted from PDFs anyway. A PDF without a text layer (a scan) cannot
be read at all, and says so.

Pure: imports nothing from Django.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ...core.bounded import check_pages
from .. import format as fmt
from ..findings import Finding, error, info, warning
from ..model import Report
from . import normalize as nz
from . import ocr
from .grid import TABLES, Grid
from .positioned import Line, Word, build_lines, join_wrapped
from .structured import (
    FROM_TEXT_LAYER,
    NO_TEXT_LAYER,
    OCR_TOTALS,
    READ_BY_OCR,
    SCANNED_PAGE,
    UNPARSABLE,
    assemble,
    unreadable,
)
from .text import problems, read_text

__all__ = ["read_pdf"]

Box = tuple[float, float, float, float]  # x0, top, x1, bottom

_TOLERANCE = 2.0  # points: cell edges closer than this are the same rule
_MAX_PAGES = 200  # an annual report is a few pages; a 1000-page PDF is something else
_PAGE_MARKER = re.compile(
    r"^\s*(?:[-—–―~_]+\s*\d{1,4}\s*[-—–―~_]+|第\s*\d{1,4}\s*页.*|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})\s*$"
)
_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")


@dataclass
class _Page:
    """One page while the document is open: its text, its tables and the page itself."""

    number: int
    text: str
    page: Any = None  # pdfplumber.page.Page
    tables: list[tuple[Grid, Box]] = field(default_factory=list)


def read_pdf(data: bytes, *, source: str = "") -> tuple[Report, list[Finding]]:
    """Read one PDF report; never raise — a damaged PDF or a scan gives an error finding."""
    if b"%PDF-" not in data[:1024]:
        return unreadable("PDF", source, "缺少 %PDF 文件头")
    fast = read_by_position(data, source=source)
    if fast is not None:
        return fast
    try:
        # lazy: pdfplumber (pdfminer), only when a PDF is read
        import pdfplumber

        document = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many kinds on a damaged file
        return unreadable("PDF", source, f"{type(exc).__name__}: {exc}"[:200])
    with document:
        check_pages(declared_pages(document))
        pages, findings = _read_pages(document)
        if pages is None:
            return unreadable("PDF", source, findings[0].message)
        if not any(page.text.strip() for page in pages):
            return read_scan(data, source=source)
        findings.extend(_scanned_pages(pages))
        grids = [grid for page in pages for grid, _ in page.tables]
        text = "\n".join(page.text for page in pages)
        report, more = assemble(grids, lambda used: _lines(pages, {id(grids[i]) for i in used}), text=text)
    findings.extend(more)
    if report.format == fmt.FORMAT_2021:
        findings = _fill_from_text(report, findings, text, source)
    return report, findings


# --- words by position (pypdfium2): the fast path ------------------------------------------------


def pdf_words(data: bytes) -> tuple[list[Word], int] | None:
    """Return the PDF's text runs with their boxes (points from the page's top left) and the
    number of pages, or None when pypdfium2 cannot open the file. A scan gives no words."""
    try:
        # lazy: pypdfium2, only when PDF pages are rendered or read by position
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(data)
    except Exception:  # a damaged file: the pdfminer path says why
        return None
    words: list[Word] = []
    try:
        for number, page in enumerate(document, start=1):
            if number > _MAX_PAGES:
                break
            height = page.get_height()
            textpage = page.get_textpage()
            for i in range(textpage.count_rects()):
                left, bottom, right, top = textpage.get_rect(i)
                text = textpage.get_text_bounded(left, bottom, right, top)
                words.append(Word(text, (left, height - top, right, height - bottom), number))
    except Exception:
        return None
    finally:
        pages = min(len(document), _MAX_PAGES)
        document.close()
    return words, pages


def read_by_position(data: bytes, *, source: str = "") -> tuple[Report, list[Finding]] | None:
    """Read the tables from the words' coordinates: rows by baseline band, fields by x gaps.

    Returns None — and the ruled-table reader takes over — unless every cell came out with no
    doubt about any row (docs/domain/REPORT_LAYOUTS.md: prefer coordinates to the text stream).
    """
    found = pdf_words(data)
    if found is None:
        return None
    words, pages = found
    if not any(w.text.strip() for w in words):
        return read_scan(data, source=source)
    if {w.page for w in words if w.text.strip()} != set(range(1, pages + 1)):
        return None  # a scanned page among text pages: the page-by-page reader names it
    if not _headers_in_order(words):
        return None  # columns printed in another order: the ruled tables read them by their labels
    lines = join_wrapped(build_lines(words), is_heading=nz.match_section_heading)
    report, findings = read_text("\n".join(line.text for line in lines), source=source)
    if report.format != fmt.FORMAT_2021 or not report.is_complete():
        return None
    if any(f.level != "info" and f.location.section in TABLES for f in findings):
        return None
    _locate(report, lines, "pdf")
    return report, findings


def _locate(report: Report, lines: list[Line], kind: str) -> None:
    """Give each located cell the page and box of the words its text span came from."""
    for where in report.provenance.values():
        line = where.get("line", 0) - 1
        found = lines[line].where(where["start"], where["end"]) if 0 <= line < len(lines) else None
        if found is not None:
            page, box = found
            where.update(kind=kind, page=page, box=[round(v, 1) for v in box])


def read_scan(data: bytes, *, source: str = "") -> tuple[Report, list[Finding]]:
    """Read a PDF of page images by OCR, or say it is a scan when Tesseract is not installed.

    The OCR words with their page boxes go through the same reader as a PDF's text runs; then
    every row or column whose printed total disagrees with its parts is made unknown
    (`_distrust_totals`): in a scan an OCR slip cannot be told from a misprint, and a cell is
    exact or unknown, never wrong.
    """
    if not ocr.available():
        report, _ = unreadable("PDF", source)
        return report, [
            error(
                NO_TEXT_LAYER,
                "PDF 没有文字层（可能是扫描件），本机未安装 OCR（tesseract 中文简体），无法读取",
            )
        ]
    try:
        words = ocr.ocr_words(data, max_pages=_MAX_PAGES)
    except Exception as exc:  # a damaged image or Tesseract failing: say so, never raise
        return unreadable("PDF", source, f"OCR: {type(exc).__name__}: {exc}"[:200])
    lines = join_wrapped(_without_page_numbers(build_lines(words)), is_heading=nz.match_section_heading)
    text = _UNREAD_FIELD.sub(_UNREAD_STANDIN, "\n".join(line.text for line in lines))
    report, findings = read_text(text, source=source)
    _locate(report, lines, "ocr")
    findings = [
        info(READ_BY_OCR, "PDF 没有文字层（扫描件），已用 OCR 识别；识别不清的数字按未知处理"),
        *(_unread(f) for f in findings),
        *_distrust_totals(report),
    ]
    return report, findings


# A number OCR could not read is "?" in its field. The text reader takes "?" for a misread cell
# only after another number (after a label it may be part of the label), so it is handed over as
# "…", which the text reader reads as a cell of unknown value wherever it stands (same length:
# the provenance spans hold), and its finding then says the cell was unreadable, not blank.
_UNREAD_FIELD = re.compile(r"(?<=\t)\?(?=\t|$)", re.MULTILINE)
_UNREAD_STANDIN = "…"


def _unread(finding: Finding) -> Finding:
    if finding.id != problems.CELL_EMPTY or not ("（…）" in finding.message or "（...）" in finding.message):
        return finding
    where = finding.location
    return problems.cell_problem("unreadable", where.section, where.row, where.column, "?")


_OCR_PAGE_MARKER = re.compile(r"^[\s\-—–―~_一]*\d{0,4}[\s\-—–―~_一]*$")


def _without_page_numbers(lines: list[Line]) -> list[Line]:
    """Leave out each page's last line when it is a page number: OCR reads the dashes of
    “— 2 —” as 一 or not at all, and a lone 2 would be a number that belongs to no row."""
    last = {line.sources[0].page: i for i, line in enumerate(lines) if line.sources and line.sources[0]}
    drop = {i for i in last.values() if _OCR_PAGE_MARKER.match(lines[i].text) and lines[i].text.strip()}
    return [line for i, line in enumerate(lines) if i not in drop]


def _distrust_totals(report: Report) -> list[Finding]:
    """Make unknown the cells of every row, remedy group and section 三 column whose total
    disagrees with its parts (RULES.md §6), with a finding naming it."""
    findings: list[Finding] = []
    columns = [c.code for c in fmt.APPLICANT_COLUMNS]
    parts, total = columns[:-1], columns[-1]
    for row in fmt.APPLICATION_ROWS:
        cells = report.applications[row.code]
        values = [cells[c] for c in columns]
        if None not in values and sum(cells[c] for c in parts) != cells[total]:  # type: ignore[misc]
            for c in columns:
                report.set("applications", row.code, c, None)
            findings.append(
                warning(
                    OCR_TOTALS,
                    f"OCR：“{row.label}”一行合计与各列之和不符，该行各数按未知处理",
                    "applications",
                    row.code,
                )
            )
    remedy_parts = [c.code for c in fmt.REMEDY_CELLS if c.code != "total"]
    for group in fmt.REMEDY_GROUPS:
        cells = report.remedies[group.code]
        if None not in cells.values() and sum(cells[c] for c in remedy_parts) != cells["total"]:  # type: ignore[misc]
            for c in [*remedy_parts, "total"]:
                report.set("remedies", group.code, c, None)
            findings.append(
                warning(
                    OCR_TOTALS,
                    f"OCR：“{group.label}”合计与各项之和不符，各数按未知处理",
                    "remedies",
                    group.code,
                )
            )
    first, carried = fmt.APPLICATION_ROWS[0].code, fmt.APPLICATION_ROWS[1].code
    handled, forward = fmt.APPLICATION_ROWS[-2].code, fmt.APPLICATION_ROWS[-1].code
    for column in fmt.APPLICANT_COLUMNS:
        cells = {r.code: report.get("applications", r.code, column.code) for r in fmt.APPLICATION_ROWS}
        outcomes = [cells[code] for code in fmt.OUTCOME_CODES]
        broken = None not in outcomes and cells[handled] is not None and sum(outcomes) != cells[handled]  # type: ignore[arg-type]
        four = [cells[first], cells[carried], cells[handled], cells[forward]]
        broken = broken or (None not in four and four[0] + four[1] != four[2] + four[3])  # type: ignore[operator]
        if broken:
            for row in fmt.APPLICATION_ROWS:
                report.set("applications", row.code, column.code, None)
            findings.append(
                warning(
                    OCR_TOTALS,
                    f"OCR：“{column.label}”一列的勾稽关系不成立，该列各数按未知处理",
                    "applications",
                    "",
                    column.code,
                )
            )
    return findings


_HEADERS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # (a word of the first header row, the start of the first body row, the column labels in order)
    (
        nz.label_key(fmt.APPLICANT_HEADER),
        nz.label_key(fmt.APPLICATION_ROWS[0].label)[:6],
        tuple(nz.label_key(c.label) for c in fmt.APPLICANT_COLUMNS),
    ),
    (
        nz.label_key(fmt.REMEDY_GROUPS[0].label),
        "",
        tuple(nz.label_key(c.label) for c in fmt.REMEDY_CELLS) * len(fmt.REMEDY_GROUPS),
    ),
    (
        nz.label_key(fmt.PROACTIVE_TABLES[0].first_header),
        "",
        tuple(nz.label_key(c.label) for c in fmt.PROACTIVE_TABLES[0].cells),
    ),
)


_SPANNING = frozenset(
    nz.label_key(text)
    for text in (
        fmt.APPLICANT_HEADER,
        fmt.ORGANISATION_HEADER,
        *(g.parent or g.label for g in fmt.REMEDY_GROUPS),
        *(g.label for g in fmt.REMEDY_GROUPS),
    )
)


def _middle(words: list[Word]) -> float:
    return sum((w.box[0] + w.box[2]) / 2 for w in words) / len(words)


def _headers_in_order(words: list[Word]) -> bool:
    """Tell whether each table's column headers stand in the order of the Report Format.

    A header cell's words (商业/企业 on two lines) are joined by their x range; the columns are
    then read left to right. A table whose header is not found as expected is not in order.
    """
    for first, body, labels in _HEADERS:
        start = next((w for w in words if nz.label_key(w.text) == first), None)
        if start is None:
            return False
        top = start.box[1] - 3 * (start.box[3] - start.box[1])  # a wrapped header starts higher
        below = [w for w in words if w.page == start.page and w.box[1] >= top]
        end = next(
            (
                w.box[1]
                for w in sorted(below, key=lambda w: w.box[1])
                if (nz.label_key(w.text).startswith(body) if body else w.numeric) and w.box[1] > start.box[3]
            ),
            None,
        )
        if end is None:
            return False
        header = [
            w
            for w in below
            if w.box[1] < end
            and len(w.text) <= 30
            and not w.numeric
            and nz.label_key(w.text) not in _SPANNING
        ]
        columns: list[list[Word]] = []
        for word in sorted(header, key=lambda w: (w.box[0] + w.box[2]) / 2):
            middle = (word.box[0] + word.box[2]) / 2
            if columns and abs(middle - _middle(columns[-1])) < 4:
                columns[-1].append(word)
            else:
                columns.append([word])
        printed: list[str] = []
        for column in columns:
            joined = nz.label_key("".join(w.text for w in sorted(column, key=lambda w: w.box[1])))
            printed.extend(
                [joined] if joined in labels else [nz.label_key(p) for w in column for p in w.text.split()]
            )
        found = [text for text in printed if text in labels]
        if found != list(labels):
            return False
    return True


# --- pages --------------------------------------------------------------------------------------


def declared_pages(document: Any) -> int:
    """Return the page count the PDF's page tree declares, without loading a single page."""
    # lazy: pdfminer, only when a PDF's page tree is read
    from pdfminer.pdftypes import resolve1

    try:
        return int(resolve1(resolve1(document.doc.catalog["Pages"])["Count"]))
    except Exception:  # no or broken page tree: the page loop reports it
        return 0


def _read_pages(document: Any) -> tuple[list[_Page] | None, list[Finding]]:
    """Extract each page's text and tables; a page pdfminer fails on is skipped with a warning."""
    pages: list[_Page] = []
    findings: list[Finding] = []
    try:
        all_pages = document.pages[:_MAX_PAGES]
    except Exception as exc:  # a broken page tree
        return None, [error(UNPARSABLE, f"{type(exc).__name__}: {exc}"[:200])]
    for number, page in enumerate(all_pages, start=1):
        try:
            pages.append(_read_page(page, number))
        except Exception as exc:  # one bad page should not lose the others
            findings.append(warning(SCANNED_PAGE, f"第 {number} 页无法解析，未读取：{type(exc).__name__}"))
            pages.append(_Page(number, ""))
    return pages, findings


def _read_page(page: Any, number: int) -> _Page:
    result = _Page(number, page.extract_text() or "", page)
    for i, table in enumerate(page.find_tables()):
        result.tables.append((_table_grid(table, f"第 {number} 页表格 {i + 1}"), table.bbox))
    return result


def _scanned_pages(pages: list[_Page]) -> list[Finding]:
    return [
        warning(SCANNED_PAGE, f"第 {page.number} 页没有文字层（可能是扫描页），该页内容未读取")
        for page in pages
        if not page.text.strip() and page.page is not None
    ]


# --- tables -------------------------------------------------------------------------------------


def _edges(values: list[float]) -> list[float]:
    """Merge coordinates closer than the tolerance: the rules of the table."""
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > _TOLERANCE:
            edges.append(value)
    return edges


def _index(edges: list[float], value: float) -> int:
    return max(0, bisect_left(edges, value - _TOLERANCE))


def _table_grid(table: Any, name: str) -> Grid:
    """Lay a pdfplumber table out on a rectangle from its cells' boxes.

    pdfplumber gives each cell's box, and None where a merged cell covers a position; how many
    rules a box crosses gives its rowspan and colspan. Text wrapped inside a cell is joined
    without a separator (Chinese has no spaces between words).
    """
    boxes = [box for row in table.rows for box in row.cells if box is not None]
    xs = _edges([b[0] for b in boxes])
    ys = _edges([b[1] for b in boxes])
    rows = [[""] * len(xs) for _ in ys]
    copies: set[tuple[int, int]] = set()
    for row, texts in zip(table.rows, table.extract(), strict=False):
        for box, text in zip(row.cells, texts, strict=False):
            if box is None:
                continue
            r0, c0 = _index(ys, box[1]), _index(xs, box[0])
            r1, c1 = max(r0 + 1, _index(ys, box[3])), max(c0 + 1, _index(xs, box[2]))
            joined = "".join((text or "").split("\n"))
            for r in range(r0, min(r1, len(ys))):
                for c in range(c0, min(c1, len(xs))):
                    rows[r][c] = joined
                    if (r, c) != (r0, c0):
                        copies.add((r, c))
    return Grid(rows, copies, name)


# --- narrative ----------------------------------------------------------------------------------


def _lines(pages: list[_Page], used: set[int]) -> list[str]:
    """Return the paragraphs of every page outside the tables already read, without page numbers."""
    geometry: list[dict[str, Any]] = []
    for page in pages:
        if page.page is None:
            continue
        boxes = [box for grid, box in page.tables if id(grid) in used]
        view = page.page.filter(lambda obj, boxes=boxes: not _inside(obj, boxes)) if boxes else page.page
        geometry.extend(
            line for line in view.extract_text_lines(strip=True) if not _PAGE_MARKER.match(line["text"])
        )
    return _paragraphs(geometry, pages[0].page.width if pages and pages[0].page is not None else 0)


def _inside(obj: dict[str, Any], boxes: Sequence[Box]) -> bool:
    x = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
    y = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
    return any(box[0] <= x <= box[2] and box[1] <= y <= box[3] for box in boxes)


def _paragraphs(lines: list[dict[str, Any]], page_width: float) -> list[str]:
    """Join the lines a paragraph was wrapped into: a line that reaches the right edge of the
    text goes on in the next line, unless that one is indented (a new paragraph) or a heading.
    """
    if not lines:
        return []
    left = min(line["x0"] for line in lines)
    right = max(line["x1"] for line in lines)
    wraps = right - left > 0.6 * page_width  # too narrow a text to tell full lines from short ones
    paragraphs: list[str] = []
    goes_on = False
    for line in lines:
        text = line["text"].strip()
        char = (line["x1"] - line["x0"]) / max(len(text), 1)
        indented = line["x0"] - left > 0.8 * char
        if goes_on and not indented and not nz.match_section_heading(text):
            glue = " " if _LATIN_END.search(paragraphs[-1]) and _LATIN_START.search(text) else ""
            paragraphs[-1] += glue + text
        else:
            paragraphs.append(text)
        goes_on = wraps and right - line["x1"] < 1.5 * char
    return paragraphs


# --- the text layer for what the tables did not give -------------------------------------------


def _fill_from_text(report: Report, findings: list[Finding], text: str, source: str) -> list[Finding]:
    """Take tables and rows the grids did not give from the text layer, via the text reader.

    Only rows the grids did not find (or found without some cells) are taken, and only when
    the text reader read them without a problem of its own; each is marked with an info.
    """
    gaps = {(f.location.section, f.location.row) for f in findings if f.id in _GAP_IDS}
    missing = [t for t in TABLES if t not in report.tables_present]
    if not gaps and not missing:
        return findings
    try:
        from_text, text_findings = read_text(text, source=source)
    except Exception:  # the fallback must not lose what the grids gave
        return findings
    tables = [t for t in missing if t in from_text.tables_present]
    for table in tables:
        setattr(report, table, getattr(from_text, table))
        report.tables_present.add(table)
        report.sections_present.add(table)
    rows = _fill_rows(
        report, from_text, gaps - {(t, r) for t in tables for r in getattr(report, t)}, text_findings
    )
    kept = [
        f
        for f in findings
        if not (f.id == problems.TABLE_MISSING and f.location.section in tables)
        and not (f.id in _GAP_IDS and (f.location.section, f.location.row) in rows)
    ]
    notes = [
        info(FROM_TEXT_LAYER, f"第{_number(t)}部分的表格未能按表格线读出，已从 PDF 文字层读取。", t)
        for t in tables
    ]
    notes += [
        info(FROM_TEXT_LAYER, f"“{problems.row_name(s, r)}”一行未能从表格中读出，已从 PDF 文字层读取。", s, r)
        for s, r in sorted(rows)
    ]
    return kept + notes + [f for f in text_findings if f.location.section in tables]


_GAP_IDS = frozenset({problems.ROW_MISSING, problems.ROW_CELL_COUNT})


def _fill_rows(
    report: Report, from_text: Report, gaps: set[tuple[str, str]], text_findings: list[Finding]
) -> set[tuple[str, str]]:
    troubled = {(f.location.section, f.location.row) for f in text_findings if f.level != "info"}
    filled: set[tuple[str, str]] = set()
    for section, row in gaps:
        if not section or not row or (section, row) in troubled:
            continue
        cells = getattr(from_text, section).get(row, {})
        if all(value is None for value in cells.values()):
            continue
        for cell, value in cells.items():
            if report.get(section, row, cell) is None:
                report.set(section, row, cell, value)
        filled.add((section, row))
    return filled


def _number(section: str) -> str:
    return fmt.SECTION_BY_KEY[section].number
