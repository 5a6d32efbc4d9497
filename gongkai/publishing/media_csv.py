"""Parse a new-media account's posts entered as CSV: ``posted_on,title,url`` (url may be empty).

Every line is validated and every bad line is named (第N行), so the import saves all or nothing,
as the yearly figures' import does (``figures_csv``; both read through ``csv_lines``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from .csv_lines import csv_lines

CSV_COLUMNS = (("posted_on", "发布日期"), ("title", "标题"), ("url", "链接"))
MAX_ROWS = 5000
TITLE_MAX = 300
URL_MAX = 500
EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True)
class PostRow:
    line: int
    posted_on: date
    title: str
    url: str


def parse_posted_on(value: str, today: date) -> date:
    """Read a post's date (YYYY-MM-DD); a day after ``today`` cannot have been posted yet."""
    text = (value or "").strip()
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"发布日期应为 YYYY-MM-DD，实际为“{value}”") from None
    if day > today:
        raise ValueError(f"发布日期{day.isoformat()}晚于今天")
    if day < EARLIEST:
        raise ValueError(f"发布日期{day.isoformat()}早于2000年")
    return day


def _row(line: int, fields: list[str], today: date) -> PostRow:
    posted_on = parse_posted_on(fields[0], today)
    title = fields[1].strip()
    if not title:
        raise ValueError("标题不能为空")
    if len(title) > TITLE_MAX:
        raise ValueError(f"标题超过{TITLE_MAX}字")
    url = fields[2].strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValueError(f"链接应为 http(s) 网址，实际为“{url[:80]}”") from None
        if len(url) > URL_MAX:
            raise ValueError(f"链接超过{URL_MAX}个字符")
    return PostRow(line, posted_on, title, url)


def parse_posts_csv(text: str, *, today: date) -> list[PostRow]:
    """Read ``发布日期,标题,链接`` (or the codes); raise ValidationError naming every bad line."""
    lines, read_errors = csv_lines(text, CSV_COLUMNS)
    if len(lines) > MAX_ROWS:
        raise ValidationError(f"一次最多导入{MAX_ROWS}条发布记录")
    rows: list[PostRow] = []
    errors: list[str] = []
    for line, fields in lines:
        if len(fields) == 2:
            fields = [*fields, ""]
        if len(fields) != len(CSV_COLUMNS):
            errors.append(f"第{line}行：应有{len(CSV_COLUMNS)}列，实际为{len(fields)}列")
            continue
        try:
            rows.append(_row(line, fields, today))
        except ValueError as exc:
            errors.append(f"第{line}行：{exc}")
    errors += read_errors
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError("文件中没有数据行")
    return rows
