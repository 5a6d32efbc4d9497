"""Personal API tokens: created and revoked in the console, stored hashed, expiring, scoped, audited."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from gongkai.api.models import ApiToken
from gongkai.api.services import USE_RECORD_INTERVAL, api_token_create
from gongkai.auditlog.models import AuditEvent

from .conftest import bearer

WORKLIST = "/api/v1/staff/applications/"


@pytest.mark.django_db
def test_console_creates_a_token_shown_once_and_stored_hashed(client, clerk_a):
    client.force_login(clerk_a)
    response = client.post("/staff/api-tokens/", {"name": "政务服务网对接", "scope": "read", "days": "30"})
    assert response.status_code == 201
    secret = response.context["issued"].secret
    assert secret in response.content.decode()
    token = ApiToken.objects.get(user=clerk_a)
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest() and secret not in token.digest
    assert secret not in client.get("/staff/api-tokens/").content.decode()  # never shown again
    assert client.get(WORKLIST, **bearer(secret)).status_code == 200
    assert AuditEvent.objects.filter(action="api.token.create", object_id=str(token.pk)).exists()


@pytest.mark.django_db
def test_invalid_token_requests_are_refused(client, clerk_a):
    client.force_login(clerk_a)
    response = client.post("/staff/api-tokens/", {"name": "", "scope": "admin", "days": "1000"})
    assert response.status_code == 200 and not ApiToken.objects.exists()
    assert set(response.context["form"].errors) == {"name", "scope", "days"}


@pytest.mark.django_db
def test_revoked_token_is_refused_at_once(client, clerk_a, clerk_b):
    issued = api_token_create(actor=clerk_a, name="脚本", scope="read", days=30)
    headers = bearer(issued.secret)
    assert client.get(WORKLIST, **headers).status_code == 200
    client.force_login(clerk_b)  # someone else cannot revoke it
    assert client.post(f"/staff/api-tokens/{issued.token.pk}/revoke/").status_code == 404
    client.force_login(clerk_a)
    assert client.post(f"/staff/api-tokens/{issued.token.pk}/revoke/").status_code == 302
    refused = client.get(WORKLIST, **headers)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "authentication_failed"
    assert AuditEvent.objects.filter(action="api.token.revoke").count() == 1


@pytest.mark.django_db
def test_token_expires_at_its_time(client, clerk_a):
    issued = api_token_create(actor=clerk_a, name="脚本", scope="read", days=1)
    headers = bearer(issued.secret)
    ApiToken.objects.filter(pk=issued.token.pk).update(expires_at=timezone.now() + timedelta(seconds=30))
    assert client.get(WORKLIST, **headers).status_code == 200
    ApiToken.objects.filter(pk=issued.token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get(WORKLIST, **headers).status_code == 401


@pytest.mark.django_db
def test_forged_and_malformed_tokens_are_refused(client, clerk_a):
    issued = api_token_create(actor=clerk_a, name="脚本", scope="read", days=1)
    forged = issued.secret[:-2] + ("AA" if not issued.secret.endswith("AA") else "BB")
    for value in (forged, "gk_nope", "gk__", "garbage", issued.secret.replace("gk_", "xx_")):
        assert client.get(WORKLIST, **bearer(value)).status_code == 401, value
    clerk_a.is_active = False
    clerk_a.save()
    assert client.get(WORKLIST, **bearer(issued.secret)).status_code == 401


@pytest.mark.django_db
def test_read_only_token_cannot_write(client, clerk_a):
    issued = api_token_create(actor=clerk_a, name="只读", scope="read", days=1)
    response = client.post(
        "/api/v1/staff/applications/YSQ202500000001/close/",
        data="{}",
        content_type="application/json",
        **bearer(issued.secret),
    )
    assert response.status_code == 403 and "只读令牌" in response.json()["error"]["message"]


@pytest.mark.django_db
def test_token_use_is_recorded_in_the_audit_log(client, clerk_a):
    issued = api_token_create(actor=clerk_a, name="脚本", scope="read", days=1)
    uses = AuditEvent.objects.filter(action="api.token.use", object_id=str(issued.token.pk))
    client.get(WORKLIST, **bearer(issued.secret))
    client.get(WORKLIST, **bearer(issued.secret))
    assert uses.count() == 1  # reads: at most once per interval
    event = uses.get()
    assert event.actor == clerk_a and event.note == f"GET {WORKLIST}"
    ApiToken.objects.filter(pk=issued.token.pk).update(last_used_at=timezone.now() - USE_RECORD_INTERVAL)
    client.get(WORKLIST, **bearer(issued.secret))
    assert uses.count() == 2
    client.post(WORKLIST, **bearer(issued.secret))  # every write attempt is recorded
    assert uses.count() == 3
    issued.token.refresh_from_db()
    assert issued.token.last_used_at is not None
