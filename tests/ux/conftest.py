"""The demo data, loaded once for this folder's tests, and the database emptied after them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


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


def _reload_calendar() -> None:
    """Put back the calendar that a data migration loaded (a flush empties every table)."""
    import importlib

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("gongkai.workdays.migrations.0002_load_chinese_calendar")
    with connection.schema_editor() as editor:
        migration.load(apps, editor)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load `gongkai demo` into the test database (committed); flush it when the module ends.

    The tests here read it inside their own rolled-back transactions, so they see the demo
    as it was loaded. Yields the session keys of the demo accounts.
    """
    from django.core.cache import cache

    with django_db_blocker.unblock():
        call_command("demo", stdout=io.StringIO())
        cache.clear()  # pages cache what earlier tests' records looked like (popular columns, years)
        sessions = _sessions()
        try:
            yield sessions
        finally:
            call_command("flush", interactive=False, verbosity=0)
            _reload_calendar()
            cache.clear()
