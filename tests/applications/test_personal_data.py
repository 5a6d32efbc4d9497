"""Issue 9.7: an applicant's identity number, address and phone by role; reveals are audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.applications.services.personal_data import (
    application_reveal_personal_data,
    may_reveal_personal_data,
    sees_personal_data,
)
from gongkai.auditlog.models import AuditEvent

ROLES = {
    # role: (sees in full, may reveal)
    "clerk": (True, False),
    "office_head": (True, False),
    "reviewer_1": (False, True),
    "reviewer_2": (False, True),
    "reviewer_3": (False, True),
    "confidentiality": (False, True),
    "agency_admin": (False, False),
}


@pytest.fixture
def application(register, agency_a, clerk_a):
    return register(agency_a, clerk_a, address="河南省洛阳市洛龙区开元大道248号", phone="13912345678")


@pytest.mark.parametrize(("role", "expected"), ROLES.items())
def test_the_permission_table(role, expected, application, make_user, agency_a):
    user = make_user(f"pd_{role}", agency_a, [role])
    assert (sees_personal_data(user, application), may_reveal_personal_data(user, application)) == expected


def test_a_reveal_is_written_to_the_audit_log(application, make_user, agency_a, clerk_a, agency_b):
    reviewer = make_user("pd_rev", agency_a, ["reviewer_1"])
    with pytest.raises(ValidationError, match="理由"):
        application_reveal_personal_data(application=application, actor=reviewer, reason=" ")
    data = application_reveal_personal_data(application=application, actor=reviewer, reason="核对申请人身份")
    assert data["phone"] == "13912345678" and data["address"].endswith("248号")
    event = AuditEvent.objects.get(action="application.reveal_personal_data")
    assert event.actor_id == reviewer.pk and "核对申请人身份" in event.note
    with pytest.raises(PermissionDenied):  # the clerk sees it anyway: nothing to reveal
        application_reveal_personal_data(application=application, actor=clerk_a, reason="x理由")
    outsider = make_user("pd_b_rev", agency_b, ["reviewer_1"])
    with pytest.raises(PermissionDenied):
        application_reveal_personal_data(application=application, actor=outsider, reason="核对身份")


def test_the_detail_page_masks_and_reveals(client, application, make_user, agency_a, clerk_a):
    url = reverse("applications:detail", args=[application.pk])
    client.force_login(clerk_a)
    page = client.get(url).content.decode()
    assert "13912345678" in page and "开元大道248号" in page and "查看完整信息" not in page
    reviewer = make_user("pd_rev2", agency_a, ["confidentiality"])
    client.force_login(reviewer)
    page = client.get(url).content.decode()
    assert "13912345678" not in page and "开元大道248号" not in page and application.id_number not in page
    assert "查看完整信息" in page
    assert not AuditEvent.objects.filter(action="application.reveal_personal_data").exists()
    page = client.post(reverse("applications:reveal", args=[application.pk]), {"reason": "保密审查需要"})
    html = page.content.decode()
    assert page.status_code == 200 and "13912345678" in html and application.id_number in html
    assert AuditEvent.objects.filter(action="application.reveal_personal_data", actor=reviewer).count() == 1
