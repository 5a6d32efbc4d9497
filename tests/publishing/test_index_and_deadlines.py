"""Index numbers (RULES.md §2) and the art. 26 publication deadline on the real calendar."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from gongkai.auditlog.models import AuditEvent
from gongkai.publishing import services
from gongkai.publishing.deadlines import elapsed_workdays, publish_due_for
from gongkai.publishing.models import Document, IndexCounter
from gongkai.publishing.services.documents import format_index_number, next_index_number
from gongkai.workdays.services import calendar_year_import

from ..threads import run_together
from .conftest import aware

INDEX_RE = re.compile(r"^[0-9A-Z]{18}/\d{4}-\d{5}$")


def test_format_matches_the_rule():
    assert format_index_number("11410300MB1234567X", 2023, 15) == "11410300MB1234567X/2023-00015"


def test_numbers_are_assigned_at_first_publication_per_agency_and_year(
    team, make_document, advance, agency_a
):
    draft = make_document()
    assert draft.index_number is None  # drafts carry none: abandoned drafts never burn a serial
    first = advance(make_document())
    second = advance(make_document())
    year = timezone.localdate().year
    assert INDEX_RE.match(first.index_number)
    assert first.index_number == f"{agency_a.credit_code}/{year}-00001"
    assert second.index_number == f"{agency_a.credit_code}/{year}-00002"


def test_serials_restart_each_year_and_per_agency(agency_a, agency_b):
    with transaction.atomic():
        a2024 = [next_index_number(agency=agency_a, year=2024) for _ in range(3)]
        a2025 = next_index_number(agency=agency_a, year=2025)
        b2024 = next_index_number(agency=agency_b, year=2024)
    assert [n[-5:] for n in a2024] == ["00001", "00002", "00003"]
    assert a2025.endswith("/2025-00001")
    assert b2024 == f"{agency_b.credit_code}/2024-00001"


def test_a_withdrawn_documents_number_is_never_reused(team, make_document, advance):
    first = advance(make_document())
    services.document_transition(actor=team["head"], document=first, name="withdraw", opinion="错发")
    first.refresh_from_db()
    assert first.index_number.endswith("-00001")  # it keeps its number
    Document.objects.filter(pk=first.pk).delete()  # even if the row were gone
    second = advance(make_document())
    assert second.index_number.endswith("-00002")


def test_the_counter_row_not_the_documents_decides_the_next_serial(agency_a):
    IndexCounter.objects.create(agency=agency_a, year=2024, last_serial=41)
    with transaction.atomic():
        assert next_index_number(agency=agency_a, year=2024).endswith("/2024-00042")
    assert IndexCounter.objects.get(agency=agency_a, year=2024).last_serial == 42


def test_index_numbers_are_unique_in_the_database(make_document):
    a, b = make_document(), make_document()
    Document.objects.filter(pk=a.pk).update(index_number="X/2024-00001")
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=b.pk).update(index_number="X/2024-00001")


@pytest.mark.django_db(transaction=True)
def test_next_index_number_refuses_to_run_outside_a_transaction(agency_a):
    with pytest.raises(RuntimeError, match="inside a transaction"):
        next_index_number(agency=agency_a, year=2024)


@pytest.mark.django_db(transaction=True)
def test_concurrent_publications_never_collide(agency_a):
    """Eight threads take numbers at once (PostgreSQL: real row locks; SQLite: serialised writers)."""
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite runs one write transaction at a time (IMMEDIATE); the row-lock race needs PostgreSQL"
        )
    results: list[str] = []

    def work() -> None:
        for _ in range(3):
            with transaction.atomic():
                results.append(next_index_number(agency=agency_a, year=2030))

    errors = run_together([work] * 8, timeout=60)
    assert not errors, errors
    assert sorted(int(n[-5:]) for n in results) == list(range(1, 25))


# --------------------------------------------------------------------------------------------
# The 20-working-day deadline (Regulation art. 26)


def test_deadline_crosses_the_national_day_holiday(db):
    """Formed Wed 2024-09-25: the 2024 National Day week and the make-up days Sun 09-29 and Sat 10-12
    make the 20th working day Mon 2024-10-28 (weekends-only arithmetic would say 10-23)."""
    due, provisional = publish_due_for(date(2024, 9, 25))
    assert (due, provisional) == (date(2024, 10, 28), False)


def test_publish_due_is_stored_and_lateness_judged_against_it(team, make_document, advance):
    on_time = make_document(formed_on=date(2024, 9, 25))
    assert on_time.publish_due == date(2024, 10, 28)
    late = make_document(formed_on=date(2024, 9, 25))
    Document.objects.filter(pk=on_time.pk).update(publish_due=date(2024, 10, 28))

    assert elapsed_workdays(on_time.formed_on, aware(2024, 10, 28, 17)) == 20
    assert elapsed_workdays(late.formed_on, aware(2024, 10, 29, 9)) == 21
    # A rest-day publication counts as the next working day: Sat 10-26 is still on time,
    # Sun 11-03 (after the due Monday) is late.
    assert elapsed_workdays(on_time.formed_on, aware(2024, 10, 26, 9)) == 20
    assert elapsed_workdays(on_time.formed_on, aware(2024, 11, 3, 9)) == 25

    for document, when, expected in (
        (on_time, aware(2024, 10, 28, 17), False),
        (late, aware(2024, 10, 29, 9), True),
    ):
        Document.objects.filter(pk=document.pk).update(published_at=when)
        document.refresh_from_db()
        assert document.is_late is expected


def test_editing_formed_on_recomputes_the_deadline(team, make_document):
    document = make_document(formed_on=date(2024, 9, 25))
    services.document_update(actor=team["author"], document=document, formed_on=date(2024, 9, 26))
    document.refresh_from_db()
    assert document.publish_due == date(2024, 10, 29)


def test_loading_a_new_year_recomputes_open_deadlines(team, make_document, site_admin):
    """Formed 2026-12-20 with 2027 not loaded: provisional 2027-01-15; the 2027 notice (1 Jan a
    holiday) moves it to 2027-01-18 and the audit log says so."""
    document = make_document(formed_on=date(2026, 12, 20))
    assert (document.publish_due, document.publish_due_provisional) == (date(2027, 1, 15), True)
    published = make_document(formed_on=date(2024, 9, 25))  # not open, not provisional: untouched
    Document.objects.filter(pk=published.pk).update(status="published", published_at=aware(2024, 10, 8))
    calendar_year_import(rows="date,kind,name,notice_year\n2027-01-01,holiday,元旦,2027\n", actor=site_admin)
    document.refresh_from_db()
    assert (document.publish_due, document.publish_due_provisional) == (date(2027, 1, 18), False)
    event = AuditEvent.objects.for_object(document).filter(action="deadline.recompute").get()
    assert event.changes["publish_due"] == ["2027-01-15", "2027-01-18"]
    assert not AuditEvent.objects.for_object(published).filter(action="deadline.recompute").exists()


def test_formed_on_is_required(agency_a, team):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.document_create(actor=team["author"], agency=agency_a, title="无日期", formed_on=None)
    assert not Document.objects.filter(title="无日期").exists()
