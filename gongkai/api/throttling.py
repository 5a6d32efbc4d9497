"""Rate limits of the public endpoints (per client address), counted by the portal's rate limiter.

The counters are ``gongkai.applications.views.ratelimit``'s fixed windows in the default cache, so
with Redis configured every process counts against the same limit. ``GONGKAI_RATE_LIMITS`` sets
``api`` (reads, default 120 a minute) and ``api_auditor`` (files sent to the auditor, 20 an hour).
"""

from __future__ import annotations

from rest_framework.throttling import BaseThrottle

from gongkai.applications.views import ratelimit


class PublicThrottle(BaseThrottle):
    bucket = "api"

    def allow_request(self, request, view) -> bool:
        return ratelimit.hit(request, self.bucket)

    def wait(self) -> float:
        return ratelimit.retry_after(self.bucket)


class AuditorThrottle(PublicThrottle):
    bucket = "api_auditor"
