"""The structured confidentiality checklist: answered item by item, kept with the review step."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from gongkai.publishing import services
from gongkai.publishing.confidentiality import ALL_CLEAR, CHECKLIST, checklist_problem
from gongkai.publishing.models import DocumentStatus, ReviewStep
from gongkai.publishing.workflow import TransitionError

pytestmark = pytest.mark.django_db


def test_the_rules_of_the_checklist():
    assert checklist_problem(clearing=True, answers=ALL_CLEAR) is None
    partial = {**ALL_CLEAR}
    del partial["commercial_secrets"]
    assert "商业秘密" in checklist_problem(clearing=True, answers=partial)
    found = {**ALL_CLEAR, "personal_data": "present"}
    assert "不能通过保密审查" in checklist_problem(clearing=True, answers=found)
    assert checklist_problem(clearing=False, answers=found) is None
    assert "退回理由" in checklist_problem(clearing=False, answers=ALL_CLEAR)
    assert checklist_problem(clearing=False, answers=ALL_CLEAR, opinion="标题不妥") is None


def test_clearing_needs_every_answer_and_keeps_them(team, make_document, advance):
    document = advance(make_document(), until="approve_2")
    with pytest.raises(TransitionError, match="请逐项填写保密审查清单"):
        services.document_transition(actor=team["rc"], document=document, name="clear_confidentiality")
    with pytest.raises(TransitionError, match="不能通过保密审查"):
        services.document_transition(
            actor=team["rc"],
            document=document,
            name="clear_confidentiality",
            checklist={**ALL_CLEAR, "state_secrets": "present"},
        )
    document = services.document_transition(
        actor=team["rc"], document=document, name="clear_confidentiality", checklist=ALL_CLEAR
    )
    assert document.status == DocumentStatus.PENDING_3
    step = ReviewStep.objects.get(document=document, level="conf")
    assert step.checklist == ALL_CLEAR
    assert step.checklist_rows()[0] == ("国家秘密", "不含")


def test_the_reviewer_answers_the_checklist_on_the_page(client, team, make_document, advance):
    document = advance(make_document(), until="approve_2")
    client.force_login(team["rc"])
    url = reverse("publishing:document_detail", args=[document.pk])
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    form = soup.find(
        "form", action=reverse("publishing:document_transition", args=[document.pk, "clear_confidentiality"])
    )
    assert [r["name"] for r in form.find_all("input", value="absent")] == [f"check_{k}" for k, _ in CHECKLIST]
    action = reverse("publishing:document_transition", args=[document.pk, "clear_confidentiality"])
    client.post(action, {"opinion": "", **{f"check_{k}": "absent" for k, _ in CHECKLIST[:-1]}})
    document.refresh_from_db()
    assert document.status == DocumentStatus.PENDING_CONFIDENTIALITY  # one item unanswered: nothing moved
    client.post(action, {"opinion": "", **{f"check_{k}": "absent" for k, _ in CHECKLIST}})
    document.refresh_from_db()
    assert document.status == DocumentStatus.PENDING_3
    history = client.get(reverse("publishing:document_history", args=[document.pk])).content.decode()
    assert "敏感表述或不宜公开的内部意见：不含" in history
