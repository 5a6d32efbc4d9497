"""The dashboard panel and the navigation item of the applications app."""

from __future__ import annotations

from gongkai.agencies import policy
from gongkai.console.dashboard import register_nav, register_panel

from . import queues
from .selectors import BUCKETS, applications_for, due_soon_limit, worklist_counts
from .services import _base

PANEL_BUCKETS = ("due_today", "due_soon", "overdue", "awaiting_correction", "awaiting_fee", "unconfirmed")


def _panel(request) -> dict:
    day = _base.today()
    limit = due_soon_limit(day)
    counts = worklist_counts(applications_for(request.user), day, limit)
    return {"items": [(key, BUCKETS[key], counts[key]) for key in PANEL_BUCKETS], "day": day, "limit": limit}


def register() -> None:
    queues.register()
    register_panel(
        key="applications",
        title="依申请公开",
        template="applications/panels/worklist.html",
        context=_panel,
        roles=policy.APPLICATION_HANDLERS,
        order=15,
    )
    register_nav(
        label="依申请公开",
        url_name="applications:worklist",
        roles=policy.STAFF_READ_ROLES,
        order=20,
    )
