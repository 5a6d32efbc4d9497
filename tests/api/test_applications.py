"""Submitting and following an application over the API: the portal's rules, idempotent."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.api.serializers import public as public_serializers
from gongkai.applications.models import Application
from tests.applications.conftest import person

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def submit(client, agency, key: str | None = None, code: str | None = None, **overrides):
    body = person(**overrides) | {"agency": code or agency.credit_code}
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(
        "/api/v1/applications/", data=json.dumps(body), content_type="application/json", **headers
    )


@pytest.mark.django_db
def test_submission_returns_a_receipt_and_tracking_works(client, agency_a):
    response = submit(client, agency_a)
    assert response.status_code == 201
    receipt = response.json()
    assert receipt["status"] == "registered" and receipt["repeat"] is False
    assert receipt["agency"]["credit_code"] == agency_a.credit_code
    application = Application.objects.get(tracking_number=receipt["tracking_number"])
    assert application.channel == "online" and application.idempotency_key is None

    track = client.post(
        "/api/v1/applications/track/",
        {"tracking_number": receipt["tracking_number"], "query_code": receipt["query_code"]},
        content_type="application/json",
    )
    assert track.status_code == 200
    assert track.json()["status_label"] == "已提交，等待机关确认收到" and track.json()["due_date"] is None

    wrong = client.post(
        "/api/v1/applications/track/",
        {"tracking_number": receipt["tracking_number"], "query_code": "AAAA-AAAA"},
        content_type="application/json",
    )
    unknown = client.post(
        "/api/v1/applications/track/",
        {"tracking_number": "YSQ202600000000", "query_code": receipt["query_code"]},
        content_type="application/json",
    )
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()  # an unknown number and a wrong code look the same


@pytest.mark.django_db
def test_the_same_idempotency_key_registers_once(client, agency_a):
    first = submit(client, agency_a, key="0b9f6d7e-2f4c-4f4e-9a57-1b2c3d4e5f60")
    again = submit(client, agency_a, key="0b9f6d7e-2f4c-4f4e-9a57-1b2c3d4e5f60")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["repeat"] is True
    assert again.json()["tracking_number"] == first.json()["tracking_number"]
    assert again.json()["query_code"] == first.json()["query_code"]
    assert Application.objects.count() == 1
    # Someone else reusing the key does not get the first applicant's receipt.
    other = submit(
        client, agency_a, key="0b9f6d7e-2f4c-4f4e-9a57-1b2c3d4e5f60", id_number="11010519491231002X"
    )
    assert other.status_code == 400 and "已经提交过" in other.json()["error"]["message"]
    assert Application.objects.count() == 1
    # A new key is a new application.
    assert submit(client, agency_a, key="another-key").status_code == 201
    assert Application.objects.count() == 2


@pytest.mark.django_db
def test_invalid_submissions_are_refused_in_chinese_and_nothing_is_saved(client, agency_a):
    response = submit(client, agency_a, id_number="410302198001010012", phone="电话号码")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert "id_number" in error["fields"] and error["fields"]["phone"]
    assert all("\u4e00" <= m[0] <= "\u9fff" or m[0] in "“" for ms in error["fields"].values() for m in ms)
    bad_agency = submit(client, agency_a, code="000000000000000000")
    assert bad_agency.status_code == 400 and bad_agency.json()["error"]["fields"]["agency"]
    assert (
        client.post("/api/v1/applications/", data="{not json", content_type="application/json").status_code
        == 400
    )
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_multipart_submission_with_attachments(client, agency_a):
    body = person() | {"agency": agency_a.credit_code, "attachments": [SimpleUploadedFile("证明.png", PNG)]}
    response = client.post("/api/v1/applications/", data=body)
    assert response.status_code == 201
    application = Application.objects.get(tracking_number=response.json()["tracking_number"])
    assert [(a.original_name, a.kind) for a in application.attachments.all()] == [("证明.png", "png")]
    rejected = client.post(
        "/api/v1/applications/",
        data=person()
        | {"agency": agency_a.credit_code, "attachments": [SimpleUploadedFile("x.exe", b"MZ" + b"\0" * 40)]},
    )
    assert rejected.status_code == 400 and rejected.json()["error"]["fields"]["attachments"]
    assert Application.objects.count() == 1


@pytest.mark.django_db
def test_attachments_are_typed_by_content_and_refused_by_size_before_reading(client, agency_a, monkeypatch):
    body = person() | {"agency": agency_a.credit_code, "attachments": [SimpleUploadedFile("扫描件.pdf", PNG)]}
    response = client.post("/api/v1/applications/", data=body)
    assert response.status_code == 201
    application = Application.objects.get(tracking_number=response.json()["tracking_number"])
    assert [a.kind for a in application.attachments.all()] == ["png"]  # the content, not the name
    monkeypatch.setattr(public_serializers, "MAX_ATTACHMENT_BYTES", len(PNG) - 1)
    body = person() | {"agency": agency_a.credit_code, "attachments": [SimpleUploadedFile("大.png", PNG)]}
    oversized = client.post("/api/v1/applications/", data=body)
    assert oversized.status_code == 400
    assert "超过" in oversized.json()["error"]["fields"]["attachments"][0]
    assert Application.objects.count() == 1


@pytest.mark.django_db
def test_submissions_share_the_portals_rate_limit(client, agency_a, settings):
    settings.GONGKAI_RATE_LIMITS = {"submit": (1, 600), "lookup": (20, 600)}
    assert submit(client, agency_a, key="k1").status_code == 201
    limited = submit(client, agency_a, key="k2")
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "throttled"
    assert submit(client, agency_a, key="k1").status_code == 200  # a repeat is never limited


def test_the_schema_documents_the_wait_for_a_letter_pdf(client):
    """A delivered letter whose PDF is still being made answers 202 (or 503 when making it failed)
    with a JSON body (``jobs.views.job_wait_page``): the schema says so, with that body."""
    schema = client.get("/api/v1/openapi.json").json()
    responses = schema["paths"]["/api/v1/applications/letter/"]["post"]["responses"]
    for code in ("202", "503"):
        body = responses[code]["content"]["application/json"]["schema"]
        assert body == {"$ref": "#/components/schemas/LetterPdfPending"}
    pending = schema["components"]["schemas"]["LetterPdfPending"]
    assert set(pending["properties"]) == {"status", "percent", "message"}
    status = pending["properties"]["status"]
    if "$ref" in status:
        status = schema["components"]["schemas"][status["$ref"].rsplit("/", 1)[1]]
    assert set(status["enum"]) == {"queued", "running", "done", "failed"}
