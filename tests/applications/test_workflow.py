"""Every allowed and forbidden transition of the table, through the real services."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications import services as s
from gongkai.applications.models import Application, Consultation
from gongkai.applications.workflow import (
    TRANSITIONS,
    Action,
    Status,
    TransitionError,
    allowed_actions,
    check_transition,
    is_allowed,
    targets_of,
)
from gongkai.auditlog.models import AuditEvent

from .conftest import D0, aware

SETUP_DAY = date(2025, 3, 5)
ACT_DAY = date(2025, 3, 12)


def test_the_table_is_the_only_source_of_truth():
    pairs = {(t.action, t.source, t.target) for t in TRANSITIONS}
    for action in Action:
        for source in [None, *Status]:
            for target in Status:
                allowed = (action, source, target) in pairs
                assert is_allowed(action, source, target) is allowed
                if allowed:
                    check_transition(action, source, target)
                else:
                    with pytest.raises(TransitionError):
                        check_transition(action, source, target)
    # Concluded states are terminal except for the decided → delivered → closed path.
    assert allowed_actions(Status.CLOSED) == []
    assert allowed_actions(Status.WITHDRAWN) == []
    assert targets_of(Action.REGISTER, None) == {Status.REGISTERED, Status.IN_PROGRESS}


def _build(status: Status, agency, clerk, head, register) -> Application:
    """Bring a fresh application to ``status`` through the services."""
    if status == Status.REGISTERED:
        return register(agency, None)
    app = register(agency, clerk)
    if status == Status.IN_PROGRESS:
        return app
    if status == Status.AWAITING_CORRECTION:
        return s.application_request_correction(
            application=app, requested_on=SETUP_DAY, items="请写明文号", actor=clerk
        )
    if status == Status.CONSULTATION:
        s.application_start_consultation(
            application=app, party_kind="third_party", party_name="某公司", sent_on=SETUP_DAY, actor=clerk
        )
        return Application.objects.get(pk=app.pk)
    if status == Status.AWAITING_FEE:
        return s.application_notify_fee(
            application=app, method="per_volume", pages=100, notified_on=SETUP_DAY, actor=clerk
        )
    if status == Status.WITHDRAWN:
        return s.application_withdraw(
            application=app, withdrawn_on=SETUP_DAY, reason="申请人书面撤回", actor=clerk
        )
    app = s.application_decide(application=app, outcome="disclosed", decided_on=SETUP_DAY, actor=clerk)
    if status == Status.DECIDED:
        return app
    app = s.application_approve(application=app, actor=head)
    app = s.application_deliver(application=app, delivered_on=date(2025, 3, 6), method="email", actor=clerk)
    if status == Status.DELIVERED:
        return app
    return s.application_close(application=app, actor=clerk)


def _consultation_of(app: Application) -> Consultation:
    found = app.consultations.filter(closed_on__isnull=True).first()
    if found is None:  # a forbidden call still needs an object to be refused
        found = Consultation.objects.create(
            application=app, party_kind="agency", party_name="某局", sent_on=SETUP_DAY, limit_on=ACT_DAY
        )
    return found


def _signed(app: Application, head) -> Application:
    """Sign the clerk's pending notice: the precondition of everything that follows a notice."""
    if app.status in (Status.AWAITING_CORRECTION, Status.AWAITING_FEE) and not app.letter_numbers.exists():
        app = s.application_sign_notice(application=app, actor=head)
    return app


def _run(action: Action, app: Application, clerk, head):
    if action in (Action.RECEIVE_CORRECTION, Action.RECEIVE_FEE_NOTICE, Action.RECORD_PAYMENT) and targets_of(
        action, Status(app.status)
    ):
        app = _signed(app, head)
    if action == Action.SIGN_NOTICE:
        return s.application_sign_notice(application=app, actor=head)
    if action == Action.CONFIRM_RECEIPT:
        return s.application_confirm_receipt(application=app, received_on=ACT_DAY, actor=clerk)
    if action == Action.REQUEST_CORRECTION:
        return s.application_request_correction(
            application=app, requested_on=ACT_DAY, items="请补充", actor=clerk
        )
    if action == Action.RECEIVE_CORRECTION:
        return s.application_receive_correction(application=app, received_on=ACT_DAY, actor=clerk)
    if action == Action.START_CONSULTATION:
        return s.application_start_consultation(
            application=app, party_kind="agency", party_name="某局", sent_on=ACT_DAY, actor=clerk
        )
    if action == Action.END_CONSULTATION:
        return s.application_end_consultation(
            consultation=_consultation_of(app), response="consent", answered_on=ACT_DAY, actor=clerk
        )
    if action == Action.EXTEND:
        return s.application_extend(
            application=app, workdays=5, reason="需要检索档案", extended_on=ACT_DAY, actor=head
        )
    if action == Action.NOTIFY_FEE:
        return s.application_notify_fee(
            application=app, method="per_volume", pages=100, notified_on=ACT_DAY, actor=clerk
        )
    if action == Action.RECEIVE_FEE_NOTICE:
        return s.application_record_fee_notice_received(application=app, received_on=ACT_DAY, actor=clerk)
    if action == Action.RECORD_PAYMENT:
        return s.application_record_payment(application=app, paid_on=ACT_DAY, actor=clerk)
    if action == Action.DECIDE:
        return s.application_decide(application=app, outcome="disclosed", decided_on=ACT_DAY, actor=clerk)
    if action == Action.APPROVE:
        return s.application_approve(application=app, actor=head)
    if action == Action.DELIVER:
        if app.status == Status.DECIDED and not app.approved_by_id:
            app = s.application_approve(application=app, actor=head)  # the precondition of delivery
        return s.application_deliver(application=app, delivered_on=ACT_DAY, method="post", actor=clerk)
    if action == Action.CLOSE:
        return s.application_close(application=app, actor=clerk)
    if action == Action.WITHDRAW:
        return s.application_withdraw(application=app, withdrawn_on=ACT_DAY, reason="申请人撤回", actor=clerk)
    if action == Action.DEEM_WITHDRAWN:
        app = _signed(app, head)
        if app.status == Status.AWAITING_FEE and not app.fee_notice_received_on:  # the precondition
            app = s.application_record_fee_notice_received(
                application=app, received_on=SETUP_DAY, actor=clerk
            )
        return s.application_deem_withdrawn(application=app, actor=clerk)
    raise AssertionError(action)


SERVICE_ACTIONS = [a for a in Action if a != Action.REGISTER]


@pytest.fixture
def quick_letters(monkeypatch):
    """Delivery freezes the letter; its typesetting is tested in test_letters.py, not 130 times here."""
    monkeypatch.setattr("gongkai.applications.jobs.letter_pdf", lambda letter: b"%PDF-1.7 stub")


@pytest.mark.parametrize("source", list(Status), ids=str)
@pytest.mark.parametrize("action", SERVICE_ACTIONS, ids=str)
def test_every_transition(source, action, agency_a, clerk_a, head_a, register, quick_letters):
    app = _build(source, agency_a, clerk_a, head_a, register)
    assert app.status == source
    targets = targets_of(action, source)
    before = AuditEvent.objects.count()
    if targets:
        _run(action, app, clerk_a, head_a)
        app.refresh_from_db()
        assert app.status in targets
        event = AuditEvent.objects.filter(action=f"application.{action.value}").order_by("-id").first()
        assert event is not None and event.object_id == str(app.pk)
        if source != app.status:
            assert event.changes["status"] == [source.value, app.status]
    else:
        with pytest.raises(s.InvalidTransition):
            _run(action, app, clerk_a, head_a)
        app.refresh_from_db()
        assert app.status == source
        assert AuditEvent.objects.count() == before


def test_register_online_and_staff(agency_a, clerk_a, register):
    online = register(agency_a, None)
    staff = register(agency_a, clerk_a)
    assert online.status == Status.REGISTERED and online.received_on is None and online.due_date is None
    assert staff.status == Status.IN_PROGRESS and staff.received_on == D0 and staff.due_date is not None
    event = AuditEvent.objects.get(action="application.register", object_id=str(staff.pk))
    assert event.changes["status"] == [None, "in_progress"]


def test_concluded_records_always_carry_an_outcome(agency_a, clerk_a, register):
    """The database refuses a concluded status without an outcome code (check constraint)."""
    from django.db import IntegrityError, transaction

    app = register(agency_a, clerk_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=app.pk).update(status="decided")
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=app.pk).update(outcome="no_such_code", decided_on=D0)


def test_only_handlers_of_the_agency_may_act(agency_a, agency_b, clerk_b, make_user, register, clerk_a):
    from django.core.exceptions import PermissionDenied

    app = register(agency_a, clerk_a)
    reviewer = make_user("rev_a", agency_a, ["reviewer_1"])
    for actor in (clerk_b, reviewer):
        with pytest.raises(PermissionDenied):
            s.application_withdraw(application=app, withdrawn_on=ACT_DAY, reason="x", actor=actor)
    app.refresh_from_db()
    assert app.status == Status.IN_PROGRESS


def test_delivery_needs_the_office_heads_approval(agency_a, clerk_a, head_a, register):
    from django.core.exceptions import PermissionDenied, ValidationError

    app = s.application_decide(
        application=register(agency_a, clerk_a), outcome="disclosed", decided_on=ACT_DAY, actor=clerk_a
    )
    assert app.approved_by is None
    with pytest.raises(ValidationError, match="批准"):
        s.application_deliver(application=app, delivered_on=ACT_DAY, method="post", actor=clerk_a)
    with pytest.raises(PermissionDenied):
        s.application_approve(application=app, actor=clerk_a)
    app = s.application_approve(application=app, actor=head_a)
    assert app.approved_by == head_a
    # A decision by the office head is approved at once.
    direct = s.application_decide(
        application=register(agency_a, clerk_a), outcome="disclosed", decided_on=ACT_DAY, actor=head_a
    )
    assert direct.approved_by == head_a


def test_dates_in_the_future_are_refused(agency_a, clerk_a, register):
    from django.core.exceptions import ValidationError

    app = register(agency_a, clerk_a)
    with pytest.raises(ValidationError, match="不能晚于今天"):
        s.application_decide(application=app, outcome="disclosed", decided_on=date(2999, 1, 1), actor=clerk_a)
    with pytest.raises(ValidationError, match="不能早于"):
        s.application_decide(application=app, outcome="disclosed", decided_on=date(2025, 3, 1), actor=clerk_a)


def test_online_confirmation_cannot_predate_the_submission(agency_a, clerk_a):
    from django.core.exceptions import ValidationError

    from gongkai.applications.services import application_register
    from gongkai.applications.validation import ApplicationData

    from .conftest import person

    app = application_register(
        agency=agency_a, data=ApplicationData.from_mapping(person()), arrived_at=aware(date(2025, 3, 10))
    ).application
    with pytest.raises(ValidationError, match="不能早于"):
        s.application_confirm_receipt(application=app, received_on=date(2025, 3, 7), actor=clerk_a)
