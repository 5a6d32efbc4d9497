"""The lines of an imported CSV after its header: the one reading both CSV imports share.

A header other than the expected columns refuses the file; every data line keeps its line number
(第N行) so the parsers can name each bad line; blank lines are skipped and a line the csv module
cannot read ends the file with an error.
"""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError


def csv_lines(text: str, columns: tuple[str, ...]) -> tuple[list[tuple[int, list[str]]], list[str]]:
    """Return ((line number, fields) of each non-blank data line, errors); raise on a bad header."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ValidationError("文件为空") from None
    except csv.Error as exc:
        raise ValidationError(f"第1行：无法解析 CSV（{exc}）") from None
    if tuple(header) != columns:
        raise ValidationError(f"第1行：表头应为 {','.join(columns)}，实际为 {','.join(header)}")
    lines: list[tuple[int, list[str]]] = []
    errors: list[str] = []
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(f"第{reader.line_num}行：无法解析（{exc}）")
            break
        if any(f.strip() for f in fields):
            lines.append((reader.line_num, fields))
    return lines, errors
