"""The registry of stored-deadline recomputers (RULES.md §1 OUR RULE: loading a year recomputes)."""

from __future__ import annotations

import pytest

from gongkai.auditlog.models import AuditEvent
from gongkai.workdays.deadlines import (
    deadline_recomputer,
    recompute_open_deadlines,
    record_deadline_change,
    register_deadline_recomputer,
    registered_recomputers,
    unregister_deadline_recomputer,
)


@pytest.fixture(autouse=True)
def isolated_registry(monkeypatch):
    """Test the registry alone: apps (applications, publishing) register their own recomputers."""
    from gongkai.workdays import deadlines

    monkeypatch.setattr(deadlines, "_registry", [])


def test_recompute_sums_what_each_recomputer_changed():
    seen = []

    def first(*, actor, reason):
        seen.append(("first", actor, reason))
        return 2

    def second(*, actor, reason):
        seen.append(("second", actor, reason))
        return 3

    with deadline_recomputer(first), deadline_recomputer(second):
        register_deadline_recomputer(first)  # registering twice runs it once
        assert recompute_open_deadlines(actor="系统", reason="测试") == 5
    assert seen == [("first", "系统", "测试"), ("second", "系统", "测试")]
    assert first not in registered_recomputers() and second not in registered_recomputers()


def test_a_recomputer_must_return_a_count():
    def sloppy(*, actor, reason):
        return None

    register_deadline_recomputer(sloppy)
    try:
        with pytest.raises(TypeError, match="number of records changed"):
            recompute_open_deadlines(actor=None, reason="测试")
    finally:
        unregister_deadline_recomputer(sloppy)


def test_record_deadline_change_writes_one_audit_event(db, site_admin):
    event = record_deadline_change(
        actor=site_admin,
        obj=site_admin,
        field="due_on",
        old="2027-01-15",
        new="2027-01-18",
        reason="载入2027年",
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.action, stored.note, stored.actor) == ("deadline.recompute", "载入2027年", site_admin)
    assert stored.changes == {"due_on": ["2027-01-15", "2027-01-18"]}
