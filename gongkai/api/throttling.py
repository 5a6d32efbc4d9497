"""Rate limits of the public endpoints (per client address), read from settings at each call."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

DEFAULT_RATES = {"public": "120/min", "auditor": "20/hour"}


class PublicThrottle(SimpleRateThrottle):
    scope = "public"

    def __init__(self):  # the rate is read per request so that a deployment (or test) can change it
        pass

    def get_rate(self) -> str:
        return (getattr(settings, "GONGKAI_API_RATES", None) or {}).get(self.scope, DEFAULT_RATES[self.scope])

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AuditorThrottle(PublicThrottle):
    scope = "auditor"
