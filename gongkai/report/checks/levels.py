"""Checks across levels: a government's consolidated report against its subtree's published reports.

A consolidated report counts the government's own records plus those of every agency it
includes (RULES.md §6), so each of its cells must equal the government's own part plus the sum
of the same cell in the included agencies' published reports. Where the two differ, the
agencies behind the difference are those whose published figure differs from what the
consolidated report counted for them (a record changed after their report was published, a
correction not yet carried over, or a figure printed wrongly in either report).

======================  =======  ===========================================================
id                      level    meaning
======================  =======  ===========================================================
levels.E001             error    a cell is smaller than the sum of the same cell in the subtree's
                                 published reports (a consolidation cannot count less than its parts)
levels.W001             warning  a cell ≠ the government's own part + the sum of the subtree's
                                 published reports (+ what was counted for agencies without one);
                                 the difference and the agencies behind it
levels.W002             warning  an included agency has no published report for the year
levels.I001             info     cells left out of the comparison because a figure is unknown
======================  =======  ===========================================================

Without the government's own part (``own`` None: files alone, as in ``gongkai audit``) only
levels.E001, W002 and I001 can be decided. Pure: imports nothing from Django.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .. import format as fmt
from ..findings import Finding, error, info, warning
from ..model import Report
from .tables import format_number

Number = int | Decimal


@dataclass(frozen=True)
class Member:
    """One included agency: its published report (None: not published) and, when known, the
    figures the consolidated report counted for it (``counted[(section, row, cell)]``)."""

    name: str
    report: Report | None
    counted: Mapping[tuple[str, str, str], Number | None] = field(default_factory=dict)


def _cell(report: Report, section: str, row: str, cell: str) -> Number | None:
    table = getattr(report, section, None) or {}
    value = (table.get(row) or {}).get(cell)
    return Decimal(str(value)) if isinstance(value, (float, str)) else value


def check_levels(
    report: Report,
    members: Sequence[Member],
    *,
    own: Mapping[tuple[str, str, str], Number | None] | None = None,
) -> list[Finding]:
    """Compare ``report`` (a consolidated report) with its members' published reports."""
    return list(_check(report, members, own))


def _check(report: Report, members: Sequence[Member], own) -> Iterator[Finding]:
    missing = [m.name for m in members if m.report is None]
    if missing:
        shown = "、".join(missing[:20]) + (f"等 {len(missing)} 个机关" if len(missing) > 20 else "")
        yield warning(
            "levels.W002",
            f"纳入汇总的 {len(missing)} 个机关尚无已公布的{report.year or ''}年度报告：{shown}。",
        )
    published = [m for m in members if m.report is not None]
    skipped = 0
    for section, row, cell in fmt.all_cell_paths():
        mine = _cell(report, section, row, cell)
        parts = [(m, _cell(m.report, section, row, cell)) for m in published]
        if mine is None or any(v is None for _, v in parts):
            skipped += 1
            continue
        below = sum((v for _, v in parts), 0)
        label = fmt.cell_label(section, row, cell)
        if mine < below:
            yield error(
                "levels.E001",
                f"{label}：汇总报告为 {format_number(mine)}，小于下级已公布报告之和 {format_number(below)}"
                f"（相差 {format_number(below - mine)}；{_largest(parts)}）。",
                section,
                row,
                cell,
            )
            continue
        own_part = None if own is None else own.get((section, row, cell))
        if own is None or own_part is None:
            continue
        # an agency without a published report is taken at what the consolidation counted for
        # it (levels.W002 lists it), so that the difference points at the published reports
        unverified = [m.counted.get((section, row, cell)) for m in members if m.report is None]
        if any(v is None for v in unverified):
            skipped += 1
            continue
        expected = own_part + below + sum(unverified, 0)
        if mine == expected:
            continue
        behind = []
        for m, value in parts:
            counted = m.counted.get((section, row, cell))
            if counted is not None and counted != value:
                behind.append(f"{m.name}（已公布 {format_number(value)}，汇总计入 {format_number(counted)}）")
        # without what was counted for each (files alone), the agencies whose figures make the sum
        who = "；差异来自：" + "；".join(behind) if behind else f"；{_largest(parts)}"
        yield warning(
            "levels.W001",
            f"{label}：汇总报告为 {format_number(mine)}，本级 {format_number(own_part)} 加下级已公布报告之和 "
            f"{format_number(below)}{_unverified(unverified)} 为 {format_number(expected)}，"
            f"相差 {format_number(mine - expected)}{who}。",
            section,
            row,
            cell,
        )
    if skipped and published:
        yield info("levels.I001", f"有 {skipped} 个单元格因数据不明未作上下级核对。")


def _largest(parts: list[tuple[Member, Number]], shown: int = 5) -> str:
    """Name the members with the largest figures in the cell: the agencies behind a sum."""
    nonzero = sorted(((v, m.name) for m, v in parts if v), key=lambda item: -item[0])
    if not nonzero:
        return "下级报告本项均为 0"
    listed = "、".join(f"{name} {format_number(v)}" for v, name in nonzero[:shown])
    more = f"等 {len(nonzero)} 个机关" if len(nonzero) > shown else ""
    return f"下级报告中本项为：{listed}{more}"


def _unverified(values: list) -> str:
    total = sum(values, 0)
    return f" 加未公布报告机关的统计数 {format_number(total)}" if total else ""
