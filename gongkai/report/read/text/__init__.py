"""Read an annual report given as plain text, in every layout published text takes.

Layouts (docs/domain/REPORT_LAYOUTS.md): copied from a web page (tab-separated, merged cells
leaving empty or repeated fields, labels split over lines); space-aligned tables; crawler text
with all whitespace gone, so a row's digits run together; text extracted from a PDF (numbers
separated by single spaces, label lines before the numeric lines, page markers, multi-line
cells, a lost heading); OCR'd Markdown (section 三 in several pipe tables with generic headers,
misread characters). Reports in the 2019–2020 template or the older free-form reports are
recognised and reported as such, never forced into the 2021 model.

A cell that cannot be read with certainty is None with a finding — never a guessed 0. The ids
of the findings are listed in `problems`. Never raises on any input string.

Pure: imports nothing from Django.
"""

from __future__ import annotations

import re

from ... import format as fmt
from ...findings import Finding
from ...model import Report
from ..normalize import detect_format, label_key, normalize_text, section_heading_variant
from . import problems
from .fill import fill_tables, row_findings, text_provenance
from .outline import TABLE_SECTIONS, Outline, agency_and_year, physical_lines, read_outline
from .tables import TableReader, Target, classify, suffix_match
from .tokens import Chunk, segments

__all__ = ["printed_rows", "read_text"]

_TABLE_STARTS = ("第二十条", "信息内容")  # the first words of the section 二 table
_TABLE_LINE_MAX = 160  # a longer line in section 一 is narrative, never the first line of a table
_OPEN_NOTE = re.compile(r"\((?:其中|含)[^)]{0,40}$")  # a cell note cut off at the line's end
_NOTE_LINE = re.compile(r"^\s*\((?:其中|含)[^()]{0,60}\)\s*$")


def read_text(text: str, *, source: str = "") -> tuple[Report, list[Finding]]:
    """Read a plain-text report; return the report and the findings about reading it.

    `source` names the file for the caller's records; messages do not need it.
    """
    normalized = normalize_text(text, collapse_spaces=False)
    outline = read_outline(text, normalized)
    report = Report(title=outline.title)
    report.sections_present, report.tables_present = set(), set()
    report.agency, report.year = agency_and_year(outline.title)
    form = detect_format(normalized, normalized=True)
    if form is None:
        return report, [problems.not_a_report()]
    report.format = form
    findings: list[Finding] = []
    if not report.agency or report.year is None:
        findings.append(problems.no_title())
    start, end = _table_region(outline)
    report.text = {key: outline.narrative(key, stop=start) for key in fmt.TEXT_KEYS}
    if form != fmt.FORMAT_2021:
        report.sections_present = set(outline.headings)
        return report, [problems.old_format(form), *findings]
    reader = _read_tables(outline, start, end)
    report.tables_present = reader.tables()
    findings.extend(fill_tables(report, reader))
    report.provenance = text_provenance(report, reader, outline)
    report.source_lines = physical_lines(normalized)
    findings.extend(row_findings(report, reader))
    report.sections_present = set(outline.headings) | report.tables_present
    findings.extend(_section_findings(outline, report))
    return report, findings


def printed_rows(text: str) -> dict[Target, list[Chunk]]:
    """Return the numbers printed for each table row found, as the reader cuts them.

    For measuring what a row allows (`split.all_cuts`): bench/report_readers.py --ambiguity.
    """
    normalized = normalize_text(text, collapse_spaces=False)
    outline = read_outline(text, normalized)
    reader = _read_tables(outline, *_table_region(outline))
    return {target: list(printed.chunks) for target, printed in reader.printed.items()}


def _read_tables(outline: Outline, start: int, end: int) -> TableReader:
    reader = TableReader()
    for section, line, index in _table_lines(outline, start, end):
        if section in TABLE_SECTIONS:
            reader.section(section)
        elif section is None:
            reader.feed(line, index)
    reader.finish()
    return reader


def _table_lines(outline: Outline, start: int, end: int) -> list[tuple[str | None, str, int]]:
    """Return (heading section or None, normalised line, its index) for the table region.

    A cell note broken over two lines in PDF text ("22（其中修" / "订16件） 3 10") or standing
    on a line of its own ("（其中修订16件）") is joined to the number it belongs to.
    """
    heading_at = {index: key for key, index in outline.headings.items()}
    stream: list[tuple[str | None, str, int]] = []
    for index in range(start, end):
        section, line = heading_at.get(index), outline.lines[index].norm
        if section is None and stream and stream[-1][0] is None:
            before = stream[-1][1]
            if _OPEN_NOTE.search(before) or _NOTE_LINE.match(line):
                stream[-1] = (None, before.rstrip(" ") + line.strip(" "), stream[-1][2])
                continue
        stream.append((section, line, index))
    return stream


def _table_region(outline: Outline) -> tuple[int, int]:
    """Return the lines holding the tables: from the first table (heading or not) to 五 or 六.

    A table whose heading was lost is still found by its first line, even inside section 一.
    """
    headings = outline.headings
    table_heads = [headings[k] for k in TABLE_SECTIONS if k in headings]
    first_head = min(table_heads, default=None)
    overview = headings.get("overview")
    search_from = overview + 1 if overview is not None else 0
    search_to = first_head if first_head is not None else outline.section_end(search_from - 1)
    early = _first_table_line(outline, search_from, search_to)
    start = early if early is not None else first_head
    if start is None:
        return len(outline.lines), len(outline.lines)
    ends = [i for k, i in headings.items() if k in fmt.TEXT_KEYS and k != "overview" and i > start]
    return start, min(ends, default=len(outline.lines))


def _first_table_line(outline: Outline, start: int, stop: int) -> int | None:
    for index in range(start, stop):
        norm = outline.lines[index].norm
        key = label_key(norm[:40])
        if key.startswith(_TABLE_STARTS):
            return index
        parts = segments(norm) if len(norm) < _TABLE_LINE_MAX else ()
        for part in parts:
            if part.chunks and (classify(part.label, "").target or suffix_match(part.label).target):
                return index
    return None


# What a narrative part says when its heading is gone (a part is recognised by its content).
_CONTENT = {
    "problems": re.compile(r"(?:主要|存在的?)问题.{0,200}?(?:改进|整改|措施|计划)", re.DOTALL),
    "other": re.compile(r"信息处理费|其他需要报告"),
}


def _section_findings(outline: Outline, report: Report) -> list[Finding]:
    """Say which parts are missing: an error only when the content is absent too."""
    findings: list[Finding] = []
    text = None
    for section in fmt.SECTIONS:
        key = section.key
        table = key in TABLE_SECTIONS
        if key in outline.headings:
            printed = outline.lines[outline.headings[key]].norm
            if section_heading_variant(printed, key):
                findings.append(problems.section_variant(key, printed))
            if table and key not in report.tables_present:
                findings.append(problems.table_missing(key))
        elif table and key in report.tables_present:
            findings.append(problems.heading_missing(key))
        elif key in _CONTENT and _CONTENT[key].search(
            text := text or "\n".join(line.norm for line in outline.lines)
        ):
            findings.append(problems.section_by_content(key))
        else:
            findings.append(problems.section_missing(key))
            if table:
                findings.append(problems.table_missing(key))
    return findings
