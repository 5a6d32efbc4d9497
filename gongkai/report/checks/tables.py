"""Checks of the statutory tables: structure, cell values and the identities of RULES.md §6.

An identity is checked only when every cell it involves is known; a None cell is never taken
for 0. How many cells were unknown is said once per report (report.I001).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from .. import format as fmt
from ..findings import Finding, error, info
from ..model import Number, Report

TABLE_SECTIONS: tuple[str, ...] = ("proactive", "applications", "remedies")

_ROW = fmt.ROW_BY_CODE
_NEW, _CARRIED_OVER = "new_this_year", "carried_over"
_HANDLED, _CARRIED_FORWARD = "total_handled", "carried_forward"
_OUTCOME_PREFIX = fmt.OUTCOME_HEADER.split("、", 1)[0]  # 三


def format_number(value: Number) -> str:
    """Write a cell value the way the report prints it: 5, 3881.372 — never 5.0 or 1E+1."""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def section_name(key: str) -> str:
    """Return "第三部分" for "applications": how messages name a section."""
    return f"第{fmt.SECTION_BY_KEY[key].number}部分"


def row_short(code: str) -> str:
    """Return the printed number of an applications row: 一, 二, 三（七）, 四 …"""
    row = _ROW[code]
    if row.outcome or code == _HANDLED:
        head = row.group or row.label
        return (
            _OUTCOME_PREFIX + head[: head.index("）") + 1] + (row.label.split(".", 1)[0] if row.group else "")
        )
    return row.label.split("、", 1)[0]


def column_label(code: str) -> str:
    return fmt.COLUMN_BY_CODE[code].label


def _sum(values: Iterable[Number]) -> Number:
    total: int | Decimal = 0
    for value in values:
        if value is None:
            return None
        total += value
    return total


# --- structure -------------------------------------------------------------------------------


def check_structure(report: Report) -> Iterator[Finding]:
    """Report sections and tables that a published report lacks (RULES.md §6: six fixed sections)."""
    for section in fmt.SECTIONS:
        if section.key not in report.sections_present:
            yield error("report.E001", f"缺少{section_name(section.key)}“{section.title}”。", section.key)
    for key in TABLE_SECTIONS:
        if key not in report.tables_present:
            title = fmt.SECTION_BY_KEY[key].title
            yield error("report.E002", f"缺少{section_name(key)}“{title}”的统计表。", key)


# --- cell values -----------------------------------------------------------------------------


_DECIMAL_CELLS = frozenset(
    (row.code, cell.code)
    for table in fmt.PROACTIVE_TABLES
    for row in table.rows
    for cell in table.cells
    if cell.decimal
)


def check_cells(report: Report) -> Iterator[Finding]:
    """Refuse negative values and fractional counts; say once how many cells are unknown.

    Only the fee amount (万元) may be a decimal. Unknown cells are counted over the tables the
    report has (a missing table is report.E002 already) because their identities were skipped.
    """
    unknown = 0
    for section in TABLE_SECTIONS:
        if section not in report.tables_present:
            continue
        for row, cells in getattr(report, section).items():
            for cell, value in cells.items():
                if value is None:
                    unknown += 1
                elif value.__class__ is not int or value < 0:
                    yield from _bad_value(section, row, cell, value)
    if unknown:
        yield info(
            "report.I001",
            f"统计表中有 {unknown} 个单元格为空或无法识别，涉及这些单元格的勾稽关系未作核对。",
        )


def _bad_value(section: str, row: str, cell: str, value: int | Decimal) -> Iterator[Finding]:
    label = fmt.cell_label(section, row, cell)
    if value < 0:
        yield error("report.E007", f"{label}为负数（{format_number(value)}）。", section, row, cell)
    if value != int(value) and (row, cell) not in _DECIMAL_CELLS:
        yield error("report.E008", f"{label}应为整数件数，却是 {format_number(value)}。", section, row, cell)


# --- section 三 ---------------------------------------------------------------------------------


def check_applications(report: Report) -> Iterator[Finding]:
    """Check the three identities printed with the section 三 table (RULES.md §6)."""
    if "applications" not in report.tables_present:
        return
    table = report.applications
    yield from _balance(table)
    yield from _outcomes(table)
    yield from _column_totals(table)


def _balance(table: dict[str, dict[str, Number]]) -> Iterator[Finding]:
    """Per column: 一 + 二 = 三（七） + 四."""
    for col in fmt.APPLICANT_COLUMNS:
        new, old = table[_NEW][col.code], table[_CARRIED_OVER][col.code]
        handled, forward = table[_HANDLED][col.code], table[_CARRIED_FORWARD][col.code]
        if new is None or old is None or handled is None or forward is None:
            continue
        received, closed = new + old, handled + forward
        if received == closed:
            continue
        yield error(
            "report.E003",
            f"{section_name('applications')}“{col.label}”列："
            f"{row_short(_NEW)}（{format_number(new)}）+{row_short(_CARRIED_OVER)}（{format_number(old)}）"
            f"={format_number(received)}，但{row_short(_HANDLED)}（{format_number(handled)}）"
            f"+{row_short(_CARRIED_FORWARD)}（{format_number(forward)}）={format_number(closed)}。",
            "applications",
            _HANDLED,
            col.code,
            cells=tuple(
                f"applications.{r}.{col.code}" for r in (_NEW, _CARRIED_OVER, _HANDLED, _CARRIED_FORWARD)
            ),
        )


def _outcomes(table: dict[str, dict[str, Number]]) -> Iterator[Finding]:
    """Per column: 三（七）总计 = the sum of the 21 outcome rows."""
    for col in fmt.APPLICANT_COLUMNS:
        handled = table[_HANDLED][col.code]
        parts = _sum(table[code][col.code] for code in fmt.OUTCOME_CODES)
        if handled is None or parts is None or handled == parts:
            continue
        yield error(
            "report.E004",
            f"{section_name('applications')}“{col.label}”列：{row_short(_HANDLED)}总计为 "
            f"{format_number(handled)}，但 {len(fmt.OUTCOME_CODES)} 项办理结果合计为 {format_number(parts)}。",
            "applications",
            _HANDLED,
            col.code,
            cells=tuple(f"applications.{r}.{col.code}" for r in (_HANDLED, *fmt.OUTCOME_CODES)),
        )


def _column_totals(table: dict[str, dict[str, Number]]) -> Iterator[Finding]:
    """Per row: 总计 = the six applicant columns."""
    for row in fmt.APPLICATION_ROWS:
        total = table[row.code]["total"]
        parts = _sum(table[row.code][c] for c in fmt.APPLICANT_CATEGORIES)
        if total is None or parts is None or total == parts:
            continue
        yield error(
            "report.E005",
            f"{section_name('applications')}“{row.full_label}”行：{len(fmt.APPLICANT_CATEGORIES)} 类申请人"
            f"合计 {format_number(parts)}，但“{column_label('total')}”列为 {format_number(total)}。",
            "applications",
            row.code,
            "total",
            cells=tuple(f"applications.{row.code}.{c}" for c in (*fmt.APPLICANT_CATEGORIES, "total")),
        )


# --- section 四 ---------------------------------------------------------------------------------


def check_remedies(report: Report) -> Iterator[Finding]:
    """Check each group's 总计 = 维持 + 纠正 + 其他 + 尚未审结 (RULES.md §6)."""
    if "remedies" not in report.tables_present:
        return
    labels = {cell.code: cell.label for cell in fmt.REMEDY_CELLS}
    for group in fmt.REMEDY_GROUPS:
        cells = report.remedies[group.code]
        total = cells["total"]
        parts = _sum(cells[code] for code in fmt.REMEDY_PARTS)
        if total is None or parts is None or total == parts:
            continue
        terms = "+".join(f"{labels[code]}（{format_number(cells[code])}）" for code in fmt.REMEDY_PARTS)
        yield error(
            "report.E006",
            f"{section_name('remedies')}“{group.parent}{group.label}”：{terms}={format_number(parts)}，"
            f"但{labels['total']}为 {format_number(total)}。",
            "remedies",
            group.code,
            "total",
            cells=tuple(f"remedies.{group.code}.{c}" for c in (*fmt.REMEDY_PARTS, "total")),
        )
