"""Render a report as plain text laid out like a report copied from its web page.

Tables become tab-separated lines the way a browser copies a published table: a merged cell
prints its text once and leaves empty fields for the positions it covers, and a line break
inside a cell becomes a space. This is the layout of tests/fixtures/luoyang-education-2023.txt,
so the text readers parse what this module writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import format as fmt
from ..model import Report
from .grid import Grid, grids, outcome_block, placed_cells
from .layout import format_number, report_title, section_parts

_WEB_NUMBERING = re.compile(r"^（([一二三四五六七八九十]+)）")


def render(report: Report) -> str:
    """Return the whole report as text: title, six sections, their paragraphs and tables."""
    tables = grids(report)
    lines = [report_title(report), ""]
    for part in section_parts(report):
        lines += [part.section.heading, ""]
        for paragraph in part.paragraphs:
            lines += [paragraph, ""]
        if part.has_table:
            key = part.section.key
            table = _applications_lines(report) if key == "applications" else _grid_lines(tables[key])
            lines += [*table, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def table_lines(report: Report, section: str) -> list[str]:
    """Return the tab-separated lines of one section's table ("proactive", …)."""
    if section == "applications":
        return list(_applications_lines(report))
    return list(_grid_lines(grids(report)[section]))


def _grid_lines(grid: Grid) -> Iterator[str]:
    """Copy a grid as a browser does: every grid position is a field, covered ones empty."""
    fields = [[""] * grid.columns for _ in grid.rows]
    for r, c, cell in placed_cells(grid):
        fields[r][c] = " ".join(cell.lines)
    for row in fields:
        yield "\t".join(row)


# --- Section 三 -------------------------------------------------------------------------------
#
# Published pages print the applications table from a Word table whose label area is two grid
# columns wide except where an item (1.属于国家秘密 …) needs a third; a web copy of it therefore
# puts the numbers of rows without an item one field further left, and ends those rows with an
# empty field. Every line still has ten fields. The web copy also prints the enumerators of the
# groups with ASCII parentheses, "(三) 不予公开". We write that layout, not the official grid,
# because it is what text copies of real reports look like (and what their readers expect).


def _applications_lines(report: Report) -> Iterator[str]:
    columns = fmt.APPLICANT_COLUMNS
    width = 3 + len(columns)
    organisations = [c.label for c in columns if c.organisation]
    natural, total = fmt.COLUMN_BY_CODE["natural"].label, fmt.COLUMN_BY_CODE["total"].label
    yield _fields([fmt.APPLICATIONS_NOTE, "", fmt.APPLICANT_HEADER, *[""] * len(organisations), total], width)
    yield _fields(["", "", natural, fmt.ORGANISATION_HEADER], width)
    yield _fields(["", "", "", *organisations], width)
    block_started = False
    previous_group = ""
    for row in fmt.APPLICATION_ROWS:
        numbers = [format_number(report.get("applications", row.code, c.code)) for c in columns]
        if not outcome_block(row):
            labels = [row.label, ""]
        else:
            first = "" if block_started else _web(fmt.OUTCOME_HEADER)
            block_started = True
            if row.group:
                group = _web(row.group) if row.group != previous_group else ""
                labels = [first, group, row.label]
            else:
                labels = [first, _web(row.label)]
        previous_group = row.group
        yield _fields([*labels, *numbers], width)


def _web(label: str) -> str:
    """Print a leading enumerator as web copies do: （三）不予公开 → (三) 不予公开."""
    return _WEB_NUMBERING.sub(r"(\1) ", label)


def _fields(values: list[str], width: int) -> str:
    return "\t".join(values + [""] * (width - len(values)))
