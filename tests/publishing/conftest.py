"""Fixtures of the publishing tests: agency A's review team, columns, and a document factory."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from gongkai.publishing import services
from gongkai.publishing.confidentiality import ALL_CLEAR
from gongkai.publishing.models import Column, ColumnKind, Document, DocumentStatus


def aware(year, month, day, hour=10, minute=0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))


@pytest.fixture
def team(make_user, agency_a):
    """Agency A's staff: an author, one reviewer per level, a confidentiality reviewer, an office head."""
    return {
        "author": make_user("author", agency_a, ["clerk"], full_name="起草人"),
        "clerk2": make_user("clerk2", agency_a, ["clerk"], full_name="另一办理员"),
        "r1": make_user("r1", agency_a, ["reviewer_1"], full_name="初审人"),
        "r2": make_user("r2", agency_a, ["reviewer_2"], full_name="复审人"),
        "rc": make_user("rc", agency_a, ["confidentiality"], full_name="保密审查员"),
        "r3": make_user("r3", agency_a, ["reviewer_3"], full_name="签发人"),
        "head": make_user("head", agency_a, ["office_head"], full_name="公开办负责人"),
    }


@pytest.fixture
def columns(agency_a, team):
    actor = team["author"]
    return {
        "news": services.column_create(actor=actor, agency=agency_a, name="工作动态", kind=ColumnKind.NEWS),
        "notice": services.column_create(
            actor=actor, agency=agency_a, name="通知公告", kind=ColumnKind.NOTICE
        ),
        "policy": services.column_create(
            actor=actor, agency=agency_a, name="政策文件", kind=ColumnKind.POLICY, art20_items=["1"]
        ),
    }


@pytest.fixture
def make_document(agency_a, team, columns):
    """Create a complete draft (passes the metadata checks) with sensible defaults."""

    def _make(**fields) -> Document:
        cols = fields.pop("columns", [columns["news"]])
        actor = fields.pop("actor", team["author"])
        agency = fields.pop("agency", agency_a)
        defaults = {
            "title": "关于开展安全生产检查的通知",
            "summary": "部署检查工作",
            "body": "<p>各单位：现将有关事项通知如下。</p>",
            "formed_on": timezone.localdate() - timedelta(days=3),
            "written_on": timezone.localdate() - timedelta(days=3),
        }
        return services.document_create(actor=actor, agency=agency, columns=cols, **(defaults | fields))

    return _make


ORDER = ["submit", "approve_1", "approve_2", "clear_confidentiality", "sign_off"]
ACTOR_OF = {
    "submit": "author",
    "approve_1": "r1",
    "approve_2": "r2",
    "clear_confidentiality": "rc",
    "sign_off": "r3",
}


@pytest.fixture
def advance(team):
    """Push a document through the review chain up to (and including) transition ``until``."""

    def _advance(document: Document, until: str = "sign_off", **kwargs) -> Document:
        for name in ORDER:
            document = services.document_transition(
                actor=team[ACTOR_OF[name]],
                document=document,
                name=name,
                opinion="同意",
                checklist=ALL_CLEAR,
                **(kwargs if name == until else {}),
            )
            if name == until:
                break
        return document

    return _advance


@pytest.fixture
def publish_on(advance):
    """Publish a document and then set its publication time (tests of dates and freshness)."""

    def _publish(document: Document, when: datetime) -> Document:
        document = advance(document)
        Document.objects.filter(pk=document.pk).update(published_at=when)
        document.refresh_from_db()
        return document

    return _publish


def make_column(agency, name, kind=ColumnKind.OTHER, parent=None) -> Column:
    return Column.objects.create(agency=agency, name=name, kind=kind, parent=parent)


def put_public(
    agency, column, *, when: datetime, author, formed_on: date | None = None, elapsed: int = 5
) -> Document:
    """Insert a published document directly (fast fixture for selectors; not the workflow)."""
    document = Document.objects.create(
        agency=agency,
        title=f"{column.name} {when:%Y-%m-%d}",
        formed_on=formed_on or timezone.localdate(when),
        status=DocumentStatus.PUBLISHED,
        published_at=when,
        created_by=author,
        publish_elapsed_workdays=elapsed,
    )
    document.columns.add(column)
    return document
