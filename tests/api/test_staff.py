"""Staff endpoints: the same services, forms and rules as the pages, reached with a token."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from gongkai.applications.models import Application
from gongkai.auditlog.models import AuditEvent
from tests.applications.conftest import person

from .conftest import bearer


@pytest.fixture
def online(client, agency_a):
    body = person() | {"agency": agency_a.credit_code}
    receipt = client.post(
        "/api/v1/applications/", data=json.dumps(body), content_type="application/json"
    ).json()
    return Application.objects.get(tracking_number=receipt["tracking_number"])


def post(client, url, body, headers):
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


@pytest.mark.django_db
def test_work_list_detail_and_a_handling_step(client, clerk_a, online, issue_token):
    headers = bearer(issue_token(clerk_a))
    listed = client.get("/api/v1/staff/applications/?bucket=unconfirmed", **headers).json()["results"]
    assert [a["tracking_number"] for a in listed] == [online.tracking_number]
    base = f"/api/v1/staff/applications/{online.tracking_number}/"
    detail = client.get(base, **headers).json()
    assert "confirm_receipt" in [a["name"] for a in detail["actions"]]
    assert "*" in detail["id_number"] and detail["id_number"] != online.id_number  # masked

    arrived = timezone.localdate(online.arrived_at).isoformat()  # the day in Beijing, not in UTC
    invalid = post(client, base + "confirm_receipt/", {"basis": "confirmed"}, headers)
    assert invalid.status_code == 400 and invalid.json()["error"]["fields"]["received_on"]
    done = post(client, base + "confirm_receipt/", {"received_on": arrived, "basis": "confirmed"}, headers)
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "in_progress" and done.json()["due_date"]
    assert [e["type"] for e in done.json()["events"]] == ["received"]
    event = AuditEvent.objects.filter(action="application.confirm_receipt").get()
    assert event.actor == clerk_a

    again = post(client, base + "confirm_receipt/", {"received_on": arrived, "basis": "confirmed"}, headers)
    assert again.status_code == 409 and again.json()["error"]["code"] == "transition_not_allowed"
    approver_only = post(
        client, base + "extend/", {"workdays": 5, "reason": "复杂", "extended_on": arrived}, headers
    )
    assert approver_only.status_code == 403


@pytest.mark.django_db
def test_document_review_through_the_api_keeps_four_eyes(client, team, make_document, issue_token):
    document = make_document()
    author, reviewer = bearer(issue_token(team["author"])), bearer(issue_token(team["r1"]))
    url = f"/api/v1/staff/documents/{document.pk}/"
    assert [a["name"] for a in client.get(url, **author).json()["actions"]] == ["submit"]
    submitted = post(client, url + "transitions/submit/", {}, author)
    assert submitted.status_code == 200 and submitted.json()["status"] == "pending_1"
    own = post(client, url + "transitions/approve_1/", {"opinion": "同意"}, author)
    assert own.status_code == 403  # the author lacks the reviewer's role (policy: who → 403)
    returned = post(client, url + "transitions/return_1/", {}, reviewer)
    assert returned.status_code == 409 and "意见" in returned.json()["error"]["message"]
    approved = post(client, url + "transitions/approve_1/", {"opinion": "同意"}, reviewer)
    assert approved.status_code == 200 and approved.json()["status"] == "pending_2"
    assert [s["level"] for s in approved.json()["review_steps"]] == ["1"]
    listed = client.get("/api/v1/staff/documents/?status=pending_2", **reviewer).json()["results"]
    assert [d["id"] for d in listed] == [document.pk]


@pytest.mark.django_db
def test_report_data_of_an_agency_year(client, agency_a, clerk_a, issue_token):
    headers = bearer(issue_token(clerk_a, "read"))
    body = client.get(f"/api/v1/staff/annual-reports/{agency_a.credit_code}/2025/", **headers).json()
    assert body["source"] == "records" and body["version"] is None
    assert body["tables"]["applications"]["new_this_year"]["total"] == 0
    assert (
        client.get(f"/api/v1/staff/annual-reports/{agency_a.credit_code}/1999/", **headers).status_code == 400
    )
