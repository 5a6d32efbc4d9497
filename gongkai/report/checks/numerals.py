"""Numbers as published reports write them in prose: 5, ５, 4,255, 1.2万, 五, 十二, 一百零五, 两千.

The narrative checks compare such numbers with the tables, so they must read the forms agencies
actually print. Anything that is not a number gives None — a check then skips the phrase rather
than guess.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_SMALL_UNITS) + "".join(_BIG_UNITS)

# A number in prose: Arabic digits with optional thousands separators and decimals, optionally
# followed by 万/亿; or a run of Chinese numerals. Used inside the checks' phrase patterns.
NUMBER_PATTERN = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?[万亿]?|[{CHINESE_NUMERAL_CHARS}]+)"

# Full-width digits, decimal point and space to ASCII, so one pattern serves both. The Chinese
# comma stays: in prose it ends a clause.
FULLWIDTH = str.maketrans("０１２３４５６７８９．　", "0123456789. ")

_ARABIC = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)([万亿]?)")


def parse_number(text: str) -> int | Decimal | None:
    """Return the value of a number written in digits or Chinese numerals, or None.

    Integral values come back as int so they compare directly with table cells.
    """
    text = text.strip()
    if not text:
        return None
    match = _ARABIC.fullmatch(text) or _ARABIC.fullmatch(text.translate(FULLWIDTH))
    if match:
        return _parse_arabic(match.group(1), match.group(2))
    return _parse_chinese(text)


def _parse_arabic(digits: str, unit: str) -> int | Decimal | None:
    try:
        value = Decimal(digits.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return None
    if unit:
        value *= _BIG_UNITS[unit]
    return int(value) if value == value.to_integral_value() else value


def _parse_chinese(text: str) -> int | None:
    """Read 五, 十二, 二十, 一百零五, 三千零二十, 两万三千; None for anything else.

    A bare digit string such as 二〇二三 (a year written digit by digit) is read positionally.
    """
    if any(ch not in _DIGITS and ch not in _SMALL_UNITS and ch not in _BIG_UNITS for ch in text):
        return None
    if not any(ch in _SMALL_UNITS or ch in _BIG_UNITS for ch in text):
        value = 0
        for ch in text:
            value = value * 10 + _DIGITS[ch]
        return value
    high = 0  # everything already multiplied by 亿
    middle = 0  # the part already multiplied by 万
    section = 0  # the part below 万
    digit: int | None = None
    for ch in text:
        if ch in _DIGITS:
            if digit is not None and _DIGITS[ch] != 0:
                return None  # two digits in a row inside a unit number: not a number we know
            digit = _DIGITS[ch] or None
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit = None
        elif section == 0 and digit is None and (ch == "万" or high + middle == 0):
            return None  # a unit with nothing to multiply: 万 alone, 万万
        elif ch == "万":
            middle = (section + (digit or 0)) * _BIG_UNITS[ch]
            section, digit = 0, None
        else:
            high = (high + middle + section + (digit or 0)) * _BIG_UNITS[ch]
            middle, section, digit = 0, 0, None
    return high + middle + section + (digit or 0)
