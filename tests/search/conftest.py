"""Published documents made straight in the tables, announced with the publishing signals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords cheaply: the default PBKDF2 costs ~0.5 s per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def publish(db, clerk_a):
    """Create a published document and send ``document_published`` as the workflow does."""
    from gongkai.publishing.models import Document, DocumentStatus
    from gongkai.publishing.signals import document_published

    counter = {"n": 0}

    def _publish(agency=None, *, title="测试文件", body="", on=None, columns=(), signal=True, **fields):
        counter["n"] += 1
        agency = agency or clerk_a.agency
        on = on or dt.date(2024, 3, 1)
        published_at = timezone.make_aware(dt.datetime.combine(on, dt.time(9, 0)))
        fields.setdefault("index_number", f"{agency.credit_code}/{on.year}-{counter['n']:05d}")
        fields.setdefault("status", DocumentStatus.PUBLISHED)
        document = Document.objects.create(
            agency=agency,
            title=title,
            body=body,
            formed_on=on,
            created_by=clerk_a,
            published_at=published_at,
            **fields,
        )
        document.columns.set(columns)
        if signal:
            announce(document, document_published)
        return document

    return _publish


@pytest.fixture
def column_of(db):
    from gongkai.publishing.models import Column

    def _column(agency, name="通知公告", **fields):
        return Column.objects.create(agency=agency, name=name, **fields)

    return _column


def announce(document, signal) -> None:
    """Announce a change as the publishing services do, then let the worker drain the outbox."""
    from gongkai.jobs.services import outbox_drain
    from gongkai.publishing.models import Document
    from gongkai.publishing.signals import document_changed

    document_changed.send(sender=Document, document=document, change=signal)
    outbox_drain()
