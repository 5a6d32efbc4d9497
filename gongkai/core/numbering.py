"""Letter numbers (文书编号): an agency's pattern with a yearly serial, e.g. 洛教公开〔2026〕12号.

This module imports nothing from Django.
"""

from __future__ import annotations

__all__ = ["DEFAULT_NUMBER_PATTERN", "format_letter_number", "pattern_problem"]

DEFAULT_NUMBER_PATTERN = "{short}依申请公开〔{year}〕{serial}号"


def format_letter_number(pattern: str, *, short: str, year: int, serial: int) -> str:
    """Fill ``pattern`` ({short}, {year}, {serial}); a blank pattern means the default."""
    return (pattern or DEFAULT_NUMBER_PATTERN).format(short=short, year=year, serial=serial)


def pattern_problem(pattern: str) -> str:
    """Return in Chinese why ``pattern`` cannot number letters, or "" when it can."""
    if not pattern:
        return ""
    if "{serial}" not in pattern:
        return "文书编号格式须包含 {serial}（当年顺序号）"
    try:
        format_letter_number(pattern, short="简称", year=2026, serial=1)
    except (KeyError, IndexError, ValueError):
        return "文书编号格式只能使用 {short}、{year}、{serial} 三个占位符"
    return ""
