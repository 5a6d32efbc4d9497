"""The reply clock of an application: a fold over its events (Regulation art. 30–33, RULES.md §3).

``compute_deadline(received, events, calendar, today=..., fee_pauses_clock=...)`` is a pure
function: from the receipt date and the typed events it computes the reply due date and an
explanation in Chinese that a clerk can read out. It implements RULES.md §3 **OUR RULE (the
clock)**, in one place:

* due = the 20th *counted* working day strictly after the receipt date (RULES.md §1 OUR RULE:
  the event day never counts; Regulation art. 33);
* a working day inside a consultation window is not counted — the window runs from the day
  after the letter is sent up to and including the day the answer arrives or its 15th working
  day, whichever is first (Regulation art. 32–34); overlapping windows count once;
* ``correction_received`` on day C restarts the count from C (Regulation art. 30: a restart, not
  a pause); while a correction is awaited there is no due date (``paused``). A notice later than
  7 working days after receipt still restarts the count but is marked late (RULES.md §3 OUR
  RULE: late correction notices); a notice after an extension is allowed only within the 7 days
  (the extension then stays and is added to the restarted period);
* one extension of N ≤ 20 working days, dated on or before the current due date, adds N counted
  working days after it (Regulation art. 33 para. 2);
* the fee window (``fee_notified`` .. ``fee_paid``) is not counted, like a consultation, when
  ``fee_pauses_clock`` (RULES.md §4: the rule, default on; switchable per deployment);
* the payment period is 20 working days counted from the day after the applicant *received* the
  fee notice (``fee_notice_received``); a notice sent but not yet received starts nothing, so
  there is no lapse date until it arrives. Unpaid by then = 视为放弃申请 (RULES.md §4);
* while a consultation or fee window that began before the due date is still open, there is no
  due date, only the working days remaining (``paused``). An open consultation closes by itself
  on its 15th working day.

``workdays_left`` is, as of ``today``, the reply period (20 + extension) minus the counted working
days after the count start up to and including ``today``: 0 on the due date itself, −1 on the next
counted working day, more negative as the overdue period grows. While awaiting a correction it is
the full period that restarts when the correction arrives. It is ``None`` when ``today`` is not
given. Use ``overdue`` (``today > due``), not the sign of ``workdays_left``, to flag lateness:
on a weekend just after the due date ``workdays_left`` is still 0.

Impossible sequences raise :class:`ClockError`, whose ``code`` names the case and whose message
is in Chinese and English.

This module imports nothing from Django.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, Literal

from gongkai.core.workdays import (
    WEEKDAY_NAMES,
    Calendar,
    DayKind,
    DayResult,
    nth_working_day_after,
    overrides_between,
    working_days_between,
)

__all__ = [
    "CONSULTATION_WORKDAYS",
    "CORRECTION_NOTICE_WORKDAYS",
    "FEE_PAYMENT_WORKDAYS",
    "MAX_EXTENSION_WORKDAYS",
    "REPLY_WORKDAYS",
    "ClockError",
    "ClockResult",
    "Event",
    "EventType",
    "compute_deadline",
    "correction_notice_due",
    "events_from_dicts",
    "fee_deemed_withdrawal_date",
    "parse_iso_date",
]

REPLY_WORKDAYS = 20  # Regulation art. 33 para. 2
MAX_EXTENSION_WORKDAYS = 20  # Regulation art. 33 para. 2
CONSULTATION_WORKDAYS = 15  # Regulation art. 32, 34
CORRECTION_NOTICE_WORKDAYS = 7  # Regulation art. 30
FEE_PAYMENT_WORKDAYS = 20  # RULES.md §4, provincial implementing notices


class EventType(StrEnum):
    """The events the clock folds over (RULES.md §3)."""

    RECEIVED = "received"
    CORRECTION_REQUESTED = "correction_requested"
    CORRECTION_RECEIVED = "correction_received"
    CONSULTATION_STARTED = "consultation_started"
    CONSULTATION_ENDED = "consultation_ended"
    EXTENDED = "extended"
    FEE_NOTIFIED = "fee_notified"
    FEE_NOTICE_RECEIVED = "fee_notice_received"
    FEE_PAID = "fee_paid"


class ClockError(ValueError):
    """An impossible event sequence; ``code`` names the case, the message is Chinese + English."""

    def __init__(self, code: str, zh: str, en: str) -> None:
        self.code = code
        self.message_zh = zh
        self.message_en = en
        super().__init__(f"{zh} / {en}")


@dataclass(frozen=True, slots=True)
class Event:
    """One dated event of an application; ``workdays`` only for ``extended`` (1–20)."""

    type: EventType
    date: date
    workdays: int | None = None

    def __post_init__(self) -> None:
        """Refuse an unknown type and a malformed date or ``workdays`` at construction."""
        if not isinstance(self.type, EventType):
            try:
                object.__setattr__(self, "type", EventType(self.type))
            except ValueError:
                allowed = "、".join(t.value for t in EventType)
                raise ClockError(
                    "unknown_type",
                    f"未知的事件类型“{self.type}”，应为：{allowed}",
                    f"unknown event type {self.type!r}",
                ) from None
        if not isinstance(self.date, date) or isinstance(self.date, datetime):
            raise ClockError("bad_event", f"事件日期无效：{self.date!r}", f"bad event date {self.date!r}")
        if self.type == EventType.EXTENDED:
            n = self.workdays
            if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_EXTENSION_WORKDAYS:
                raise ClockError(
                    "extension_workdays",
                    f"延长的工作日数必须是1至20之间的整数，实际为 {n!r}（条例第三十三条第二款）",
                    f"an extension must be 1–20 working days, got {n!r}",
                )
        elif self.workdays is not None:
            raise ClockError(
                "workdays_not_allowed",
                f"只有延长（extended）事件可以填写工作日数，{self.type.value} 不可以",
                f"workdays is only allowed on 'extended' events, not on {self.type.value!r}",
            )


def parse_iso_date(value: Any, what: str = "") -> date:
    """Return ``value`` as a date, accepting a date or an ISO ``YYYY-MM-DD`` string; else ClockError."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ClockError(
        "bad_date", f"{what}日期“{value}”无效，应为 YYYY-MM-DD", f"bad {what or 'event'} date {value!r}"
    )


def events_from_dicts(items: Iterable[Mapping[str, Any]]) -> list[Event]:
    """Build events from ``{"type": ..., "date": "YYYY-MM-DD", "workdays": n}`` mappings."""
    events: list[Event] = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            raise ClockError("bad_event", f"第{index}个事件不是对象", f"event #{index} is not an object")
        unknown = set(item) - {"type", "date", "workdays"}
        if unknown:
            names = ", ".join(sorted(map(str, unknown)))
            raise ClockError(
                "bad_event", f"第{index}个事件含未知字段：{names}", f"event #{index}: unknown keys {names}"
            )
        if "type" not in item or "date" not in item:
            raise ClockError(
                "bad_event",
                f"第{index}个事件缺少 type 或 date",
                f"event #{index}: type and date are required",
            )
        events.append(
            Event(
                type=item["type"],
                date=parse_iso_date(item["date"], f"第{index}个事件的"),
                workdays=item.get("workdays"),
            )
        )
    return events


# --------------------------------------------------------------------------------------------
# The result


@dataclass(frozen=True, slots=True)
class ClockResult:
    """The reply clock as of ``today`` (see the module docstring for each convention)."""

    received: date
    count_from: date  # the receipt date, or the day the corrected application arrived
    due: date | None
    provisional: bool
    paused: bool
    overdue: bool
    workdays_left: int | None
    period_workdays: int  # 20, plus the extension
    correction_notice_due: date
    fee_withdrawal_date: date | None  # the fee lapse date: unpaid after it = 视为放弃申请
    explanation: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        """Return the JSON shape printed by ``gongkai deadline``."""
        return {
            "due": self.due.isoformat() if self.due else None,
            "provisional": self.provisional,
            "paused": self.paused,
            "workdays_left": self.workdays_left,
            "correction_notice_due": self.correction_notice_due.isoformat(),
            "fee_lapse_date": self.fee_withdrawal_date.isoformat() if self.fee_withdrawal_date else None,
            "explanation": list(self.explanation),
        }


# --------------------------------------------------------------------------------------------
# Small public helpers


def correction_notice_due(calendar: Calendar, received: date) -> DayResult:
    """Return the last day to ask for a correction: 7 working days after receipt (art. 30)."""
    return nth_working_day_after(calendar, received, CORRECTION_NOTICE_WORKDAYS)


def fee_deemed_withdrawal_date(calendar: Calendar, notice_received: date) -> DayResult:
    """Return the last day to pay: the 20th working day after the notice was received (RULES.md §4).

    The count starts the day after receipt; unpaid after the returned day = 视为放弃申请.
    """
    return nth_working_day_after(calendar, notice_received, FEE_PAYMENT_WORKDAYS)


# --------------------------------------------------------------------------------------------
# The fold


@dataclass(frozen=True, slots=True)
class _Window:
    """A pause window: days ``opened < d <= end`` are not counted (RULES.md §3 OUR RULE)."""

    kind: Literal["consultation", "fee"]
    opened: date
    limit: date | None  # consultation: its 15th working day; fee: None
    closed: date | None = None  # the answer / payment, when recorded
    received: date | None = None  # fee: the day the applicant received the notice

    def end(self, as_of: date | None) -> date | None:
        """Return the last paused day, or None while the window is still open as of ``as_of``."""
        if self.closed is not None:
            return min(self.closed, self.limit) if self.limit else self.closed
        if self.limit is not None and as_of is not None and as_of > self.limit:
            return self.limit  # 15 working days ran out without an answer
        return None


@dataclass(frozen=True, slots=True)
class _State:
    received: date
    start: date
    provisional: bool
    awaiting_correction: bool = False
    correction_done: bool = False
    windows: tuple[_Window, ...] = ()
    extension: int = 0
    receipt_events: int = 0
    lines: tuple[str, ...] = field(default=())

    def add(self, **changes: Any) -> _State:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, slots=True)
class _Timing:
    due: date | None
    paused: bool
    provisional: bool
    skip: frozenset[date]
    open_windows: tuple[_Window, ...]  # open windows that began before the due date: they block it
    all_open: tuple[_Window, ...] = ()  # every open window, for the days counted up to today


def _span(opened: date, end: date) -> set[date]:
    days: set[date] = set()
    day = opened + timedelta(days=1)
    while day <= end:
        days.add(day)
        day += timedelta(days=1)
    return days


def _timing(state: _State, calendar: Calendar, as_of: date | None, fee_pauses_clock: bool) -> _Timing:
    """Compute the due date implied by ``state`` as seen on ``as_of`` (RULES.md §3 OUR RULE)."""
    if state.awaiting_correction:
        return _Timing(None, True, False, frozenset(), ())
    skip: set[date] = set()
    open_windows: list[_Window] = []
    for window in state.windows:
        if window.kind == "fee" and not fee_pauses_clock:
            continue
        end = window.end(as_of)
        if end is None:
            open_windows.append(window)
        else:
            skip |= _span(window.opened, end)  # a set: overlapping windows count once
    period = REPLY_WORKDAYS + state.extension
    result = nth_working_day_after(calendar, state.start, period, skip=skip)
    blocking = tuple(w for w in open_windows if w.opened < result.day)
    if blocking:
        return _Timing(None, True, result.provisional, frozenset(skip), blocking, tuple(open_windows))
    return _Timing(result.day, False, result.provisional, frozenset(skip), (), tuple(open_windows))


def _d(day: date) -> str:
    return day.isoformat()


def _dw(day: date) -> str:
    return f"{day.isoformat()}（{WEEKDAY_NAMES[day.weekday()]}）"


def _step(state: _State, event: Event, calendar: Calendar, fee_pauses_clock: bool) -> _State:
    """Apply one event to the clock state, refusing impossible sequences."""
    kind = event.type
    when = event.date
    if kind == EventType.RECEIVED:
        if state.receipt_events or when != state.received:
            raise ClockError(
                "duplicate_received",
                f"重复的收到申请事件（{_d(when)}）：申请已于 {_d(state.received)} 收到",
                f"duplicate 'received' event on {_d(when)}; the application was received on {_d(state.received)}",
            )
        return state.add(receipt_events=1)

    if kind == EventType.CORRECTION_REQUESTED:
        if state.awaiting_correction or state.correction_done:
            raise ClockError(
                "correction_already_requested",
                f"{_d(when)} 再次要求补正：补正应一次性告知（条例第三十条）",
                f"a second correction request on {_d(when)}: a correction is requested once (art. 30)",
            )
        notice_due = correction_notice_due(calendar, state.received)
        if state.extension and when > notice_due.day:
            raise ClockError(
                "correction_after_extension",
                f"{_d(when)} 要求补正：答复期限已经延长，且已超过补正告知期限 {_d(notice_due.day)}（条例第三十条）",
                f"correction requested on {_d(when)} after an extension and after the 7 working days",
            )
        line = f"{_d(when)} 发出补正通知；等待补正期间没有答复期限。"
        if when > notice_due.day:
            line += (
                f"（注意：晚于补正告知期限 {_d(notice_due.day)}，记为逾期告知；"
                "答复期限仍自收到补正后的申请之日起重新计算）"
            )
        return state.add(awaiting_correction=True, lines=(*state.lines, line))

    if kind == EventType.CORRECTION_RECEIVED:
        if not state.awaiting_correction:
            raise ClockError(
                "correction_not_requested",
                f"{_d(when)} 收到补正材料，但此前没有发出补正通知",
                f"correction received on {_d(when)} without a correction request",
            )
        line = (
            f"{_d(when)} 收到补正后的申请，答复期限自该日起重新计算{REPLY_WORKDAYS}个工作日（条例第三十条）。"
        )
        return state.add(
            awaiting_correction=False, correction_done=True, start=when, lines=(*state.lines, line)
        )

    if kind == EventType.CONSULTATION_STARTED:
        limit = nth_working_day_after(calendar, when, CONSULTATION_WORKDAYS)
        line = (
            f"{_d(when)} 发出征求意见函；应在{CONSULTATION_WORKDAYS}个工作日内（至 {_d(limit.day)}）答复，"
            "征求意见所需时间不计入答复期限（条例第三十二条至第三十四条）。"
        )
        window = _Window("consultation", when, limit.day)
        return state.add(
            windows=(*state.windows, window),
            provisional=state.provisional or limit.provisional,
            lines=(*state.lines, line),
        )

    if kind == EventType.CONSULTATION_ENDED:
        index = next(
            (i for i, w in enumerate(state.windows) if w.kind == "consultation" and w.closed is None), None
        )
        if index is None:
            raise ClockError(
                "consultation_not_started",
                f"{_d(when)} 征求意见结束，但没有尚未结束的征求意见",
                f"consultation ended on {_d(when)} with no open consultation",
            )
        window = state.windows[index]
        line = f"{_d(when)} 收到 {_d(window.opened)} 所发征求意见的答复"
        if window.limit and when > window.limit:
            line += f"（已超过{CONSULTATION_WORKDAYS}个工作日，征求意见期间只计至 {_d(window.limit)}）"
        windows = list(state.windows)
        windows[index] = dataclasses.replace(window, closed=when)
        return state.add(windows=tuple(windows), lines=(*state.lines, line + "。"))

    if kind == EventType.EXTENDED:
        if state.extension:
            raise ClockError(
                "second_extension",
                f"{_d(when)} 再次延期：答复期限只能延长一次（条例第三十三条第二款）",
                f"a second extension on {_d(when)}: the reply period may be extended once (art. 33)",
            )
        if state.awaiting_correction:
            raise ClockError(
                "extension_without_due",
                f"{_d(when)} 延期：正在等待补正，尚无答复期限可以延长",
                f"extension on {_d(when)} while awaiting a correction: there is no reply period to extend",
            )
        timing = _timing(state, calendar, when, fee_pauses_clock)
        if timing.due is not None and when > timing.due:
            raise ClockError(
                "extension_after_due",
                f"延期日期 {_d(when)} 晚于当前答复期限 {_d(timing.due)}：延期应在期限届满前批准（条例第三十三条）",
                f"extension dated {_d(when)} is after the current due date {_d(timing.due)}",
            )
        assert event.workdays is not None  # checked by Event
        old = f"原答复期限 {_d(timing.due)}" if timing.due else "原答复期限因征求意见或收费暂停"
        line = (
            f"{_d(when)} 经政府信息公开工作机构负责人同意，延长答复期限{event.workdays}个工作日"
            f"（条例第三十三条第二款）；{old}，延长的工作日自原期限之后起算。"
        )
        return state.add(
            extension=event.workdays,
            provisional=state.provisional or timing.provisional,
            lines=(*state.lines, line),
        )

    if kind == EventType.FEE_NOTIFIED:
        if any(w.kind == "fee" and w.closed is None for w in state.windows):
            raise ClockError(
                "fee_already_notified",
                f"{_d(when)} 再次发出收费通知，但上一份收费通知尚未缴费",
                f"fee notified on {_d(when)} while an earlier fee notice is unpaid",
            )
        line = (
            f"{_d(when)} 发出收费通知；缴费期限为申请人收到通知之日的次日起{FEE_PAYMENT_WORKDAYS}个工作日，"
            "逾期未缴费的视为放弃申请。"
        )
        if fee_pauses_clock:
            line += "自发出收费通知至缴费之日的期间不计入答复期限（RULES.md §4）。"
        else:
            line += "本平台设置为收费期间照常计算答复期限。"
        window = _Window("fee", when, None)
        return state.add(windows=(*state.windows, window), lines=(*state.lines, line))

    if kind == EventType.FEE_NOTICE_RECEIVED:
        index = next((i for i, w in enumerate(state.windows) if w.kind == "fee" and w.closed is None), None)
        if index is None or state.windows[index].received is not None:
            raise ClockError(
                "fee_notice_not_pending",
                f"{_d(when)} 申请人收到收费通知，但没有尚未送达的收费通知",
                f"fee notice received on {_d(when)} without an undelivered fee notice",
            )
        window = state.windows[index]
        if when < window.opened:
            raise ClockError(
                "fee_notice_received_early",
                f"收到收费通知日期 {_d(when)} 早于发出日期 {_d(window.opened)}",
                f"fee notice received on {_d(when)} before it was sent on {_d(window.opened)}",
            )
        deadline = fee_deemed_withdrawal_date(calendar, when)
        windows = list(state.windows)
        windows[index] = dataclasses.replace(window, received=when)
        line = (
            f"{_d(when)} 申请人收到收费通知；应在次日起{FEE_PAYMENT_WORKDAYS}个工作日内、"
            f"即 {_d(deadline.day)} 前缴费，逾期未缴费的视为放弃申请（RULES.md §4）。"
        )
        return state.add(
            windows=tuple(windows),
            provisional=state.provisional or deadline.provisional,
            lines=(*state.lines, line),
        )

    if kind == EventType.FEE_PAID:
        index = next((i for i, w in enumerate(state.windows) if w.kind == "fee" and w.closed is None), None)
        if index is None:
            raise ClockError(
                "fee_not_notified",
                f"{_d(when)} 缴费，但没有未缴的收费通知",
                f"fee paid on {_d(when)} without an unpaid fee notice",
            )
        windows = list(state.windows)
        windows[index] = dataclasses.replace(windows[index], closed=when)
        return state.add(windows=tuple(windows), lines=(*state.lines, f"{_d(when)} 缴纳信息处理费。"))

    raise ClockError(
        "unknown_type", f"未知的事件类型“{kind}”", f"unknown event type {kind!r}"
    )  # pragma: no cover


def _holiday_lines(calendar: Calendar, start: date, end: date) -> list[str]:
    """Name the holidays skipped and make-up working days counted in ``start < d <= end``."""
    holidays: list[tuple[str, date, date]] = []
    makeups: list[date] = []
    for day, override in overrides_between(calendar, start, end):
        if override.kind == DayKind.HOLIDAY:
            if holidays and holidays[-1][0] == override.name and (day - holidays[-1][2]).days == 1:
                name, first, _ = holidays[-1]
                holidays[-1] = (name, first, day)
            else:
                holidays.append((override.name, day, day))
        else:
            makeups.append(day)
    parts: list[str] = []
    if holidays:
        spans = "、".join(
            f"{name}（{_d(first)}）" if first == last else f"{name}（{_d(first)}至{last.strftime('%m-%d')}）"
            for name, first, last in holidays
        )
        parts.append(f"其间{spans}放假，不计入")
    if makeups:
        parts.append("、".join(_dw(d) for d in makeups) + "调休上班，计入")
    return ["；".join(parts) + "。"] if parts else []


def _unloaded_years(calendar: Calendar, start: date, end: date) -> list[int]:
    return [y for y in range(start.year, end.year + 1) if not calendar.is_loaded(y)]


def compute_deadline(
    received: date,
    events: Sequence[Event],
    calendar: Calendar,
    *,
    today: date | None = None,
    fee_pauses_clock: bool = True,
) -> ClockResult:
    """Fold the events of one application into its reply clock (RULES.md §3 OUR RULE).

    Events are taken in date order; events of the same date keep the order given. A ``received``
    event in ``events`` is accepted once if it repeats the receipt date. Raise
    :class:`ClockError` for an impossible sequence, an event before receipt, or an event after
    ``today``.
    """
    received = parse_iso_date(received, "收到申请")
    if today is not None:
        today = parse_iso_date(today, "今天")
        if today < received:
            raise ClockError(
                "today_before_receipt",
                f"今天（{_d(today)}）早于收到申请日期 {_d(received)}",
                f"today ({_d(today)}) is before the receipt date {_d(received)}",
            )
    ordered = sorted(events, key=lambda e: e.date)
    for event in ordered:
        if not isinstance(event, Event):
            raise ClockError("bad_event", f"不是事件：{event!r}", f"not an Event: {event!r}")
        if event.date < received:
            raise ClockError(
                "event_before_receipt",
                f"{event.type.value} 事件日期 {_d(event.date)} 早于收到申请日期 {_d(received)}",
                f"{event.type.value} on {_d(event.date)} is before the receipt date {_d(received)}",
            )
        if today is not None and event.date > today:
            raise ClockError(
                "event_after_today",
                f"{event.type.value} 事件日期 {_d(event.date)} 晚于今天 {_d(today)}",
                f"{event.type.value} on {_d(event.date)} is after today ({_d(today)})",
            )

    notice_due = correction_notice_due(calendar, received)
    base_due = nth_working_day_after(calendar, received, REPLY_WORKDAYS)
    first = (
        f"{_d(received)} 收到申请（条例第三十一条）；法定答复期限为收到申请之日起{REPLY_WORKDAYS}个工作日"
        f"（条例第三十三条），不计其他情形时即 {_dw(base_due.day)}。"
    )
    state = _State(
        received=received,
        start=received,
        provisional=notice_due.provisional or base_due.provisional,
        lines=(
            first,
            f"如需补正，应在收到申请之日起{CORRECTION_NOTICE_WORKDAYS}个工作日内一次性告知，即 {_d(notice_due.day)} 前（条例第三十条）。",
        ),
    )
    for event in ordered:
        state = _step(state, event, calendar, fee_pauses_clock)

    timing = _timing(state, calendar, today, fee_pauses_clock)
    provisional = state.provisional or timing.provisional
    period = REPLY_WORKDAYS + state.extension
    lines = list(state.lines)
    start_label = "收到申请" if state.start == state.received else "收到补正后申请"

    # The working days the windows take out of the period, until the due date (or today).
    horizon = timing.due or today or state.start
    if timing.due is None and timing.open_windows:
        horizon = max(w.limit or horizon for w in timing.open_windows)
    if not state.awaiting_correction and horizon > state.start:
        skipped = (
            working_days_between(calendar, state.start, horizon).days
            - working_days_between(calendar, state.start, horizon, skip=timing.skip).days
        )
        if skipped:
            lines.append(f"征求意见、收费等期间共有{skipped}个工作日不计入答复期限（重叠的期间只计一次）。")
        lines.extend(_holiday_lines(calendar, state.start, horizon))

    if state.awaiting_correction:
        lines.append(f"正在等待补正：暂无答复期限，收到补正后的申请之日起重新计算{period}个工作日。")
    elif timing.due is not None:
        extra = f"，延长{state.extension}个工作日" if state.extension else ""
        lines.append(
            f"答复期限：自{start_label}之日（{_d(state.start)}）起{REPLY_WORKDAYS}个工作日{extra}，"
            f"即 {_dw(timing.due)}。"
        )
    else:
        lines.append("征求意见或收费尚未结束：暂停计算，暂无答复期限。")

    fee_withdrawal: date | None = None
    open_fee = next((w for w in state.windows if w.kind == "fee" and w.closed is None), None)
    if open_fee is not None and open_fee.received is None:
        lines.append("收费通知尚未送达申请人：送达之前缴费期限不起算。")
    elif open_fee is not None:
        withdrawal = fee_deemed_withdrawal_date(calendar, open_fee.received)
        fee_withdrawal = withdrawal.day
        provisional = provisional or withdrawal.provisional
        if today is not None and today > withdrawal.day:
            lines.append(
                f"申请人收到收费通知后{FEE_PAYMENT_WORKDAYS}个工作日内（至 {_d(withdrawal.day)}）未缴费，视为放弃申请。"
            )

    workdays_left: int | None = None
    overdue = False
    if today is not None:
        if state.awaiting_correction:
            workdays_left = period
        else:
            skip = set(timing.skip)
            for window in timing.all_open:
                skip |= _span(window.opened, min(today, window.limit or today))
            used = working_days_between(calendar, state.start, today, skip=skip)
            provisional = provisional or used.provisional
            workdays_left = period - used.days
        overdue = timing.due is not None and today > timing.due
        if overdue:
            late = f"，超期 {-workdays_left} 个工作日" if workdays_left and workdays_left < 0 else ""
            lines.append(f"截至 {_d(today)}，已超过答复期限{late}。")
        elif timing.due is not None and today == timing.due:
            lines.append(f"截至 {_d(today)}，今天是答复期限的最后一天。")
        elif timing.paused:
            lines.append(f"截至 {_d(today)}，已暂停计算；尚余 {workdays_left} 个工作日。")
        else:
            lines.append(f"截至 {_d(today)}，剩余 {workdays_left} 个工作日。")

    if provisional:
        last = max(filter(None, [timing.due, today, horizon, notice_due.day, fee_withdrawal]))
        years = _unloaded_years(calendar, received, last)
        named = "、".join(f"{y}年" for y in years) or "部分年份"
        lines.append(
            f"注意：{named}的节假日安排尚未载入，按周末规则临时推算，结果为临时结果；"
            "载入后将自动重新计算（RULES.md §1）。"
        )

    return ClockResult(
        received=received,
        count_from=state.start,
        due=timing.due,
        provisional=provisional,
        paused=timing.paused,
        overdue=overdue,
        workdays_left=workdays_left,
        period_workdays=period,
        correction_notice_due=notice_due.day,
        fee_withdrawal_date=fee_withdrawal,
        explanation=tuple(lines),
    )
