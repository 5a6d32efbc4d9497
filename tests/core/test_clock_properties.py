"""Properties of the reply clock (RULES.md §3 OUR RULE) over many generated histories.

The example tests in ``test_clock.py`` pin dates counted by hand; these state what must hold for
every receipt date and event history on the real 2023–2026 calendar.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.clock import REPLY_WORKDAYS, ClockResult, Event, EventType, compute_deadline
from gongkai.core.workdays import InMemoryCalendar, nth_working_day_after, working_days_between

CAL = InMemoryCalendar.from_csv(Path(__file__).resolve().parents[1] / "fixtures" / "holidays.csv")
PROPERTY = settings(max_examples=60, deadline=None)

received_days = st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 6, 30))
offsets = st.integers(min_value=0, max_value=40)


def without_text(result: ClockResult) -> ClockResult:
    return dataclasses.replace(result, explanation=())


def due_of(received: date, *events: Event, today: date | None = None) -> date | None:
    return compute_deadline(received, list(events), CAL, today=today).due


@PROPERTY
@given(
    received=received_days, start=offsets, length=st.integers(min_value=0, max_value=30), fee=st.booleans()
)
def test_a_pause_never_makes_the_due_date_earlier(received, start, length, fee):
    opened = received + timedelta(days=start)
    closed = opened + timedelta(days=length)
    kinds = (
        (EventType.FEE_NOTIFIED, EventType.FEE_PAID)
        if fee
        else (EventType.CONSULTATION_STARTED, EventType.CONSULTATION_ENDED)
    )
    plain = due_of(received)
    paused = due_of(received, Event(kinds[0], opened), Event(kinds[1], closed))
    assert paused is not None
    assert paused >= plain


@PROPERTY
@given(
    received=received_days,
    n=st.integers(min_value=1, max_value=20),
    before=st.integers(min_value=0, max_value=40),
)
def test_an_extension_of_n_adds_exactly_n_counted_working_days(received, n, before):
    due = due_of(received)
    granted = max(received, due - timedelta(days=before))
    extended = due_of(received, Event(EventType.EXTENDED, granted, n))
    assert extended == nth_working_day_after(CAL, due, n).day
    assert working_days_between(CAL, due, extended).days == n


@PROPERTY
@given(received=received_days, asked=st.integers(min_value=0, max_value=10), answered=offsets)
def test_a_correction_restarts_the_count_from_the_day_it_arrives(received, asked, answered):
    requested = received + timedelta(days=asked)
    arrived = requested + timedelta(days=answered)
    result = compute_deadline(
        received,
        [Event(EventType.CORRECTION_REQUESTED, requested), Event(EventType.CORRECTION_RECEIVED, arrived)],
        CAL,
    )
    assert result.count_from == arrived
    assert result.due == nth_working_day_after(CAL, arrived, REPLY_WORKDAYS).day
    # Whatever happened before the correction arrived, the same arrival gives the same due date.
    assert result.due == due_of(
        arrived - timedelta(days=1),
        Event(EventType.CORRECTION_REQUESTED, arrived - timedelta(days=1)),
        Event(EventType.CORRECTION_RECEIVED, arrived),
    )


@PROPERTY
@given(
    received=received_days,
    consultation=st.tuples(offsets, st.integers(min_value=0, max_value=25)),
    fee=st.tuples(offsets, st.integers(min_value=0, max_value=25)),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_the_order_events_are_given_in_does_not_matter_across_days(received, consultation, fee, seed):
    c_open = received + timedelta(days=consultation[0])
    f_open = received + timedelta(days=fee[0])
    events = [
        Event(EventType.CONSULTATION_STARTED, c_open),
        Event(EventType.CONSULTATION_ENDED, c_open + timedelta(days=consultation[1])),
        Event(EventType.FEE_NOTIFIED, f_open),
        Event(EventType.FEE_PAID, f_open + timedelta(days=fee[1])),
    ]
    shuffled = events[:]
    random.Random(seed).shuffle(shuffled)
    # Within one day the given order is kept: keep each window's start before its end.
    shuffled.sort(key=lambda e: (e.date, e.type in (EventType.CONSULTATION_ENDED, EventType.FEE_PAID)))
    # Same-day lines of the explanation follow the given order; everything computed is equal.
    assert without_text(compute_deadline(received, shuffled, CAL)) == without_text(
        compute_deadline(received, events, CAL)
    )


@PROPERTY
@given(received=received_days, day=offsets, n=st.integers(min_value=1, max_value=20))
def test_windows_and_an_extension_opened_on_the_same_day_commute(received, day, n):
    when = received + timedelta(days=day)
    if when > due_of(received):
        when = received
    same_day = [
        Event(EventType.CONSULTATION_STARTED, when),
        Event(EventType.FEE_NOTIFIED, when),
        Event(EventType.EXTENDED, when, n),
    ]
    later = when + timedelta(days=10)
    closing = [Event(EventType.CONSULTATION_ENDED, later), Event(EventType.FEE_PAID, later)]
    first = compute_deadline(received, [*same_day, *closing], CAL)
    for order in ([2, 1, 0], [1, 2, 0], [0, 2, 1]):
        other = compute_deadline(received, [*(same_day[i] for i in order), *closing], CAL)
        assert (other.due, other.paused, other.period_workdays) == (
            first.due,
            first.paused,
            first.period_workdays,
        )
