"""The review-and-release state machine: every allowed and every forbidden transition."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from gongkai.agencies import policy
from gongkai.agencies.models import Role
from gongkai.auditlog.models import AuditEvent
from gongkai.jobs.models import OutboxMessage
from gongkai.publishing import services, signals
from gongkai.publishing.confidentiality import ALL_CLEAR
from gongkai.publishing.models import Document, DocumentStatus, DocumentVersion, ReviewStep
from gongkai.publishing.selectors import latest_return, published_documents
from gongkai.publishing.workflow import TRANSITIONS, WORKFLOW, TransitionError

ALL_STATES = list(DocumentStatus.values)

# Who performs each transition in the exhaustive test (None: the system).
PERFORMER = {
    "submit": "clerk2",
    "recall": "author",
    "approve_1": "r1",
    "return_1": "r1",
    "approve_2": "r2",
    "return_2": "r2",
    "clear_confidentiality": "rc",
    "return_confidentiality": "rc",
    "sign_off": "r3",
    "sign_off_scheduled": "r3",
    "return_3": "r3",
    "cancel_schedule": "r3",
    "publish_scheduled": None,
    "withdraw": "head",
    "correct": "head",
}


def test_the_table_names_each_transition_once_and_covers_every_state():
    names = [t.action for t in TRANSITIONS]
    assert len(names) == len(set(names)) == len(PERFORMER)
    sources = {t.source for t in TRANSITIONS}
    assert sources == set(ALL_STATES) - {DocumentStatus.WITHDRAWN}  # withdrawn is final
    assert WORKFLOW.actions_from(DocumentStatus.WITHDRAWN) == []
    assert {s.value: s.label for s in DocumentStatus} == dict(WORKFLOW.states)  # one definition


def _in_state(make_document, status, *, team):
    document = make_document()
    fields = {"status": status, "submitted_by": team["author"], "review_round": 1}
    if status == DocumentStatus.SCHEDULED:
        fields["publish_at"] = timezone.now() - timedelta(minutes=1)
    if status == DocumentStatus.PUBLISHED:
        fields["published_at"] = timezone.now() - timedelta(days=1)
        fields["index_number"] = f"X/2024-{document.pk:05d}"
        fields["version"] = 1
    Document.objects.filter(pk=document.pk).update(**fields)
    document.refresh_from_db()
    return document


def _attempt(name, document, team):
    return _attempt_as(team[PERFORMER[name]] if PERFORMER[name] else None, name, document)


def _attempt_as(actor, name, document):
    if name == "correct":
        return services.document_correct(
            actor=actor, document=document, reason="更正错字", title=document.title + "（更正）"
        )
    publish_at = timezone.now() + timedelta(days=2) if name == "sign_off_scheduled" else None
    return services.document_transition(
        actor=actor, document=document, name=name, opinion="意见", publish_at=publish_at, checklist=ALL_CLEAR
    )


@pytest.mark.parametrize("status", ALL_STATES)
def test_every_transition_from_every_state(status, team, make_document):
    """Each (state, transition) pair: allowed exactly when the table lists it."""
    for transition in TRANSITIONS:
        document = _in_state(make_document, status, team=team)
        allowed = transition.source == status
        if allowed:
            _attempt(transition.action, document, team)
            document.refresh_from_db()
            assert document.status == transition.target, transition.action
        else:
            with pytest.raises(TransitionError):
                _attempt(transition.action, document, team)
            document.refresh_from_db()
            assert document.status == status, transition.action


@pytest.mark.parametrize("transition", [t for t in TRANSITIONS if t.roles], ids=lambda t: t.action)
def test_wrong_roles_are_refused(transition, team, make_user, agency_a, make_document):
    """A user of the agency holding every role except the row's cannot make the move (a 403)."""
    other_roles = {r.value for r in Role} - policy.ROLE_SETS[transition.roles] - {Role.SITE_ADMIN}
    user = make_user("all_but", agency_a, sorted(other_roles))
    document = _in_state(make_document, transition.source, team=team)
    with pytest.raises(PermissionDenied, match="需要以下角色之一") as caught:
        _attempt_as(user, transition.action, document)
    assert isinstance(caught.value, TransitionError)
    assert Document.objects.get(pk=document.pk).status == transition.source


@pytest.mark.parametrize("name", ["approve_1", "return_1"])
def test_the_author_cannot_review_their_own_draft(name, team, make_document, make_user, agency_a):
    author = make_user("writer_reviewer", agency_a, ["clerk", "reviewer_1"])
    document = make_document(actor=author)
    services.document_transition(actor=author, document=document, name="submit")
    with pytest.raises(TransitionError, match="不能审核自己的稿件"):
        services.document_transition(actor=author, document=document, name=name, opinion="好")
    assert Document.objects.get(pk=document.pk).status == DocumentStatus.PENDING_1


def test_the_submitter_cannot_review_either(team, make_document, make_user, agency_a):
    submitter = make_user("submitter", agency_a, ["clerk", "reviewer_1"])
    document = make_document()  # drafted by team author
    services.document_transition(actor=submitter, document=document, name="submit")
    with pytest.raises(TransitionError, match="不能审核自己的稿件"):
        services.document_transition(actor=submitter, document=document, name="approve_1")


def test_one_person_cannot_approve_two_levels_of_a_round(team, make_document, make_user, agency_a):
    both = make_user("both", agency_a, ["reviewer_1", "reviewer_2"])
    document = make_document()
    services.document_transition(actor=team["author"], document=document, name="submit")
    services.document_transition(actor=both, document=document, name="approve_1")
    with pytest.raises(TransitionError, match="同一轮审核中通过两个环节"):
        services.document_transition(actor=both, document=document, name="approve_2")
    # ...but may return it (a return is not an approval).
    services.document_transition(actor=both, document=document, name="return_2", opinion="请核对数据")
    assert Document.objects.get(pk=document.pk).status == DocumentStatus.DRAFT


def test_other_agencies_staff_cannot_act(team, make_document, make_user, agency_b):
    outsider = make_user("r1_b", agency_b, ["reviewer_1"])
    document = make_document()
    services.document_transition(actor=team["author"], document=document, name="submit")
    with pytest.raises(TransitionError, match="其他机关"):
        services.document_transition(actor=outsider, document=document, name="approve_1")


def test_a_return_needs_a_reason_and_the_author_sees_it(team, make_document):
    document = make_document()
    services.document_transition(actor=team["author"], document=document, name="submit")
    with pytest.raises(TransitionError, match="必须填写意见"):
        services.document_transition(actor=team["r1"], document=document, name="return_1", opinion="  ")
    services.document_transition(
        actor=team["r1"], document=document, name="return_1", opinion="标题有误，请修改"
    )
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT
    returned = latest_return(document)
    assert returned.opinion == "标题有误，请修改" and returned.actor == team["r1"] and returned.level == "1"
    # The next round starts over: the first reviewer may approve again.
    services.document_transition(actor=team["author"], document=document, name="submit")
    services.document_transition(actor=team["r1"], document=document, name="approve_1")
    assert ReviewStep.objects.filter(document=document).values_list("round", "decision").count() == 2
    assert latest_return(Document.objects.get(pk=document.pk)) is None


def test_full_chain_records_steps_publishes_and_signals(
    team, make_document, advance, django_capture_on_commit_callbacks
):
    received = []
    signals.document_published.connect(
        lambda sender, document, **kw: received.append(document.pk), weak=False, dispatch_uid="test-published"
    )
    try:
        document = make_document()
        with django_capture_on_commit_callbacks(execute=True):
            document = advance(document)
    finally:
        signals.document_published.disconnect(dispatch_uid="test-published")
    assert document.status == DocumentStatus.PUBLISHED
    assert received == [document.pk]
    levels = list(
        ReviewStep.objects.filter(document=document)
        .order_by("at", "id")
        .values_list("level", "actor__username")
    )
    assert levels == [("1", "r1"), ("2", "r2"), ("conf", "rc"), ("3", "r3")]
    assert DocumentVersion.objects.filter(document=document, number=1).exists()
    assert published_documents().filter(pk=document.pk).exists()
    actions = set(AuditEvent.objects.for_object(document).values_list("action", flat=True))
    assert {"publishing.document.submit", "publishing.document.sign_off"} <= actions


def test_sign_off_is_blocked_by_unacknowledged_personal_data(team, make_document, advance):
    document = make_document(body="<p>联系人手机 13800138000</p>")
    advance(document, until="clear_confidentiality")
    with pytest.raises(TransitionError, match="手机号码"):
        services.document_transition(actor=team["r3"], document=document, name="sign_off")
    from gongkai.publishing.selectors import document_checks

    finding = document_checks(document).pii[0]
    with pytest.raises(PermissionDenied, match="只有本机关审核人员"):
        services.pii_acknowledge(
            actor=team["author"], document=document, fingerprint=finding.fingerprint, reason="x"
        )
    services.pii_acknowledge(
        actor=team["rc"], document=document, fingerprint=finding.fingerprint, reason="公开的咨询电话"
    )
    document = services.document_transition(actor=team["r3"], document=document, name="sign_off")
    assert document.status == DocumentStatus.PUBLISHED


def test_sign_off_is_blocked_by_missing_metadata(team, make_document, advance):
    document = make_document(columns=[])
    advance(document, until="clear_confidentiality")
    with pytest.raises(TransitionError, match="未选择所属栏目"):
        services.document_transition(actor=team["r3"], document=document, name="sign_off")


def test_scheduled_publication_waits_and_the_tick_is_idempotent(team, make_document, advance, capsys):
    when = timezone.now() + timedelta(hours=2)
    document = make_document()
    advance(document, until="clear_confidentiality")
    with pytest.raises(TransitionError, match="定时发布"):
        services.document_transition(actor=team["r3"], document=document, name="sign_off", publish_at=when)
    document = services.document_transition(
        actor=team["r3"], document=document, name="sign_off_scheduled", publish_at=when
    )
    assert document.status == DocumentStatus.SCHEDULED and document.index_number is None
    assert not published_documents().filter(pk=document.pk).exists()

    call_command("publishing", "tick")  # too early: nothing happens
    assert Document.objects.get(pk=document.pk).status == DocumentStatus.SCHEDULED

    later = (when + timedelta(minutes=1)).isoformat()
    call_command("publishing", "tick", "--now", later)
    call_command("publishing", "tick", "--now", later)  # again: nothing more
    out = capsys.readouterr().out
    assert out.count("已发布：") == 1
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED and document.published_at == when
    assert DocumentVersion.objects.filter(document=document).count() == 1
    # The tick ran with a clock two hours ahead; for the real clock it is still in the future,
    # and the public selector hides it anyway.
    assert not published_documents().filter(pk=document.pk).exists()


def test_public_selector_hides_future_and_withdrawn(team, make_document, advance):
    document = advance(make_document())
    assert published_documents().filter(pk=document.pk).exists()
    Document.objects.filter(pk=document.pk).update(published_at=timezone.now() + timedelta(hours=1))
    assert not published_documents().filter(pk=document.pk).exists()
    Document.objects.filter(pk=document.pk).update(published_at=timezone.now() - timedelta(hours=1))
    services.document_transition(actor=team["head"], document=document, name="withdraw", opinion="信息有误")
    assert not published_documents().filter(pk=document.pk).exists()
    assert published_documents(agency=document.agency).count() == 0


def test_correction_creates_a_version_and_keeps_the_old_one(
    team, make_document, advance, django_capture_on_commit_callbacks
):
    document = advance(make_document(title="原标题", body="<p>原正文</p>"))
    with pytest.raises(TransitionError, match="需要以下角色之一"):
        services.document_correct(actor=team["author"], document=document, reason="改", title="新")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = services.document_correct(
            actor=team["r3"], document=document, reason="更正错别字", title="新标题", body="<p>新正文</p>"
        )
    # After commit: the outbox drain (search index) and document_corrected.
    assert len(callbacks) == 2
    assert OutboxMessage.objects.filter(topic="search.sync", payload={"document_id": document.pk}).exists()
    assert version.number == 2
    versions = list(
        DocumentVersion.objects.filter(document=document).order_by("number").values_list("title", "body")
    )
    assert versions == [("原标题", "<p>原正文</p>"), ("新标题", "<p>新正文</p>")]
    document.refresh_from_db()
    assert (
        document.title == "新标题" and document.status == DocumentStatus.PUBLISHED and document.version == 2
    )
    with pytest.raises(TransitionError, match="个人信息"):
        services.document_correct(
            actor=team["r3"], document=document, reason="补充", body="<p>身份证 11010519491231002X</p>"
        )
