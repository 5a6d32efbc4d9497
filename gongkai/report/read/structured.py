"""Assemble a report from a structured document: its table grids and its lines of text.

The HTML, DOCX and PDF readers differ in how they get at tables and paragraphs, and agree on
everything after that: tell the template (2021, 2019 or older — an older report is reported as
such, not forced into the 2021 model), read the tables by their labels (`grid.read_grids`),
read title, agency and year, and split the narrative at the six section headings. That shared
part lives here so the three readers accept the same documents the same way.

Findings: the ids and messages of the text reader (`text.problems`) wherever the meaning is
the same — an empty cell, a missing row or table, an older template, a missing section — so the
auditor counts them alike for every file format. Only the structured readers have these:

==========  =======  =====================================================================
id          level    meaning
==========  =======  =====================================================================
read.E070   error    the file cannot be parsed as the format it claims (文件无法解析)
read.E071   error    a PDF without a text layer (a scan) and no OCR installed: nothing can be read
read.I075   info     a PDF without a text layer read by OCR (tesseract)
read.W076   warning  OCR: a row or column whose printed total disagrees with its parts; its cells
                     are unknown (an OCR slip and a misprint cannot be told apart in a scan)
read.W072   warning  a PDF page without text among pages with text (a scanned page), or a
                     page the PDF library failed on
read.I074   info     PDF: a table or row the ruled tables did not give, read from the text layer
read.I208   info     a table without a usable header: the official column order was assumed
==========  =======  =====================================================================

Pure: imports nothing from Django.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from .. import format as fmt
from ..findings import Finding, error
from ..model import Report
from . import normalize as nz
from .grid import TABLES, Grid, read_grids
from .text import problems
from .text.outline import agency_and_year

__all__ = [
    "FROM_TEXT_LAYER",
    "NO_TEXT_LAYER",
    "OCR_TOTALS",
    "READ_BY_OCR",
    "SCANNED_PAGE",
    "UNPARSABLE",
    "assemble",
    "empty_report",
    "parse_title",
    "unreadable",
]

UNPARSABLE = "read.E070"
NO_TEXT_LAYER = "read.E071"
SCANNED_PAGE = "read.W072"
FROM_TEXT_LAYER = "read.I074"
READ_BY_OCR = "read.I075"
OCR_TOTALS = "read.W076"

_TITLE_MAX = 80  # characters; a title is one short line
_TITLE_WINDOW = 40  # the title is among the first lines of the article
# Lines that end an article on a portal page: the site's footer and its article tools.
_FOOTER = re.compile(
    r"版权所有|主办单位|承办单位|网站标识码|ICP备|公网安备|技术支持|网站地图|关闭窗口|打印本页|"
    r"【打印】|【关闭】|分享到|扫一扫|上一篇|下一篇|相关链接|相关阅读|相关文章|责任编辑"
)


def empty_report() -> Report:
    """Return a report with nothing found yet: no section, no table, every cell unknown."""
    report = Report()
    report.sections_present = set()
    report.tables_present = set()
    report.title = ""
    return report


def unreadable(kind: str, source: str, reason: str = "") -> tuple[Report, list[Finding]]:
    """Return the empty report and the error finding for a file that cannot be parsed at all."""
    name = f"“{source}”" if source else ""
    detail = f"：{reason}" if reason else ""
    message = f"{kind} 文件{name}无法解析，可能已损坏、被截断或不是 {kind} 格式{detail}"
    return empty_report(), [error(UNPARSABLE, message)]


def assemble(
    grids: Sequence[Grid],
    lines: Callable[[set[int]], list[str]],
    *,
    text: str,
) -> tuple[Report, list[Finding]]:
    """Build the report from a document's grids and text.

    `text` is all of the document's text, tables included (to tell the template); `lines(used)`
    gives the text lines outside the grids whose indexes are in `used`, so that tables are not
    read twice, as narrative.
    """
    report = empty_report()
    format_ = nz.detect_format(text)
    if format_ in (fmt.FORMAT_2019, fmt.FORMAT_PRE_2019):
        report.format = format_
        read_narrative(report, lines(set()))
        return report, [problems.old_format(format_)]
    findings = read_grids(grids, report)
    headings = read_narrative(report, lines({i for i, grid in enumerate(grids) if grid.used}))
    if not report.tables_present and not headings and not report.title:
        return report, [*findings, problems.not_a_report()]
    if not report.agency or report.year is None:
        findings.append(problems.no_title())
    findings.extend(_section_findings(report, headings))
    return report, findings


def _section_findings(report: Report, headings: set[str]) -> list[Finding]:
    """Say which sections and tables are missing, as the text reader says it."""
    findings: list[Finding] = []
    for section in fmt.SECTIONS:
        key = section.key
        table = key in TABLES
        if key in headings:
            if table and key not in report.tables_present:
                findings.append(problems.table_missing(key))
        elif table and key in report.tables_present:
            findings.append(problems.heading_missing(key))
        else:
            findings.append(problems.section_missing(key))
            if table:
                findings.append(problems.table_missing(key))
    return findings


def read_narrative(report: Report, lines: Sequence[str]) -> set[str]:
    """Fill title, agency, year, the sections found and the narrative text from text lines.

    Narrative is kept for the sections that have one (一, 五, 六); a section is present when
    its heading is printed, or when its table was read. Return the sections whose heading was
    found.
    """
    first_heading = next((i for i, line in enumerate(lines) if nz.match_section_heading(line)), None)
    _read_title(report, lines, first_heading)
    parts: dict[str, list[str]] = {key: [] for key in fmt.TEXT_KEYS}
    headings: set[str] = set()
    current = ""
    for line in lines[first_heading or 0 :] if first_heading is not None else ():
        section = nz.match_section_heading(line)
        if section:
            current = section
            headings.add(section)
            continue
        if current == "other" and _FOOTER.search(line):
            break
        if current in parts:
            parts[current].append(line)
    report.sections_present = headings | report.tables_present
    report.text = {key: "\n".join(parts[key]) for key in fmt.TEXT_KEYS}
    return headings


def _read_title(report: Report, lines: Sequence[str], first_heading: int | None) -> None:
    """Take the title nearest above the first heading: a portal page lists other reports first."""
    window = lines[:first_heading] if first_heading else lines[:_TITLE_WINDOW]
    for i in range(len(window) - 1, -1, -1):
        line = window[i].strip()
        parsed = parse_title(line)
        if parsed is None:
            continue
        if not parsed[0] and i:  # a title broken over two lines: 洛阳市教育局 / 2023年…年度报告
            joined = window[i - 1].strip() + line
            parsed = parse_title(joined) or parsed
            line = joined if parsed[0] else line
        report.title, (report.agency, report.year) = line, parsed
        return


def parse_title(line: str) -> tuple[str, int] | None:
    """Return (agency, year) of a title such as "洛阳市教育局2023年政府信息公开工作年度报告".

    The title grammar is the text reader's (the year may also come first); a long line is
    narrative that mentions a report, not a title.
    """
    if len(line) > _TITLE_MAX:
        return None
    agency, year = agency_and_year(line)
    return None if year is None else (agency, year)
