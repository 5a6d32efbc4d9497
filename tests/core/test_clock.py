"""The reply clock (Regulation art. 30–33, RULES.md §3 OUR RULE), against tests/fixtures/holidays.csv.

Every expected date is counted by hand from the CSV; the comments show the count.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from gongkai.core.clock import (
    ClockError,
    Event,
    EventType,
    compute_deadline,
    correction_notice_due,
    events_from_dicts,
    fee_deemed_withdrawal_date,
)
from gongkai.core.workdays import InMemoryCalendar

HOLIDAYS_CSV = Path(__file__).resolve().parents[1] / "fixtures" / "holidays.csv"
D = date.fromisoformat


@pytest.fixture(scope="module")
def cal() -> InMemoryCalendar:
    return InMemoryCalendar.from_csv(HOLIDAYS_CSV)


def ev(kind: str, day: str, workdays: int | None = None) -> Event:
    return Event(EventType(kind), D(day), workdays)


def clock(cal, received: str, *events: Event, today: str | None = None, fee_pauses_clock: bool = True):
    return compute_deadline(
        D(received), list(events), cal, today=D(today) if today else None, fee_pauses_clock=fee_pauses_clock
    )


# --- receipt boundaries -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due", "notice_due"),
    [
        # Friday before Qingming: 4-7..4-10 (4), 4-13..17 (9), 4-20..24 (14), 4-27..30 (18),
        # Labour Day 5-1..5-5, 5-6 (19), 5-7 (20); correction notice: 4-7..4-10, 4-13, 4-14, 4-15
        ("2026-04-03", "2026-05-07", "2026-04-15"),
        # Friday before National Day 2025: 9-28 make-up Sunday (1), 9-29 (2), 9-30 (3), 10-1..10-8 off,
        # 10-9 (4), 10-10 (5), 10-11 make-up Saturday (6), 10-13..17 (11), 10-20..24 (16), 10-27..30 (20)
        ("2025-09-26", "2025-10-30", "2025-10-13"),
        # on a make-up Saturday: the day itself never counts; 10-12..16 (5), 19..23, 26..30 (15), 11-2..6 (20)
        ("2026-10-10", "2026-11-06", "2026-10-20"),
        # on a holiday: 10-8 (1), 10-9 (2), 10-10 (3), 10-12..16 (8), 19..23 (13), 26..30 (18), 11-2, 11-3;
        # correction notice: 10-8, 10-9, 10-10, 10-12, 10-13, 10-14, 10-15
        ("2026-10-01", "2026-11-03", "2026-10-15"),
        # on an ordinary Saturday: 11-9..13 (5), 16..20 (10), 23..27 (15), 11-30 (16), 12-1..12-4 (20)
        ("2026-11-07", "2026-12-04", "2026-11-17"),
    ],
)
def test_due_date_for_receipt_boundaries(cal, received, due, notice_due):
    result = clock(cal, received)
    assert result.due == D(due)
    assert result.correction_notice_due == D(notice_due)
    assert (result.provisional, result.paused, result.workdays_left) == (False, False, None)


def test_20th_and_21st_working_day(cal):
    # received Monday 2026-09-28, due Friday 2026-10-30 (the 20th working day)
    on_due = clock(cal, "2026-09-28", today="2026-10-30")
    assert (on_due.due, on_due.workdays_left, on_due.overdue) == (D("2026-10-30"), 0, False)
    day_21 = clock(cal, "2026-09-28", today="2026-11-02")  # Monday, the 21st working day
    assert (day_21.workdays_left, day_21.overdue) == (-1, True)
    saturday_after = clock(cal, "2026-09-28", today="2026-10-31")
    assert (saturday_after.workdays_left, saturday_after.overdue) == (0, True)
    day_before = clock(cal, "2026-09-28", today="2026-10-29")
    assert (day_before.workdays_left, day_before.overdue) == (1, False)
    # 6 working days used by 10-12: 9-29, 9-30, 10-8, 10-9, 10-10, 10-12
    assert clock(cal, "2026-09-28", today="2026-10-12").workdays_left == 14


def test_explanation_names_holidays_and_make_up_days(cal):
    lines = clock(cal, "2026-09-28", today="2026-10-12").explanation
    text = "\n".join(lines)
    assert lines[0].startswith("2026-09-28 收到申请")
    assert "20个工作日" in lines[0] and "2026-10-30" in lines[0]
    assert "国庆节（2026-10-01至10-07）放假" in text
    assert "2026-10-10（星期六）调休上班，计入" in text
    assert "截至 2026-10-12，剩余 14 个工作日" in text


def test_received_event_in_the_list_is_accepted_once(cal):
    assert clock(cal, "2026-09-28", ev("received", "2026-09-28")).due == D("2026-10-30")


# --- correction restarts ------------------------------------------------------------------------


def test_correction_restarts_the_count(cal):
    # received Mon 2026-03-02; without correction: 3-3..6 (4), 9..13 (9), 16..20 (14), 23..27 (19), 3-30
    assert clock(cal, "2026-03-02").due == D("2026-03-30")
    # corrected application on Tue 3-10: 3-11..13 (3), 16..20 (8), 23..27 (13), 3-30, 3-31, 4-1..3 (18),
    # Qingming 4-4..6, 4-7 (19), 4-8 (20)
    result = clock(
        cal, "2026-03-02", ev("correction_requested", "2026-03-05"), ev("correction_received", "2026-03-10")
    )
    assert result.due == D("2026-04-08")
    assert result.count_from == D("2026-03-10")
    assert result.correction_notice_due == D("2026-03-11")  # 7 working days after the receipt
    assert any("重新计算" in line for line in result.explanation)


def test_awaiting_correction_has_no_due_date(cal):
    result = clock(cal, "2026-03-02", ev("correction_requested", "2026-03-05"), today="2026-03-06")
    assert (result.due, result.paused, result.workdays_left) == (None, True, 20)


def test_late_correction_notice_is_pointed_out(cal):
    result = clock(cal, "2026-03-02", ev("correction_requested", "2026-03-12"))
    assert any("晚于补正告知期限 2026-03-11" in line for line in result.explanation)


# --- consultations --------------------------------------------------------------------------------


def test_overlapping_consultations_count_once(cal):
    # received Mon 2026-03-02. Windows (3-4, 3-11] and (3-9, 3-13] -> union (3-4, 3-13]:
    # counted 3-3 (1), 3-4 (2), then 3-16..20 (7), 23..27 (12), 3-30, 3-31 (14), 4-1..3 (17),
    # 4-7 (18), 4-8 (19), 4-9 (20). Counting the overlap twice would give 4-13.
    result = clock(
        cal,
        "2026-03-02",
        ev("consultation_started", "2026-03-04"),
        ev("consultation_started", "2026-03-09"),
        ev("consultation_ended", "2026-03-11"),
        ev("consultation_ended", "2026-03-13"),
        today="2026-03-16",
    )
    assert result.due == D("2026-04-09")
    assert (result.paused, result.workdays_left) == (False, 17)  # 3 counted: 3-3, 3-4, 3-16


def test_open_consultation_pauses_and_reports_days_left(cal):
    result = clock(cal, "2026-03-02", ev("consultation_started", "2026-03-04"), today="2026-03-10")
    assert (result.due, result.paused) == (None, True)
    assert result.workdays_left == 18  # counted so far: 3-3, 3-4
    # the answer is due on the 15th working day after the letter: 3-5, 3-6, 3-9..13, 3-16..20, 3-23..25
    assert any("至 2026-03-25" in line for line in result.explanation)


def test_open_consultation_without_today_is_open(cal):
    result = clock(cal, "2026-03-02", ev("consultation_started", "2026-03-04"))
    assert (result.due, result.paused, result.workdays_left) == (None, True, None)


def test_unanswered_consultation_closes_after_15_working_days(cal):
    # window (3-4, 3-25] holds 15 working days: due 3-30 moves 15 working days: 3-31, 4-1..3 (4),
    # 4-7..10 (8), 4-13..17 (13), 4-20, 4-21 (15)
    result = clock(cal, "2026-03-02", ev("consultation_started", "2026-03-04"), today="2026-03-26")
    assert (result.due, result.paused) == (D("2026-04-21"), False)
    # a late answer does not stretch the window past its 15th working day
    late = clock(
        cal,
        "2026-03-02",
        ev("consultation_started", "2026-03-04"),
        ev("consultation_ended", "2026-03-27"),
        today="2026-03-27",
    )
    assert late.due == D("2026-04-21")


def test_consultation_answered_the_same_day_changes_nothing(cal):
    result = clock(
        cal, "2026-03-02", ev("consultation_started", "2026-03-04"), ev("consultation_ended", "2026-03-04")
    )
    assert result.due == D("2026-03-30")


def test_consultation_started_after_the_due_date_does_not_hide_it(cal):
    result = clock(cal, "2026-03-02", ev("consultation_started", "2026-03-31"), today="2026-04-01")
    assert (result.due, result.paused, result.overdue, result.workdays_left) == (
        D("2026-03-30"),
        False,
        True,
        -1,  # 3-31 counted; 4-1 lies inside the window opened after the due date
    )


# --- extension ------------------------------------------------------------------------------------


def test_extension_on_the_due_date_is_accepted(cal):
    # due 2026-10-30; +10 working days: 11-2..6 (5), 11-9..13 (10)
    result = clock(cal, "2026-09-28", ev("extended", "2026-10-30", 10), today="2026-11-02")
    assert result.due == D("2026-11-13")
    assert (result.period_workdays, result.workdays_left, result.overdue) == (30, 9, False)
    assert any("延长答复期限10个工作日" in line for line in result.explanation)


def test_extension_of_20_days(cal):
    # due 2026-10-30; 11-2..6, 9..13, 16..20, 23..27
    assert clock(cal, "2026-09-28", ev("extended", "2026-10-20", 20)).due == D("2026-11-27")


def test_extension_the_day_after_the_due_date_is_refused(cal):
    with pytest.raises(ClockError) as info:
        clock(cal, "2026-09-28", ev("extended", "2026-10-31", 10))
    assert info.value.code == "extension_after_due"
    assert "2026-10-30" in str(info.value) and "after the current due date" in str(info.value)


def test_extension_during_an_open_consultation_is_accepted(cal):
    # window (3-4, 3-11]: 3-5, 3-6, 3-9, 3-10, 3-11 not counted -> due 3-30 + 5 = 4-7 (3-31, 4-1..3, 4-7);
    # +5 more: 4-8, 4-9, 4-10, 4-13, 4-14
    result = clock(
        cal,
        "2026-03-02",
        ev("consultation_started", "2026-03-04"),
        ev("extended", "2026-03-06", 5),
        ev("consultation_ended", "2026-03-11"),
    )
    assert result.due == D("2026-04-14")


# --- fee window -----------------------------------------------------------------------------------


def test_fee_window_pauses_when_configured(cal):
    events = (ev("fee_notified", "2026-03-04"), ev("fee_paid", "2026-03-09"))
    # (3-4, 3-9] holds 3-5, 3-6, 3-9: due 3-30 + 3 working days = 4-2
    assert clock(cal, "2026-03-02", *events).due == D("2026-04-02")
    assert clock(cal, "2026-03-02", *events, fee_pauses_clock=False).due == D("2026-03-30")


def test_unpaid_fee_pauses_and_lapses_20_working_days_after_the_notice_is_received(cal):
    # Sent 3-04, received 3-06 (Fri): 3-09..13 (5), 16..20 (10), 23..27 (15), 3-30..4-03 (20).
    sent = ev("fee_notified", "2026-03-04")
    got = ev("fee_notice_received", "2026-03-06")
    not_delivered = clock(cal, "2026-03-02", sent, today="2026-03-05")
    assert (not_delivered.due, not_delivered.paused, not_delivered.fee_withdrawal_date) == (None, True, None)
    assert any("尚未送达" in line for line in not_delivered.explanation)
    result = clock(cal, "2026-03-02", sent, got, today="2026-03-10")
    assert (result.due, result.paused, result.fee_withdrawal_date) == (None, True, D("2026-04-03"))
    assert result.as_json()["fee_lapse_date"] == "2026-04-03"
    assert fee_deemed_withdrawal_date(cal, D("2026-03-06")).day == D("2026-04-03")
    # Received 4-03 (Fri) before 清明 Monday: 4-07..10 (4), 13..17 (9), 20..24 (14), 27..30 (18),
    # 劳动节 5-01..05 skipped, 5-06 (19), 5-07 (20).
    assert fee_deemed_withdrawal_date(cal, D("2026-04-03")).day == D("2026-05-07")
    on_the_day = clock(cal, "2026-03-02", sent, got, today="2026-04-03")
    assert not any("视为放弃申请。" in line and "未缴费" in line for line in on_the_day.explanation[-2:])
    late = clock(cal, "2026-03-02", sent, got, today="2026-04-07")
    assert any("未缴费，视为放弃申请" in line for line in late.explanation)
    assert not any("撤回" in line for line in late.explanation)
    not_paused = clock(cal, "2026-03-02", sent, got, fee_pauses_clock=False)
    assert (not_paused.due, not_paused.paused) == (D("2026-03-30"), False)


def test_fee_notice_received_needs_an_undelivered_notice(cal):
    for events in (
        [ev("fee_notice_received", "2026-03-06")],
        [
            ev("fee_notified", "2026-03-04"),
            ev("fee_notice_received", "2026-03-05"),
            ev("fee_notice_received", "2026-03-06"),
        ],
    ):
        with pytest.raises(ClockError) as info:
            clock(cal, "2026-03-02", *events)
        assert info.value.code == "fee_notice_not_pending"


# --- provisional ----------------------------------------------------------------------------------


def test_deadline_crossing_into_2027_is_provisional(cal):
    # 12-21..25 (5), 12-28..31 (9), 2027-01-01 Fri counts under weekends-only (10), 1-4..8, 1-11..15 (20)
    result = clock(cal, "2026-12-20", today="2026-12-21")
    assert (result.due, result.provisional) == (D("2027-01-15"), True)
    assert result.workdays_left == 19
    assert any("2027年的节假日安排尚未载入" in line for line in result.explanation)
    assert clock(cal, "2026-11-02").provisional is False  # due 2026-11-30 stays in a loaded year


# --- refused sequences ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("events", "code"),
    [
        ([ev("extended", "2026-10-20", 5), ev("extended", "2026-10-21", 5)], "second_extension"),
        ([ev("extended", "2026-10-31", 5)], "extension_after_due"),
        ([ev("consultation_started", "2026-09-27")], "event_before_receipt"),
        ([ev("consultation_ended", "2026-10-09")], "consultation_not_started"),
        (
            [
                ev("consultation_started", "2026-10-09"),
                ev("consultation_ended", "2026-10-12"),
                ev("consultation_ended", "2026-10-13"),
            ],
            "consultation_not_started",
        ),
        ([ev("fee_paid", "2026-10-09")], "fee_not_notified"),
        ([ev("correction_received", "2026-10-09")], "correction_not_requested"),
        ([ev("received", "2026-09-28"), ev("received", "2026-09-28")], "duplicate_received"),
        ([ev("received", "2026-09-29")], "duplicate_received"),
        (
            [ev("correction_requested", "2026-09-29"), ev("correction_requested", "2026-09-30")],
            "correction_already_requested",
        ),
        (
            [ev("correction_requested", "2026-09-29"), ev("extended", "2026-09-30", 5)],
            "extension_without_due",
        ),
        ([ev("fee_notified", "2026-09-29"), ev("fee_notified", "2026-09-30")], "fee_already_notified"),
    ],
)
def test_impossible_sequences_are_refused(cal, events, code):
    with pytest.raises(ClockError) as info:
        compute_deadline(D("2026-09-28"), events, cal)
    assert info.value.code == code
    assert info.value.message_zh and info.value.message_en
    assert " / " in str(info.value)


@pytest.mark.parametrize("workdays", [0, 21, None, -3, 2.5, True])
def test_extension_workdays_must_be_1_to_20(workdays):
    with pytest.raises(ClockError) as info:
        Event(EventType.EXTENDED, D("2026-10-09"), workdays)
    assert info.value.code == "extension_workdays"


def test_unknown_type_and_stray_workdays_are_refused():
    with pytest.raises(ClockError) as info:
        Event("appeal_lodged", D("2026-10-09"))  # type: ignore[arg-type]
    assert info.value.code == "unknown_type"
    with pytest.raises(ClockError) as info:
        events_from_dicts([{"type": "fee_paid", "date": "2026-10-09", "workdays": 3}])
    assert info.value.code == "workdays_not_allowed"


def test_event_after_today_and_today_before_receipt_are_refused(cal):
    with pytest.raises(ClockError) as info:
        clock(cal, "2026-09-28", ev("fee_notified", "2026-10-09"), today="2026-10-08")
    assert info.value.code == "event_after_today"
    with pytest.raises(ClockError) as info:
        clock(cal, "2026-09-28", today="2026-09-27")
    assert info.value.code == "today_before_receipt"


def test_events_from_dicts():
    events = events_from_dicts(
        [
            {"type": "extended", "date": "2026-10-20", "workdays": 5},
            {"type": "fee_notified", "date": "2026-10-21"},
        ]
    )
    assert events == [ev("extended", "2026-10-20", 5), ev("fee_notified", "2026-10-21")]
    for bad, code in [
        ([{"type": "nope", "date": "2026-10-20"}], "unknown_type"),
        ([{"type": "fee_paid", "date": "2026-02-30"}], "bad_date"),
        ([{"type": "fee_paid"}], "bad_event"),
        ([{"type": "fee_paid", "date": "2026-10-20", "why": 1}], "bad_event"),
        (["fee_paid"], "bad_event"),
    ]:
        with pytest.raises(ClockError) as info:
            events_from_dicts(bad)
        assert info.value.code == code


def test_events_are_taken_in_date_order(cal):
    shuffled = [ev("consultation_ended", "2026-03-13"), ev("consultation_started", "2026-03-09")]
    # window (3-9, 3-13]: 3-10..3-13 (4 days) -> due 3-30 + 4: 3-31, 4-1, 4-2, 4-3
    assert compute_deadline(D("2026-03-02"), shuffled, cal).due == D("2026-04-03")


def test_json_shape(cal):
    data = clock(cal, "2026-09-28", today="2026-10-12").as_json()
    assert set(data) == {
        "due",
        "provisional",
        "paused",
        "workdays_left",
        "correction_notice_due",
        "fee_lapse_date",
        "explanation",
    }
    assert data["due"] == "2026-10-30" and data["correction_notice_due"] == "2026-10-13"


def test_correction_notice_due_helper(cal):
    # 2026-09-28: 9-29, 9-30, 10-8, 10-9, 10-10, 10-12, 10-13
    assert correction_notice_due(cal, D("2026-09-28")).day == D("2026-10-13")
