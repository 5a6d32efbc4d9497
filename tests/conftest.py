"""Shared fixtures: two agencies A and B (B outside A's tree) and a user per role."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from gongkai.core.identifiers import credit_code_check_char


def make_credit_code(first17: str) -> str:
    return first17 + credit_code_check_char(first17)


def _transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(
        (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests that use the demo data together, once pytest-django has ordered the rest.

    The ``demo`` fixture loads the demo once per session and commits it, so its tests run just
    before the first transactional test (whose flush removes the demo again): after every
    ordinary test, which therefore never sees demo records, and before any flush, which would
    also empty the calendar the migrations filled. Transactional demo tests run last among them.
    """
    uses_demo = [item for item in items if "demo" in getattr(item, "fixturenames", ())]
    if not uses_demo:
        return
    rest = [item for item in items if "demo" not in getattr(item, "fixturenames", ())]
    cut = next((i for i, item in enumerate(rest) if _transactional(item)), len(rest))
    block = sorted(uses_demo, key=_transactional)
    items[:] = [*rest[:cut], *block, *rest[cut:]]


@pytest.fixture(scope="session")
def demo_media(tmp_path_factory):
    """The folder the demo's letters and uploads are written to (never ./media)."""
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="session")
def demo(django_db_setup, django_db_blocker, demo_media):
    """Load ``gongkai demo`` into the test database once per session (committed; see above)."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=demo_media):
        call_command("demo", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def media_in_a_temporary_folder(request, settings, tmp_path):
    """Write uploads, letters and evidence under the test's temporary folder, never ./media.

    Tests of the demo use the folder the session's demo was loaded with, so its files are found.
    """
    uses_demo = "demo" in request.fixturenames
    settings.MEDIA_ROOT = request.getfixturevalue("demo_media") if uses_demo else tmp_path / "media"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords cheaply; production keeps Django's PBKDF2 default."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def two_factor_not_required(settings):
    """Sign administrators in with force_login alone; tests/security turn the requirement on."""
    settings.GONGKAI_OTP_REQUIRED = False


@pytest.fixture(scope="session", autouse=True)
def flush_may_empty_the_audit_log():
    """Let the test runner's flush (after transactional tests) pass the audit log's triggers.

    Only the flush: every other DELETE/TRUNCATE of the audit table is still refused.
    """
    from django.db import transaction
    from django.db.backends.base.operations import BaseDatabaseOperations

    from gongkai.auditlog.maintenance import flush_allowed

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        connection = self.connection
        with transaction.atomic(using=connection.alias, savepoint=connection.features.can_rollback_ddl):
            with flush_allowed(connection):
                original(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original


@pytest.fixture
def make_agency(db):
    from gongkai.agencies.models import Agency

    counter = {"n": 0}

    def _make(name: str | None = None, parent=None, **fields) -> Agency:
        counter["n"] += 1
        n = counter["n"]
        return Agency.objects.create(
            name=name or f"测试机关{n}",
            credit_code=fields.pop("credit_code", make_credit_code(f"11410300{n:09d}")),
            parent=parent,
            **fields,
        )

    return _make


@pytest.fixture
def make_user(db):
    from gongkai.agencies.models import RoleGrant, User

    def _make(username: str, agency=None, roles=(), password: str = "pw-for-tests-123", **fields) -> User:
        user = User.objects.create_user(username=username, password=password, agency=agency, **fields)
        for role in roles:
            RoleGrant.objects.create(user=user, role=role)
        return user

    return _make


@pytest.fixture
def city(make_agency):
    return make_agency("测试市人民政府", kind="government")


@pytest.fixture
def agency_a(make_agency, city):
    return make_agency("甲局", parent=city)


@pytest.fixture
def agency_b(make_agency):
    return make_agency("乙局")


@pytest.fixture
def clerk_a(make_user, agency_a):
    return make_user("clerk_a", agency_a, ["clerk"])


@pytest.fixture
def clerk_b(make_user, agency_b):
    return make_user("clerk_b", agency_b, ["clerk"])


@pytest.fixture
def admin_a(make_user, agency_a):
    return make_user("admin_a", agency_a, ["agency_admin"])


@pytest.fixture
def supervisor_city(make_user, city):
    return make_user("sup_city", city, ["supervisor"])


@pytest.fixture
def site_admin(make_user):
    return make_user("root", None, ["site_admin"])
