"""Year-over-year checks against the same agency's previous report (report.W004–W007, I003).

Row 二 of section 三 (carried over) must equal last year's row 四 (carried forward), column by
column (RULES.md §6). A narrative copied from last year is a known defect evaluators look for.

The stock of rules and normative documents carries over too (report.W006): this year's 现行有效
must equal last year's 现行有效 + this year's 本年制发 − 本年废止, for 规章 and for 行政规范性文件
(Report Format, section 二; a document that expired without being repealed also leaves the stock,
so this is a warning the office explains, not an error).

A jump from one year to the next is flagged with both figures (report.W007), for new applications
(section 三 row 一, 总计), remedies (section 四, the three groups' 总计 added) and corrections in
remedies (the three groups' 结果纠正 added). **OUR RULE (the threshold):** a measure jumps when the
larger of the two years is at least ``JUMP_FACTOR`` (2) times the smaller — a doubling or a halving,
a zero counting as the smaller — *and* the two differ by at least the measure's ``min_change`` in
``JUMPS`` (20 applications, 5 cases, 3 corrections), so that 1 → 2 cases is not noise a supervisor
must read. An unknown cell in either year skips the measure.

Similarity is difflib's SequenceMatcher ratio on the concatenated narrative (sections 一, 五, 六,
whitespace removed), compared only when both texts have at least MIN_CHARS characters. The
ratio is exact but quadratic in the worst case, so two cheap upper bounds go first — the length
ratio (real_quick_ratio) and the character-multiset overlap (quick_ratio); a pair of reports
that differ is usually decided by those in microseconds.

``boilerplate`` names sentences that the platform itself drafts from the records (issue 9.6: a
freshly drafted text must not be flagged as copied from last year's draft): they are removed
from both narratives before comparing, so only what the office wrote is compared.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from .. import format as fmt
from ..findings import Finding, info, warning
from ..model import Number, Report
from .tables import format_number, row_short, section_name

SIMILARITY_LIMIT = 0.9
MIN_CHARS = 200


_SENTENCE_END = re.compile(r"(?<=[。！？；\n])")


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences with whitespace removed (the unit of ``boilerplate``)."""
    return [s for s in ("".join(part.split()) for part in _SENTENCE_END.split(text or "")) if s]


def check_history(
    report: Report, previous: Report, *, boilerplate: Collection[str] = ()
) -> Iterator[Finding]:
    """Compare a report with the previous year's; skip (with report.I003) if it is not that year's."""
    if report.year is not None and previous.year is not None and previous.year != report.year - 1:
        yield info(
            "report.I003",
            f"所给上年报告为 {previous.year} 年度，不是 {report.year - 1} 年度，未作同比核对。",
        )
        return
    yield from _carried_over(report, previous)
    yield from _stock_of_documents(report, previous)
    yield from _jumps(report, previous)
    yield from _copied_narrative(report, previous, frozenset(boilerplate))


def _carried_over(report: Report, previous: Report) -> Iterator[Finding]:
    if "applications" not in report.tables_present or "applications" not in previous.tables_present:
        return
    for col in fmt.APPLICANT_COLUMNS:
        this_year = report.applications["carried_over"][col.code]
        last_year = previous.applications["carried_forward"][col.code]
        if this_year is None or last_year is None or this_year == last_year:
            continue
        yield warning(
            "report.W004",
            f"{section_name('applications')}“{col.label}”列：{row_short('carried_over')}上年结转为 "
            f"{format_number(this_year)}，但上年报告{row_short('carried_forward')}结转下年度为 "
            f"{format_number(last_year)}。",
            "applications",
            "carried_over",
            col.code,
        )


STOCK_ROWS: tuple[tuple[str, str], ...] = (("rules", "规章"), ("normative_documents", "行政规范性文件"))


def _stock_of_documents(report: Report, previous: Report) -> Iterator[Finding]:
    if "proactive" not in report.tables_present or "proactive" not in previous.tables_present:
        return
    for code, label in STOCK_ROWS:
        now, before = report.proactive[code], previous.proactive[code]
        valid, last_valid = now["valid"], before["valid"]
        issued, repealed = now["issued"], now["repealed"]
        if None in (valid, last_valid, issued, repealed):
            continue
        expected = last_valid + issued - repealed
        if valid == expected:
            continue
        yield warning(
            "report.W006",
            f"{section_name('proactive')}“{label}”：现行有效件数为 {format_number(valid)}，但上年现行有效 "
            f"{format_number(last_valid)} + 本年制发 {format_number(issued)} − 本年废止 "
            f"{format_number(repealed)} = {format_number(expected)}。",
            "proactive",
            code,
            "valid",
        )


@dataclass(frozen=True)
class Jump:
    """A measure compared year over year: its name, its cells (added up), the least change flagged."""

    code: str
    label: str
    unit: str
    cells: tuple[tuple[str, str, str], ...]
    min_change: int


_REMEDY_TOTALS = tuple(("remedies", g.code, "total") for g in fmt.REMEDY_GROUPS)
_REMEDY_CORRECTED = tuple(("remedies", g.code, "corrected") for g in fmt.REMEDY_GROUPS)
JUMP_FACTOR = 2
JUMPS: tuple[Jump, ...] = (
    Jump("applications", "本年新收政府信息公开申请", "件", (("applications", "new_this_year", "total"),), 20),
    Jump("remedies", "行政复议和行政诉讼案件", "件", _REMEDY_TOTALS, 5),
    Jump("corrections", "复议诉讼结果纠正", "件", _REMEDY_CORRECTED, 3),
)


def _cell_sum(report: Report, cells: tuple[tuple[str, str, str], ...]) -> Number:
    total: Number = 0
    for section, row, cell in cells:
        if section not in report.tables_present:
            return None
        value = getattr(report, section)[row][cell]
        if value is None:
            return None
        total += value
    return total


def is_jump(this_year: Number, last_year: Number, min_change: int) -> bool:
    """Return whether two years' figures differ by the factor and the least change of OUR RULE."""
    if this_year is None or last_year is None:
        return False
    low, high = sorted((this_year, last_year))
    return high - low >= min_change and high >= JUMP_FACTOR * low


def _jumps(report: Report, previous: Report) -> Iterator[Finding]:
    for jump in JUMPS:
        now, before = _cell_sum(report, jump.cells), _cell_sum(previous, jump.cells)
        if not is_jump(now, before, jump.min_change):
            continue
        direction = "增加" if now > before else "减少"
        section, row, cell = jump.cells[0]
        yield warning(
            "report.W007",
            f"{jump.label}由上年 {format_number(before)} {jump.unit}{direction}到本年 {format_number(now)} "
            f"{jump.unit}（变化超过 {JUMP_FACTOR} 倍且相差不少于 {jump.min_change} {jump.unit}），请核实并说明原因。",
            section,
            row if len(jump.cells) == 1 else "",
            cell if len(jump.cells) == 1 else "",
        )


def narrative(report: Report) -> str:
    """Return the report's narrative as one string without whitespace, the unit of comparison."""
    return "".join("".join(report.text.get(key, "").split()) for key in fmt.TEXT_KEYS)


def similarity(a: str, b: str) -> float:
    """Return SequenceMatcher's ratio, or an upper bound of it when that is already ≤ the limit."""
    matcher = SequenceMatcher(None, a, b)
    for bound in (matcher.real_quick_ratio, matcher.quick_ratio):
        ratio = bound()
        if ratio <= SIMILARITY_LIMIT:
            return ratio
    return matcher.ratio()


def _own_words(report: Report, boilerplate: frozenset[str]) -> str:
    if not boilerplate:
        return narrative(report)
    return "".join(
        s for key in fmt.TEXT_KEYS for s in sentences(report.text.get(key, "")) if s not in boilerplate
    )


def _copied_narrative(
    report: Report, previous: Report, boilerplate: frozenset[str] = frozenset()
) -> Iterator[Finding]:
    this_year, last_year = _own_words(report, boilerplate), _own_words(previous, boilerplate)
    if min(len(this_year), len(last_year)) < MIN_CHARS:
        return
    ratio = similarity(this_year, last_year)
    if ratio > SIMILARITY_LIMIT:
        yield warning(
            "report.W005",
            f"报告文字与上年报告的相似度为 {ratio:.0%}（超过 {SIMILARITY_LIMIT:.0%}），疑似照抄上年。",
        )
