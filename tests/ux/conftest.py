"""The demo data, loaded once for this folder's tests and removed after them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load `gongkai demo` into the test database (committed), and flush it when the module ends."""
    with django_db_blocker.unblock():
        call_command("demo", stdout=io.StringIO())
        yield
        call_command("flush", interactive=False, verbosity=0)
