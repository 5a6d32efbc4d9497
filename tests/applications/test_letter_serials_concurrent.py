"""Letter numbers under real concurrency (issue 9.5): parallel approvals get unique, consecutive serials."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction

from gongkai.applications import services as s
from gongkai.applications.models import LetterNumber, LetterSerial
from gongkai.applications.services.letters import next_serial

from ..threads import run_together

PARALLEL = 8


@pytest.mark.django_db(transaction=True)
def test_parallel_approvals_and_signatures_take_consecutive_serials(agency_a, clerk_a, head_a, register):
    """Eight office-head approvals and four signatures at once, each in its own connection.

    PostgreSQL: each service locks its application (with its agency row, ``select_related``) and
    the serial row; the next test takes the application's lock away. SQLite runs one write
    transaction at a time (IMMEDIATE), so there is no race to test there.
    """
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite runs one write transaction at a time (IMMEDIATE); the row-lock race needs PostgreSQL"
        )
    agency_a.letter_number_pattern = "甲公开〔{year}〕{serial}号"
    agency_a.save()
    decided = [
        s.application_decide(
            application=register(agency_a, clerk_a),
            outcome="disclosed",
            decided_on=date(2025, 3, 20),
            actor=clerk_a,
        )
        for _ in range(PARALLEL)
    ]
    notices = [
        s.application_request_correction(
            application=register(agency_a, clerk_a),
            requested_on=date(2025, 3, 5),
            items="请写明文号",
            actor=clerk_a,
        )
        for _ in range(PARALLEL // 2)
    ]
    assert not LetterNumber.objects.filter(agency=agency_a).exists()  # nothing numbered before the head acts
    jobs = [lambda app=app: s.application_approve(application=app, actor=head_a) for app in decided]
    jobs += [lambda app=app: s.application_sign_notice(application=app, actor=head_a) for app in notices]
    errors = run_together(jobs)
    assert not errors, errors
    issued = list(LetterNumber.objects.filter(agency=agency_a, year=2025).order_by("serial"))
    assert [n.serial for n in issued] == list(range(1, len(jobs) + 1))
    assert len({n.number for n in issued}) == len(jobs)
    assert {n.application_id for n in issued} == {a.pk for a in decided + notices}
    assert LetterSerial.objects.get(agency=agency_a, year=2025).last == len(jobs)


@pytest.mark.django_db(transaction=True)
def test_the_serial_row_alone_keeps_parallel_takers_apart(agency_a):
    """Without the application's lock (which also locks its agency row): only the serial row's."""
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite runs one write transaction at a time (IMMEDIATE); the row-lock race needs PostgreSQL"
        )
    taken: list[int] = []

    def take() -> None:
        for _ in range(3):
            with transaction.atomic():
                taken.append(next_serial(agency=agency_a, year=2031))

    errors = run_together([take] * PARALLEL)
    assert not errors, errors
    assert sorted(taken) == list(range(1, 3 * PARALLEL + 1))
