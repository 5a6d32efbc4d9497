"""Render a report as Markdown: headings, paragraphs and pipe tables.

A pipe table has one header row and no merged cells, so the statutory tables are flattened:
section 二 prints one small table per item of art. 20; section 三 prints one row per row code
with its merged labels joined (三、本年度办理结果 （三）不予公开 1.属于国家秘密) and the
organisation columns named with their group (法人或其他组织·商业企业); section 四 is turned
on its side — one row per group, one column per result — because fifteen columns of one
figure each cannot be read in a pipe table.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .. import format as fmt
from ..model import Report
from .grid import outcome_block
from .layout import format_number, report_title, section_parts

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_BLOCK_START = re.compile(r"^([#\-+=])")
_ORDERED_START = re.compile(r"^(\d+)([.)])")
_JOIN = "·"


def render(report: Report) -> str:
    """Return the whole report as CommonMark with GitHub-style pipe tables."""
    blocks = [f"# {_escape(report_title(report))}"]
    for part in section_parts(report):
        blocks.append(f"## {_escape(part.section.heading)}")
        blocks.extend(_paragraph(p) for p in part.paragraphs)
        if part.has_table:
            blocks.extend(_TABLES[part.section.key](report))
    return "\n\n".join(blocks) + "\n"


def _proactive(report: Report) -> Iterator[str]:
    for table in fmt.PROACTIVE_TABLES:
        yield f"**{_escape(table.item)}**"
        rows = [
            [row.label, *(format_number(report.get("proactive", row.code, c.code)) for c in table.cells)]
            for row in table.rows
        ]
        yield _table(table.header, rows)


def _applications(report: Report) -> Iterator[str]:
    header = [fmt.APPLICATIONS_NOTE]
    for column in fmt.APPLICANT_COLUMNS:
        header.append(
            f"{fmt.ORGANISATION_HEADER}{_JOIN}{column.label}" if column.organisation else column.label
        )
    rows = []
    for row in fmt.APPLICATION_ROWS:
        labels = [fmt.OUTCOME_HEADER if outcome_block(row) else "", row.group, row.label]
        values = [format_number(report.get("applications", row.code, c.code)) for c in fmt.APPLICANT_COLUMNS]
        rows.append([" ".join(part for part in labels if part), *values])
    yield _table(header, rows)


def _remedies(report: Report) -> Iterator[str]:
    header = ["", *(c.label for c in fmt.REMEDY_CELLS)]
    rows = [
        [
            _JOIN.join(part for part in (group.parent, group.label) if part),
            *(format_number(report.get("remedies", group.code, c.code)) for c in fmt.REMEDY_CELLS),
        ]
        for group in fmt.REMEDY_GROUPS
    ]
    yield _table(header, rows)


_TABLES = {"proactive": _proactive, "applications": _applications, "remedies": _remedies}


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Return a pipe table; label column left-aligned, figures centred as printed."""
    lines = [
        _row(header),
        "| " + " | ".join([":---", *[":---:"] * (len(header) - 1)]) + " |",
        *(_row(r) for r in rows),
    ]
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(_escape(c) for c in cells) + " |"


def _paragraph(text: str) -> str:
    """Escape a narrative paragraph so that it cannot turn into a heading, list or quote."""
    text = _BLOCK_START.sub(r"\\\1", _escape(text), count=1)
    return _ORDERED_START.sub(r"\1\\\2", text, count=1)


def _escape(text: str) -> str:
    return _INLINE_SPECIAL.sub(r"\\\1", text)
