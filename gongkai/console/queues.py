"""“待我处理”: what waits for the signed-in person, one row per kind of work, with counts and due dates.

Each app registers its queues (as it registers dashboard panels): a label, the roles that do that
work, a selector returning ``(count, earliest due date)`` from one aggregate query, and the page
that lists the items. The dashboard shows every queue of the user's roles, busiest first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.urls import reverse


@dataclass(frozen=True)
class Queue:
    key: str
    label: str
    roles: frozenset[str]
    count: Callable[..., tuple[int, date | None]]  # (user, today) -> (count, earliest due date)
    url_name: str
    query: str = ""
    order: int = 100


@dataclass(frozen=True)
class QueueRow:
    key: str
    label: str
    count: int
    due: date | None
    url: str
    overdue: bool


_QUEUES: dict[str, Queue] = {}


def register_queue(*, key: str, label: str, roles, count, url_name: str, query: str = "", order: int = 100):
    _QUEUES[key] = Queue(key, label, frozenset(roles), count, url_name, query, order)


def queues_for(user, today: date) -> list[QueueRow]:
    """Return the queues of ``user``'s roles (a site administrator holds none: no queue)."""
    rows = []
    for queue in sorted(_QUEUES.values(), key=lambda q: (q.order, q.key)):
        if not (user.role_set & queue.roles):
            continue
        count, due = queue.count(user, today)
        url = reverse(queue.url_name) + (f"?{queue.query}" if queue.query else "")
        rows.append(QueueRow(queue.key, queue.label, count, due, url, bool(due and count and due < today)))
    return rows
