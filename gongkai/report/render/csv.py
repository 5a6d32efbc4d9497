"""Render reports as CSV: one row a report, one column a cell, for spreadsheets and the auditor.

Columns: optional extra columns first (the auditor puts ``source``, the file a report was read
from), then ``agency``, ``year``, ``format``, then one column per cell of the format in
``format.all_cell_paths()`` order. A person opens the file in a spreadsheet, so each column is
named in Chinese and its code follows in parentheses: "机关 (agency)", "三 （三）不予公开3.属于国家秘密 ·
自然人 (applications.withheld.state_secret.natural)"; ``column_code`` reads the code back. An
unknown cell is an empty field, never 0.
Text from the file (the agency name, the source) is neutralised against formula injection.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TextIO

from ...core.spreadsheet import csv_safe
from .. import format as fmt
from ..model import Report
from .layout import cell_path_key, format_number

REPORT_COLUMNS: tuple[str, ...] = ("agency", "year", "format")
# Chinese names of the columns that are not cells (the report's and the auditor's extra ones).
COLUMN_LABELS: dict[str, str] = {
    "agency": "机关",
    "year": "年度",
    "format": "格式",
    "source": "来源文件",
    "errors": "错误数",
    "warnings": "警告数",
}


def _named(label: str, code: str) -> str:
    return f"{label} ({code})"


def column_code(name: str) -> str:
    """Return the code of a header column ("机关 (agency)" → "agency"); a bare code stays itself."""
    if name.endswith(")") and " (" in name:
        return name.rsplit(" (", 1)[1][:-1]
    return name


def csv_header(extra: Sequence[str] = ()) -> list[str]:
    """Return the column names: the extra columns, the report columns, then every cell, in Chinese."""
    return [
        *(_named(COLUMN_LABELS.get(c, c), c) for c in (*extra, *REPORT_COLUMNS)),
        *(_named(fmt.cell_label(*p), cell_path_key(p)) for p in fmt.all_cell_paths()),
    ]


def csv_row(report: Report, extra: Sequence[str] = ()) -> list[str]:
    """Return one report's fields, in the order of ``csv_header``; ``extra`` gives the extra values."""
    year = "" if report.year is None else str(report.year)
    return [*extra, report.agency, year, report.format, *(format_number(v) for _, v in report.cells())]


def write_csv(
    out: TextIO,
    rows: Iterable[tuple[Report, Sequence[str]]],
    *,
    extra: Sequence[str] = (),
) -> int:
    """Write a header and one row per (report, extra values) pair; return the rows written.

    ``extra`` names the extra columns; every pair must give that many values. Open ``out`` with
    ``newline=""`` (the csv module writes its own line ends) and, for Excel, ``utf-8-sig``.
    """
    writer = csv.writer(out)
    writer.writerow(csv_header(extra))
    count = 0
    for report, values in rows:
        if len(values) != len(extra):
            raise ValueError(
                f"应有 {len(extra)} 个附加列值，实为 {len(values)} (extra values do not match columns)"
            )
        writer.writerow([csv_safe(v) for v in csv_row(report, values)])
        count += 1
    return count


def render(report: Report) -> str:
    """Return one report as CSV text: the header line and its data line."""
    buffer = io.StringIO(newline="")
    write_csv(buffer, [(report, ())])
    return buffer.getvalue()
