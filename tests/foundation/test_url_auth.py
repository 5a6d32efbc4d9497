"""Walk every staff URL as every demo role of agency A against agency B's records: 403 or 404.

Every staff URL must appear in STAFF_URLS below (a new URL without an entry fails the test), so
the walk cannot silently miss a page. Parameterless pages (lists, dashboards) must answer but
must not show agency B's records.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gongkai.agencies.models import Role
from gongkai.auditlog.services import audit_record

STAFF_PREFIXES = ("staff/",)
PUBLIC_NAMES = {"login", "logout", "password_change_done"}


def _walk(resolver, prefix="", namespace=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + str(p.pattern), namespace + p.name


def staff_url_names() -> set[str]:
    return {name for route, name in _walk(get_resolver()) if route.startswith(STAFF_PREFIXES)} - PUBLIC_NAMES


@pytest.fixture
def world(agency_a, agency_b, clerk_a, clerk_b):
    """Records of agency B that clerk A must not reach."""
    from gongkai.oversight.models import AuditBatch, AuditedReport

    event = audit_record(actor=clerk_b, action="test.touch", obj=agency_b)
    batch = AuditBatch.objects.create(uploaded_by=clerk_b, agency=agency_b, name="乙局的批次")
    audited = AuditedReport.objects.create(batch=batch, source="b.txt")
    world = {"agency": agency_b, "user": clerk_b, "event": event, "batch": batch, "audited": audited}
    for module in _contributor_modules():
        world.update(module.records_of(agency_b, clerk_b))
    return world


def _contributor_modules():
    import importlib

    modules = []
    for name in CONTRIBUTORS:
        try:
            modules.append(importlib.import_module(f"tests.{name}.url_auth"))
        except ModuleNotFoundError as exc:
            if exc.name not in (f"tests.{name}", f"tests.{name}.url_auth"):
                raise
    return modules


# name -> kwargs pointing at agency B's records (None: a page without an object).
# Each app adds its own staff URLs in tests/<app>/url_auth.py: a dict STAFF_URLS of the same
# shape and a function records_of(agency_b, clerk_b) -> dict of agency B's records.
CONTRIBUTORS = ["applications", "publishing", "annual_report", "jobs", "api", "collection"]
STAFF_URLS = {
    "console:dashboard": None,
    "console:agency_list": None,
    "console:agency_create": None,
    "console:audit_log": None,
    "console:calendar": None,
    "password_change": None,
    "oversight:audit_upload": None,
    "oversight:compare": None,
    "security:otp_verify": None,
    "security:otp_setup": None,
    "console:agency_detail": lambda w: {"pk": w["agency"].pk},
    "console:agency_edit": lambda w: {"pk": w["agency"].pk},
    "console:staff_create": lambda w: {"pk": w["agency"].pk},
    "console:staff_roles": lambda w: {"pk": w["user"].pk},
    "console:history": lambda w: {"app_label": "agencies", "model": "agency", "pk": w["agency"].pk},
    "oversight:batch": lambda w: {"pk": w["batch"].pk},
    "oversight:report": lambda w: {"batch_pk": w["batch"].pk, "pk": w["audited"].pk},
}
for _module in _contributor_modules():
    STAFF_URLS.update(_module.STAFF_URLS)

EXTRA_OBJECT_URLS = [
    ("console:history", lambda w: {"app_label": "agencies", "model": "user", "pk": w["user"].pk}),
    ("console:history", lambda w: {"app_label": "auditlog", "model": "auditevent", "pk": w["event"].pk}),
]


def test_every_staff_url_is_listed():
    missing = staff_url_names() - set(STAFF_URLS)
    assert not missing, f"add these staff URLs to STAFF_URLS: {sorted(missing)}"


# Every role a demo user holds; the site administrator reaches everything by design (tested below).
WALK_ROLES = [role for role in Role if role != Role.SITE_ADMIN]


@pytest.fixture(params=WALK_ROLES, ids=str)
def staff_of_a(request, make_user, agency_a, city):
    """A user of agency A's side holding one role: the supervisor sits above A, as in the demo."""
    home = city if request.param == Role.SUPERVISOR else agency_a
    return make_user(f"walker_{request.param}", home, [request.param])


@pytest.mark.django_db
def test_no_role_of_a_reaches_records_of_b(client, world, staff_of_a):
    client.force_login(staff_of_a)
    checked = 0
    for name, kwargs_for in [*STAFF_URLS.items(), *EXTRA_OBJECT_URLS]:
        if kwargs_for is None:
            continue
        url = reverse(name, kwargs=kwargs_for(world))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (403, 404), f"{method.upper()} {url} -> {response.status_code}"
            checked += 1
    assert checked >= 2 * len([v for v in STAFF_URLS.values() if v])


@pytest.mark.django_db
def test_lists_do_not_show_other_agencies(client, world, staff_of_a):
    client.force_login(staff_of_a)
    for name, kwargs_for in STAFF_URLS.items():
        if kwargs_for is not None:
            continue
        response = client.get(reverse(name))
        assert response.status_code in (200, 403, 405), f"{name} -> {response.status_code}"
        assert world["agency"].name not in response.content.decode(), f"{name} shows agency B"


@pytest.mark.django_db
def test_anonymous_users_reach_only_public_pages(client, world):
    for name, kwargs_for in STAFF_URLS.items():
        url = reverse(name, kwargs=kwargs_for(world) if kwargs_for else None)
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login/" in response["Location"], url
    assert client.get(reverse("portal:home")).status_code == 200
    assert client.get(reverse("login")).status_code == 200


@pytest.mark.django_db
def test_supervisor_reads_subtree_but_cannot_write(client, supervisor_city, agency_a, agency_b):
    client.force_login(supervisor_city)
    assert client.get(reverse("console:agency_detail", args=[agency_a.pk])).status_code == 200
    assert client.get(reverse("console:agency_detail", args=[agency_b.pk])).status_code == 404
    assert (
        client.post(reverse("console:agency_edit", args=[agency_a.pk]), {"office_phone": "1"}).status_code
        == 403
    )


@pytest.mark.django_db
def test_site_admin_reaches_everything(client, site_admin, agency_b):
    client.force_login(site_admin)
    assert client.get(reverse("console:agency_detail", args=[agency_b.pk])).status_code == 200
    assert client.get(reverse("console:agency_edit", args=[agency_b.pk])).status_code == 200
