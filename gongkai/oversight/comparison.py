"""The comparison page's content from the agency-year figures: trends, rankings, the XLSX rows.

Kept apart from the view so the page and the spreadsheet show the same numbers, cell for cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .charts import Series, legend, line_chart
from .indicators import INDICATORS, REPORT_STATES, Indicator, YearFigures, rank, report_timeliness, values

MAX_CHART_LINES = 8  # more lines than this cannot be told apart; the table below has every agency
UNKNOWN = "未知"


def show(indicator: Indicator, value: Decimal | int | None) -> str:
    """Write a value as the page prints it: 85.3%, 3 件, or 未知 — never a guessed 0."""
    if value is None:
        return UNKNOWN
    if indicator.is_rate:
        return f"{value}%"
    return f"{value} {indicator.unit}"


def report_text(figures: YearFigures, today: date) -> str:
    state, days = report_timeliness(figures, today)
    label = REPORT_STATES[state]
    if state == "late":
        return f"{label}（{days} 天）"
    if state == "missing":
        return f"{label}（已逾期 {days} 天）"
    return label


@dataclass
class Panel:
    indicator: Indicator
    chart: str
    legend: list[tuple[str, str]]
    charted_note: str
    rows: list[tuple[object, list[str]]]  # (agency, a text per year)
    ranking: list[tuple[int | None, object, str]]  # (place, agency, text) for the ranking year


def panels(
    agencies: Sequence,
    years: Sequence[int],
    figures: dict[tuple[int, int], YearFigures],
    *,
    rank_year: int,
    today: date,
) -> list[Panel]:
    """Return one panel per indicator: a trend chart, the table by agency and year, the ranking."""
    computed = {key: values(f, today) for key, f in figures.items()}
    result = []
    for ind in INDICATORS:
        code = ind.code
        ranking = rank({a: computed[(a.pk, rank_year)][code] for a in agencies}, ind)
        charted = [a for _, a, v in ranking if v is not None][:MAX_CHART_LINES] or list(agencies)[
            :MAX_CHART_LINES
        ]
        series = [Series(a.name, [computed[(a.pk, y)][code] for y in years]) for a in charted]
        if code == "report_days_late":
            text = {key: report_text(f, today) for key, f in figures.items()}
        else:  # each distinct value is written once: a province's table repeats few values
            written: dict = {}
            text = {
                key: written[v] if (v := c[code]) in written else written.setdefault(v, show(ind, v))
                for key, c in computed.items()
            }
        rows = [(a, [text[(a.pk, y)] for y in years]) for a in agencies]
        note = ""
        if len(agencies) > len(charted):
            note = f"图中为 {rank_year} 年排名前 {len(charted)} 的机关；全部机关见下表。"
        result.append(
            Panel(
                indicator=ind,
                chart=line_chart(
                    title=f"{ind.label}（{years[0]}–{years[-1]}）", years=years, series=series, unit=ind.unit
                ),
                legend=legend(series),
                charted_note=note,
                rows=rows,
                ranking=[(place, a, show(ind, v)) for place, a, v in ranking],
            )
        )
    return result


XLSX_HEADER = (
    "机关",
    "年度",
    "本年办结申请（件）",
    "予以公开（件）",
    "部分公开（件）",
    "公开率（%）",
    "已审结复议诉讼（件）",
    "结果纠正（件）",
    "纠错率（%）",
    "逾期答复（件）",
    "年报法定期限",
    "年报首次公布日期",
    "年报公布情况",
    "年报逾期天数",
)


def xlsx_rows(
    agencies: Sequence, years: Sequence[int], figures: dict[tuple[int, int], YearFigures], *, today: date
) -> list[list[object]]:
    """Return one row per agency-year; an unknown value is the text 未知, never an empty or 0 cell."""
    rows = []
    for a in agencies:
        for y in years:
            f = figures[(a.pk, y)]
            v = values(f, today)
            state, days = report_timeliness(f, today)
            rows.append(
                [
                    a.name,
                    y,
                    f.handled,
                    f.disclosed,
                    f.partially_disclosed,
                    float(v["disclosure_rate"]) if v["disclosure_rate"] is not None else UNKNOWN,
                    f.remedies_concluded,
                    f.corrected,
                    float(v["correction_rate"]) if v["correction_rate"] is not None else UNKNOWN,
                    f.overdue,
                    f.deadline.isoformat() if f.deadline else UNKNOWN,
                    f.first_published.isoformat() if f.first_published else "未公布",
                    REPORT_STATES[state],
                    days if days is not None else UNKNOWN,
                ]
            )
    return rows
