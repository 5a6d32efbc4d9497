"""Read a published annual report from a Word (.docx) document.

Word tables merge cells two ways: `w:gridSpan` across columns and `w:vMerge` down rows
(python-docx hands back the same cell again for every position a merged cell covers). The
grid is built from the XML so that each merged cell has one origin and marked copies — a
label repeats over the rows it spans, a merged number is counted once. Text split over many
runs and paragraphs is joined; paragraphs between tables are the narrative.

Pure: imports nothing from Django.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from lxml import etree

from ...core.bounded import MAX_SPAN, check_table_cells
from ..findings import Finding
from ..model import Report
from .grid import Grid
from .structured import assemble, unreadable
from .text import problems
from .text.outline import agency_and_year

__all__ = ["docx_grids", "read_docx"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT = (
    qn(t) for t in ("w:p", "w:tbl", "w:tr", "w:tc", "w:sdt", "w:sdtContent")
)
_T, _TAB, _BR, _CR = (qn(t) for t in ("w:t", "w:tab", "w:br", "w:cr"))


def read_docx(data: bytes, *, source: str = "") -> tuple[Report, list[Finding]]:
    """Read one .docx report; never raise — a damaged or foreign file gives an error finding."""
    document = _document(data)
    if isinstance(document, str):
        return unreadable("DOCX", source, document)
    body = document.element.body
    tables = list(_tables(body))
    grids = [_table_grid(t, f"表格 {i + 1}") for i, t in enumerate(tables)]
    text = "\n".join(_lines(body, set()))
    report, findings = assemble(grids, lambda used: _lines(body, {tables[i] for i in used}), text=text)
    if not report.agency or report.year is None:
        findings = _title_elsewhere(document, report, findings)
    return report, findings


def _title_elsewhere(document: Any, report: Report, findings: list[Finding]) -> list[Finding]:
    """Take agency and year from the document properties or a page header.

    Converted files often keep the title only there (docs/domain/REPORT_LAYOUTS.md).
    """
    candidates = [document.core_properties.title or "", document.core_properties.subject or ""]
    for section in document.sections:
        for part in (section.header, section.first_page_header):
            candidates.extend(p.text for p in part.paragraphs)
    for candidate in candidates:
        agency, year = agency_and_year(candidate)
        if agency and year is not None:
            report.agency, report.year = agency, year
            report.title = report.title or candidate.strip()
            return [f for f in findings if f.id != problems.NO_TITLE]
    return findings


def docx_grids(data: bytes) -> list[Grid]:
    """Return every table of a document as a grid, in document order (for tools and tests)."""
    document = _document(data)
    return [] if isinstance(document, str) else [_table_grid(t, "") for t in _tables(document.element.body)]


def _document(data: bytes) -> Any:
    """Open the document, or return why it cannot be opened."""
    if data.startswith(_OLE_MAGIC):
        return "这是旧版 Word 二进制文件（.doc），请另存为 .docx"
    if not data.startswith(b"PK"):
        return "不是 ZIP 格式的 Word 文档"
    try:
        return Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        return f"{type(exc).__name__}: {exc}"[:200]


# --- tables -------------------------------------------------------------------------------------


def _tables(body: etree._Element) -> Iterator[etree._Element]:
    """Yield every table, nested ones too, in document order."""
    yield from body.iter(_TBL)


def _table_grid(tbl: etree._Element, name: str) -> Grid:
    """Lay a Word table out on a rectangle: gridSpan repeats across, vMerge continues down."""
    rows: list[list[str]] = []
    copies: set[tuple[int, int]] = set()
    check_table_cells(
        sum(
            min(tr.grid_before, MAX_SPAN)
            + sum(max(1, min(tc.grid_span, MAX_SPAN)) for tc in tr.iterchildren(_TC))
            for tr in tbl.iterchildren(_TR)
        ),
        name=name,
    )
    for r, tr in enumerate(tbl.iterchildren(_TR)):
        line = [""] * min(tr.grid_before, MAX_SPAN)
        for tc in tr.iterchildren(_TC):
            span = max(1, min(tc.grid_span, MAX_SPAN))
            c = len(line)
            if tc.vMerge == "continue" and rows:
                above = rows[-1]
                line.extend(above[c + i] if c + i < len(above) else "" for i in range(span))
                copies.update((r, c + i) for i in range(span))
            else:
                line.extend([_cell_text(tc)] * span)
                copies.update((r, c + i) for i in range(1, span))
        rows.append(line)
    width = max((len(line) for line in rows), default=0)
    return Grid([line + [""] * (width - len(line)) for line in rows], copies, name)


def _cell_text(tc: etree._Element) -> str:
    """Join a cell's runs and paragraphs without separators; Word breaks header words too."""
    return "".join(_run_text(p) for p in _paragraphs(tc)).strip()


def _paragraphs(container: etree._Element) -> Iterator[etree._Element]:
    """Yield the paragraphs directly in a cell or body, looking inside content controls."""
    for child in container:
        if child.tag == _P:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _paragraphs(content)


def _run_text(p: etree._Element) -> str:
    parts: list[str] = []
    for node in p.iter(_T, _TAB, _BR, _CR):
        if node.tag == _T:
            parts.append(node.text or "")
        else:
            parts.append(" ")
    return "".join(parts)


# --- text ---------------------------------------------------------------------------------------


def _lines(body: etree._Element, skip: set[etree._Element]) -> list[str]:
    """Return the document's paragraphs in order, leaving out the report tables already read.

    Other tables are read for their paragraphs: some agencies put the whole report in a
    one-cell table.
    """
    lines: list[str] = []
    for block in _blocks(body, skip):
        text = " ".join(_run_text(block).split())
        if text:
            lines.append(text)
    return lines


def _blocks(container: etree._Element, skip: set[etree._Element]) -> Iterator[etree._Element]:
    for child in container:
        if child.tag == _P:
            yield child
        elif child.tag == _TBL and child not in skip:
            for tr in child.iterchildren(_TR):
                for tc in tr.iterchildren(_TC):
                    yield from _blocks(tc, skip)
        elif child.tag in (_SDT, _SDT_CONTENT):
            yield from _blocks(child, skip)
