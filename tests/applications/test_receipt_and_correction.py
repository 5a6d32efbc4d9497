"""Receipt dates by channel (Regulation art. 31) and correction notices (art. 30), through the services."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from gongkai.annual_report.models import AnnualReport
from gongkai.applications import services as s
from gongkai.applications.models import Application
from gongkai.applications.selectors import bucket_q, worklist_counts
from gongkai.applications.validation import ApplicationData

from .conftest import D0, aware, person


def _staff(agency, clerk, *, channel, basis, arrived, received):
    return s.application_register(
        agency=agency,
        data=ApplicationData.from_mapping(person()),
        actor=clerk,
        channel=channel,
        arrived_at=aware(arrived),
        received_on=received,
        receipt_basis=basis,
    ).application


# --- in person --------------------------------------------------------------------------------------


def test_in_person_the_receipt_is_the_day_it_was_handed_in(agency_a, clerk_a):
    app = _staff(agency_a, clerk_a, channel="in_person", basis="in_person", arrived=D0, received=D0)
    assert (app.received_on, app.due_date) == (D0, date(2025, 3, 31))
    with pytest.raises(ValidationError, match="以提交当日为收到申请之日"):
        _staff(
            agency_a, clerk_a, channel="in_person", basis="in_person", arrived=D0, received=date(2025, 3, 4)
        )
    with pytest.raises(ValidationError, match="不能早于实际到达日期"):
        _staff(agency_a, clerk_a, channel="oral", basis="in_person", arrived=D0, received=date(2025, 3, 2))


def test_a_receipt_date_never_later_than_the_day_it_is_recorded(agency_a, clerk_a, monkeypatch):
    monkeypatch.setattr("gongkai.applications.services._base.today", lambda: D0)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        _staff(agency_a, clerk_a, channel="post", basis="post_signed", arrived=D0, received=date(2025, 3, 4))


# --- post -------------------------------------------------------------------------------------------


def test_post_counts_from_the_day_signed_for(agency_a, clerk_a):
    app = _staff(
        agency_a, clerk_a, channel="post", basis="post_signed", arrived=D0, received=date(2025, 3, 4)
    )
    assert (app.received_on, app.receipt_basis, app.due_date) == (
        date(2025, 3, 4),
        "post_signed",
        date(2025, 4, 1),
    )
    with pytest.raises(ValidationError, match="签收之日"):
        _staff(agency_a, clerk_a, channel="post", basis="in_person", arrived=D0, received=D0)
    with pytest.raises(ValidationError, match="不能早于实际到达日期"):
        _staff(agency_a, clerk_a, channel="post", basis="post_signed", arrived=D0, received=date(2025, 2, 28))


# --- online -----------------------------------------------------------------------------------------


def test_online_counts_from_confirmation_and_a_lag_is_shown(agency_a, clerk_a, register):
    prompt = s.application_confirm_receipt(
        application=register(agency_a), received_on=date(2025, 3, 4), actor=clerk_a
    )
    assert (prompt.received_on, prompt.receipt_lag_workdays) == (date(2025, 3, 4), 1)
    late = s.application_confirm_receipt(
        application=register(agency_a), received_on=date(2025, 3, 5), actor=clerk_a
    )
    assert (late.received_on, late.receipt_lag_workdays, late.due_date) == (
        date(2025, 3, 5),
        2,
        date(2025, 4, 2),
    )
    lagging = Application.objects.filter(bucket_q("receipt_lag", date(2025, 3, 20), date(2025, 3, 25)))
    assert list(lagging) == [late]


def test_an_unconfirmed_submission_lags_after_one_working_day(agency_a, register):
    register(agency_a, received_on=date(2025, 3, 7))  # Friday
    counts = lambda day: worklist_counts(Application.objects.all(), day, day)["receipt_lag"]  # noqa: E731
    assert counts(date(2025, 3, 10)) == 0  # Monday: 1 working day after
    assert counts(date(2025, 3, 11)) == 1  # Tuesday: 2 working days after


def test_confirmation_never_moves_a_receipt_into_a_published_year(agency_a, clerk_a, register):
    AnnualReport.objects.create(agency=agency_a, year=2025, status="published")
    app = register(agency_a, received_on=date(2025, 12, 30))
    with pytest.raises(ValidationError, match="2025年度报告已经公布"):
        s.application_confirm_receipt(application=app, received_on=date(2025, 12, 31), actor=clerk_a)
    app.refresh_from_db()
    assert (app.status, app.received_on) == ("registered", None)  # nothing saved
    app = s.application_confirm_receipt(application=app, received_on=date(2026, 1, 4), actor=clerk_a)
    assert app.received_on == date(2026, 1, 4)  # 2026-01-04 is a Sunday make-up working day
    with pytest.raises(ValidationError, match="2025年度报告已经公布"):
        _staff(
            agency_a,
            clerk_a,
            channel="post",
            basis="post_signed",
            arrived=date(2025, 12, 29),
            received=date(2025, 12, 30),
        )


# --- correction notices (art. 30) -------------------------------------------------------------------


def test_a_late_correction_notice_is_recorded_and_still_restarts(agency_a, clerk_a, head_a, register):
    app = register(agency_a, clerk_a)  # received 3-03; the notice is due by 3-12
    assert app.correction_notice_due == date(2025, 3, 12)
    on_time = s.application_request_correction(
        application=register(agency_a, clerk_a),
        requested_on=date(2025, 3, 12),
        items="请写明文号",
        actor=clerk_a,
    )
    assert on_time.correction_late is False
    app = s.application_request_correction(
        application=app, requested_on=date(2025, 3, 13), items="请写明文号", actor=clerk_a
    )
    assert app.correction_late is True and app.due_date is None
    assert list(Application.objects.filter(bucket_q("correction_late", D0, D0))) == [app]
    app = s.application_sign_notice(application=app, actor=head_a)  # the clerk's notice goes out
    app = s.application_receive_correction(application=app, received_on=date(2025, 3, 17), actor=clerk_a)
    assert app.due_date == date(2025, 4, 15)  # 20 working days from 3-17 (4-04 清明)
    assert app.correction_late is True  # stays on the record


def test_correction_after_an_extension_only_within_the_seven_days(agency_a, clerk_a, head_a, register):
    app = s.application_extend(
        application=register(agency_a, clerk_a),
        workdays=5,
        reason="档案在外地",
        extended_on=date(2025, 3, 5),
        actor=head_a,
    )
    app = s.application_request_correction(
        application=app, requested_on=date(2025, 3, 12), items="请写明文号", actor=clerk_a
    )
    assert app.status == "awaiting_correction"
    app = s.application_sign_notice(application=app, actor=head_a)
    app = s.application_receive_correction(application=app, received_on=date(2025, 3, 17), actor=clerk_a)
    assert app.due_date == date(2025, 4, 22)  # 20 + the 5 extended working days from 3-17
    other = s.application_extend(
        application=register(agency_a, clerk_a),
        workdays=5,
        reason="档案在外地",
        extended_on=date(2025, 3, 5),
        actor=head_a,
    )
    with pytest.raises(ValidationError, match="已超过补正告知期限"):
        s.application_request_correction(
            application=other, requested_on=date(2025, 3, 13), items="x", actor=clerk_a
        )
    other.refresh_from_db()
    assert other.status == "in_progress"
