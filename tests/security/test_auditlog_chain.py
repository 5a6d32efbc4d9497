"""The audit log is tamper-evident: triggers on both databases, a hash chain, and verify."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from gongkai.agencies import services
from gongkai.auditlog.chain import GENESIS, event_hash, first_break
from gongkai.auditlog.models import AuditEvent
from gongkai.auditlog.services import chain_fields


@pytest.fixture
def events(admin_a, agency_a):
    for n in range(4):
        services.agency_update(actor=admin_a, agency=agency_a, office_fax=f"0379-{n}")
    return list(AuditEvent.objects.order_by("id"))


def _raw(sql: str, params=()) -> None:
    """Change the table behind the application's back (as someone with a database shell would)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _untriggered(sql: str, params=()) -> None:
    """Tamper as the database owner would: drop the triggers first (SQLite's owner is the file's)."""
    from gongkai.auditlog.maintenance import PG_UNTRIGGER, SQLITE_UNTRIGGER

    with transaction.atomic(), connection.cursor() as cursor:
        for statement in [PG_UNTRIGGER] if connection.vendor == "postgresql" else SQLITE_UNTRIGGER:
            cursor.execute(statement)
        cursor.execute(sql, params)


def verify(**options) -> str:
    from io import StringIO

    out = StringIO()
    call_command("auditlog", "verify", stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_each_event_links_to_the_one_before(events):
    assert events[0].prev_hash == GENESIS or AuditEvent.objects.filter(hash=events[0].prev_hash).exists()
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
        assert after.hash == event_hash(after.prev_hash, chain_fields(after))
    assert "哈希链无断裂" in verify()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement", ["UPDATE auditlog_auditevent SET note = 'x'", "DELETE FROM auditlog_auditevent"]
)
def test_the_database_refuses_update_and_delete(events, statement):
    with pytest.raises(DatabaseError):
        _raw(statement)
    assert AuditEvent.objects.count() == len(events)


@pytest.mark.django_db
def test_postgresql_refuses_truncate_and_the_flush_allowance_needs_the_flag(events):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE exists on PostgreSQL only")
    with pytest.raises(DatabaseError):
        _raw("TRUNCATE auditlog_auditevent CASCADE")
    assert AuditEvent.objects.count() == len(events)


@pytest.mark.django_db
def test_verify_finds_an_edited_event(events):
    _untriggered("UPDATE auditlog_auditevent SET note = 'rewritten' WHERE id = %s", [events[1].id])
    with pytest.raises(CommandError, match=f"第 {events[1].id} 号事件处断裂：事件内容与其哈希不符"):
        verify()


@pytest.mark.django_db
def test_verify_finds_a_deleted_event(events):
    _untriggered("DELETE FROM auditlog_auditevent WHERE id = %s", [events[2].id])
    with pytest.raises(CommandError, match=f"第 {events[3].id} 号事件处断裂：与前一条事件的哈希不衔接"):
        verify()


@pytest.mark.django_db
def test_a_cut_tail_is_found_against_a_recorded_head(events):
    head = events[-1].hash
    assert "哈希链无断裂" in verify(expect_head=head)
    _untriggered("DELETE FROM auditlog_auditevent WHERE id = %s", [events[-1].id])
    assert "哈希链无断裂" in verify()  # what is left is a valid chain ...
    with pytest.raises(CommandError, match="已不在日志中"):
        verify(expect_head=head)  # ... but the recorded head is gone


def test_first_break_on_plain_events():
    first = {"at": None, "action": "a", "changes": {}, "prev_hash": GENESIS}
    first["hash"] = event_hash(GENESIS, first)
    second = {"at": None, "action": "b", "changes": {"x": [1, 2]}, "prev_hash": first["hash"]}
    second["hash"] = event_hash(first["hash"], second)
    assert first_break([{"id": 1, **first}, {"id": 2, **second}])[0] is None
    broken, _, _ = first_break([{"id": 1, **first}, {"id": 2, **second, "action": "c"}])
    assert broken is not None and broken.event_id == 2
