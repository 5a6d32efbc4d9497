"""A report value: one agency's annual report for one year, in the 2021 format.

Every cell is an int (a Decimal for the fee amount) or None where the cell is unknown — a
published report that leaves a cell blank or unreadable gives None, never a guessed 0.
JSON in and out follows docs/domain/CODES.md exactly.

Pure: imports nothing from Django.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from . import format as fmt

Number = int | Decimal | None


class ReportDataError(ValueError):
    """Raise when report JSON does not follow the CODES.md layout."""


def _empty_proactive() -> dict[str, dict[str, Number]]:
    return {
        row.code: {c.code: None for c in table.cells} for table in fmt.PROACTIVE_TABLES for row in table.rows
    }


def _empty_applications() -> dict[str, dict[str, Number]]:
    return {row.code: {col.code: None for col in fmt.APPLICANT_COLUMNS} for row in fmt.APPLICATION_ROWS}


def _empty_remedies() -> dict[str, dict[str, Number]]:
    return {g.code: {c.code: None for c in fmt.REMEDY_CELLS} for g in fmt.REMEDY_GROUPS}


@dataclass
class Report:
    agency: str = ""
    year: int | None = None
    format: str = fmt.FORMAT_2021
    text: dict[str, str] = field(default_factory=lambda: {k: "" for k in fmt.TEXT_KEYS})
    proactive: dict[str, dict[str, Number]] = field(default_factory=_empty_proactive)
    applications: dict[str, dict[str, Number]] = field(default_factory=_empty_applications)
    remedies: dict[str, dict[str, Number]] = field(default_factory=_empty_remedies)
    # Sections found in a published report (readers fill this; a generated report has all six).
    sections_present: set[str] = field(default_factory=lambda: {s.key for s in fmt.SECTIONS})
    # Tables found: "proactive", "applications", "remedies".
    tables_present: set[str] = field(default_factory=lambda: {"proactive", "applications", "remedies"})
    title: str = ""
    # Where each cell was read (docs/domain/PROVENANCE.md): "section.row.cell" → a source location.
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False, repr=False)
    # The text the text locations point into: the lines as read (normalised), when the source is text.
    source_lines: list[str] = field(default_factory=list, compare=False, repr=False)
    # The tables the table locations point into (rows of cell texts, merged cells repeated).
    source_tables: list[list[list[str]]] = field(default_factory=list, compare=False, repr=False)

    # -- cells --------------------------------------------------------------------------------
    def _section(self, section: str) -> dict[str, dict[str, Number]]:
        if section not in ("proactive", "applications", "remedies"):
            raise KeyError(section)
        return getattr(self, section)

    def get(self, section: str, row: str, cell: str) -> Number:
        return self._section(section)[row][cell]

    def set(self, section: str, row: str, cell: str, value: Number) -> None:
        table = self._section(section)
        if row not in table or cell not in table[row]:
            raise KeyError(f"{section}.{row}.{cell}")
        table[row][cell] = value

    def cells(self) -> list[tuple[tuple[str, str, str], Number]]:
        """Return every numeric cell with its path, in printed order."""
        return [((s, r, c), self._section(s)[r][c]) for s, r, c in fmt.all_cell_paths()]

    def is_complete(self) -> bool:
        return all(v is not None for _, v in self.cells())

    # -- JSON ----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "agency": self.agency,
            "year": self.year,
            "text": {k: self.text.get(k, "") for k in fmt.TEXT_KEYS},
            "proactive": {
                r: {c: _json_number(v) for c, v in cells.items()} for r, cells in self.proactive.items()
            },
            "applications": {
                r: {c: _json_number(v) for c, v in cells.items()} for r, cells in self.applications.items()
            },
            "remedies": {
                r: {c: _json_number(v) for c, v in cells.items()} for r, cells in self.remedies.items()
            },
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """Build a report from CODES.md JSON; raise ReportDataError naming the bad key."""
        if not isinstance(data, dict):
            raise ReportDataError("报告数据必须是 JSON 对象 (report JSON must be an object)")
        report = cls(
            agency=str(data.get("agency") or ""),
            year=_parse_year(data.get("year")),
            format=str(data.get("format") or fmt.FORMAT_2021),
        )
        text = data.get("text") or {}
        if not isinstance(text, dict):
            raise ReportDataError("text 必须是对象 (text must be an object)")
        report.text = {k: str(text.get(k) or "") for k in fmt.TEXT_KEYS}
        for section in ("proactive", "applications", "remedies"):
            given = data.get(section)
            if given is None:
                report.tables_present.discard(section)
                continue
            if not isinstance(given, dict):
                raise ReportDataError(f"{section} 必须是对象 ({section} must be an object)")
            table = report._section(section)
            for row, cells in given.items():
                if row not in table:
                    raise ReportDataError(f"未知的行代码 {section}.{row} (unknown row code)")
                if not isinstance(cells, dict):
                    raise ReportDataError(f"{section}.{row} 必须是对象 (must be an object)")
                for cell, value in cells.items():
                    if cell not in table[row]:
                        raise ReportDataError(f"未知的单元格代码 {section}.{row}.{cell} (unknown cell code)")
                    table[row][cell] = _parse_number(value, f"{section}.{row}.{cell}")
        return report

    @classmethod
    def from_json(cls, text: str) -> Report:
        try:
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise ReportDataError(f"不是有效的 JSON：{exc.msg}（第 {exc.lineno} 行）") from exc
        return cls.from_dict(data)


def _json_number(value: Number) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        if value == value.to_integral_value() and value.as_tuple().exponent >= 0:
            return int(value)
        return float(value)
    return value


def _parse_number(value: Any, where: str) -> Number:
    """Keep what the source says: ints stay ints, non-integral numbers become Decimal.

    Negative or fractional counts are not refused here — the checks report them as errors.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ReportDataError(f"{where} 不是数字 (not a number)")
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        dec = Decimal(str(value))
        return int(dec) if dec == dec.to_integral_value() and "." not in str(value) else dec
    if isinstance(value, str):
        try:
            dec = Decimal(value.strip())
        except InvalidOperation:
            raise ReportDataError(f"{where} 不是数字：{value!r} (not a number)") from None
        return int(dec) if dec == dec.to_integral_value() and "." not in value else dec
    raise ReportDataError(f"{where} 不是数字 (not a number)")


def _parse_year(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ReportDataError(f"year 不是有效年份：{value!r}") from None
    if not 1990 <= year <= 2200:
        raise ReportDataError(f"year 超出范围：{year}")
    return year
