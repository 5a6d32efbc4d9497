"""The yearly aggregates: exact after every kind of edit, recounted only when a counted field moves."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.annual_report import aggregates
from gongkai.annual_report.compute import compute_tables
from gongkai.annual_report.models import YearAggregate
from gongkai.annual_report.selectors import year_figures
from gongkai.applications.models import Application
from gongkai.publishing.models import Column, Document, MediaAccount, MediaYear

from .records import application, case, figures, normative, year_of_records


def stored(agency, year) -> YearAggregate:
    return YearAggregate.objects.get(agency=agency, year=year)


def assert_exact(agency, year):
    """The stored row equals the report computed from the records now."""
    row = stored(agency, year)
    fresh = compute_tables(agency, year)
    assert row.applications == fresh["applications"]
    assert row.remedies == fresh["remedies"]
    proactive = dict(row.proactive)
    assert {k: v for k, v in proactive.items() if k != "fees"} == {
        k: v for k, v in fresh["proactive"].items() if k != "fees"
    }
    # the scalar columns the supervisor's pages read repeat the tables exactly
    apps, remedies = fresh["applications"], fresh["remedies"].values()
    assert row.applications_new == apps["new_this_year"]["total"]
    assert row.applications_handled == apps["total_handled"]["total"]
    assert row.applications_disclosed == apps["disclosed"]["total"] + apps["partially_disclosed"]["total"]
    assert row.applications_partially_disclosed == apps["partially_disclosed"]["total"]
    assert row.carried_forward == apps["carried_forward"]["total"]
    assert row.remedies_total == sum(g["total"] for g in remedies)
    assert row.remedies_corrected == sum(g["corrected"] for g in remedies)
    assert row.remedies_pending == sum(g["pending"] for g in remedies)


@pytest.mark.django_db
def test_every_part_is_exact_after_the_records_are_written(agency_a):
    year_of_records(agency_a, 2023)
    for year in (2022, 2023):
        assert_exact(agency_a, year)
    row = stored(agency_a, 2023)
    assert row.applications_new == 4 and row.applications_handled == 4 and row.carried_forward == 1
    assert (
        row.applications_disclosed == 3 and row.applications_partially_disclosed == 1
    )  # two disclosed, one partly
    assert row.remedies_total == 2 and row.remedies_corrected == 0
    assert row.fee_yuan == Decimal(100)
    assert row.proactive["normative_documents"] == {"issued": 1, "repealed": 1, "valid": 6}
    assert Decimal(row.proactive["fees"]["amount_10k_yuan"]) == Decimal("12.345")


@pytest.mark.django_db
def test_a_decision_moves_every_year_the_application_counts_in(agency_a):
    app = application(agency_a, received=date(2022, 12, 28))
    assert stored(agency_a, 2022).carried_forward == 1
    assert stored(agency_a, 2024).applications["carried_over"]["total"] == 1  # still open in 2024
    app.decided_on, app.outcome, app.status = date(2023, 1, 5), "disclosed", "closed"
    app.save()
    assert stored(agency_a, 2022).carried_forward == 1
    assert stored(agency_a, 2023).applications_handled == 1
    assert stored(agency_a, 2024).applications["carried_over"]["total"] == 0  # concluded before 2024
    for year in (2022, 2023, 2024):
        assert_exact(agency_a, year)


@pytest.mark.django_db
def test_moving_and_deleting_records_recounts_both_sides(agency_a, agency_b):
    app = application(agency_a, received=date(2023, 3, 1), decided=date(2023, 3, 9), outcome="disclosed")
    c = case(app, filed=date(2023, 4, 1))
    assert stored(agency_a, 2023).remedies_total == 1
    app.agency = agency_b
    app.save()
    assert stored(agency_a, 2023).applications_new == 0 and stored(agency_b, 2023).applications_new == 1
    c.filed_on = date(2024, 1, 2)
    c.save()
    # the case's agency is its application's: agency B (the case was counted for A before the move)
    assert stored(agency_b, 2024).remedies_total == 1
    c.delete()
    assert stored(agency_b, 2024).remedies_total == 0
    Application.objects.get(pk=app.pk).delete()
    assert stored(agency_b, 2023).applications_new == 0


@pytest.mark.django_db
def test_a_save_that_changes_no_counted_field_recounts_nothing(agency_a):
    app = application(agency_a, received=date(2023, 3, 1))
    app = Application.objects.get(pk=app.pk)
    app.description = "改写申请内容描述"
    with CaptureQueriesContext(connection) as queries:
        app.save()
    assert not any("annual_report_yearaggregate" in q["sql"] for q in queries.captured_queries)
    app.outcome, app.decided_on, app.status = "disclosed", date(2023, 3, 9), "closed"
    with CaptureQueriesContext(connection) as queries:
        app.save()
    assert any("annual_report_yearaggregate" in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db
def test_registers_figures_documents_and_media_are_counted(agency_a, clerk_a):
    normative(agency_a, issued=date(2021, 5, 1))
    assert stored(agency_a, 2023).proactive["normative_documents"]["valid"] == 1  # valid every year since
    assert stored(agency_a, 2023).proactive["licensing"]["decisions"] is None  # not entered: unknown
    figures(agency_a, 2023, licensing=7)
    assert stored(agency_a, 2023).proactive["licensing"]["decisions"] == 7
    column = Column.objects.create(agency=agency_a, name="通知公告", kind="notice")
    doc = Document.objects.create(
        agency=agency_a,
        title="通知",
        index_number="X-2023-1",
        formed_on=date(2023, 5, 1),
        status="published",
        published_at=timezone.make_aware(datetime(2023, 5, 2, 9)),
        created_by=clerk_a,
    )
    doc.columns.add(column)
    assert stored(agency_a, 2023).published == 1
    doc.status = "withdrawn"
    doc.save()
    assert stored(agency_a, 2023).published == 0
    account = MediaAccount.objects.create(agency=agency_a, platform="wechat", name="洛阳教育")
    MediaYear.objects.create(account=account, year=2023, posts=40, followers_start=10, followers_end=30)
    assert stored(agency_a, 2023).media == [
        {"platform": "wechat", "posts": 40, "accounts": 1, "followers_start": 10, "followers_end": 30}
    ]


@pytest.mark.django_db
def test_an_interpretation_saved_through_its_proxy_is_counted(agency_a, clerk_a):
    from gongkai.publishing.models import Interpretation

    reading = Interpretation.objects.create(
        agency=agency_a,
        title="一图读懂",
        kind="interpretation",
        index_number="X-2023-2",
        formed_on=date(2023, 6, 1),
        status="published",
        published_at=timezone.make_aware(datetime(2023, 6, 2, 9)),
        created_by=clerk_a,
    )
    assert stored(agency_a, 2023).published == 1
    reading.status = "withdrawn"
    reading.save()
    assert stored(agency_a, 2023).published == 0


@pytest.mark.django_db(transaction=True)
def test_a_record_saved_outside_a_transaction_is_counted(agency_a):
    # A shell or a script saves without atomic(); the recount locks its row in a transaction of
    # its own (PostgreSQL refuses SELECT … FOR UPDATE outside one).
    assert connection.get_autocommit()
    figures(agency_a, 2023, licensing=9)
    assert stored(agency_a, 2023).proactive["licensing"]["decisions"] == 9


@pytest.mark.django_db
def test_deferred_recounts_once_at_the_end(agency_a):
    with aggregates.deferred():
        for day in range(1, 6):
            application(agency_a, received=date(2023, 3, day))
        assert not YearAggregate.objects.filter(agency=agency_a, year=2023).exists()
    assert stored(agency_a, 2023).applications_new == 5
    assert_exact(agency_a, 2023)


@pytest.mark.django_db
def test_year_figures_is_one_query_and_fills_missing_pairs(agency_a, agency_b):
    year_of_records(agency_a, 2023)
    YearAggregate.objects.filter(agency=agency_b).delete()
    found = year_figures([agency_a.pk, agency_b.pk], [2023, 2099])
    assert set(found) == {(agency_a.pk, 2023), (agency_b.pk, 2023)}  # a future year has no figures
    assert found[(agency_b.pk, 2023)].applications_new == 0
    assert found[(agency_a.pk, 2023)].cell("applications", "disclosed", "natural") == 2
    assert found[(agency_a.pk, 2023)].cell("proactive", "fees", "amount_10k_yuan") == Decimal("12.345")
    assert found[(agency_a.pk, 2023)].carried_over == 1
    with CaptureQueriesContext(connection) as queries:
        again = year_figures([agency_a.pk, agency_b.pk], [2023])
    assert len(queries.captured_queries) == 1
    assert again == {k: v for k, v in found.items() if k[1] == 2023}


@pytest.mark.django_db
def test_recount_command_repairs_rows_written_around_the_signals(agency_a):
    year_of_records(agency_a, 2023)
    YearAggregate.objects.filter(agency=agency_a, year=2023).update(applications_new=999, applications={})
    out = io.StringIO()
    call_command("annual_report", "recount", "--agency", agency_a.name, "--year", "2023", stdout=out)
    assert "1 项" in out.getvalue()
    assert_exact(agency_a, 2023)
    assert stored(agency_a, 2023).applications_new == 4


@pytest.mark.django_db
def test_the_migration_fills_the_indicator_columns_from_the_tables(agency_a):
    import importlib

    from django.apps import apps

    year_of_records(agency_a, 2023)
    before = stored(agency_a, 2023)
    assert before.applications_partially_disclosed == 1 and before.remedies_pending > 0
    YearAggregate.objects.update(applications_partially_disclosed=0, remedies_pending=0)
    migration = importlib.import_module("gongkai.annual_report.migrations.0005_aggregate_indicator_columns")
    migration.fill(apps, None)
    after = stored(agency_a, 2023)
    assert after.applications_partially_disclosed == 1
    assert after.remedies_pending == before.remedies_pending
