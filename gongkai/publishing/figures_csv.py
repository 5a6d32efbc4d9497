"""Parse yearly administrative figures entered as CSV or in a form field (amounts in 万元).

Every line is validated and every bad line is named (第N行), so the import saves all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone

from .csv_lines import csv_lines

CSV_COLUMNS = (
    ("year", "年度"),
    ("licensing", "行政许可"),
    ("penalty", "行政处罚"),
    ("coercion", "行政强制"),
    ("fees_10k_yuan", "收费（万元）"),
)
FEES_PLACES = 4
MAX_COUNT = 100_000_000


@dataclass(frozen=True)
class FiguresRow:
    line: int
    year: int
    licensing: int
    penalty: int
    coercion: int
    fees_10k_yuan: Decimal


def parse_count(value: str, label: str) -> int:
    text = (value or "").strip().replace(",", "")
    if not text.isdigit():
        raise ValueError(f"{label}应为非负整数，实际为“{value}”")
    number = int(text)
    if number > MAX_COUNT:
        raise ValueError(f"{label}数值过大：{value}")
    return number


def parse_fees(value: str) -> Decimal:
    """Parse an amount in 万元 (a decimal with at most four places; 3881.372 is typical)."""
    text = (value or "").strip().replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"收费金额应为数字（单位：万元），实际为“{value}”") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"收费金额应为非负数，实际为“{value}”")
    if -amount.as_tuple().exponent > FEES_PLACES:
        raise ValueError(f"收费金额最多保留{FEES_PLACES}位小数，实际为“{value}”")
    if amount >= Decimal(10) ** 12:
        raise ValueError(f"收费金额过大：{value}")
    return amount


def parse_year(value: str, today: date | None = None) -> int:
    text = (value or "").strip()
    this_year = (today or timezone.localdate()).year
    if not (text.isdigit() and 2000 <= int(text) <= this_year):
        raise ValueError(f"年度应为2000至{this_year}之间的四位数字，实际为“{value}”")
    return int(text)


def parse_figures_csv(text: str, *, today: date | None = None) -> list[FiguresRow]:
    """Read ``年度,行政许可,行政处罚,行政强制,收费（万元）`` (or the codes); raise ValidationError naming every bad line."""
    lines, read_errors = csv_lines(text, CSV_COLUMNS)
    errors: list[str] = []
    rows: list[FiguresRow] = []
    seen: dict[int, int] = {}
    for line, fields in lines:
        if len(fields) != len(CSV_COLUMNS):
            errors.append(f"第{line}行：应有{len(CSV_COLUMNS)}列，实际为{len(fields)}列")
            continue
        try:
            year = parse_year(fields[0], today)
            row = FiguresRow(
                line=line,
                year=year,
                licensing=parse_count(fields[1], "行政许可处理决定数"),
                penalty=parse_count(fields[2], "行政处罚决定数"),
                coercion=parse_count(fields[3], "行政强制决定数"),
                fees_10k_yuan=parse_fees(fields[4]),
            )
        except ValueError as exc:
            errors.append(f"第{line}行：{exc}")
            continue
        if year in seen:
            errors.append(f"第{line}行：{year}年与第{seen[year]}行重复")
            continue
        seen[year] = line
        rows.append(row)
    errors += read_errors
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError("文件中没有数据行")
    return rows
