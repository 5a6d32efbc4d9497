"""Compute the statutory tables and the narrative figures of an agency-year.

The tables come from the yearly aggregates (``aggregates.py``), which are recounted from the
records in every writing transaction, and so does a past year's website total; the narrative's
per-column figures come from the per-column counters (``publishing/counters.py``, kept the same
way). No loop over records.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.publishing.models import Document, DocumentStatus, MediaYear
from gongkai.publishing.selectors.reports import published_counts, year_bounds
from gongkai.report.model import Report

from .selectors import year_figures


def compute_tables(agency, year: int) -> dict:
    """Return sections 二, 三 and 四 in the CODES.md JSON layout (numbers as JSON numbers)."""
    figures = year_figures([agency.pk], [year]).get((agency.pk, year))
    if figures is None:
        raise ValueError(f"{year} 年度尚未开始，没有统计数据")
    return normalised_tables(agency.name, year, figures.tables())


def normalised_tables(name: str, year: int, tables: dict) -> dict:
    """Return ``tables`` as the report value stores them (numbers as JSON numbers, fee exact)."""
    data = {"format": "2021", "agency": name, "year": year, **tables}
    full = Report.from_dict(_jsonable(data)).to_dict()
    return {k: full[k] for k in ("proactive", "applications", "remedies")}


def compute_figures(agency, year: int) -> dict:
    """Return what the narrative cites besides the tables: web columns, channels, fees collected.

    Of a year that is over, the website total is the yearly aggregate's (kept exact in the
    writing transactions: no count of the year's documents here); of a year still running, the
    documents already public are counted.
    """
    end = year_bounds(year)[1]
    kept = year_figures([agency.pk], [year]).get((agency.pk, year)) if end <= timezone.now() else None
    counts = published_counts(agency, year, total=kept.published if kept is not None else None)
    followers_start = {
        row["account__platform"]: row["start"]
        for row in MediaYear.objects.filter(account__agency=agency, year=year)
        .order_by()
        .values("account__platform")
        .annotate(start=Sum("followers_start"))
    }
    channels = []
    for c in counts["channels"]:
        channels.append({**c, "followers_start": followers_start.get(c["channel"])})
    fee = (
        Application.objects.filter(agency=agency, fee_paid_on__year=year)
        .aggregate(total=Sum("fee_amount"))
        .get("total")
    )
    ahead = first_columns_ahead(agency, year)
    return {
        "year": year,
        "web": {
            "total": counts["total"],
            "columns": [{"name": c["name"], "count": c["count"]} for c in counts["columns"]],
            # each document once, in its first column: these add up to at most the total, so a
            # document published in two columns cannot make the narrative contradict itself
            # (from the counters, less what is not public yet)
            "first_columns": [
                {"name": c["name"], "count": c["first"] - ahead.get(c["id"], 0)} for c in counts["columns"]
            ],
        },
        "channels": channels,
        "fee_yuan": fee or 0,
    }


def first_columns_ahead(agency, year: int) -> dict[int, int]:
    """Count the documents of ``year`` published with a time still ahead, by their first column.

    The counters hold the whole year; the report, like its website total, counts only what is
    already public. Only a year not yet over can have such documents (a published row dated in
    the future, which the site hides), so this is a query over at most a handful of rows, and
    none for a past year.
    """
    start, end = year_bounds(year)
    now = timezone.now()
    if end <= now:
        return {}
    ahead = Q(
        status=DocumentStatus.PUBLISHED, published_at__gte=start, published_at__lt=end, published_at__gt=now
    )
    through = Document.columns.through
    first = Subquery(
        through.objects.filter(document_id=OuterRef("pk"))
        .order_by("column__position", "column_id")
        .values("column_id")[:1]
    )
    rows = Document.objects.filter(ahead, agency=agency).annotate(first=first).order_by().values("first")
    return {row["first"]: row["n"] for row in rows.annotate(n=Count("pk")) if row["first"] is not None}


def _jsonable(data):
    if isinstance(data, dict):
        return {k: _jsonable(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_jsonable(v) for v in data]
    if isinstance(data, Decimal):
        return str(data)
    return data
