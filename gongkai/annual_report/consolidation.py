"""The government's consolidated report: its own figures plus its subtree's, from the aggregates.

Regulation art. 49–50 and RULES.md §6: a people's government publishes, by 31 March, the
annual report of the government as a whole — its own disclosure work and that of the departments
and lower governments it consolidates. Which agencies are included is a setting per government
(``ConsolidationScope``; docs/domain/RULES.md §6, "OUR RULE (consolidation)"):

- by default the government itself and every active agency below it in the tree;
- ``include_lower_governments`` off leaves out each lower people's government with its subtree
  (a county publishes its own consolidated report; a city may consolidate only its own level);
- ``excluded`` leaves out the named agencies, each with its subtree.

Every cell is the sum over the included agencies of their ``YearAggregate`` (one query for the
whole subtree); a cell any included agency does not know (a figure not entered) is unknown, so
the consolidated report never prints a guessed total. ``contributions`` keeps, per cell, which
agency contributed what, for the drill-down and the checks across levels.
"""

from __future__ import annotations

from decimal import Decimal

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.agencies.selectors import AgencyRow, agency_rows
from gongkai.publishing.models import MediaPlatform
from gongkai.report import format as fmt

from .models import ConsolidationScope
from .selectors import YearFigures, year_figures


def is_consolidating(agency: Agency) -> bool:
    """A people's government's report is its consolidated report (Regulation art. 49)."""
    return agency.kind == AgencyKind.GOVERNMENT


def scope_of(government: Agency) -> ConsolidationScope:
    """Return the government's setting, or the default (everything below it) when none is stored."""
    found = ConsolidationScope.objects.filter(government=government).first()
    return found or ConsolidationScope(government=government)


def members(government: Agency) -> list[AgencyRow]:
    """Return the agencies the government's consolidated report includes, itself first, by tree order."""
    setting = scope_of(government)
    excluded_paths = [a.path for a in setting.excluded.all()] if setting.pk else []
    subtree = agency_rows(
        Agency.objects.filter(path__startswith=government.path, is_active=True).order_by("path", "pk")
    )
    if not setting.include_lower_governments:
        excluded_paths += [
            a.path for a in subtree if a.pk != government.pk and a.kind == AgencyKind.GOVERNMENT
        ]
    return [
        a
        for a in subtree
        if a.pk == government.pk or not any(a.path.startswith(path) for path in excluded_paths)
    ]


def cell_key(section: str, row: str, cell: str) -> str:
    """Name one cell in ``contributions`` (``|`` because row codes contain dots)."""
    return f"{section}|{row}|{cell}"


def consolidate(government: Agency, year: int) -> dict:
    """Return the consolidated figures of ``government`` for ``year`` from the aggregates.

    ``{"tables": {...}, "figures": {...}, "members": [{"id", "name", "kind"}],
    "contributions": {cell_key: [[agency_id, value], ...]}}`` — values as JSON numbers, the
    fee amount as a string; only the non-zero and unknown (``None``) contributions are listed.
    """
    included = members(government)
    found = year_figures([a.pk for a in included], [year])
    rows = [found[(a.pk, year)] for a in included if (a.pk, year) in found]
    if len(rows) != len(included):
        raise ValueError(f"{year} 年度尚未开始，没有统计数据")
    tables: dict = {"proactive": {}, "applications": {}, "remedies": {}}
    contributions: dict[str, list] = {}
    ids = [figures.agency_id for figures in rows]
    table_rows: dict[tuple[str, str], list[dict]] = {}
    for section, row, cell in fmt.all_cell_paths():
        # one list per cell across the subtree, read straight from each agency's table row
        if (section, row) not in table_rows:
            table_rows[(section, row)] = [(getattr(f, section) or {}).get(row) or {} for f in rows]
        values = [found.get(cell) for found in table_rows[(section, row)]]
        if row == "fees":
            values = [None if v is None else Decimal(v) for v in values]
        unknown = None in values
        total = None if unknown else sum(values, Decimal(0) if row == "fees" else 0)
        tables[section].setdefault(row, {})[cell] = _jsonable(total)
        if row == "fees":
            listed = [[agency_id, _jsonable(v)] for agency_id, v in zip(ids, values, strict=True) if v != 0]
        else:  # counts are JSON numbers already
            listed = [[agency_id, v] for agency_id, v in zip(ids, values, strict=True) if v != 0]
        if listed:
            contributions[cell_key(section, row, cell)] = listed
    return {
        "tables": tables,
        "figures": _figures(rows, year),
        "members": [{"id": a.pk, "name": a.name, "kind": a.kind} for a in included],
        "contributions": contributions,
    }


def _jsonable(value):
    return str(value) if isinstance(value, Decimal) else value


def _figures(rows: list[YearFigures], year: int) -> dict:
    """The narrative's figures for the whole: documents, new-media channels, fees (no column list)."""
    published = sum(r.published for r in rows)
    media: dict[str, dict] = {}
    for r in rows:
        for m in r.media:
            into = media.setdefault(
                m["platform"], {"posts": 0, "accounts": 0, "followers_start": 0, "followers_end": 0}
            )
            for key in into:
                into[key] += m[key]
    labels = dict(MediaPlatform.choices)
    channels = [
        {
            "channel": "website",
            "label": "政府网站",
            "count": published,
            "accounts": None,
            "followers_end": None,
            "followers_start": None,
        }
    ]
    for platform, m in media.items():
        channels.append(
            {
                "channel": platform,
                "label": labels.get(platform, platform),
                "count": m["posts"],
                "accounts": m["accounts"],
                "followers_end": m["followers_end"],
                "followers_start": m["followers_start"],
            }
        )
    return {
        "year": year,
        "web": {"total": published, "columns": [], "first_columns": []},
        "channels": channels,
        "fee_yuan": int(sum((r.fee_yuan for r in rows), Decimal(0))),  # whole 元, as fee_amount is
    }
