"""Cells for spreadsheets people open: no value typed by someone else becomes a live formula.

CSV: a text value that starts with ``= + - @``, a tab or a carriage return is prefixed with an
apostrophe, as OWASP recommends against formula (CSV) injection; plain numbers such as ``-3``
or ``+1.5`` stay as they are. XLSX: every text value is written as a text cell (``t="inlineStr"``),
never as a formula, so ``=HYPERLINK(...)`` typed into the public form stays text.

Pure: imports nothing from Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["FORMULA_PREFIXES", "csv_row", "csv_safe", "xlsx_row"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?%?")


def csv_safe(value: Any) -> Any:
    """Return ``value`` with a leading apostrophe if a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """Return a row with every value made safe for CSV."""
    return [csv_safe(v) for v in values]


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """Return write-only cells for ``sheet`` in which every string is a text cell, never a formula."""
    # lazy: openpyxl, only for an XLSX export (keeps this pure module light)
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"
        cells.append(cell)
    return cells
