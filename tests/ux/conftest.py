"""Signed-in sessions of the demo accounts, on top of the session-wide ``demo`` fixture (tests/conftest.py)."""

from __future__ import annotations

import pytest


def _sessions() -> dict[str, str]:
    """A signed-in session (committed) for every demo account, for the browser walk."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from gongkai.agencies.models import User

    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
    keys = {}
    for user in User.objects.all():
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys[user.username] = store.session_key
    return keys


@pytest.fixture(scope="module")
def demo_sessions(demo, django_db_blocker):
    """The demo's session keys by username; the cache emptied of earlier tests' pages."""
    from django.core.cache import cache

    with django_db_blocker.unblock():
        cache.clear()  # pages cache what earlier tests' records looked like (popular columns, years)
        return _sessions()
