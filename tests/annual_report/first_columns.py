"""Oracles of the narrative's first-column figures (RULES.md, OUR RULE (publication)): the query
the report ran before the counters kept them, and a walk over the documents in Python."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from gongkai.annual_report.compute import compute_figures
from gongkai.publishing.models import Column, ColumnYearCount, Document, DocumentStatus
from gongkai.publishing.selectors.reports import year_bounds


def rescanned(agency, year: int) -> dict[str, int]:
    """The oracle: every column of ``agency`` with the year's public documents whose first column
    (lowest position, then id) it is, found by one subquery per document of the year."""
    start, end = year_bounds(year)
    in_year = Q(
        status=DocumentStatus.PUBLISHED,
        published_at__gte=start,
        published_at__lt=end,
        published_at__lte=timezone.now(),
    )
    first = Subquery(
        Document.columns.through.objects.filter(document_id=OuterRef("pk"))
        .order_by("column__position", "column_id")
        .values("column_id")[:1]
    )
    rows = Document.objects.filter(in_year, agency=agency).annotate(first=first).values("first")
    counts = {row["first"]: row["n"] for row in rows.order_by().annotate(n=Count("pk"))}
    return {
        c.name: counts.get(c.pk, 0) for c in Column.objects.filter(agency=agency).order_by("position", "id")
    }


def reported(agency, year: int) -> dict[str, int]:
    return {c["name"]: c["count"] for c in compute_figures(agency, year)["web"]["first_columns"]}


def public_total(agency, year: int) -> int:
    """The oracle of the website total: the year's documents already public, counted."""
    start, end = year_bounds(year)
    return Document.objects.filter(
        agency=agency,
        status=DocumentStatus.PUBLISHED,
        published_at__gte=start,
        published_at__lt=end,
        published_at__lte=timezone.now(),
    ).count()


def stored() -> dict[tuple[int, int], tuple[int, int]]:
    """The counters, without the rows that count nothing (a recount may leave zeros behind)."""
    rows = ColumnYearCount.objects.values_list("column_id", "year", "published", "first")
    return {(c, y): (p, f) for c, y, p, f in rows if p or f}


def counted_in_python() -> dict[tuple[int, int], tuple[int, int]]:
    """A second oracle for the counters: each public document walked in Python."""
    published, first = Counter(), Counter()
    for document in Document.objects.filter(
        status=DocumentStatus.PUBLISHED, published_at__isnull=False
    ).prefetch_related("columns"):
        year = timezone.localtime(document.published_at).year
        columns = sorted(document.columns.all(), key=lambda c: (c.position, c.pk))
        for column in columns:
            published[column.pk, year] += 1
        if columns and columns[0].agency_id == document.agency_id:
            first[columns[0].pk, year] += 1
    return {key: (published[key], first[key]) for key in published}
