"""Health and readiness probes, the client address behind a proxy, request ids in JSON logs."""

from __future__ import annotations

import io
import json
import logging

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory

from gongkai.ops import views
from gongkai.ops.requests import ClientAddressMiddleware, RequestIdFilter

pytestmark = pytest.mark.django_db


def test_healthz_and_readyz_answer_anonymous_callers(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "in-process"}


def test_readyz_names_what_is_unavailable(client, monkeypatch):
    def down():
        raise ConnectionError("cache down")

    monkeypatch.setattr(views, "_cache", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable" and response.json()["database"] == "ok"


def _address(settings, header_setting: str, **meta) -> str:
    settings.GONGKAI_TRUSTED_PROXY_HEADER = header_setting
    seen = {}

    def view(request):
        from django.http import HttpResponse

        seen["ip"] = request.META["REMOTE_ADDR"]
        return HttpResponse()

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", **meta)
    ClientAddressMiddleware(view)(request)
    return seen["ip"]


def test_without_a_configured_proxy_no_header_is_trusted(settings):
    assert _address(settings, "", HTTP_X_FORWARDED_FOR="1.2.3.4") == "10.0.0.1"


def test_the_configured_proxy_header_gives_the_address_the_proxy_saw(settings):
    forwarded = {"HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7"}  # the client forged the first one
    assert _address(settings, "X-Forwarded-For", **forwarded) == "203.0.113.7"
    assert _address(settings, "X-Real-IP", HTTP_X_REAL_IP="2001:db8::1") == "2001:db8::1"
    assert _address(settings, "X-Real-IP", HTTP_X_REAL_IP="not-an-ip") == "10.0.0.1"
    assert _address(settings, "X-Real-IP") == "10.0.0.1"


def test_logs_are_json_lines_carrying_the_request_id(client, monkeypatch):
    config = dict(django_settings.LOGGING["formatters"]["json"])
    formatter = config.pop("()").rsplit(".", 1)
    formatter_class = getattr(__import__(formatter[0], fromlist=[formatter[1]]), formatter[1])
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter_class(**config))
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("gongkai.ops.views")
    logger.addHandler(handler)
    monkeypatch.setattr(views, "_cache", lambda: 1 / 0)
    try:
        response = client.get("/readyz")
    finally:
        logger.removeHandler(handler)
    line = json.loads(stream.getvalue().splitlines()[0])
    assert line["request_id"] == response["X-Request-ID"] and len(line["request_id"]) == 32
    assert (line["level"], line["logger"]) == ("WARNING", "gongkai.ops.views")
    assert "cache unavailable" in line["message"]
