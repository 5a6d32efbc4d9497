"""Figures in the narrative that contradict the tables (report.W001), and the fee statement (W003).

Each Claim is one common phrasing — "共受理依申请公开 5 件", "答复 5 件", "行政复议 1 件",
"制发规范性文件 1 件" — with the table values it may truthfully state. A phrase is compared only
when at least one of those values is known; a figure matching any of them is accepted (agencies
count "受理" both with and without the applications carried over from last year).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from .. import format as fmt
from ..findings import Finding, warning
from ..model import Number, Report
from .numerals import NUMBER_PATTERN, parse_number
from .prose import CLAUSE_FILL, Prose, clip
from .tables import format_number, row_short, section_name

Expected = Callable[[Report], list[tuple[str, Number]]]

_F = CLAUSE_FILL
_N = rf"(?P<num>{NUMBER_PATTERN})\s*"
_CASES = r"(?:件|起|宗|个|次)"
# A count, not a duration: "5 个工作日", "3 个月" are time limits, not numbers of applications.
_END = r"(?!\s*(?:工作日|个?月|小时|日|天|周|年))"
_APPLICATIONS_OTHER = re.compile(r"复议|诉讼|起诉|建议|提案|信访|投诉|举报")


@dataclass(frozen=True)
class Claim:
    """A phrasing of a table figure in prose and the values it may state."""

    pattern: re.Pattern[str]
    expected: Expected
    location: tuple[str, str, str]
    topic: re.Pattern[str] | None = None  # the sentence must mention this
    context_excludes: re.Pattern[str] | None = None  # the clause up to the figure must not


def _cell(section: str, row: str, cell: str) -> Expected:
    def expected(report: Report) -> list[tuple[str, Number]]:
        if section not in report.tables_present:
            return []
        return [(fmt.cell_label(section, row, cell), report.get(section, row, cell))]

    return expected


def _sum_of(section: str, rows: tuple[str, ...], cell: str, label: str) -> Expected:
    def expected(report: Report) -> list[tuple[str, Number]]:
        if section not in report.tables_present:
            return []
        total: Number = 0
        for row in rows:
            value = report.get(section, row, cell)
            total = None if value is None or total is None else total + value
        return [(label, total)]

    return expected


def _any_of(*options: Expected) -> Expected:
    def expected(report: Report) -> list[tuple[str, Number]]:
        return [pair for option in options for pair in option(report)]

    return expected


def _received_claim() -> Claim:
    """共受理/收到/新收…依申请公开…N件 against row 一 (or 一 + 二) of section 三."""
    new, old = "new_this_year", "carried_over"
    return Claim(
        re.compile(
            rf"(?:受理|收到|新收|接收|接到){_F}{{0,20}}?申请{_F}{{0,8}}?{_N}(?:件|份|个|宗|条|人次){_END}"
        ),
        _any_of(
            _cell("applications", new, "total"),
            _sum_of("applications", (new, old), "total", f"{row_short(new)}与{row_short(old)}的总计之和"),
        ),
        ("applications", new, "total"),
        context_excludes=_APPLICATIONS_OTHER,
    )


def _handled_claims() -> list[Claim]:
    """答复/办结 N 件 in a sentence about applications, against 三（七）; and each outcome group."""
    topic = re.compile(r"依申请|公开申请|申请公开")
    claims = [
        Claim(
            re.compile(rf"(?:答复|办结|办理完毕|处理完毕|回复){_F}{{0,8}}?{_N}(?:件|份|个|宗){_END}"),
            _cell("applications", "total_handled", "total"),
            ("applications", "total_handled", "total"),
            topic=topic,
            context_excludes=_APPLICATIONS_OTHER,
        )
    ]
    for group in fmt.OUTCOME_GROUPS:
        keyword = group[3:]  # "（三）不予公开" → "不予公开"
        rows = tuple(
            r.code for r in fmt.APPLICATION_ROWS if r.outcome and (r.group or r.label).startswith(group)
        )
        label = (
            f"第三部分“{group}”各行的总计之和"
            if len(rows) > 1
            else fmt.cell_label("applications", rows[0], "total")
        )
        claims.append(
            Claim(
                re.compile(rf"{keyword}{_F}{{0,4}}?{_N}(?:件|份|个){_END}"),
                _sum_of("applications", rows, "total", label),
                ("applications", rows[0], "total"),
                context_excludes=re.compile("复议|诉讼|主动"),
            )
        )
    return claims


def _carried_claims() -> list[Claim]:
    """上年结转 N 件 and 结转下年度 N 件 against rows 二 and 四 of section 三."""
    return [
        Claim(
            re.compile(rf"{phrase}{_F}{{0,12}}?{_N}(?:件|份|个){_END}"),
            _cell("applications", row, "total"),
            ("applications", row, "total"),
            context_excludes=_APPLICATIONS_OTHER,
        )
        for phrase, row in (("上年度?结转", "carried_over"), ("结转(?:至|到)?下年度?", "carried_forward"))
    ]


def _remedy_claims() -> list[Claim]:
    """行政复议 N 件 / 行政诉讼 N 件 against the 总计 cells of section 四."""
    direct, after = "litigation_direct", "litigation_after_reconsideration"
    return [
        Claim(
            re.compile(rf"复议(?!后){_F}{{0,10}}?{_N}{_CASES}{_END}"),
            _cell("remedies", "reconsideration", "total"),
            ("remedies", "reconsideration", "total"),
            context_excludes=re.compile("诉讼|起诉"),
        ),
        Claim(
            re.compile(rf"(?:行政诉讼|起诉){_F}{{0,10}}?{_N}{_CASES}{_END}"),
            _any_of(
                _sum_of("remedies", (direct, after), "total", "第四部分行政诉讼两项总计之和"),
                _cell("remedies", direct, "total"),
                _cell("remedies", after, "total"),
            ),
            ("remedies", direct, "total"),
        ),
    ]


def _proactive_claims() -> list[Claim]:
    """制发/废止/现行有效规范性文件 N 件, and 行政许可/处罚/强制决定 N 件, against section 二."""
    verbs = (("(?:制发|制定|出台|印发)", "issued"), ("废止", "repealed"), ("现行有效", "valid"))
    claims = [
        Claim(
            re.compile(rf"{verb}{_F}{{0,10}}?规范性文件{_F}{{0,4}}?{_N}(?:件|个|份|部){_END}"),
            _cell("proactive", "normative_documents", cell),
            ("proactive", "normative_documents", cell),
            context_excludes=re.compile("规章"),
        )
        for verb, cell in verbs
    ]
    for code in ("licensing", "penalty", "coercion"):
        label = fmt.PROACTIVE_ROWS[code][1].label
        claims.append(
            Claim(
                re.compile(rf"{label}(?:处理)?(?:决定)?{_F}{{0,6}}?{_N}件{_END}"),
                _cell("proactive", code, "decisions"),
                ("proactive", code, "decisions"),
                context_excludes=re.compile("事项|清单|同比|增加|减少"),
            )
        )
    return claims


CLAIMS: tuple[Claim, ...] = (
    _received_claim(),
    *_handled_claims(),
    *_carried_claims(),
    *_remedy_claims(),
    *_proactive_claims(),
)

# "未发生行政复议、行政诉讼" and the like: a stated zero.
_NONE_STATED = re.compile(
    r"(?:未发生|没有发生|未出现|没有出现|未收到|没有收到|未有|无)(?![法论需])[^，,。；;！？!?\n\d]{0,30}?"
    r"(?:行政复议|行政诉讼|依申请公开|信息公开申请)[^，,。；;！？!?\n\d]{0,12}"
)
_ZERO_KINDS: tuple[tuple[re.Pattern[str], Expected, tuple[str, str, str]], ...] = (
    (
        re.compile("复议(?!后)"),
        _cell("remedies", "reconsideration", "total"),
        ("remedies", "reconsideration", "total"),
    ),
    (
        re.compile("诉讼|起诉"),
        _any_of(
            _cell("remedies", "litigation_direct", "total"),
            _cell("remedies", "litigation_after_reconsideration", "total"),
        ),
        ("remedies", "litigation_direct", "total"),
    ),
)
_ZERO_APPLICATIONS = (
    _cell("applications", "new_this_year", "total"),
    ("applications", "new_this_year", "total"),
)


def check_figures(report: Report, texts: dict[str, Prose]) -> Iterator[Finding]:
    """Warn where the narrative states a number the tables contradict, once per phrasing and figure."""
    seen: set[tuple[int, Number]] = set()
    for key, prose in texts.items():
        for index, claim in enumerate(CLAIMS):
            for match in claim.pattern.finditer(prose.text):
                value = parse_number(match["num"])
                if value is None or (index, value) in seen:
                    continue
                finding = _compare(report, key, prose, claim, match, value)
                if finding is not None:
                    seen.add((index, value))
                    yield finding
        yield from _stated_zeros(report, key, prose)


def _compare(
    report: Report, key: str, prose: Prose, claim: Claim, match: re.Match[str], value: int | Decimal
) -> Finding | None:
    if claim.topic is not None and not claim.topic.search(prose.sentence(match.start())):
        return None
    context = prose.clause_before(match.start()) + match[0]
    if claim.context_excludes is not None and claim.context_excludes.search(context):
        return None
    known = [(label, v) for label, v in claim.expected(report) if v is not None]
    if not known or any(v == value for _, v in known):
        return None
    stated = "；".join(f"{label}为 {format_number(v)}" for label, v in known)
    return warning(
        "report.W001",
        f"{section_name(key)}文字“{clip(context)}”称 {format_number(value)}，与统计表不符：{stated}。",
        *claim.location,
    )


def _stated_zeros(report: Report, key: str, prose: Prose) -> Iterator[Finding]:
    for match in _NONE_STATED.finditer(prose.text):
        span = match[0]
        kinds = [(expected, loc) for pattern, expected, loc in _ZERO_KINDS if pattern.search(span)]
        if not kinds and not _APPLICATIONS_OTHER.search(span):
            kinds = [_ZERO_APPLICATIONS]
        for expected, location in kinds:
            nonzero = [(label, v) for label, v in expected(report) if v]
            if nonzero:
                stated = "；".join(f"{label}为 {format_number(v)}" for label, v in nonzero)
                yield warning(
                    "report.W001",
                    f"{section_name(key)}文字“{clip(span)}”表明为零，与统计表不符：{stated}。",
                    *location,
                )


FEE_WORD = "信息处理费"


def check_fee_statement(texts: dict[str, Prose]) -> Iterator[Finding]:
    """Require section 六 to state the information-processing fee collected (RULES.md §6)."""
    if FEE_WORD not in texts["other"].text:
        yield warning(
            "report.W003",
            f"{section_name('other')}未说明本年{FEE_WORD}的收取情况。",
            "other",
        )
