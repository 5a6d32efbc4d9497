"""The narrative's per-column figures count each document once, in its first column (RULES.md,
OUR RULE (publication)), and the website total counts each document of the year once."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from gongkai.annual_report.compute import compute_figures
from gongkai.publishing.models import Column, Document, DocumentStatus
from gongkai.publishing.selectors.reports import published_counts, year_bounds


def _at(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


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


def _document(agency, user, title: str, at: datetime, *columns) -> Document:
    document = Document.objects.create(
        agency=agency,
        title=title,
        formed_on=date(at.year, 1, 1),
        created_by=user,
        status=DocumentStatus.PUBLISHED,
        published_at=at,
    )
    document.columns.add(*columns)
    return document


@pytest.mark.django_db
def test_a_document_of_midnight_on_new_years_day_belongs_to_the_new_year_only(agency_a, clerk_a):
    news = Column.objects.create(agency=agency_a, name="工作动态", position=1)
    _document(agency_a, clerk_a, "十二月", _at(2023, 12, 31, 23, 59, 59), news)
    _document(agency_a, clerk_a, "元旦", _at(2024, 1, 1, 0, 0), news)  # Beijing time
    assert published_counts(agency_a, 2023)["total"] == 1
    assert published_counts(agency_a, 2024)["total"] == 1
    assert reported(agency_a, 2023) == {"工作动态": 1} == rescanned(agency_a, 2023)
    assert reported(agency_a, 2024) == {"工作动态": 1} == rescanned(agency_a, 2024)
