"""Every page as every demo role: no internal identifier shown, no page failing (issue 13 point 1)."""

from __future__ import annotations

import pytest

from gongkai.demo import data

from .crawl import crawl, visible_identifiers

# Staff first, the site administrator last: object pages are read once, by the first role that
# reaches them, so they are read by the roles that act on them.
ROLES = [username for username, *_ in data.USERS if username != "admin"] + ["admin"]


def test_the_detector_finds_codes_and_spares_labels():
    html = (
        "<html><body><p>application.register pending_conf True</p>"
        '<p>登记申请 <small class="code">application.register</small></p>'
        "<p>zhang.san@edu.ly.gov.cn report-2023.pdf https://www.ly.gov.cn/a_b</p></body></html>"
    )
    assert visible_identifiers(html) == ["True", "application.register", "pending_conf"]


@pytest.mark.django_db
def test_no_page_shows_internal_identifiers_to_any_demo_role(demo, client):
    from gongkai.agencies.models import User

    shared: set[str] = set()
    problems, failures, visited = {}, {}, 0
    for username in ROLES:
        client.force_login(User.objects.get(username=username))
        found, errors, count = crawl(client, ["/staff/"], ("/staff/",), shared=shared)
        problems |= {f"{username} {url}": ids for url, ids in found.items()}
        failures |= {
            f"{username} {url}": code for url, code in errors.items() if code >= 500 or username != "admin"
        }
        visited += count
        client.logout()
    found, errors, count = crawl(client, ["/", "/apply/", "/search/"], ("/",), shared=shared)
    problems |= {f"visitor {url}": ids for url, ids in found.items()}
    failures |= {f"visitor {url}": code for url, code in errors.items()}
    visited += count
    assert visited > 300, visited  # the walk reached the platform, not just a login page
    assert not failures, failures
    assert not problems, problems
