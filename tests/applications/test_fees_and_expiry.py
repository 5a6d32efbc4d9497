"""Fees from the applicant's monthly count; deemed withdrawals; the daily step; reminders."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from gongkai.applications import services as s
from gongkai.applications.models import ReminderSent
from gongkai.applications.selectors import month_position

from .conftest import D0, resident_id

SAME_PERSON = resident_id(42)


def _month_of_applications(make_application, agency, n, *, day=D0, **fields):
    return [make_application(agency, id_number=SAME_PERSON, received_on=day, **fields) for _ in range(n)]


def test_tenth_is_free_eleventh_costs_100(agency_a, make_application, clerk_a):
    apps = _month_of_applications(make_application, agency_a, 11)
    make_application(agency_a, id_number=SAME_PERSON, received_on=date(2025, 2, 28))  # another month
    assert [month_position(a) for a in apps] == list(range(1, 12))
    fee, nth = s.fee_quote(apps[9], method="per_item")
    assert (nth, fee.yuan) == (10, 0)
    with pytest.raises(ValidationError, match="不收费"):
        s.application_notify_fee(
            application=apps[9], method="per_item", notified_on=date(2025, 3, 5), actor=clerk_a
        )
    eleventh = s.application_notify_fee(
        application=apps[10], method="per_item", notified_on=date(2025, 3, 5), actor=clerk_a
    )
    assert (eleventh.fee_nth, eleventh.fee_amount, eleventh.status) == (11, 100, "awaiting_fee")
    assert "第11至30件每件100元" in eleventh.fee_explanation


def test_count_is_per_agency_and_per_identity(agency_a, agency_b, make_application):
    _month_of_applications(make_application, agency_b, 15)
    make_application(agency_a, id_number=resident_id(43), received_on=D0)
    mine = make_application(agency_a, id_number=SAME_PERSON, received_on=D0)
    assert month_position(mine) == 1


def test_31st_application_costs_200(agency_a, make_application):
    apps = _month_of_applications(make_application, agency_a, 31)
    fee, nth = s.fee_quote(apps[-1], method="per_item")
    assert (nth, fee.yuan) == (31, 200)


def test_unanswered_correction_is_deemed_withdrawn_once(agency_a, clerk_a, head_a, register):
    app = s.application_request_correction(
        application=register(agency_a, clerk_a),
        requested_on=date(2025, 3, 5),
        items="请写明文号",
        actor=head_a,
    )
    first = s.applications_expire()
    app.refresh_from_db()
    assert first["deemed_withdrawn"] == 1
    assert (app.status, app.outcome) == ("withdrawn", "otherwise_closed.no_correction")
    assert app.decided_on == date(2025, 3, 27)  # the day after the correction deadline (26 March)
    assert s.applications_expire()["deemed_withdrawn"] == 0


def test_unpaid_fee_lapses_20_working_days_after_the_notice_was_received(agency_a, clerk_a, head_a, register):
    app = s.application_notify_fee(
        application=register(agency_a, clerk_a),
        method="per_volume",
        pages=31,
        notified_on=date(2025, 3, 5),
        actor=head_a,
    )
    # Sent but not received: nothing lapses, however long ago (RULES.md §4).
    assert (app.fee_withdrawal_date, app.due_date, app.clock_paused) == (None, None, True)
    assert s.applications_expire()["deemed_withdrawn"] == 0
    app = s.application_record_fee_notice_received(
        application=app, received_on=date(2025, 3, 7), note="邮政签收", actor=clerk_a
    )
    # From 3-10: 3-10..14 (5), 17..21 (10), 24..28 (15), 3-31..4-03 (19), 4-04 清明, 4-07 (20).
    assert app.fee_withdrawal_date == date(2025, 4, 7)
    with pytest.raises(ValidationError, match="已经登记过"):
        s.application_record_fee_notice_received(application=app, received_on=date(2025, 3, 7), actor=clerk_a)
    with pytest.raises(ValidationError, match="视为放弃申请"):
        s.application_record_payment(application=app, paid_on=date(2025, 4, 8), actor=clerk_a)
    call_command("applications", "expire", stdout=io.StringIO())
    app.refresh_from_db()
    assert (app.status, app.outcome, app.decided_on) == (
        "withdrawn",
        "otherwise_closed.fee_unpaid",
        date(2025, 4, 8),
    )
    assert "视为放弃申请" in app.decision_reasons and "撤回" not in app.decision_reasons


def test_paid_on_the_last_day_counts_and_the_fee_window_is_not_in_the_reply_period(
    agency_a, clerk_a, head_a, register
):
    app = register(agency_a, clerk_a)  # received 2025-03-03: due 3-31 without the fee
    assert app.due_date == date(2025, 3, 31)
    app = s.application_notify_fee(
        application=app,
        method="per_volume",
        pages=31,
        notified_on=date(2025, 3, 5),
        notice_received_on=date(2025, 3, 5),
        actor=head_a,
    )
    assert app.fee_withdrawal_date == date(2025, 4, 2)  # 3-06 is the first day of the 20
    app = s.application_record_payment(application=app, paid_on=date(2025, 4, 2), actor=clerk_a)
    assert app.status == "in_progress"
    # Counted 3-04, 3-05; (3-05, 4-02] paused; the other 18: 4-03 (1), 4-07..11 (6), 14..18 (11),
    # 21..25 (16), Sunday 4-27 make-up working day (17), 4-28 (18).
    assert app.due_date == date(2025, 4, 28)


def test_not_yet_expired_is_left_alone(agency_a, clerk_a, head_a, register, monkeypatch):
    app = s.application_request_correction(
        application=register(agency_a, clerk_a), requested_on=date(2025, 3, 5), items="x", actor=head_a
    )
    monkeypatch.setattr("gongkai.applications.services._base.today", lambda: date(2025, 3, 26))
    assert s.applications_expire()["deemed_withdrawn"] == 0
    with pytest.raises(ValidationError, match="尚未届满"):
        s.application_deem_withdrawn(application=app, actor=clerk_a)
    monkeypatch.setattr("gongkai.applications.services._base.today", lambda: date(2025, 3, 27))
    assert s.applications_expire()["deemed_withdrawn"] == 1


def test_lapsed_consultation_ends_at_its_fifteenth_working_day(agency_a, clerk_a, register):
    app = register(agency_a, clerk_a)
    consultation = s.application_start_consultation(
        application=app, party_kind="agency", party_name="乙局", sent_on=date(2025, 3, 5), actor=clerk_a
    )
    assert s.applications_expire()["consultations_closed"] == 1
    consultation.refresh_from_db()
    app.refresh_from_db()
    assert (consultation.response, consultation.closed_on) == ("no_reply", date(2025, 3, 26))
    assert app.status == "in_progress"
    assert app.due_date == date(2025, 4, 22)  # 31 March + the 15 paused working days (4 April is a holiday)
    assert s.applications_expire()["consultations_closed"] == 0


def test_remind_twice_sends_once(agency_a, agency_b, clerk_a, head_a, make_user, make_application):
    clerk_a.email = "clerk@example.cn"
    clerk_a.save()
    make_user("clerk_b_mail", agency_b, ["clerk"], email="b@example.cn")
    day = date(2025, 3, 31)
    make_application(agency_a, due_date=day)  # due today
    make_application(agency_a, due_date=date(2025, 3, 28))  # overdue
    make_application(agency_a, due_date=date(2025, 4, 2))  # within 3 working days
    make_application(agency_a, due_date=date(2025, 4, 30))  # not yet
    make_application(agency_b, due_date=date(2025, 4, 30))
    call_command("remind", "--date", "2025-03-31", "--no-expire", stdout=io.StringIO())
    assert len(mail.outbox) == 2  # the clerk and the office head of agency A
    assert {m.to[0] for m in mail.outbox} == {"clerk@example.cn", "head@example.cn"}
    body = mail.outbox[0].body
    assert "已超期（1件）" in body and "今日到期（1件）" in body and "即将到期（1件）" in body
    assert ReminderSent.objects.filter(day=day).count() == 3
    call_command("remind", "--date", "2025-03-31", "--no-expire", stdout=io.StringIO())
    assert len(mail.outbox) == 2
    # The next day the digest is sent again.
    call_command("remind", "--date", "2025-04-01", "--no-expire", stdout=io.StringIO())
    assert len(mail.outbox) == 4


def test_withdrawn_during_consultation_does_not_stop_the_daily_step(agency_a, clerk_a, head_a, register):
    app = register(agency_a, clerk_a)
    s.application_start_consultation(
        application=app, party_kind="agency", party_name="乙局", sent_on=date(2025, 3, 5), actor=clerk_a
    )
    s.application_withdraw(application=app, withdrawn_on=date(2025, 3, 6), reason="申请人撤回", actor=clerk_a)
    other = s.application_request_correction(
        application=register(agency_a, clerk_a), requested_on=date(2025, 3, 5), items="x", actor=head_a
    )
    assert s.applications_expire() == {"consultations_closed": 0, "deemed_withdrawn": 1}
    other.refresh_from_db()
    assert other.status == "withdrawn"
    assert not app.consultations.filter(closed_on__isnull=True).exists()
