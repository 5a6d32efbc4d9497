"""The statutory tables as grids of merged cells, as the Report Format prints them.

HTML, PDF, Word and the plain-text copy of sections 二 and 四 all draw the same three tables;
this module describes each once — which cells merge across rows and columns, which are headers,
row labels or numbers, and which report cell a number shows — so every renderer prints the
official layout (国办公开办函〔2021〕30号) without its own copy of the structure.

Labels come from ``gongkai.report.format``; nothing here spells a label of the format.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from .. import format as fmt
from ..model import Report
from .layout import CellPath, format_number

Kind = Literal["head", "label", "number"]


@dataclass(frozen=True)
class GridCell:
    """One printed cell; ``lines`` are the lines it is printed on (a narrow header breaks)."""

    lines: tuple[str, ...]
    kind: Kind
    colspan: int = 1
    rowspan: int = 1
    path: CellPath | None = None  # set on number cells: the report cell shown


Row = tuple[GridCell, ...]


@dataclass(frozen=True)
class Grid:
    """A table: header rows repeated on every page, then one or more groups of body rows."""

    section: str
    widths: tuple[float, ...]  # relative column widths in per cent; their count is the column count
    head: tuple[Row, ...]
    bodies: tuple[tuple[Row, ...], ...]

    @property
    def columns(self) -> int:
        return len(self.widths)

    @property
    def rows(self) -> tuple[Row, ...]:
        """Return every row, header first."""
        return self.head + tuple(row for body in self.bodies for row in body)


def head(text: str, colspan: int = 1, rowspan: int = 1, *, narrow: bool = False) -> GridCell:
    return GridCell(narrow_lines(text) if narrow else (text,), "head", colspan, rowspan)


def label(text: str, colspan: int = 1, rowspan: int = 1) -> GridCell:
    return GridCell((text,), "label", colspan, rowspan)


def number(report: Report, path: CellPath, colspan: int = 1) -> GridCell:
    return GridCell((format_number(report.get(*path)),), "number", colspan, 1, path)


def narrow_lines(text: str) -> tuple[str, ...]:
    """Break a four-character header over two lines, as the printed template does.

    The fifteen columns of section 四 are too narrow for 结果维持 on one line; the template prints
    结果/维持, and a web copy shows that break as a space (结果 维持).
    """
    if len(text) == 4:
        return (text[:2], text[2:])
    return (text,)


def grids(report: Report) -> dict[str, Grid]:
    """Return the three tables of a report keyed by section ("proactive", …)."""
    return {
        "proactive": proactive_grid(report),
        "applications": applications_grid(report),
        "remedies": remedies_grid(report),
    }


# --- Section 二 --------------------------------------------------------------------------------


def proactive_grid(report: Report) -> Grid:
    """Lay out section 二: one four-column table, one group of rows per item of art. 20.

    Items with a single figure (licensing, penalties, coercion, fees) merge it over the three
    value columns, as the template does.
    """
    values = max(len(t.cells) for t in fmt.PROACTIVE_TABLES)
    bodies = tuple(tuple(_proactive_rows(report, table, values)) for table in fmt.PROACTIVE_TABLES)
    return Grid("proactive", (28.0, *(72.0 / values,) * values), (), bodies)


def _proactive_rows(report: Report, table: fmt.ProactiveTable, values: int) -> Iterator[Row]:
    span = values - len(table.cells) + 1  # the last cell takes up the unused columns
    spans = [1] * (len(table.cells) - 1) + [span]
    yield (head(table.item, colspan=values + 1),)
    yield (head(table.first_header), *(head(c.label, s) for c, s in zip(table.cells, spans, strict=True)))
    for row in table.rows:
        numbers = (
            number(report, ("proactive", row.code, c.code), s)
            for c, s in zip(table.cells, spans, strict=True)
        )
        yield (label(row.label), *numbers)


# --- Section 三 --------------------------------------------------------------------------------

_LABEL_COLUMNS = 3  # 三、本年度办理结果 | （三）不予公开 | 1.属于国家秘密


def outcome_block(row: fmt.Row) -> bool:
    """Tell whether a row sits under 三、本年度办理结果: the 21 outcomes and （七）总计."""
    return row.outcome or row.code == "total_handled"


def applications_grid(report: Report) -> Grid:
    """Lay out section 三: a three-row header, then one row per row code of CODES.md.

    The label area is three columns wide: 三、本年度办理结果 spans the 22 rows of its block
    (21 outcomes and （七）总计), each group such as （三）不予公开 spans its items, and rows
    without a group merge their label across the columns they do not need.
    """
    columns = fmt.APPLICANT_COLUMNS
    organisations = [c for c in columns if c.organisation]
    natural, total = fmt.COLUMN_BY_CODE["natural"], fmt.COLUMN_BY_CODE["total"]
    header: tuple[Row, ...] = (
        (
            head(fmt.APPLICATIONS_NOTE, colspan=_LABEL_COLUMNS, rowspan=3),
            head(fmt.APPLICANT_HEADER, colspan=len(columns)),
        ),
        (
            head(natural.label, rowspan=2),
            head(fmt.ORGANISATION_HEADER, colspan=len(organisations)),
            head(total.label, rowspan=2),
        ),
        tuple(head(c.label) for c in organisations),
    )
    body = tuple(
        (*labels, *(number(report, ("applications", row.code, c.code)) for c in columns))
        for row, labels in zip(fmt.APPLICATION_ROWS, _application_labels(), strict=True)
    )
    widths = (4.0, 11.0, 34.0, *(51.0 / len(columns),) * len(columns))
    return Grid("applications", widths, header, (body,))


def _application_labels() -> Iterator[tuple[GridCell, ...]]:
    """Yield the label cells each row prints; a merged label is printed in its first row only."""
    rows = fmt.APPLICATION_ROWS
    block_size = sum(1 for r in rows if outcome_block(r))
    block_started = False
    previous_group = ""
    for row in rows:
        cells: list[GridCell] = []
        if outcome_block(row):
            if not block_started:
                cells.append(label(fmt.OUTCOME_HEADER, rowspan=block_size))
            block_started = True
            if row.group:
                if row.group != previous_group:
                    cells.append(label(row.group, rowspan=sum(1 for r in rows if r.group == row.group)))
                cells.append(label(row.label))
            else:
                cells.append(label(row.label, colspan=_LABEL_COLUMNS - 1))
        else:
            cells.append(label(row.label, colspan=_LABEL_COLUMNS))
        previous_group = row.group
        yield tuple(cells)


# --- Section 四 --------------------------------------------------------------------------------


def remedies_grid(report: Report) -> Grid:
    """Lay out section 四: 行政复议 over its five cells, 行政诉讼 over its two groups of five.

    A group without a parent (行政复议) prints its five cell headers spanning the second and
    third header rows; the litigation groups print their own name in the second row and the
    cell headers in the third.
    """
    cells = fmt.REMEDY_CELLS
    top: list[GridCell] = []
    middle: list[GridCell] = []
    bottom: list[GridCell] = []
    for top_label, groups in _top_groups():
        top.append(head(top_label, colspan=len(cells) * len(groups)))
        for group in groups:
            if group.parent:
                middle.append(head(group.label, colspan=len(cells)))
                bottom.extend(head(c.label, narrow=True) for c in cells)
            else:
                middle.extend(head(c.label, rowspan=2, narrow=True) for c in cells)
    values = tuple(number(report, ("remedies", g.code, c.code)) for g in fmt.REMEDY_GROUPS for c in cells)
    columns = len(fmt.REMEDY_GROUPS) * len(cells)
    return Grid(
        "remedies", (100.0 / columns,) * columns, (tuple(top), tuple(middle), tuple(bottom)), ((values,),)
    )


def _top_groups() -> list[tuple[str, list[fmt.RemedyGroup]]]:
    """Group consecutive remedy groups under their printed top header (parent or own label)."""
    result: list[tuple[str, list[fmt.RemedyGroup]]] = []
    for group in fmt.REMEDY_GROUPS:
        top = group.parent or group.label
        if result and group.parent and result[-1][0] == top:
            result[-1][1].append(group)
        else:
            result.append((top, [group]))
    return result


# --- Positions ---------------------------------------------------------------------------------


def placed_cells(grid: Grid) -> Iterator[tuple[int, int, GridCell]]:
    """Yield (row, column, cell) with each cell at the grid position it starts in.

    Positions already covered by a cell spanning from an earlier row are skipped, which is how
    HTML places ``rowspan`` cells; Word needs the explicit positions to merge.
    """
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(grid.rows):
        c = 0
        for cell in row:
            while (r, c) in covered:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    covered.add((r + dr, c + dc))
            yield r, c, cell
            c += cell.colspan
