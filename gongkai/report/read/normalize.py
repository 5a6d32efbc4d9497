"""Normalise the text of published reports and match it against the labels of the format.

Published reports spell the same label many ways — full- or half-width parentheses, extra
spaces, 规范性文件 for 行政规范性文件, a group prefix present or omitted, OCR misreadings
(docs/domain/REPORT_LAYOUTS.md). Every reader (text, HTML, DOCX, PDF) matches through this one
module, so that all of them accept the same variants. The labels themselves come from
`gongkai.report.format`; nothing here spells a label of the 2021 format again.

Pure: imports nothing from Django.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher
from functools import lru_cache

from .. import format as fmt
from ..model import Number

__all__ = [
    "ANNOTATED",
    "EMPTY",
    "UNREADABLE",
    "detect_format",
    "label_key",
    "match_column",
    "match_group",
    "match_proactive_cell",
    "match_proactive_row",
    "match_remedy_cell",
    "match_remedy_group",
    "match_row",
    "match_section_heading",
    "normalize_text",
    "parse_cell",
    "similarity",
    "split_numbering",
]

# Problems parse_cell reports. ANNOTATED still gives the number (e.g. "22（其中修订16件）").
EMPTY = "empty"
UNREADABLE = "unreadable"
ANNOTATED = "annotated"

SIMILARITY_THRESHOLD = 0.85  # difflib ratio above which an OCR-damaged label still matches

# --- characters ---------------------------------------------------------------------------------

_QUOTES = "\"'“”„‟〝〞〟＂「」『』‘’‚‛′″"
_CHAR_MAP: dict[str, str] = {
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", ""),  # zero-width, soft hyphen
    **dict.fromkeys("\u00a0\u2002\u2003\u2009\u202f\u3000", " "),
    **dict.fromkeys("“”„‟〝〞〟＂", '"'),
    **dict.fromkeys("‘’‚‛", "'"),
    "\u2212": "-",  # minus sign
    "\ufe63": "-",
}
# One regex pass finds the few characters to map (str.translate looks up every character).
_SPECIAL = re.compile("[" + re.escape("".join(_CHAR_MAP)) + "]")
_ENTITY_SPACE = re.compile(r"&(?:nbsp|#160|#xa0|ensp|emsp);?", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_KEY_DROP = re.compile(r"[\s" + re.escape(_QUOTES) + r"]+")
_QUOTE_CHARS = re.compile("[" + re.escape(_QUOTES) + "]+")
_ITEM_COMMA = re.compile(r"(?<![\d.])(\d)[、,](?=\D)")  # "1、属于" → "1.属于"


def normalize_text(s: str, *, collapse_spaces: bool = True) -> str:
    """Fold the width and spacing variants of published text so labels compare equal.

    NFKC turns full-width digits, letters and punctuation into half-width ones (（一）→(一),
    １２→12, ，→,); NBSP and the ideographic space become spaces; zero-width characters go;
    curly quotes become straight ones. With `collapse_spaces` (the default) runs of whitespace
    become one space and the ends are stripped; without it tabs and newlines are kept, so a
    reader can still split fields and lines.
    """
    if "&" in s:
        s = _ENTITY_SPACE.sub(" ", s)
    if not unicodedata.is_normalized("NFKC", s):
        s = _nfkc(s)
    s = _SPECIAL.sub(_map_char, s)
    if collapse_spaces:
        s = _SPACES.sub(" ", s).strip()
    return s


# Characters NFKC leaves alone and never joins to the character before them: ASCII and the CJK
# unified ideographs, most of a report. Normalisation may restart before any of them (UAX #15,
# stable code points), so only the runs of other characters are normalised. A run that starts
# with a combining mark is normalised with the character before it (it may compose with it);
# any other run never changes what comes before it (checked over every code point), so its
# normal form is cached: reports repeat their full-width punctuation.
_UNSTABLE = re.compile(r"[^\x00-\x7f\u4e00-\u9fff]+")


def _nfkc(s: str) -> str:
    """Return unicodedata.normalize("NFKC", s), normalising only the runs that can change."""
    # A no-break or ideographic space decomposes to a plain space, a starter like itself: the
    # decomposed text, and so its normal form, is the same with the space put in first. Word
    # pages pad with &nbsp;, which would otherwise be a run of its own every few characters.
    if "\xa0" in s:
        s = s.replace("\xa0", " ")
    if "\u3000" in s:
        s = s.replace("\u3000", " ")
    parts: list[str] = []
    done = 0
    for m in _UNSTABLE.finditer(s):
        start, end = m.span()
        if unicodedata.combining(s[start]) and start > done:
            start -= 1
            parts.append(s[done:start])
            parts.append(unicodedata.normalize("NFKC", s[start:end]))
        else:
            parts.append(s[done:start])
            parts.append(_nfkc_run(m.group()))
        done = end
    parts.append(s[done:])
    return "".join(parts)


@lru_cache(maxsize=4096)
def _nfkc_run(run: str) -> str:
    return unicodedata.normalize("NFKC", run)


def _map_char(m: re.Match[str]) -> str:
    return _CHAR_MAP[m.group()]


@lru_cache(maxsize=8192)
def label_key(s: str) -> str:
    """Return the comparison key of a label: normalised, without whitespace or quotes."""
    key = _KEY_DROP.sub("", normalize_text(s, collapse_spaces=False))
    if "、" in key or "," in key:
        key = _ITEM_COMMA.sub(r"\1.", key)
    return key


_NUMBERING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分"
    r"|\(([一二三四五六七八九十]+|\d{1,2})\)"
    r"|([一二三四五六七八九十]+)[、.,:]"
    r"|(\d{1,2})(?:[.)、]|(?=[^\d.]))"
    r")"
)


def split_numbering(key: str) -> tuple[str, str]:
    """Split a label key into its outline number and the rest: "(三)不予公开" → ("三", "不予公开").

    The number is returned bare (一, 3), so 三、 (三) and 3. style outlines compare equal.
    """
    m = _NUMBERING.match(key)
    if not m:
        return "", key
    number = next((g for g in m.groups() if g), "")
    return number, key[m.end() :]


def similarity(a: str, b: str) -> float:
    """Return difflib's ratio of two strings (1.0 for equal strings)."""
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _one_substitution(a: str, b: str) -> bool:
    """Tell whether two equal-length strings differ in exactly one character (an OCR misread)."""
    return len(a) == len(b) and sum(map(str.__ne__, a, b)) == 1


# --- cells --------------------------------------------------------------------------------------

_EMPTY_CELL = re.compile(r"^(?:[-—–―_/\\]+|无|空|暂无|N/?A|NA|null|None|\.\.\.|…+)?$", re.IGNORECASE)
_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_PLAIN_NUMBER = re.compile(_NUMBER)
_UNIT_NUMBER = re.compile(rf"({_NUMBER})(?:件|个|条|项|次|人次|人|家|万元)")
_ANNOTATED_NUMBER = re.compile(
    rf"({_NUMBER})(?:\((?![一二三四五六七八九十]{{1,3}}\)).*|\[.*|〔.*|【.*|其中.*|含.*|元)", re.DOTALL
)
_TWO_NUMBERS = re.compile(r"\d\s+[+-]?\d")


@lru_cache(maxsize=16384)
def parse_cell(s: str) -> tuple[Number, str | None]:
    """Read one table cell as it is printed; return (value, problem).

    A blank cell, "—", "-", "/" or "无" gives (None, "empty") — unknown, never a guessed 0.
    Text that is no number gives (None, "unreadable"). "22（其中修订16件）" gives
    (22, "annotated"): the leading number is the cell, the note is reported. Negative and
    fractional numbers are returned as they are printed (ints, or Decimal where there is a
    decimal point) so the checks can flag them.
    """
    text = normalize_text(s)
    if _TWO_NUMBERS.search(text):
        return None, UNREADABLE
    text = text.replace(" ", "")
    if _EMPTY_CELL.match(text):
        return None, EMPTY
    if _PLAIN_NUMBER.fullmatch(text):
        return _to_number(text), None
    m = _UNIT_NUMBER.fullmatch(text)
    if m:
        return _to_number(m.group(1)), None
    m = _ANNOTATED_NUMBER.fullmatch(text)
    if m:
        return _to_number(m.group(1)), ANNOTATED
    return None, UNREADABLE


# The ideographs that may follow a cell's leading number (_UNIT_NUMBER, _ANNOTATED_NUMBER) and
# those that may begin a cell (_EMPTY_CELL).
_AFTER_NUMBER = frozenset("件个条项次人家万其含元")
_CELL_START = frozenset("无空暂")
# Digits, then an ideograph, an item number in brackets (a note never starts with one) or an item
# dot before an ideograph (no decimal: no digit follows it).
_DIGITS_THEN_LABEL = re.compile(
    r"[0-9]+(?:([\u4e00-\u9fff])|\([一二三四五六七八九十]{1,3}\)|\.[\u4e00-\u9fff])"
)


def unreadable_at_sight(s: str) -> bool:
    """Tell, without normalising or caching `s`, that parse_cell(s) says it is no cell.

    True when `s` starts with "(" or a CJK unified ideograph no empty marker starts with, or with
    ASCII digits followed by an ideograph no unit or note starts with, by an item number in
    brackets or by an item dot and an ideograph: crawler text's label words ("0三、本年度办理结果",
    "2(一)予以公开4", "02.申请人逾期未按…") and its whole table line. Normalisation changes none of it: ASCII and those ideographs are NFKC-stable and
    compose with nothing after them, no special character is among them, and nothing before
    them is stripped. False means parse_cell must decide.
    """
    first = s[:1]
    if "\u4e00" <= first <= "\u9fff":
        return first not in _CELL_START
    if first == "(":
        return True
    m = _DIGITS_THEN_LABEL.match(s)
    return m is not None and m.group(1) not in _AFTER_NUMBER


def _to_number(text: str) -> Number:
    text = text.replace(",", "")
    if "." not in text:
        return int(text)
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return None


# --- sections -----------------------------------------------------------------------------------

_HEADING_MAX = 40  # a longer line is narrative, not a heading
_CJK = re.compile(r"[\u3400-\u9fff]")
_HEADING_PREFIX = re.compile(r"^[#*>\s]+|[*\s]+$")
_SECTION_TITLES = tuple((s.key, label_key(s.title)) for s in fmt.SECTIONS)


@lru_cache(maxsize=8192)
def match_section_heading(line: str) -> str | None:
    """Return the section key ("overview" … "other") a heading line names, or None.

    Matches on the title, not the number, because agencies renumber their own sections;
    tolerates Markdown/bold markers and a misread or mistyped character (行政法复议).
    """
    line = line.strip()
    if "\t" in line or "|" in line.strip("|"):
        return None  # a table row: a heading stands alone
    if not _CJK.search(line):
        return None  # a line of numbers: every title and title family is in Chinese characters
    key = label_key(_HEADING_PREFIX.sub("", line))
    if not key or len(key) > _HEADING_MAX:
        return None
    _, title = split_numbering(key)
    title = title.rstrip(":.。")
    for section, expected in _SECTION_TITLES:
        if title == expected:
            return section
    return _best(title, _SECTION_TITLES) or _family(title)


# Section titles in an agency's own words (docs/domain/REPORT_LAYOUTS.md, second survey): a
# part is recognised by its wording family, whatever its number.
_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("overview", re.compile(r"^(?:总体|基本|概述|工作概况)")),
    (
        "problems",
        re.compile(r"问题.{0,12}(?:改进|整改|措施|计划|打算|方向|举措)|(?:存在的)?(?:主要)?(?:问题|不足)$"),
    ),
    ("other", re.compile(r"^其他(?:需要)?(?:报告|说明)?的?(?:事项|情况)$")),
)


def _family(title: str) -> str | None:
    for section, pattern in _FAMILIES:
        if pattern.search(title):
            return section
    return None


def section_heading_variant(line: str, section: str) -> str | None:
    """Say how a heading that names ``section`` differs from the statutory one, or None.

    Renamed or renumbered parts are a warning at most (docs/domain/REPORT_LAYOUTS.md).
    """
    key = label_key(_HEADING_PREFIX.sub("", line.strip()))
    number, title = split_numbering(key)
    expected = fmt.SECTION_BY_KEY[section]
    title = title.rstrip(":.。")
    if title != label_key(expected.title) and _best(title, _SECTION_TITLES) != section:
        return "renamed"  # a misprint of the statutory title (行政法复议) is no renaming
    if number and number != expected.number:
        return "renumbered"
    return None


# --- section 三 rows ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _RowKey:
    code: str
    number: str  # bare outline number: 一, (一) → 一, 1. → 1
    text: str  # key text without number
    group: str  # the format's group label ("（三）不予公开") or ""


def _row_keys() -> tuple[_RowKey, ...]:
    keys = []
    for row in fmt.APPLICATION_ROWS:
        number, text = split_numbering(label_key(row.label))
        keys.append(_RowKey(row.code, number, text, row.group))
        short = text.split("(", 1)[0]
        if short != text:  # "部分公开（区分处理的，…）" is often printed without the note
            keys.append(_RowKey(row.code, number, short, row.group))
    return tuple(keys)


_ROW_KEYS = _row_keys()
_ROW_BY_TEXT: dict[str, str] = {k.text: k.code for k in reversed(_ROW_KEYS)}  # the first row wins
_GROUPS: tuple[tuple[str, str, str], ...] = tuple(  # (format group label, number, text key)
    (g, *split_numbering(label_key(g)))
    for g in dict.fromkeys(r.group for r in fmt.APPLICATION_ROWS if r.group)
)
_GROUP_AND_ITEM = re.compile(r"^(\D{2,8}?)(\d\..+)$")  # a group heading run into its first item
_OUTCOME_HEADER = split_numbering(label_key(fmt.OUTCOME_HEADER))[1]  # 本年度办理结果
_MIN_PREFIX = 5  # a label cut off after this many characters still names its row
# Rows whose text is too short to name them without their number: text → (code, number, group).
_SHORT_ROWS = {k.text: (k.code, k.number, k.group) for k in _ROW_KEYS if len(k.text) <= 2}


def _strip_outcome_header(key: str) -> str:
    _, rest = split_numbering(key)
    if rest.startswith(_OUTCOME_HEADER):
        return rest[len(_OUTCOME_HEADER) :]
    return key


def _split_group(key: str) -> tuple[str, str]:
    """Split "(三)不予公开1.属于国家秘密" into the group label and the item key.

    A misread group heading ("(四)无法堤供1.…") is told by similarity.
    """
    _, rest = split_numbering(key)
    for group, _, text in _GROUPS:
        if rest.startswith(text):
            return group, rest[len(text) :]
    m = _GROUP_AND_ITEM.match(rest)
    if m and rest != key:
        group = match_group(m.group(1))
        if group:
            return group, m.group(2)
    return "", key


@lru_cache(maxsize=4096)
def match_group(label: str) -> str | None:
    """Return the format's group label ("（三）不予公开") a group heading names, or None.

    Only the four groups with numbered items count: 予以公开 and 部分公开 are rows.
    """
    key = _strip_outcome_header(label_key(label))
    _, text = split_numbering(key)
    if not text:
        return None
    for group, _, expected in _GROUPS:
        if text == expected:
            return group
    return _best(text, tuple((g, t) for g, _, t in _GROUPS))


def _canonical_group(group: str | None) -> str:
    if not group:
        return ""
    return match_group(group) or ""


@lru_cache(maxsize=8192)
def match_row(label: str, group: str | None = None) -> str | None:
    """Return the section 三 row code a row label names, or None.

    Accepts the label with or without 三、本年度办理结果 and its group prefix
    ("（三）不予公开 1.属于国家秘密" or "1.属于国家秘密"). A bare item number ("2.") is
    ambiguous across groups and is resolved only with `group`, the group heading the reader
    last saw (any spelling). An OCR-damaged label matches by similarity when exactly one row
    is close enough.
    """
    key = _strip_outcome_header(label_key(label))
    own_group, key = _split_group(key)
    number, text = split_numbering(key)
    group_label = own_group or _canonical_group(group)
    if own_group and not text and not number:
        return None  # a group heading, not a row
    short = _SHORT_ROWS.get(text)
    if short is not None:
        # "总计" and "其他" alone are also column headers: only (七)总计 and 3.其他 (or 其他
        # under the heading of its own group) are rows.
        code, expected_number, expected_group = short
        return (
            code if number == expected_number or (expected_group and group_label == expected_group) else None
        )
    if text in _ROW_BY_TEXT:
        return _ROW_BY_TEXT[text]
    candidates = [k for k in _ROW_KEYS if not group_label or k.group == group_label or not k.group]
    if not text:
        if number and group_label:
            items = [k.code for k in candidates if k.group == group_label and k.number == number]
            return items[0] if len(items) == 1 else None
        return None
    found = _match_candidates(number, text, candidates)
    if found is None and group_label and not own_group:
        # The group heading last seen may be stale: PDF text prints a merged group label in
        # the middle of its rows, after the first of them.
        found = _match_candidates(number, text, list(_ROW_KEYS))
    return found


def _match_candidates(number: str, text: str, candidates: list[_RowKey]) -> str | None:
    """Match a row text by prefix (a label cut short) or similarity; None when ambiguous."""
    if len(text) >= _MIN_PREFIX:
        prefixed = {k.code for k in candidates if k.text.startswith(text)}
        if len(prefixed) == 1:
            return prefixed.pop()
    numbered = tuple((k.code, f"{k.number}.{k.text}" if number and k.number else k.text) for k in candidates)
    probe = f"{number}.{text}" if number else text
    return _best(probe, numbered)


@lru_cache(maxsize=1024)
def _chars(text: str) -> frozenset[str]:
    return frozenset(text)


def _best(probe: str, choices: Iterable[tuple[str, str]]) -> str | None:
    """Return the code of the one choice close enough to `probe`, or None if none or several.

    Close enough: difflib ratio ≥ SIMILARITY_THRESHOLD, or one substituted character in a
    label of four or more characters (沭→沐 style OCR misreads).
    """
    hits: set[str] = set()
    size = len(probe)
    for code, expected in choices:
        total = size + len(expected)
        if not total or 2 * min(size, len(expected)) < SIMILARITY_THRESHOLD * total:
            continue  # the lengths alone rule it out (difflib's real_quick_ratio, without a matcher)
        if size >= 4 and size == len(expected) and _one_substitution(probe, expected):
            hits.add(code)
            continue
        shared = _chars(expected)
        if 2 * min(sum(map(shared.__contains__, probe)), len(expected)) < SIMILARITY_THRESHOLD * total:
            continue  # too few characters in common to match (a bound on difflib's matches)
        matcher = SequenceMatcher(None, probe, expected, autojunk=False)
        if matcher.quick_ratio() >= SIMILARITY_THRESHOLD and matcher.ratio() >= SIMILARITY_THRESHOLD:
            hits.add(code)
    return hits.pop() if len(hits) == 1 else None


# --- other tables -------------------------------------------------------------------------------


def _exact_or_similar(label: str, choices: tuple[tuple[str, str], ...]) -> str | None:
    key = label_key(label)
    _, text = split_numbering(key)
    for code, expected in choices:
        if key == expected or text == expected:
            return code
    return _best(text, choices) if text else None


_PROACTIVE_CHOICES = tuple(
    (row.code, label_key(name))
    for _, row in fmt.PROACTIVE_ROWS.values()
    for name in (row.label, *row.aliases)
)
_PROACTIVE_CELL_CHOICES = tuple(
    dict.fromkeys((c.code, label_key(c.label)) for t in fmt.PROACTIVE_TABLES for c in t.cells)
)
_REMEDY_CHOICES = tuple(
    (g.code, label_key(name)) for g in fmt.REMEDY_GROUPS for name in (g.label, g.parent + g.label) if name
)
_REMEDY_CELL_CHOICES = tuple((c.code, label_key(c.label)) for c in fmt.REMEDY_CELLS)
_COLUMN_CHOICES = tuple((c.code, label_key(c.label)) for c in fmt.APPLICANT_COLUMNS)


@lru_cache(maxsize=4096)
def match_proactive_row(label: str) -> str | None:
    """Return the section 二 row code ("rules" … "fees") a row label names, or None."""
    return _exact_or_similar(label, _PROACTIVE_CHOICES)


@lru_cache(maxsize=4096)
def match_proactive_cell(label: str) -> str | None:
    """Return the section 二 cell code ("issued", "decisions", …) a header names, or None."""
    return _exact_or_similar(label, _PROACTIVE_CELL_CHOICES)


@lru_cache(maxsize=4096)
def match_remedy_group(label: str) -> str | None:
    """Return the section 四 group code a label names (行政复议, 未经复议直接起诉, …), or None."""
    return _exact_or_similar(label, _REMEDY_CHOICES)


@lru_cache(maxsize=4096)
def match_remedy_cell(label: str) -> str | None:
    """Return the section 四 cell code a header names ("结果 维持" → "upheld"), or None."""
    return _exact_or_similar(label, _REMEDY_CELL_CHOICES)


@lru_cache(maxsize=4096)
def match_column(label: str) -> str | None:
    """Return the section 三 applicant column code a header names ("自然人" → "natural"), or None."""
    return _exact_or_similar(label, _COLUMN_CHOICES)


# --- format -------------------------------------------------------------------------------------

# Words only the 2021 template prints: the cell labels of section 二 and the sub-rows of （六）.
_MARKERS_2021 = tuple(
    dict.fromkeys(
        [label_key(c.label) for t in fmt.PROACTIVE_TABLES for c in t.cells]
        + ["逾期不补正", "逾期未按收费通知"]
    )
)
# Words of the 2019–2020 template (国办公开办函〔2019〕60号), section 二.
_MARKERS_2019 = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "政府集中采购",
    "采购总金额",
    "上一年项目数量",
    "其他对外管理服务事项",
)
# Words of the free-form reports before 2019.
_MARKERS_PRE_2019 = (
    "政府信息公开情况统计表",
    "收费及减免",
    "依申请公开政府信息情况",
    "因政府信息公开申请提起",
)
# Row labels of section 三 common to the 2019 and 2021 templates.
_APPLICATION_MARKERS = tuple(
    split_numbering(label_key(r.label))[1]
    for r in fmt.APPLICATION_ROWS
    if r.code in ("new_this_year", "carried_over")
)
_OTHER_WITHOUT_ITEMS = re.compile(r"其他处理[\d.\-—/]*(?:\(七\)|七、)总计")
_YEAR = re.compile(r"((?:19|20)\d{2})年度?")


def detect_format(text: str, *, normalized: bool = False) -> str | None:
    """Tell which template a report follows: FORMAT_2021, FORMAT_2019, FORMAT_PRE_2019 or None.

    Decided by words only one template prints (the 2019 template's 本年新制作数量 /
    对外公开总数量 / 政府集中采购, the 2021 template's 本年制发件数 / 逾期不补正, the old
    reports' 政府信息公开情况统计表); failing those, by the report year in the first lines.
    None means the text does not look like an annual report at all. Pass `normalized=True`
    when the text already went through `normalize_text`, to save a pass over it.
    """
    key = "".join((text if normalized else normalize_text(text, collapse_spaces=False)).split())
    if _QUOTE_CHARS.search(key):  # whitespace went with split(), which splits where \s matches
        key = _QUOTE_CHARS.sub("", key)
    n2021 = sum(m in key for m in _MARKERS_2021)
    n2019 = sum(m in key for m in _MARKERS_2019)
    pre = sum(m in key for m in _MARKERS_PRE_2019)
    if n2021 and n2021 >= n2019:
        return fmt.FORMAT_2021
    if n2019 >= 2 or (n2019 and not pre):
        return fmt.FORMAT_2019
    if pre:
        return fmt.FORMAT_PRE_2019
    headings = sum(title in key for _, title in _SECTION_TITLES)
    has_rows = any(m in key for m in _APPLICATION_MARKERS)
    if has_rows and _OTHER_WITHOUT_ITEMS.search(key):
        return fmt.FORMAT_2019  # （六）其他处理 straight followed by （七）总计: no sub-rows
    if has_rows or headings >= 2:
        return _format_by_year(key) or fmt.FORMAT_2021
    if "政府信息公开" in key and "年度报告" in key[:400]:
        # A title and little else: an old free-form report, or a fragment of a new one.
        return _format_by_year(key) or fmt.FORMAT_PRE_2019
    return None


def _format_by_year(key: str) -> str | None:
    m = _YEAR.search(key[:400])
    if not m:
        return None
    year = int(m.group(1))
    if year <= 2018:
        return fmt.FORMAT_PRE_2019
    if year <= 2020:
        return fmt.FORMAT_2019
    return fmt.FORMAT_2021
