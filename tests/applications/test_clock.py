"""The stored clock fields are always the clock function's answer (RULES.md §3 OUR RULE)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.applications import services as s
from gongkai.applications.models import Application
from gongkai.applications.services import _base
from gongkai.applications.services.clock import as_clock_events
from gongkai.auditlog.models import AuditEvent
from gongkai.workdays.selectors import application_deadline


def assert_stored_is_clock(app: Application) -> None:
    app.refresh_from_db()
    result = application_deadline(app.received_on, as_clock_events(app.events.all()))
    assert (app.due_date, app.clock_paused, app.clock_provisional) == (
        result.due,
        result.paused,
        result.provisional,
    )


def test_due_date_after_registration(agency_a, clerk_a, register):
    app = register(agency_a, clerk_a)
    assert app.due_date == date(2025, 3, 31)  # 20 working days after Monday 3 March 2025
    assert not app.clock_paused
    assert_stored_is_clock(app)
    assert list(app.events.values_list("type", flat=True)) == ["received"]


def test_online_application_has_no_clock_until_confirmed(agency_a, clerk_a, register):
    app = register(agency_a, None)
    assert app.due_date is None and app.received_on is None
    app = s.application_confirm_receipt(application=app, received_on=date(2025, 3, 4), actor=clerk_a)
    assert app.due_date == date(2025, 4, 1)
    assert_stored_is_clock(app)


def test_correction_restarts_the_period(agency_a, clerk_a, head_a, register):
    app = register(agency_a, clerk_a)
    app = s.application_request_correction(
        application=app, requested_on=date(2025, 3, 5), items="请写明文号", actor=head_a
    )
    assert app.due_date is None and app.clock_paused
    assert app.correction_deadline == date(2025, 3, 26)  # 15 working days to correct
    assert_stored_is_clock(app)
    app = s.application_receive_correction(application=app, received_on=date(2025, 3, 10), actor=clerk_a)
    # 20 working days from 10 March, skipping 清明节 (Friday 4 April 2025).
    assert app.due_date == date(2025, 4, 8)
    assert_stored_is_clock(app)


def test_late_correction_notice_is_recorded(agency_a, clerk_a, register):
    app = register(agency_a, clerk_a)
    s.application_request_correction(
        application=app, requested_on=date(2025, 3, 14), items="x", actor=clerk_a
    )
    note = AuditEvent.objects.get(action="application.request_correction").note
    assert "晚于补正告知期限 2025-03-12" in note


def test_consultation_pauses_and_several_may_be_open(agency_a, clerk_a, register):
    app = register(agency_a, clerk_a)
    first = s.application_start_consultation(
        application=app,
        party_kind="third_party",
        party_name="甲公司",
        sent_on=date(2025, 3, 5),
        actor=clerk_a,
    )
    app.refresh_from_db()
    assert app.status == "consultation" and app.due_date is None and app.clock_paused
    assert first.limit_on == date(2025, 3, 26)
    second = s.application_start_consultation(
        application=app, party_kind="agency", party_name="乙局", sent_on=date(2025, 3, 6), actor=clerk_a
    )
    s.application_end_consultation(
        consultation=first, response="consent", answered_on=date(2025, 3, 7), actor=clerk_a
    )
    app.refresh_from_db()
    assert app.status == "consultation" and app.due_date is None  # the second is still open
    s.application_end_consultation(
        consultation=second, response="objection", answered_on=date(2025, 3, 10), actor=clerk_a
    )
    app.refresh_from_db()
    assert app.status == "in_progress"
    # 6, 7 and 10 March do not count (overlapping windows count once): 31 March + 3 working days.
    assert app.due_date == date(2025, 4, 3)
    assert_stored_is_clock(app)


def test_a_late_answer_pauses_only_fifteen_working_days(agency_a, clerk_a, register):
    app = register(agency_a, clerk_a)
    c = s.application_start_consultation(
        application=app,
        party_kind="third_party",
        party_name="甲公司",
        sent_on=date(2025, 3, 5),
        actor=clerk_a,
    )
    s.application_end_consultation(
        consultation=c, response="consent", answered_on=date(2025, 4, 10), actor=clerk_a
    )
    c.refresh_from_db()
    assert c.closed_on == c.limit_on == date(2025, 3, 26)
    assert_stored_is_clock(app)


def test_extension_by_the_office_head_only(agency_a, clerk_a, head_a, register):
    app = register(agency_a, clerk_a)
    with pytest.raises(PermissionDenied):
        s.application_extend(
            application=app, workdays=10, reason="需要调档", extended_on=date(2025, 3, 20), actor=clerk_a
        )
    app = s.application_extend(
        application=app, workdays=10, reason="需要调档", extended_on=date(2025, 3, 20), actor=head_a
    )
    # 31 March + 10 working days, skipping 4 April (清明节).
    assert app.due_date == date(2025, 4, 15)
    assert app.extension_approved_by == head_a
    assert_stored_is_clock(app)
    event = AuditEvent.objects.get(action="application.extend")
    assert event.changes["due_date"] == ["2025-03-31", "2025-04-15"]
    with pytest.raises(ValidationError, match="只能延长一次"):
        s.application_extend(
            application=app, workdays=1, reason="再次", extended_on=date(2025, 3, 21), actor=head_a
        )


def test_extension_after_the_due_date_is_refused_with_the_clocks_message(agency_a, clerk_a, head_a, register):
    app = register(agency_a, clerk_a)
    with pytest.raises(ValidationError) as caught:
        s.application_extend(
            application=app, workdays=10, reason="太晚了", extended_on=date(2025, 4, 1), actor=head_a
        )
    assert "晚于当前答复期限 2025-03-31" in " ".join(caught.value.messages)
    app.refresh_from_db()
    assert app.extension_workdays is None and app.due_date == date(2025, 3, 31)
    # On the due date itself it is still allowed.
    app = s.application_extend(
        application=app, workdays=1, reason="当天", extended_on=date(2025, 3, 31), actor=head_a
    )
    assert app.due_date == date(2025, 4, 1)


def test_extension_workdays_must_be_1_to_20(agency_a, clerk_a, head_a, register):
    app = register(agency_a, clerk_a)
    for bad in (0, 21):
        with pytest.raises(ValidationError, match="1至20"):
            s.application_extend(
                application=app, workdays=bad, reason="x", extended_on=date(2025, 3, 20), actor=head_a
            )


def test_fee_window_pauses_the_clock(agency_a, clerk_a, head_a, register):
    app = register(agency_a, clerk_a)
    app = s.application_notify_fee(
        application=app, method="per_volume", pages=100, notified_on=date(2025, 3, 5), actor=head_a
    )
    assert app.fee_amount == 700  # 70 pages × 10 yuan
    assert app.due_date is None and app.clock_paused
    assert app.fee_withdrawal_date is None  # the notice is not yet received: no payment period
    app = s.application_record_fee_notice_received(
        application=app, received_on=date(2025, 3, 5), actor=clerk_a
    )
    assert app.fee_withdrawal_date == date(2025, 4, 2)  # 20 working days after the notice was received
    app = s.application_record_payment(application=app, paid_on=date(2025, 3, 7), actor=clerk_a)
    assert app.due_date == date(2025, 4, 2)  # 6 and 7 March do not count
    assert_stored_is_clock(app)


def test_fee_window_can_be_switched_off(settings, agency_a, clerk_a, register):
    settings.GONGKAI_FEE_PAUSES_CLOCK = False
    app = register(agency_a, clerk_a)
    app = s.application_notify_fee(
        application=app, method="per_volume", pages=100, notified_on=date(2025, 3, 5), actor=clerk_a
    )
    assert app.due_date == date(2025, 3, 31) and not app.clock_paused
    assert_stored_is_clock(app)


def test_a_calendar_change_recomputes_open_deadlines(
    agency_a, clerk_a, site_admin, register, make_application
):
    from gongkai.workdays.services import day_override_set

    app = register(agency_a, clerk_a)
    done = make_application(
        agency_a,
        status="decided",
        outcome="disclosed",
        decided_on=date(2025, 3, 20),
        due_date=date(2025, 3, 31),
    )
    day_override_set(date=date(2025, 3, 14), kind="holiday", name="测试假日", actor=site_admin)
    app.refresh_from_db()
    done.refresh_from_db()
    assert app.due_date == date(2025, 4, 1)
    assert done.due_date == date(2025, 3, 31)  # concluded applications keep their due date
    event = AuditEvent.objects.get(action="deadline.recompute", object_id=str(app.pk))
    assert event.changes["due_date"] == ["2025-03-31", "2025-04-01"]
    assert_stored_is_clock(app)


def test_loading_a_new_year_makes_provisional_dates_final(agency_a, clerk_a, head_a, register, monkeypatch):
    """A due date in 2027 (not loaded) is provisional until the 2027 notice is imported."""
    from gongkai.workdays.services import calendar_year_import

    received = date(2026, 11, 20)
    monkeypatch.setattr(_base, "today", lambda: date(2026, 11, 25))  # the clock seam, not the real date
    app = register(agency_a, clerk_a, received_on=received)
    app = s.application_extend(
        application=app, workdays=20, reason="数量较多", extended_on=received, actor=head_a
    )
    assert app.clock_provisional and app.due_date == date(2027, 1, 15)  # weekends-only for 2027
    calendar_year_import(rows="date,kind,name,notice_year\n2027-01-01,holiday,元旦,2027\n", actor=None)
    app.refresh_from_db()
    assert not app.clock_provisional
    assert app.due_date == date(2027, 1, 18)  # 1 January 2027 (a Friday) is a holiday
    event = AuditEvent.objects.get(action="deadline.recompute", object_id=str(app.pk))
    assert event.changes["due_date"] == ["2027-01-15", "2027-01-18"]
    assert_stored_is_clock(app)
