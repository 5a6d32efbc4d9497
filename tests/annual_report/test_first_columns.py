"""The narrative's per-column figures count each document once, in its first column (RULES.md,
OUR RULE (publication)), and the website total counts each document of the year once."""

from __future__ import annotations

import importlib
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.annual_report.compute import compute_figures
from gongkai.publishing.counters import rebuild_column_counts
from gongkai.publishing.models import Column, ColumnYearCount, Document, DocumentStatus
from gongkai.publishing.selectors.reports import published_counts

from .first_columns import counted_in_python, public_total, reported, rescanned, stored


def _at(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


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


def assert_exact(agencies, years=(2024, 2025)) -> None:
    for agency in agencies:
        for year in years:
            assert reported(agency, year) == rescanned(agency, year), (agency.name, year)
            assert compute_figures(agency, year)["web"]["total"] == public_total(agency, year)
    assert stored() == counted_in_python()


@pytest.fixture
def catalogue(agency_a, agency_b):
    return {
        "news": Column.objects.create(agency=agency_a, name="工作动态", position=1),
        "notices": Column.objects.create(agency=agency_a, name="通知公告", position=2),
        "policy": Column.objects.create(agency=agency_a, name="政策文件", position=3),
        "other": Column.objects.create(agency=agency_b, name="乙局动态", position=0),
    }


@pytest.mark.django_db
def test_the_counted_first_columns_equal_the_rescanning_query_through_every_change(
    agency_a, agency_b, clerk_a, catalogue
):
    news, notices, policy, other = (catalogue[k] for k in ("news", "notices", "policy", "other"))
    agencies = (agency_a, agency_b)
    d1 = _document(agency_a, clerk_a, "两个栏目", _at(2025, 3, 1, 9), news, notices)
    d2 = _document(agency_a, clerk_a, "一个栏目", _at(2025, 3, 2, 9), notices)
    d3 = _document(agency_a, clerk_a, "后两个栏目", _at(2025, 3, 3, 9), policy, notices)
    d4 = _document(agency_a, clerk_a, "去年", _at(2024, 6, 1, 9), news, policy)
    draft = Document.objects.create(
        agency=agency_a, title="草稿", formed_on=date(2025, 1, 1), created_by=clerk_a
    )
    draft.columns.add(news)
    # another agency's column sorts first (position 0): the document counts in no column of A,
    # as the rescanning query has it, and not in B's figures either
    _document(agency_a, clerk_a, "跨机关", _at(2025, 4, 1, 9), other, news)
    _document(agency_b, clerk_a, "乙局文件", _at(2025, 4, 2, 9), other)
    assert reported(agency_a, 2025) == {"工作动态": 1, "通知公告": 2, "政策文件": 0}
    assert_exact(agencies)

    notices.position = 0  # reorder: now before 工作动态 in d1
    notices.save()
    assert reported(agency_a, 2025)["通知公告"] == 3
    assert_exact(agencies)
    policy.position = 0  # the same position: the lower id comes first
    policy.save()
    assert_exact(agencies)

    d1.columns.remove(notices)  # from the document's side
    assert_exact(agencies)
    policy.documents.add(d1, d2)  # from the column's side
    assert_exact(agencies)
    notices.documents.remove(d3)
    assert_exact(agencies)
    d2.columns.clear()
    assert_exact(agencies)
    policy.documents.clear()
    assert_exact(agencies)
    d3.columns.set([news, notices])
    d4.columns.add(notices)
    assert_exact(agencies)

    d1.status = DocumentStatus.WITHDRAWN  # unpublished
    d1.save()
    assert_exact(agencies)
    d1.status = DocumentStatus.PUBLISHED
    d1.save()
    d3.published_at = _at(2024, 12, 31, 23, 59)  # moved back across the year boundary (Beijing)
    d3.save()
    assert reported(agency_a, 2024)["通知公告"] == 2
    assert_exact(agencies)
    d4.agency = agency_b  # to another agency: no longer a first of A's columns
    d4.save()
    assert_exact(agencies)

    notices.delete()  # its documents' first column passes to their next column
    assert_exact(agencies)
    d3.delete()
    assert_exact(agencies)

    before = stored()
    rebuild_column_counts()
    assert stored() == before


@pytest.mark.django_db
def test_a_year_not_yet_over_counts_only_what_is_public(agency_a, clerk_a, catalogue, monkeypatch):
    news, notices = catalogue["news"], catalogue["notices"]
    _document(agency_a, clerk_a, "已发布", _at(2025, 3, 1, 9), notices)
    _document(agency_a, clerk_a, "未到时间", _at(2025, 7, 1, 9), news)  # published, dated ahead
    _document(agency_a, clerk_a, "两个栏目未到时间", _at(2025, 7, 2, 9), notices, news)
    monkeypatch.setattr(timezone, "now", lambda: _at(2025, 6, 15, 12))
    assert (
        reported(agency_a, 2025) == {"工作动态": 0, "通知公告": 1, "政策文件": 0} == rescanned(agency_a, 2025)
    )
    monkeypatch.undo()
    assert (
        reported(agency_a, 2025) == {"工作动态": 2, "通知公告": 1, "政策文件": 0} == rescanned(agency_a, 2025)
    )


@pytest.mark.django_db
def test_a_past_years_figures_read_the_counters_not_the_documents(agency_a, clerk_a, catalogue):
    for n in range(5):
        _document(
            agency_a, clerk_a, f"文件{n}", _at(2025, 3, 1 + n, 9), catalogue["news"], catalogue["policy"]
        )
    with CaptureQueriesContext(connection) as captured:
        figures = compute_figures(agency_a, 2025)
    assert figures["web"]["total"] == 5 and figures["web"]["first_columns"][0] == {
        "name": "工作动态",
        "count": 5,
    }
    # neither the documents nor their columns: the counters and the yearly aggregate
    assert not [q["sql"] for q in captured if '"publishing_document' in q["sql"]]


@pytest.mark.django_db
def test_the_migration_counts_the_first_columns_of_documents_published_before_it(
    agency_a, clerk_a, catalogue
):
    from django.apps import apps

    _document(agency_a, clerk_a, "两个栏目", _at(2025, 3, 1, 9), catalogue["notices"], catalogue["news"])
    _document(agency_a, clerk_a, "去年", _at(2024, 3, 1, 9), catalogue["policy"])
    expected = stored()
    ColumnYearCount.objects.update(first=0)
    migration = importlib.import_module("gongkai.publishing.migrations.0008_column_year_count_first")
    migration.fill(apps, None)
    assert stored() == expected == counted_in_python()
    assert expected[catalogue["news"].pk, 2025] == (1, 1)
