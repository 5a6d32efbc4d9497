"""Per-IP rate limits for the public pages and the public API, kept in Django's cache (fixed windows).

The counters live in the default cache: in memory for one process, in Redis (``GONGKAI_REDIS_URL``)
when several processes serve the site, so every process counts against the same limit.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMITS = {
    "submit": (5, 600),  # 5 submissions per 10 minutes
    "lookup": (20, 600),  # 20 tracking look-ups per 10 minutes
    "api": (120, 60),  # 120 reads of the public API per minute
    "api_auditor": (20, 3600),  # 20 report files sent to the auditor over the API per hour
}
MESSAGES = {
    "submit": "您提交得太频繁了，请10分钟后再试。已填写的内容仍保留在下方表单中。",
    "lookup": "查询次数过多，请10分钟后再试。",
}


def _limits(bucket: str) -> tuple[int, int]:
    configured = getattr(settings, "GONGKAI_RATE_LIMITS", {}) or {}
    return tuple(configured.get(bucket, DEFAULT_LIMITS[bucket]))


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def retry_after(bucket: str) -> int:
    """Return the seconds until the current window of ``bucket`` ends."""
    _, window = _limits(bucket)
    return max(1, int(window - time.time() % window))


def hit(request, bucket: str) -> bool:
    """Count one attempt; return False when the client is over the limit for ``bucket``."""
    limit, window = _limits(bucket)
    slot = int(time.time() // window)
    key = f"gongkai:ratelimit:{bucket}:{client_ip(request)}:{slot}"
    cache.add(key, 0, window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 5)
        count = 1
    return count <= limit
