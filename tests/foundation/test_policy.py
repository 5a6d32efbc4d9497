"""The permission policy: the only definition of role sets, and who may grant which role."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.agencies import policy, services
from gongkai.agencies.models import Role


def test_every_role_set_named_by_a_workflow_exists():
    from gongkai.applications.workflow import WORKFLOW

    assert WORKFLOW.role_set_names() <= set(policy.ROLE_SETS)


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
