"""Dashboard panels and the navigation item of proactive disclosure."""

from __future__ import annotations

from gongkai.agencies import policy
from gongkai.console.dashboard import register_nav, register_panel

from . import queues
from .selectors import drafts_of, waiting_for

PANEL_LIMIT = 10


def _waiting(request) -> dict:
    qs = waiting_for(request.user)
    documents = list(qs[:PANEL_LIMIT])
    return {"documents": documents, "count": qs.count() if len(documents) == PANEL_LIMIT else len(documents)}


def _drafts(request) -> dict:
    return {"documents": list(drafts_of(request.user)[:PANEL_LIMIT])}


def register() -> None:
    queues.register()
    register_panel(
        key="publishing_waiting",
        title="待我审核",
        template="publishing/panels/waiting.html",
        context=_waiting,
        roles=policy.LEVEL_REVIEWERS,
        order=30,
    )
    register_panel(
        key="publishing_drafts",
        title="我的草稿",
        template="publishing/panels/drafts.html",
        context=_drafts,
        roles=policy.DOCUMENT_DRAFTERS,
        order=31,
    )
    register_nav(
        label="主动公开", url_name="publishing:document_list", roles=policy.STAFF_READ_ROLES, order=20
    )
