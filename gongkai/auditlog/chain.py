"""The hash chain over audit events: each event's hash covers its content and the hash before it.

The chain runs in id order; the id itself is not hashed (it is assigned by the insert), the link
to the previous hash fixes each event's place.

Editing, deleting or reordering an event behind the application's back breaks the chain at that
event; ``first_break`` finds the first broken link. (Deleting the newest events leaves a shorter
valid chain: compare the head that ``gongkai auditlog verify`` prints with one recorded
elsewhere, e.g. in the daily operations log.)

Pure: imports nothing from Django. Events are plain mappings of the fields named in FIELDS.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"  # the hashed form of a time: UTC, to the microsecond
FIELDS = (
    "at",
    "actor_id",
    "actor_name",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "agency_id",
    "changes",
    "note",
)


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime(TIME_FORMAT)
    return value


def hashed_time(value: dt.datetime) -> str:
    """Return a time as the chain hashes it (exports keep it so: JSON dumps drop microseconds)."""
    return _canonical(value)


def parse_hashed_time(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, TIME_FORMAT).replace(tzinfo=dt.UTC)


def event_hash(prev_hash: str, event: Mapping[str, Any]) -> str:
    """Return the SHA-256 of the previous hash and the event's fields in a canonical JSON form."""
    body = json.dumps(
        {name: _canonical(event.get(name)) for name in FIELDS},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(f"{prev_hash}\n{body}".encode()).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first broken link: which event and why (Chinese, for the operator)."""

    event_id: int
    reason: str


def first_break(events: Iterable[Mapping[str, Any]]) -> tuple[Break | None, int, str]:
    """Walk events in id order; return the first break (or None), the events seen and the head hash."""
    prev = GENESIS
    count = 0
    for event in events:
        count += 1
        if event["prev_hash"] != prev:
            return (
                Break(event["id"], "与前一条事件的哈希不衔接：前一条事件被删除、改动或插入了伪造事件"),
                count,
                prev,
            )
        if event["hash"] != event_hash(prev, event):
            return Break(event["id"], "事件内容与其哈希不符：该事件被改动"), count, prev
        prev = event["hash"]
    return None, count, prev
