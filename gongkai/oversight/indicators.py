"""Indicators a supervisor compares across agencies and years (issue 14.4), as pure formulas.

Each indicator is computed from one agency-year's figures (``YearFigures``, filled by
``oversight.selectors.agency_year_figures``) and stated on the comparison page with its formula,
so a number can be checked by hand. A rate whose denominator is 0 is unknown (None), shown as
unknown, never as 0 % or 100 %.

Pure: imports nothing from Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import NamedTuple


class YearFigures(NamedTuple):
    """What the records say of one agency-year: the inputs of every indicator.

    A named tuple, not a frozen dataclass: a province's comparison builds 1,500 of them per page,
    and a frozen dataclass's ``__init__`` (one ``object.__setattr__`` per field) cost more than
    reading their figures from the database.
    """

    handled: int = 0  # 三（七）总计: applications concluded in the year
    disclosed: int = 0  # 三（一）予以公开
    partially_disclosed: int = 0  # 三（二）部分公开
    overdue: int = 0  # answered in the year after the due date
    remedies_concluded: int = 0  # cases filed in the year and concluded by 31 December
    corrected: int = 0  # … of them with the result 纠正
    first_published: date | None = None  # the report's first publication
    deadline: date | None = None  # its statutory publication deadline


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    unit: str  # "%" for a rate, "件" for a count
    formula: str  # stated on the page
    higher_is_better: bool

    @property
    def is_rate(self) -> bool:
        return self.unit == "%"


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "disclosure_rate",
        "公开率",
        "%",
        "（予以公开 + 部分公开）÷ 本年办结申请总数（第三部分 三（七）总计）× 100%；没有办结申请时为“未知”。",
        True,
    ),
    Indicator(
        "correction_rate",
        "纠错率",
        "%",
        "本年立案的行政复议和行政诉讼案件中，截至 12 月 31 日结果为“纠正”的件数 ÷ 截至 12 月 31 日已审结"
        "（维持 + 纠正 + 其他结果）的件数 × 100%；没有已审结案件时为“未知”。",
        False,
    ),
    Indicator(
        "overdue",
        "逾期答复",
        "件",
        "本年答复（办结）的申请中，答复日期晚于答复期限的件数。",
        False,
    ),
    Indicator(
        "report_days_late",
        "年报逾期天数",
        "天",
        "年度报告首次公布日期晚于法定期限（部门为次年 1 月 31 日，人民政府为次年 3 月 31 日）的天数；"
        "按时公布为 0；期限已过仍未公布时计至今天，并标明“未公布”；期限未到且未公布时为“未知”。",
        False,
    ),
)
INDICATOR_BY_CODE = {i.code: i for i in INDICATORS}


def _rate(part: int, whole: int) -> Decimal | None:
    """Return 100 × part / whole rounded half up to one decimal, e.g. ``Decimal("85.3")``.

    In whole tenths of a per cent with integers — exact, and several times faster than the
    decimal division and quantize it equals (``tests/oversight`` compares the two).
    """
    if whole <= 0:
        return None
    tenths = (2000 * part + whole) // (2 * whole)  # floor(1000 × part / whole + ½)
    if 0 <= tenths <= 1000:  # a part of its whole: 0.0 … 100.0, made once
        return _TENTHS[tenths]
    return Decimal(tenths).scaleb(-1)


_TENTHS = [Decimal(n).scaleb(-1) for n in range(1001)]  # Decimal is immutable: shared safely


def disclosure_rate(f: YearFigures) -> Decimal | None:
    """Return (予以公开 + 部分公开) / 三（七）总计 in per cent, one decimal; None without a denominator."""
    return _rate(f.disclosed + f.partially_disclosed, f.handled)


def correction_rate(f: YearFigures) -> Decimal | None:
    """Return corrected / concluded remedy cases in per cent (纠错率); None when none concluded."""
    return _rate(f.corrected, f.remedies_concluded)


REPORT_STATES = {
    "on_time": "按时公布",
    "late": "逾期公布",
    "missing": "逾期未公布",
    "not_due": "未到期限",
}


def report_timeliness(f: YearFigures, today: date) -> tuple[str, int | None]:
    """Return (state, days late) of the year's report against its deadline (Regulation art. 49).

    ``missing`` counts the days up to ``today``; ``not_due`` has no figure yet (unknown).
    """
    if f.deadline is None:
        return "not_due", None
    if f.first_published is not None:
        late = (f.first_published - f.deadline).days
        return ("late", late) if late > 0 else ("on_time", 0)
    if today > f.deadline:
        return "missing", (today - f.deadline).days
    return "not_due", None


def values(f: YearFigures, today: date) -> dict[str, Decimal | int | None]:
    """Return every indicator's value for one agency-year, by code (None = unknown)."""
    return {  # the two rates inlined: called for every agency-year of a province's comparison
        "disclosure_rate": _rate(f.disclosed + f.partially_disclosed, f.handled),
        "correction_rate": _rate(f.corrected, f.remedies_concluded),
        "overdue": f.overdue,
        "report_days_late": report_timeliness(f, today)[1],
    }


def rank(values_by_key: dict, indicator: Indicator) -> list[tuple[int | None, object, object]]:
    """Rank keys by an indicator, best first: [(place, key, value)]; unknown values last, unplaced.

    Equal values share a place (1, 2, 2, 4), as a published ranking does.
    """
    known = [(k, v) for k, v in values_by_key.items() if v is not None]
    unknown = [(k, v) for k, v in values_by_key.items() if v is None]
    known.sort(key=lambda kv: kv[1], reverse=indicator.higher_is_better)
    ranked: list[tuple[int | None, object, object]] = []
    for i, (key, value) in enumerate(known):
        place = ranked[-1][0] if ranked and ranked[-1][2] == value else i + 1
        ranked.append((place, key, value))
    ranked.extend((None, key, value) for key, value in unknown)
    return ranked
