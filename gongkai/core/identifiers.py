"""Check characters of the identifiers the platform validates.

- 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from a 31-character
  alphabet; the 18th is a check character over the first 17.
- 居民身份证号码 (resident identity number), GB 11643-1999: 17 digits and a check character (ISO 7064
  MOD 11-2), the 7th–14th characters being the date of birth.
- Bank card numbers: the Luhn check (ISO/IEC 7812).

Pure: imports nothing from Django.
"""

from __future__ import annotations

import re
from datetime import date

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_RE = re.compile(r"^[0-9A-HJ-NP-RTUWXY]{2}\d{6}[0-9A-HJ-NP-RTUWXY]{10}$")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")


def credit_code_check_char(first17: str) -> str:
    """Return the GB 32100-2015 check character for the first 17 characters."""
    total = sum(CREDIT_CODE_ALPHABET.index(ch) * w for ch, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """Return why ``code`` is not a valid 统一社会信用代码, or None when it is valid."""
    code = (code or "").strip().upper()
    if len(code) != 18:
        return f"统一社会信用代码应为18位，当前为{len(code)}位"
    if not _CREDIT_RE.match(code):
        return "统一社会信用代码含有不允许的字符（不使用 I、O、S、V、Z）"
    if credit_code_check_char(code[:17]) != code[17]:
        return "统一社会信用代码校验位不正确"
    return None


def is_valid_credit_code(code: str) -> bool:
    return credit_code_problem(code) is None


def resident_id_check_char(first17: str) -> str:
    """Return the GB 11643-1999 check character for the first 17 digits."""
    total = sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def resident_id_problem(number: str) -> str | None:
    """Return why ``number`` is not a valid 18-digit resident ID, or None when it is valid."""
    number = (number or "").strip().upper()
    if not _ID_RE.match(number):
        return "居民身份证号码应为18位（前17位为数字，末位为数字或X）"
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "居民身份证号码中的出生日期无效"
    if resident_id_check_char(number[:17]) != number[17]:
        return "居民身份证号码校验位不正确"
    return None


def is_valid_resident_id(number: str) -> bool:
    return resident_id_problem(number) is None


def luhn_valid(digits: str) -> bool:
    """Return True when a digit string passes the Luhn check (bank card numbers)."""
    if not digits.isdigit() or len(digits) < 2:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def mask_identifier(value: str, *, keep_start: int = 3, keep_end: int = 4) -> str:
    """Mask the middle of an ID or phone number for lists: 410302********1234."""
    value = value or ""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
