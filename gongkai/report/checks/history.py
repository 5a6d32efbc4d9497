"""Year-over-year checks against the same agency's previous report (report.W004, W005, I003).

Row 二 of section 三 (carried over) must equal last year's row 四 (carried forward), column by
column (RULES.md §6). A narrative copied from last year is a known defect evaluators look for.

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
from difflib import SequenceMatcher

from .. import format as fmt
from ..findings import Finding, info, warning
from ..model import Report
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
