"""Walk every API endpoint with agency A's tokens against agency B's records: never a way in.

Every URL of the ``api`` namespace must be listed below as public or staff (a new endpoint without
an entry fails the walk), the way tests/foundation/test_url_auth.py does for the pages.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.api.views.staff import TRANSITION_NAMES
from gongkai.applications.views.actions import STEPS
from tests.applications.url_auth import records_of as application_records
from tests.publishing.url_auth import records_of as publishing_records

from .conftest import bearer

PUBLIC = {
    "api:schema",
    "api:docs",
    "api:agencies",
    "api:agency",
    "api:columns",
    "api:documents",
    "api:document",
    "api:dataset_json",
    "api:dataset_csv",
    "api:report",
    "api:apply",
    "api:track",
    "api:letter",
    "api:audit_jobs",
    "api:audit_job",
    "api:not_found",
}
# Every handling step of the staff page is an endpoint; each is walked with agency B's application.
STEP_NAMES = list(STEPS)


def _app(w):
    return {"tracking_number": w["applications_application"].tracking_number}


# name -> kwargs pointing at agency B's records (None: a list, which must not show B's records).
STAFF = {
    "api:staff_applications": None,
    "api:staff_documents": None,
    "api:staff_application": _app,
    **{f"api:staff_application_{key}": _app for key in STEP_NAMES},
    "api:staff_document": lambda w: {"pk": w["publishing_document"].pk},
    **{
        f"api:staff_document_transition#{name}": lambda w, name=name: {
            "pk": w["publishing_document"].pk,
            "name": name,
        }
        for name in TRANSITION_NAMES
    },
    "api:staff_report_data": lambda w: {"credit_code": w["agency"].credit_code, "year": 2024},
}


def _walk(resolver, namespace=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p, f"{namespace}{p.namespace}:" if p.namespace else namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield namespace + p.name


def api_url_names() -> set[str]:
    return {name for name in _walk(get_resolver()) if name.startswith("api:")}


@pytest.fixture
def world(agency_b, clerk_b):
    return (
        {"agency": agency_b} | application_records(agency_b, clerk_b) | publishing_records(agency_b, clerk_b)
    )


def test_every_api_endpoint_is_listed():
    staff = {name.split("#")[0] for name in STAFF}
    assert not (api_url_names() - PUBLIC - staff), "list new API endpoints in PUBLIC or STAFF"
    assert not (staff - api_url_names()), "STAFF names an endpoint that does not exist"


@pytest.mark.django_db
def test_tokens_of_agency_a_cannot_reach_agency_b(client, world, make_user, agency_a, issue_token):
    """Every role of agency A, with a read-write token: 403 or 404 on each of B's records."""
    holders = [
        make_user("a_clerk", agency_a, ["clerk"]),
        make_user("a_head", agency_a, ["office_head"]),
        make_user("a_r1", agency_a, ["reviewer_1"]),
        make_user("a_r3", agency_a, ["reviewer_3"]),
        make_user("a_admin", agency_a, ["agency_admin"]),
    ]
    checked = 0
    for user in holders:
        headers = bearer(issue_token(user, "read_write"))
        for name, kwargs_for in STAFF.items():
            url_name = name.split("#")[0]
            if kwargs_for is None:
                response = client.get(reverse(url_name), **headers)
                assert response.status_code == 200, (user, name)
                assert world["agency"].credit_code not in response.content.decode(), (user, name)
                continue
            url = reverse(url_name, kwargs=kwargs_for(world))
            methods = (
                ("get",)
                if url_name in ("api:staff_application", "api:staff_document", "api:staff_report_data")
                else ("post",)
            )
            for method in methods:
                if method == "get":
                    response = client.get(url, **headers)
                else:
                    response = client.post(url, data="{}", content_type="application/json", **headers)
                assert response.status_code in (403, 404), (
                    f"{user} {method.upper()} {url} -> {response.status_code}"
                )
                assert response.json()["error"]["code"] in ("not_found", "permission_denied")
                checked += 1
    assert checked == len(holders) * len([v for v in STAFF.values() if v])
    # Nothing of B's changed.
    world["applications_application"].refresh_from_db()
    assert world["applications_application"].status == "delivered"


# Public endpoints pointed at agency B's records that are not public: a token (of agency A, or of B's
# own clerk) opens nothing more than an anonymous call would.
PUBLIC_NOT_FOR_EVERYONE = {
    "api:document": lambda w: {"pk": w["publishing_document"].pk},  # B's draft
    "api:report": lambda w: {"credit_code": w["agency"].credit_code, "year": 2024},  # not published
    "api:audit_job": lambda w: {"job_id": "00000000-0000-4000-8000-000000000000"},
}


@pytest.mark.django_db
def test_public_endpoints_give_a_token_nothing_more(client, world, make_user, agency_a, clerk_b, issue_token):
    assert set(PUBLIC_NOT_FOR_EVERYONE) <= PUBLIC
    tokens = [
        issue_token(make_user("a_admin", agency_a, ["agency_admin"]), "read_write"),
        issue_token(clerk_b, "read_write"),
    ]
    for secret in tokens:
        for name, kwargs_for in PUBLIC_NOT_FOR_EVERYONE.items():
            response = client.get(reverse(name, kwargs=kwargs_for(world)), **bearer(secret))
            assert response.status_code == 404, (name, response.status_code)
        listed = client.get(reverse("api:documents"), **bearer(secret)).json()["results"]
        assert world["publishing_document"].pk not in [d["id"] for d in listed]
        tracked = client.post(
            reverse("api:track"),
            data={
                "tracking_number": world["applications_application"].tracking_number,
                "query_code": "0000-0000",
            },
            content_type="application/json",
            **bearer(secret),
        )
        assert tracked.status_code == 404  # the number alone, even with a staff token, shows nothing


@pytest.mark.django_db
def test_staff_endpoints_refuse_requests_without_a_token(client, world):
    for name, kwargs_for in STAFF.items():
        url_name = name.split("#")[0]
        url = reverse(url_name, kwargs=kwargs_for(world) if kwargs_for else None)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 401, f"{method} {url}"
            assert response.json()["error"]["code"] == "not_authenticated"
            assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_supervisor_token_reads_the_subtree_but_never_writes(client, make_user, city, agency_a, issue_token):
    supervisor = make_user("sup", city, ["supervisor"])
    clerk = make_user("clerk_in_a", agency_a, ["clerk"])
    application = application_records(agency_a, clerk)["applications_application"]
    headers = bearer(issue_token(supervisor, "read_write"))
    url = reverse("api:staff_application", args=[application.tracking_number])
    assert client.get(url, **headers).status_code == 200
    response = client.post(
        reverse("api:staff_application_close", args=[application.tracking_number]),
        data="{}",
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403
