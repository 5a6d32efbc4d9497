"""Carried over and carried forward across years: the identities of the report's section 三."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from gongkai.applications.models import Application, RemedyCase
from gongkai.applications.selectors import (
    remedy_counts,
    remedy_counts_records,
    year_counts,
    year_counts_records,
)
from gongkai.report import format as fmt

from .conftest import aware

YEARS = range(2021, 2026)
CATEGORIES = fmt.APPLICANT_CATEGORIES


@pytest.fixture
def history(agency_a, agency_b):
    """Several years of mixed applications: decided in the year, the next year, or still open."""
    rng = random.Random(20250331)
    rows = []
    for n in range(600):
        received = date(2021, 1, 1) + timedelta(days=rng.randrange(0, 5 * 365))
        roll = rng.random()
        if roll < 0.15:
            status, outcome, decided = "in_progress", "", None
        else:
            outcome = rng.choice(fmt.OUTCOME_CODES)
            decided = received + timedelta(days=rng.randrange(0, 60))
            status = (
                "withdrawn"
                if outcome.startswith("otherwise_closed")
                else rng.choice(["decided", "delivered", "closed"])
            )
        rows.append(
            Application(
                agency=agency_a if n % 7 else agency_b,
                tracking_number=f"YSQY{n:08d}",
                query_code_hash="x",
                applicant_category=rng.choice(CATEGORIES),
                applicant_name=f"申请人{n}",
                id_type="resident_id",
                id_number=f"ID{n}",
                phone="1",
                description="x",
                provision_form="paper",
                delivery_method="post",
                channel="post",
                arrived_at=aware(received),
                received_on=received,
                receipt_basis="post_signed",
                status=status,
                outcome=outcome,
                decided_on=decided,
            )
        )
    # An unconfirmed online submission never counts.
    rows.append(
        Application(
            agency=agency_a,
            tracking_number="YSQYONLINE",
            query_code_hash="x",
            applicant_category="natural",
            applicant_name="网上",
            id_type="resident_id",
            id_number="ID",
            phone="1",
            description="x",
            provision_form="paper",
            delivery_method="post",
            channel="online",
            arrived_at=aware(date(2023, 5, 5)),
        )
    )
    Application.objects.bulk_create(rows)
    return rows


def test_every_year_and_column_adds_up(agency_a, history):
    previous = None
    for year in YEARS:
        counts = year_counts(agency_a, year)
        assert set(counts) == {row.code for row in fmt.APPLICATION_ROWS}
        for column in (*CATEGORIES, "total"):
            new, over = counts["new_this_year"][column], counts["carried_over"][column]
            handled, forward = counts["total_handled"][column], counts["carried_forward"][column]
            assert new + over == handled + forward, (year, column)
            assert handled == sum(counts[code][column] for code in fmt.OUTCOME_CODES)
            if previous is not None:
                assert over == previous["carried_forward"][column], (year, column)
        for row in counts:
            assert counts[row]["total"] == sum(counts[row][c] for c in CATEGORIES)
        previous = counts
    assert (
        sum(year_counts(agency_a, y)["new_this_year"]["total"] for y in YEARS)
        == Application.objects.filter(agency=agency_a, received_on__isnull=False).count()
    )


def test_a_cross_year_application_is_carried(agency_a, make_application):
    app = make_application(
        agency_a,
        received_on=date(2024, 12, 20),
        applicant_category="research",
        status="decided",
        outcome="disclosed",
        decided_on=date(2025, 1, 8),
    )
    c2024, c2025 = year_counts(agency_a, 2024), year_counts(agency_a, 2025)
    assert c2024["new_this_year"]["research"] == 1 and c2024["carried_forward"]["research"] == 1
    assert c2024["total_handled"]["research"] == 0
    assert c2025["carried_over"]["research"] == 1 and c2025["disclosed"]["research"] == 1
    assert c2025["new_this_year"]["research"] == 0 and c2025["carried_forward"]["research"] == 0
    assert list(year_counts_records(agency_a, 2025, "carried_over", "research")) == [app]
    assert list(year_counts_records(agency_a, 2025, "disclosed", "total")) == [app]


def test_cell_records_match_the_counts(agency_a, history):
    counts = year_counts(agency_a, 2023)
    for row in (
        "new_this_year",
        "carried_over",
        "total_handled",
        "carried_forward",
        "disclosed",
        "otherwise_closed.other",
    ):
        for column in ("natural", "commercial", "total"):
            assert year_counts_records(agency_a, 2023, row, column).count() == counts[row][column]
    with pytest.raises(ValueError):
        year_counts_records(agency_a, 2023, "nonsense", "total")


def test_counts_are_aggregate_queries(agency_a, history, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        year_counts(agency_a, 2024)


def test_several_agencies_at_once(agency_a, agency_b, history):
    both = year_counts([agency_a, agency_b], 2024)
    a, b = year_counts(agency_a, 2024), year_counts(agency_b, 2024)
    assert both["total_handled"]["total"] == a["total_handled"]["total"] + b["total_handled"]["total"]


def test_remedy_cases_count_in_their_filing_year_with_their_state_on_31_december(agency_a, make_application):
    app = make_application(
        agency_a, status="delivered", outcome="withheld.state_secret", decided_on=date(2025, 3, 10)
    )
    RemedyCase.objects.create(
        application=app,
        kind="reconsideration",
        filed_on=date(2024, 11, 1),
        body="市政府",
        outcome="upheld",
        concluded_on=date(2025, 1, 20),
    )
    RemedyCase.objects.create(
        application=app,
        kind="reconsideration",
        filed_on=date(2024, 5, 1),
        body="市政府",
        outcome="corrected",
        concluded_on=date(2024, 8, 1),
    )
    RemedyCase.objects.create(
        application=app, kind="litigation_direct", filed_on=date(2024, 6, 1), body="某法院"
    )
    counts = remedy_counts(agency_a, 2024)
    assert counts["reconsideration"] == {"upheld": 0, "corrected": 1, "other": 0, "pending": 1, "total": 2}
    assert counts["litigation_direct"]["pending"] == 1 and counts["litigation_direct"]["total"] == 1
    assert counts["litigation_after_reconsideration"]["total"] == 0
    assert remedy_counts_records(agency_a, 2024, "reconsideration", "pending").count() == 1
