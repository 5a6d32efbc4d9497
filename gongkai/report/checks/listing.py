"""A total stated in the narrative that differs from the items the same text lists (report.W002).

Two shapes are recognised:

- Website columns. Section 一 states a total ("全年发布网站信息 612 条", "共发布信息 N 条",
  "主动公开政府信息 N 条") and, elsewhere in the same text, per-column counts ("《教育新闻》专栏
  发布信息 363 条", "X栏目发布 N 条"). The columns listed must not add up to more than the total.
  Listing fewer than the whole is normal — reports name their main columns, not all — so a sum
  below the total is not flagged.
- A breakdown after a total in one sentence: "受理 10 件，其中自然人 6 件、法人 4 件" or
  "…612 条，分别为…". Parts are read clause by clause until they reach the total or a clause
  starts a new statement (办结, 答复, …). Parts that pass the total are flagged; with 分别为/分别是
  (which claims to list everything) any difference is flagged.

Counts of other channels (微信, 微博, 客户端 …) and changes (同比, 增加 …) are neither totals nor items.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..findings import Finding, warning
from ..model import Number
from .numerals import NUMBER_PATTERN, parse_number
from .prose import CLAUSE_FILL, Prose, clip
from .tables import format_number, section_name

_UNITS = "条件份篇个期次场项"
_COUNT = re.compile(rf"(?P<num>{NUMBER_PATTERN})\s*(?P<unit>[{_UNITS}])")
_PUBLISHED = re.compile(
    rf"(?:发布|公开|更新|推送|编发|刊发|刊载|上传|报送){CLAUSE_FILL}{{0,10}}?(?P<num>{NUMBER_PATTERN})\s*条"
)
_ITEM_MARK = re.compile(r"[《〈“\"][^》〉”\"]{1,30}[》〉”\"]|专栏|栏目|专题|板块")
_TOTAL_MARK = re.compile(r"网站|门户|共|累计|合计|总计|全年|主动公开政府信息")
_OTHER_CHANNEL = re.compile(
    r"微信|微博|公众号|客户端|抖音|头条|视频号|新媒体|政务号|短信|电视|报纸|广播|APP|app"
)
_CHANGE = re.compile(r"同比|增加|减少|增长|下降|上升|较上年|比上年|上年|%|％|百分")
_BREAKDOWN = re.compile(r"其中|分别为|分别是")
_NEW_STATEMENT = re.compile(r"办结|答复|受理|收到|新收|结转|办理完毕|发布|制发|印发|回复|转办|其中|分别")
_MARKERS = frozenset({"其中", "分别"})


@dataclass(frozen=True)
class Figure:
    """A number with its unit and the clause that states it."""

    value: int
    unit: str
    phrase: str


def check_listings(texts: dict[str, Prose]) -> Iterator[Finding]:
    """Warn where listed items add up to more than (or, for 分别为, other than) the stated total."""
    seen: set[tuple[str, int, int]] = set()
    for key, prose in texts.items():
        findings = list(_website_columns(key, prose)) if key == "overview" else []
        findings.extend(_breakdowns(key, prose))
        for finding, total, parts in findings:
            if (key, total, parts) not in seen:
                seen.add((key, total, parts))
                yield finding


def _website_columns(key: str, prose: Prose) -> Iterator[tuple[Finding, int, int]]:
    totals: list[Figure] = []
    items: list[Figure] = []
    for match in _PUBLISHED.finditer(prose.text):
        clause = prose.clause(match.start())
        value = _integer(parse_number(match["num"]))
        if value is None or _OTHER_CHANNEL.search(clause) or _CHANGE.search(clause):
            continue
        figure = Figure(value, "条", clause.strip())
        if _ITEM_MARK.search(clause):
            items.append(figure)
        elif _TOTAL_MARK.search(clause):
            totals.append(figure)
    if len(items) < 2 or not totals:
        return
    listed = sum(item.value for item in items)
    if any(total.value == listed for total in totals):
        return  # one of the stated totals is the one the columns make up
    for total in totals:
        if listed > total.value:
            yield _finding(key, total, items, "所列各栏目"), total.value, listed


def _breakdowns(key: str, prose: Prose) -> Iterator[tuple[Finding, int, int]]:
    done_until = -1
    for marker in _BREAKDOWN.finditer(prose.text):
        start, end = prose.sentence_bounds(marker.start())
        if start <= done_until:
            continue  # one breakdown per sentence: the first marker's
        done_until = end
        total = _last_count(prose, start, marker.start())
        if total is None:
            continue
        parts = _parts(prose, marker.end(), end, total)
        if len(parts) < 2:
            continue
        listed = sum(part.value for part in parts)
        exhaustive = marker[0].startswith("分别")
        if listed > total.value or (exhaustive and listed != total.value):
            yield _finding(key, total, parts, "所列各项"), total.value, listed


def _last_count(prose: Prose, start: int, end: int) -> Figure | None:
    """Return the last count before a breakdown marker: the total being broken down."""
    clauses = [c for c in prose.clauses(start, end) if c.strip()]
    if not clauses or _CHANGE.search(clauses[-1]):
        return None
    counts = list(_COUNT.finditer(clauses[-1]))
    if not counts:
        return None
    value = _integer(parse_number(counts[-1]["num"]))
    return None if value is None else Figure(value, counts[-1]["unit"], clauses[-1].strip())


def _parts(prose: Prose, start: int, end: int, total: Figure) -> list[Figure]:
    """Read parts clause by clause until they reach the total or a new statement begins.

    A clause with a verb the total's clause does not have (办结 after 受理) starts a new statement;
    the same verb (发布 … 发布) is a parallel part.
    """
    parts: list[Figure] = []
    running = 0
    total_verbs = set(_NEW_STATEMENT.findall(total.phrase)) - _MARKERS
    for index, clause in enumerate(prose.clauses(start, end)):
        if index and not set(_NEW_STATEMENT.findall(clause)) <= total_verbs:
            break
        if _CHANGE.search(clause):
            continue
        count = next((m for m in _COUNT.finditer(clause) if m["unit"] == total.unit), None)
        value = _integer(parse_number(count["num"])) if count else None
        if value is None:
            continue
        parts.append(Figure(value, total.unit, clause.strip()))
        running += value
        if running >= total.value:
            break
    return parts


def _integer(value: Number) -> int | None:
    return value if isinstance(value, int) else None


def _finding(key: str, total: Figure, items: list[Figure], what: str) -> Finding:
    listed = sum(item.value for item in items)
    terms = "+".join(format_number(item.value) for item in items)
    return warning(
        "report.W002",
        f"{section_name(key)}文字所述总数 {total.value} {total.unit}（“{clip(total.phrase)}”）"
        f"与{what}之和 {listed} {total.unit}（{terms}）不符。",
        key,
    )
