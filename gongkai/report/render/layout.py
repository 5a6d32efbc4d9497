"""The document layout every renderer shares: title, section order, paragraphs and numbers.

Kept in one place so that the seven output formats print the same title, the same sections in
the same order and the same digits for a cell. Pure: imports nothing from Django.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from .. import format as fmt
from ..model import Number, Report

CellPath = tuple[str, str, str]

# The sections that print a statutory table (the JSON keys of CODES.md).
TABLE_SECTIONS: tuple[str, ...] = ("proactive", "applications", "remedies")

# The fixed tail of every annual report's title (Regulation art. 50; the Report Format).
TITLE_SUFFIX = "政府信息公开工作年度报告"

# Characters of 二号 (22 pt) type on one line of the 156 mm type area (GB/T 9704).
TITLE_LINE_CHARS = 20


@dataclass(frozen=True)
class SectionPart:
    """One of the six sections as a renderer prints it: heading, paragraphs, whether a table follows."""

    section: fmt.Section
    paragraphs: tuple[str, ...]
    has_table: bool


def report_title(report: Report) -> str:
    """Return the report's own title, or compose the statutory one from agency and year.

    A title read from a published report is kept as printed; a generated report gets
    "<机关><年>年政府信息公开工作年度报告" without spaces, as GB/T 9704 documents print it.
    """
    if report.title.strip():
        return report.title.strip()
    year = f"{report.year}年" if report.year is not None else ""
    return f"{report.agency}{year}{TITLE_SUFFIX}"


def title_lines(report: Report) -> tuple[str, ...]:
    """Break a title too long for one line after the agency's name, as official titles are set.

    "洛阳市教育局2023年政府信息公开工作年度报告" is one character too long for a line of 二号
    type; breaking after the agency keeps "年度报告" from standing alone on the second line.
    """
    title = report_title(report)
    agency = report.agency.strip()
    if len(title) > TITLE_LINE_CHARS and agency and title.startswith(agency) and title != agency:
        return (agency, title[len(agency) :].strip())
    return (title,)


def paragraphs(text: str) -> tuple[str, ...]:
    """Split narrative text into paragraphs at line breaks, dropping blank lines.

    Readers store a section's narrative with one paragraph per line or blank lines between
    paragraphs; both print as separate paragraphs.
    """
    lines = (line.strip() for line in text.replace("\r\n", "\n").split("\n"))
    return tuple(line for line in lines if line)


def section_parts(report: Report) -> Iterator[SectionPart]:
    """Yield the six sections in their fixed order with their narrative paragraphs.

    Every section is printed, even when a published report lacked it: the statutory outline is
    fixed, and a missing table prints with empty (unknown) cells rather than disappearing.
    """
    for section in fmt.SECTIONS:
        yield SectionPart(
            section=section,
            paragraphs=paragraphs(report.text.get(section.key, "")),
            has_table=section.key in TABLE_SECTIONS,
        )


def format_number(value: Number) -> str:
    """Print a cell as the report prints it: "" for unknown, digits without float noise.

    A Decimal keeps the digits it was read with (3881.372 stays 3881.372, never 3881.3720000001
    or 3.881372E+3).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError(f"单元格不能是布尔值：{value!r} (a cell cannot be a bool)")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return format(value, "f")
    raise TypeError(f"单元格不是数字：{value!r} (not a number)")


def cell_path_key(path: CellPath) -> str:
    """Join a cell path with dots, e.g. "applications.withheld.state_secret.natural"."""
    return ".".join(path)
