"""The index follows the real publishing services: release, correction, withdrawal, repeal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.publishing import services
from gongkai.publishing.confidentiality import ALL_CLEAR
from gongkai.publishing.models import ColumnKind, Validity
from gongkai.search import backends
from gongkai.search.backends import SearchFilters

pytestmark = pytest.mark.django_db

RELEASE = (
    ("submit", "clerk"),
    ("approve_1", "r1"),
    ("approve_2", "r2"),
    ("clear_confidentiality", "rc"),
    ("sign_off", "r3"),
)


@pytest.fixture
def team(make_user, agency_a):
    return {
        role: make_user(f"s_{role}", agency_a, [name])
        for role, name in (
            ("clerk", "clerk"),
            ("r1", "reviewer_1"),
            ("r2", "reviewer_2"),
            ("rc", "confidentiality"),
            ("r3", "reviewer_3"),
        )
    }


@pytest.fixture
def release(agency_a, team, django_capture_on_commit_callbacks):
    column = services.column_create(
        actor=team["clerk"], agency=agency_a, name="通知公告", kind=ColumnKind.NOTICE
    )

    def _release(title, body, **fields):
        document = services.document_create(
            actor=team["clerk"],
            agency=agency_a,
            columns=[column],
            title=title,
            summary="概述",
            body=body,
            formed_on=timezone.localdate() - dt.timedelta(days=1),
            **fields,
        )
        with django_capture_on_commit_callbacks(execute=True):
            for name, who in RELEASE:
                document = services.document_transition(
                    actor=team[who], document=document, name=name, checklist=ALL_CLEAR
                )
        return document

    return _release


def found(word, **filters):
    return backends.search(word, SearchFilters(**filters)).document_ids


def test_release_indexes_and_review_states_do_not(
    release, agency_a, team, django_capture_on_commit_callbacks
):
    document = release("关于城市供水水质公示的通知", "<p>本季度供水水质全部达标。</p>")
    assert found("水质") == [document.pk]
    assert found("水质", agency_id=agency_a.pk) == [document.pk]
    pending = services.document_create(
        actor=team["clerk"],
        agency=agency_a,
        title="待审稿件",
        body="<p>水质抽检草稿</p>",
        formed_on=timezone.localdate(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.document_transition(actor=team["clerk"], document=pending, name="submit")
    assert found("抽检") == []


def test_correction_updates_and_withdrawal_removes(release, team, django_capture_on_commit_callbacks):
    document = release("征地补偿公告", "<p>补偿标准为每亩三万元。</p>")
    assert found("补偿标准") == [document.pk]
    with django_capture_on_commit_callbacks(execute=True):
        services.document_correct(
            actor=team["r3"], document=document, reason="更正安置方式", body="<p>安置方式为货币安置。</p>"
        )
    assert found("补偿标准") == []
    assert found("货币安置") == [document.pk]
    assert found("征地") == [document.pk]  # the title still matches
    with django_capture_on_commit_callbacks(execute=True):
        services.document_transition(actor=team["r3"], document=document, name="withdraw", opinion="内容有误")
    assert found("征地") == [] and found("货币安置") == []


def test_repeal_through_the_register_updates_the_validity_filter(
    release, agency_a, team, django_capture_on_commit_callbacks
):
    document = release(
        "行政规范性文件管理办法",
        "<p>规范性文件的制定程序。</p>",
        kind="normative",
        document_number="甲政〔2020〕1号",
        written_on=dt.date(2020, 1, 1),
    )
    assert found("制定程序", validity=Validity.VALID) == [document.pk]
    with django_capture_on_commit_callbacks(execute=True):
        services.normative_register(
            actor=team["clerk"],
            agency=agency_a,
            title=document.title,
            document=document,
            issued_on=dt.date(2020, 1, 1),
            repealed_on=timezone.localdate() - dt.timedelta(days=1),
        )
    assert found("制定程序", validity=Validity.REPEALED) == [document.pk]
    assert found("制定程序", validity=Validity.VALID) == []
    assert backends.search("甲政〔2020〕1号").mode == "exact"


def test_a_failed_index_update_is_retried_from_the_outbox(release, monkeypatch):
    """The index is down when a document is released: nothing is lost, the next drain indexes it."""
    from gongkai.jobs.models import OutboxMessage
    from gongkai.jobs.services import backoff, outbox_drain

    real_write = backends.get_backend().write

    def index_down(*args, **kwargs):
        raise OSError("index unavailable")

    monkeypatch.setattr(type(backends.get_backend()), "write", index_down)
    document = release("关于防汛物资储备的通知", "<p>储备编织袋十万条。</p>")
    assert found("编织袋") == []
    message = OutboxMessage.objects.get(topic="search.sync", payload={"document_id": document.pk})
    assert message.attempts == 1 and "index unavailable" in message.last_error
    retry_at = message.next_attempt_at
    assert retry_at - message.created_at >= backoff(1)
    assert outbox_drain(now=retry_at - dt.timedelta(seconds=1)).delivered == 0  # not due yet

    monkeypatch.setattr(type(backends.get_backend()), "write", real_write.__func__)
    assert outbox_drain(now=retry_at).delivered == 1
    assert found("编织袋") == [document.pk]
    assert not OutboxMessage.objects.exists()
