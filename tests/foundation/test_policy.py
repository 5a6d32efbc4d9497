"""The permission policy: the only definition of role sets, and who may grant which role."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.agencies import policy, services
from gongkai.agencies.models import Role

ROOT = Path(__file__).resolve().parents[2] / "gongkai"
POLICY = ROOT / "agencies" / "policy.py"

# What a role set written outside the policy looks like.
ROLE_SET_PATTERNS = [
    re.compile(r"^\s*[A-Z_]*ROLES\s*(?::[^=]+)?=", re.M),  # a module-level *_ROLES constant
    re.compile(r"Role\.[A-Z_0-9]+\s*[,|]\s*(?:\*?Role\.|_R)"),  # two roles side by side
    re.compile(r"[{(\[]\s*Role\.[A-Z_0-9]+\s*[,}]"),  # a literal set or tuple of roles
    re.compile(r"has_role\(\s*[\"']"),  # role names spelled as strings
    re.compile(r"role_set\s*&\s*(?!policy\.)(?:\w+\.)?[A-Z_]*ROLES"),  # a set defined elsewhere
]


def _sources():
    for path in sorted(ROOT.rglob("*.py")):
        if path == POLICY or "migrations" in path.parts:
            continue
        yield path, path.read_text(encoding="utf-8")


def test_the_pattern_catches_what_it_is_meant_to_catch():
    """The scan below can fail: each pattern finds the shapes role sets were written in before."""
    samples = [
        "READ_ROLES = frozenset({*AGENCY_WORK_ROLES, Role.SUPERVISOR})",
        "if user.has_role(Role.REVIEWER_1, Role.REVIEWER_2):",
        "roles={Role.CLERK},",
        'user.has_role("reviewer_3", "office_head")',
        "actor.role_set & workflow.EDIT_ROLES",
    ]
    for sample in samples:
        assert any(p.search(sample) for p in ROLE_SET_PATTERNS), sample
    assert not any(p.search("user.has_role(*policy.SUPERVISOR_ROLES)") for p in ROLE_SET_PATTERNS)


def test_policy_is_the_only_definition_of_role_sets():
    found = []
    for path, text in _sources():
        if path.name == "models.py" and path.parent.name == "agencies":
            text = text.split("class Role(", 1)[0] + text.split("class User(", 1)[1]  # the enum itself
        if path.parts[-2:] == ("demo", "data.py"):
            continue  # demo users, one role each
        for pattern in ROLE_SET_PATTERNS:
            for match in pattern.finditer(text):
                line = text[: match.start()].count("\n") + 1
                found.append(f"{path.relative_to(ROOT.parent)}:{line}: {match.group(0).strip()}")
    assert not found, "role sets belong in gongkai/agencies/policy.py:\n" + "\n".join(found)


def test_every_role_set_named_by_a_workflow_exists():
    from gongkai.annual_report.workflow import WORKFLOW as REPORT
    from gongkai.applications.workflow import WORKFLOW as APPLICATION
    from gongkai.publishing.workflow import WORKFLOW as DOCUMENT

    for workflow in (APPLICATION, DOCUMENT, REPORT):
        assert workflow.role_set_names() <= set(policy.ROLE_SETS), workflow.name


@pytest.mark.django_db
def test_only_site_or_parent_administrators_grant_the_supervisor_role(
    make_user, city, agency_a, admin_a, site_admin
):
    city_admin = make_user("admin_city", city, ["agency_admin"])
    clerk = make_user("clerk_x", agency_a, ["clerk"])
    # The agency's own administrator can grant work roles but not the supervisor role ...
    services.staff_set_roles(actor=admin_a, user=clerk, roles=["clerk", "reviewer_1"])
    for member in (clerk, admin_a):  # ... to anyone, themselves included
        with pytest.raises(PermissionDenied, match="监督员"):
            services.staff_set_roles(actor=admin_a, user=member, roles=[*member.role_set, "supervisor"])
    # The administrator of the parent agency and the site administrator can.
    services.staff_set_roles(actor=city_admin, user=clerk, roles=["clerk", "reviewer_1", "supervisor"])
    clerk._role_cache = None
    assert Role.SUPERVISOR in clerk.role_set
    services.staff_set_roles(actor=site_admin, user=clerk, roles=["clerk"])
    # The parent's administrator may not change the child agency's other roles.
    with pytest.raises(PermissionDenied):
        services.staff_set_roles(actor=city_admin, user=clerk, roles=["clerk", "office_head"])
    # Nor their own agency's supervisors (that is for the level above or a site administrator).
    colleague = make_user("colleague", city, [])
    with pytest.raises(PermissionDenied):
        services.staff_set_roles(actor=city_admin, user=colleague, roles=["supervisor"])
    with pytest.raises(PermissionDenied, match="系统管理员"):
        services.staff_set_roles(actor=admin_a, user=clerk, roles=["clerk", "site_admin"])


@pytest.mark.django_db
def test_the_roles_page_offers_only_grantable_roles(client, make_user, city, agency_a, admin_a):
    clerk = make_user("clerk_y", agency_a, ["clerk"])
    url = reverse("console:staff_roles", args=[clerk.pk])
    client.force_login(admin_a)
    page = client.get(url).content.decode()
    assert 'value="reviewer_1"' in page and 'value="supervisor"' not in page
    client.post(url, {"roles": ["clerk", "supervisor"]})  # a forged choice is refused by the form
    clerk._role_cache = None
    assert clerk.role_set == {"clerk"}
    client.force_login(make_user("admin_city", city, ["agency_admin"]))
    assert 'value="supervisor"' in client.get(url).content.decode()
    client.post(url, {"roles": ["supervisor"]})
    clerk._role_cache = None
    assert clerk.role_set == {"clerk", "supervisor"}  # the clerk role, not the parent's to grant, kept


@pytest.mark.django_db
def test_agency_and_staff_services_check_their_actor(make_user, agency_a, agency_b, admin_a, clerk_a):
    from gongkai.oversight.services import Upload, audit_batch_create

    admin_b = make_user("admin_b", agency_b, ["agency_admin"])
    for actor in (admin_b, clerk_a):  # another agency's administrator; a clerk of the agency
        with pytest.raises(PermissionDenied):
            services.agency_update(actor=actor, agency=agency_a, office_phone="1")
        with pytest.raises(PermissionDenied):
            services.staff_create(actor=actor, username="newbie", password=None, agency=agency_a)
        with pytest.raises(PermissionDenied):
            services.staff_set_active(actor=actor, user=clerk_a, active=False)
    with pytest.raises(PermissionDenied):  # the tree and the agency's identity are the site's
        services.agency_update(actor=admin_a, agency=agency_a, parent=None)
    with pytest.raises(PermissionDenied):
        services.agency_create(actor=admin_a, name="新机关", credit_code="x")
    with pytest.raises(PermissionDenied):
        audit_batch_create(actor=clerk_a, uploads=[Upload(name="a.txt", data=b"x")])
    assert (
        services.agency_update(actor=admin_a, agency=agency_a, office_phone="0379-1").office_phone == "0379-1"
    )
