"""The per-column publication counters stay equal to a recount of the records."""

import time
from datetime import date, datetime

import pytest
from django.db import connection, transaction
from django.utils import timezone

from gongkai.publishing.counters import rebuild_column_counts
from gongkai.publishing.models import Column, ColumnYearCount, Document, DocumentStatus

from ..threads import run_together


def _recount(column, year):
    return column.documents.filter(status=DocumentStatus.PUBLISHED, published_at__year=year).count()


def _counter(column, year):
    row = ColumnYearCount.objects.filter(column=column, year=year).first()
    return row.published if row else 0


@pytest.mark.django_db
def test_counters_follow_publication_withdrawal_and_column_changes(agency_a, clerk_a):
    news = Column.objects.create(agency=agency_a, name="新闻", kind="news")
    notices = Column.objects.create(agency=agency_a, name="公告", kind="notice")
    at = timezone.make_aware(datetime(2025, 12, 31, 23, 30))  # Beijing time: still 2025
    docs = []
    for i in range(3):
        doc = Document.objects.create(
            agency=agency_a, title=f"t{i}", formed_on=date(2025, 12, 1), created_by=clerk_a
        )
        doc.columns.add(news)
        docs.append(doc)
    assert _counter(news, 2025) == 0  # drafts do not count
    for doc in docs:
        doc.status, doc.published_at = DocumentStatus.PUBLISHED, at
        doc.save()
    assert _counter(news, 2025) == 3 == _recount(news, 2025)
    docs[0].columns.add(notices)
    assert _counter(notices, 2025) == 1
    docs[1].columns.remove(news)
    assert _counter(news, 2025) == 2
    docs[2].status = DocumentStatus.WITHDRAWN
    docs[2].save()
    assert _counter(news, 2025) == 1 == _recount(news, 2025)
    docs[0].columns.clear()
    assert (_counter(news, 2025), _counter(notices, 2025)) == (0, 0)

    ColumnYearCount.objects.all().delete()
    docs[0].columns.add(news)  # counted again
    ColumnYearCount.objects.filter(column=news).update(published=99)  # drift, then repair
    assert rebuild_column_counts(agency_a) >= 1
    assert _counter(news, 2025) == _recount(news, 2025) == 1


@pytest.mark.django_db
def test_recount_command(agency_a, clerk_a):
    import io

    from django.core.management import call_command

    news = Column.objects.create(agency=agency_a, name="新闻", kind="news")
    doc = Document.objects.create(
        agency=agency_a,
        title="t",
        formed_on=date(2025, 1, 1),
        created_by=clerk_a,
        status=DocumentStatus.PUBLISHED,
        published_at=timezone.make_aware(datetime(2025, 3, 1, 9)),
    )
    Document.columns.through.objects.bulk_create(
        [Document.columns.through(document=doc, column=news)]
    )  # no signal
    assert _counter(news, 2025) == 0
    out = io.StringIO()
    call_command("publishing", "recount", stdout=out)
    assert _counter(news, 2025) == 1 and "1 项" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_concurrent_publications_in_one_column_are_all_counted(agency_a, clerk_a):
    """Eight writers publish into the same column at once; each holds its transaction open a while
    after its recount, so a recount that did not wait for the others would count without them."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite runs one write transaction at a time (IMMEDIATE); the race needs PostgreSQL")
    news = Column.objects.create(agency=agency_a, name="新闻", kind="news")
    # a year ahead: no yearly aggregate is kept for it yet, whose row lock would queue the writers
    at = timezone.make_aware(datetime(2099, 5, 1, 9))

    def work(n: int) -> None:
        with transaction.atomic():
            doc = Document.objects.create(
                agency=agency_a,
                title=f"t{n}",
                formed_on=date(2099, 5, 1),
                created_by=clerk_a,
                status=DocumentStatus.PUBLISHED,
                published_at=at,
            )
            doc.columns.add(news)
            time.sleep(0.2)

    work(0)  # the counter row exists: the writers meet on its lock, not on its creation
    errors = run_together([lambda n=n: work(n) for n in range(1, 9)], timeout=60)
    assert not errors, errors
    row = ColumnYearCount.objects.get(column=news, year=2099)
    assert (row.published, row.first) == (9, 9) == (_recount(news, 2099),) * 2
