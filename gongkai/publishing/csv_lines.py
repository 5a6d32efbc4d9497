"""The lines of an imported CSV after its header: the one reading both CSV imports share.

The header names the expected columns in order, each by its Chinese label, its code, or both as
the exports write them ("年度 (year)"), in any mix; any other header refuses the file, and the error
shows the Chinese header to use. Every data line keeps its line number
(第N行) so the parsers can name each bad line; blank lines are skipped and a line the csv module
cannot read ends the file with an error.
"""

from __future__ import annotations

import csv
import io

from django.core.exceptions import ValidationError

Column = tuple[str, str]  # (code, Chinese label), e.g. ("year", "年度")


def header_line(columns: tuple[Column, ...]) -> str:
    """Return the header a person should write: the Chinese labels, comma-separated."""
    return ",".join(label for _, label in columns)


def _names(column: Column) -> set[str]:
    code, label = column
    return {code.lower(), label, f"{label} ({code})".lower(), f"{label}（{code}）".lower()}


def csv_lines(text: str, columns: tuple[Column, ...]) -> tuple[list[tuple[int, list[str]]], list[str]]:
    """Return ((line number, fields) of each non-blank data line, errors); raise on a bad header."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ValidationError("文件为空") from None
    except csv.Error as exc:
        raise ValidationError(f"第1行：无法解析 CSV（{exc}）") from None
    if len(header) != len(columns) or any(
        h.lower() not in _names(c) for h, c in zip(header, columns, strict=False)
    ):
        raise ValidationError(f"第1行：表头应为 {header_line(columns)}，实际为 {','.join(header)}")
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
