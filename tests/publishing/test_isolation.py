"""Publishing's own walk of its staff URLs (the project-wide walk is tests/foundation/test_url_auth.py).

Agency A's staff and the city's supervisor reach none of agency B's records; the supervisor reads
agency A's (in their subtree) but cannot write them.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from .url_auth import STAFF_URLS, records_of


@pytest.fixture
def world(agency_b, clerk_b):
    return {"agency": agency_b, "user": clerk_b, **records_of(agency_b, clerk_b)}


@pytest.fixture
def staff_a(make_user, agency_a):
    return make_user(
        "all_roles_a",
        agency_a,
        ["clerk", "reviewer_1", "reviewer_2", "reviewer_3", "confidentiality", "office_head", "agency_admin"],
    )


def test_staff_of_a_cannot_reach_records_of_b(client, world, staff_a, supervisor_city):
    for user in (staff_a, supervisor_city):
        client.force_login(user)
        for name, kwargs_for in STAFF_URLS.items():
            if kwargs_for is None:
                continue
            url = reverse(name, kwargs=kwargs_for(world))
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                assert status in (403, 404), f"{user} {method.upper()} {url} -> {status}"


def test_lists_show_nothing_of_b(client, world, staff_a):
    client.force_login(staff_a)
    for name, kwargs_for in STAFF_URLS.items():
        if kwargs_for is None:
            response = client.get(reverse(name))
            assert response.status_code in (200, 403), name
            body = response.content.decode()
            assert world["agency"].name not in body and "乙局" not in body, name


def test_supervisor_reads_the_subtree_but_cannot_write(client, supervisor_city, agency_a, clerk_a):
    a_world = records_of(agency_a, clerk_a)
    client.force_login(supervisor_city)
    for key, name in (
        ("publishing_document", "publishing:document_detail"),
        ("publishing_published", "publishing:document_history"),
        ("publishing_account", "publishing:media_detail"),
        ("publishing_finding", "publishing:rectification_detail"),
    ):
        assert client.get(reverse(name, args=[a_world[key].pk])).status_code == 200, name
    assert client.get(reverse("publishing:inspection_agency", args=[agency_a.pk])).status_code == 200
    for name, key in (
        ("publishing:document_edit", "publishing_document"),
        ("publishing:column_edit", "publishing_column"),
        ("publishing:normative_edit", "publishing_record"),
        ("publishing:disclosure_edit", "publishing_item"),
    ):
        assert client.get(reverse(name, args=[a_world[key].pk])).status_code == 403, name
    response = client.post(
        reverse("publishing:media_detail", args=[a_world["publishing_account"].pk]),
        {"year-year": 2023, "year-posts": 1, "year-followers_start": 1, "year-followers_end": 1},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("publishing:document_transition", args=[a_world["publishing_document"].pk, "submit"])
    )
    assert response.status_code == 403
