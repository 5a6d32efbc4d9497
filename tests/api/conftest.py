"""Fixtures of the API tests: personal tokens and a client that sends one."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from gongkai.api.services import api_token_create


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Each test starts with empty rate-limit counters (they live in the cache)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def issue_token(db):
    def _issue(user, scope: str = "read_write", days: int = 30) -> str:
        return api_token_create(actor=user, name="测试", scope=scope, days=days).secret

    return _issue


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


# The publishing tests' review team and document factory, for documents to publish here.
from tests.publishing.conftest import advance, columns, make_document, team  # noqa: E402, F401
