"""Fixtures for the calendar app: a made-up 2027 notice and a fake store of open deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.core.clock import Event
from gongkai.workdays.deadlines import deadline_recomputer, record_deadline_change

# A made-up 2027 notice (2027 is not in chinesecalendar 1.11): 6 holidays, of which 2027-01-01 Fri,
# 10-01 Fri, 10-04 Mon and 10-05 Tue are weekdays (10-02/10-03 are a weekend), and the make-up
# Saturday 10-09. 2027 has 261 weekdays, so 261 - 4 + 1 = 258 working days.
NOTICE_2027 = """date,kind,name,notice_year
2027-01-01,holiday,元旦,2027
2027-10-01,holiday,国庆节,2027
2027-10-02,holiday,国庆节,2027
2027-10-03,holiday,国庆节,2027
2027-10-04,holiday,国庆节,2027
2027-10-05,holiday,国庆节,2027
2027-10-09,workday,调休上班,2027
"""


@pytest.fixture
def notice_2027_file(tmp_path):
    path = tmp_path / "holidays-2027.csv"
    path.write_text(NOTICE_2027, encoding="utf-8")
    return path


class FakeDeadlineStore:
    """Stands in for an app that stores due dates: one open application received 2026-12-20."""

    def __init__(self) -> None:
        self.records = {"申请-1": {"received": date(2026, 12, 20), "events": [], "due": date(2027, 1, 15)}}
        self.calls: list[dict] = []

    def __call__(self, *, actor, reason: str) -> int:
        from gongkai.workdays.selectors import application_deadline

        self.calls.append({"actor": actor, "reason": reason})
        changed = 0
        for key, record in self.records.items():
            events: list[Event] = record["events"]
            new = application_deadline(record["received"], events).due
            if new != record["due"]:
                record_deadline_change(
                    actor=actor, obj=None, old=record["due"], new=new, reason=f"{key}：{reason}"
                )
                record["due"] = new
                changed += 1
        return changed


@pytest.fixture
def deadline_store():
    store = FakeDeadlineStore()
    with deadline_recomputer(store):
        yield store
