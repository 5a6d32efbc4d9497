"""The client address and the request id, the two facts about a request that logs and limits need.

The client address is ``REMOTE_ADDR`` unless ``GONGKAI_TRUSTED_PROXY_HEADER`` names the header a
trusted reverse proxy sets (``X-Forwarded-For``, ``X-Real-IP``): then, and only then, it comes
from that header (for ``X-Forwarded-For``, the last address: the one the proxy itself saw). A
client cannot forge its address when no proxy is configured, because no header is read at all.
"""

from __future__ import annotations

import ipaddress
import logging
import uuid
from contextvars import ContextVar

from django.conf import settings

_request_id: ContextVar[str] = ContextVar("gongkai_request_id", default="-")


def current_request_id() -> str:
    return _request_id.get()


def _meta_key(header: str) -> str:
    return "HTTP_" + header.strip().upper().replace("-", "_")


def proxied_address(meta: dict, header: str) -> str | None:
    """Return the address the trusted proxy reported in ``header``, or None when it is absent or bad."""
    raw = meta.get(_meta_key(header), "")
    candidate = raw.split(",")[-1].strip() if raw else ""
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


class ClientAddressMiddleware:
    """Set ``REMOTE_ADDR`` from the trusted proxy's header and give every request an id.

    Put it first: everything after (rate limits, login throttling, audit) reads ``REMOTE_ADDR``.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = getattr(settings, "GONGKAI_TRUSTED_PROXY_HEADER", "")

    def __call__(self, request):
        if self.header:
            address = proxied_address(request.META, self.header)
            if address:
                request.META["REMOTE_ADDR"] = address
        incoming = request.META.get("HTTP_X_REQUEST_ID", "") if self.header else ""
        request_id = incoming if _valid_id(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


def _valid_id(value: str) -> bool:
    return 8 <= len(value) <= 64 and all(c.isalnum() or c in "-_" for c in value)


class RequestIdFilter(logging.Filter):
    """Add ``request_id`` to every log record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True
