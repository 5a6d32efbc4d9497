"""Every page as every demo role: no internal identifier shown, no page failing (issue 13 point 1)."""

from __future__ import annotations

import os

import pytest

from gongkai.demo import data

from .browser import CHROMIUM, OUTPUT, walk
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
def test_no_page_shows_internal_identifiers_to_any_demo_role(demo, demo_sessions, client):
    from gongkai.agencies.models import User

    shared: set[str] = set()
    problems, failures, visited = {}, {}, 0
    for username in ROLES:
        client.force_login(User.objects.get(username=username))
        found, errors, count = crawl(client, ["/staff/"], ("/staff/",), shared=shared)
        problems |= {f"{username} {url}": ids for url, ids in found.items()}
        failures |= {f"{username} {url}": code for url, code in errors.items()}
        visited += count
        client.logout()
    found, errors, count = crawl(client, ["/", "/apply/", "/search/"], ("/",), shared=shared)
    problems |= {f"visitor {url}": ids for url, ids in found.items()}
    failures |= {f"visitor {url}": code for url, code in errors.items()}
    visited += count
    assert visited > 300, visited  # the walk reached the platform, not just a login page
    assert not failures, failures
    assert not problems, problems


NAV_LINKS = "nav a[href^='/'], p.actions a[href^='/'], .subnav a[href^='/']"


@pytest.mark.django_db
def test_every_navigation_link_works_for_every_demo_role(demo, demo_sessions, client):
    """Follow each role's navigation (the main menu and each section's links): none 404s or fails."""
    from bs4 import BeautifulSoup

    from gongkai.agencies.models import User

    failures, followed = {}, 0
    for username in [username for username, *_ in data.USERS]:
        client.force_login(User.objects.get(username=username))
        start = client.get("/staff/")
        assert start.status_code == 200, username
        pages = [a["href"] for a in BeautifulSoup(start.content, "html.parser").select(NAV_LINKS)]
        seen = set()
        for page in ["/staff/", *pages]:
            response = client.get(page)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            for a in BeautifulSoup(response.content, "html.parser").select(NAV_LINKS):
                href = a["href"]
                if href in seen or "/logout" in href:
                    continue
                seen.add(href)
                code = client.get(href).status_code
                followed += 1
                if code == 404 or code >= 500:
                    failures[f"{username} {a.get_text(strip=True)} {href}"] = code
        client.logout()
    assert followed > 50, followed
    assert not failures, failures


def _queue(client, username):
    from bs4 import BeautifulSoup

    from gongkai.agencies.models import User

    client.force_login(User.objects.get(username=username))
    soup = BeautifulSoup(client.get("/staff/").content, "html.parser")
    panel = soup.find(id="panel-queues").find_parent("section")
    table = panel.find("table")
    rows = {
        tr.find("td").get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")[1:]]
        for tr in (table.find("tbody").find_all("tr") if table else [])
    }
    assert all(int(count) > 0 for count, _ in rows.values())  # the table lists only what waits
    clear = panel.find(string=lambda text: text and text.startswith("暂无待办："))
    for label in clear.strip().removeprefix("暂无待办：").rstrip("。").split("、") if clear else []:
        assert label not in rows
        rows[label] = ["0", "—"]
    return rows


@pytest.mark.django_db
def test_each_role_sees_what_waits_for_it(demo, client, django_assert_max_num_queries):
    head = _queue(client, "head")
    assert head["答复待我批准"][0] == "2" and head["答复待我批准"][1].endswith("日")
    assert "文件待我初审" not in head
    assert _queue(client, "reviewer1")["文件待我初审"][0] == "1"
    assert _queue(client, "secrecy")["文件待我保密审查"][0] == "1"
    clerk = _queue(client, "clerk")
    assert int(clerk["我承办的申请待答复"][0]) >= 5 and "答复待我批准" not in clerk
    assert "整改反馈待我核查" in _queue(client, "supervisor")
    with django_assert_max_num_queries(30):  # one aggregate per queue, whatever the numbers
        client.get("/staff/")


@pytest.mark.django_db
def test_the_approval_page_shows_the_decision_and_the_letter(demo, client):
    from gongkai.agencies.models import User
    from gongkai.applications.models import Application

    pending = Application.objects.filter(status="decided", approved_by__isnull=True).order_by("pk").first()
    client.force_login(User.objects.get(username="head"))
    page = client.get(f"/staff/applications/{pending.pk}/do/approve/").content.decode()
    assert "待批准的答复决定" in page and pending.get_outcome_display() in page
    assert "告知书预览" in page and pending.applicant_name in page and pending.legal_basis in page


@pytest.mark.django_db
def test_the_document_review_page_shows_what_changed_since_the_return(demo, client):
    from gongkai.agencies.models import User
    from gongkai.publishing.models import Document

    document = Document.objects.get(title="关于公布2026年度市级优秀教师名单的公示")
    client.force_login(User.objects.get(username="reviewer1"))
    page = client.get(f"/staff/publishing/documents/{document.pk}/").content.decode()
    assert "变更对比" in page and "一级审核（初审）退回修改时的内容" in page
    assert "<del>48</del><ins>46</ins>" in page and "<del>5</del><ins>7</ins>" in page
    assert "<ins>\n联系电话：0379-63212345（市教育局人事科）。</ins>" in page


@pytest.mark.django_db
def test_recall_on_the_judged_queries(demo):
    from gongkai.search import backends
    from tests.search.judged import recall, searchable_titles

    def search(query):
        return backends.search(query, per_page=5000).document_ids

    mean, rows = recall(search, searchable_titles())
    assert len(rows) >= 14, rows  # the demo has documents, reports and interpretations for the queries
    judged = {query: relevant for query, relevant, _found in rows}
    assert judged["年度报告"] >= 3 and judged["政策解读"] == 2  # annual reports and interpretations judged
    assert mean >= 0.95, rows


# --- In a real browser: each role's main pages, the citizen's flow, axe, keyboard, 320 px -------


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}")
@pytest.mark.django_db
def test_every_role_and_the_citizen_in_a_browser(demo, demo_sessions, monkeypatch):
    """Drive the site in Chromium; the server thread reads the committed demo (no transactional DB)."""
    from pytest_django.live_server_helper import LiveServer

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    server = LiveServer("localhost")
    try:
        violations, overflow = walk(server.url, demo_sessions.__getitem__, OUTPUT)
    finally:
        server.stop()
    assert not overflow, f"pages scroll sideways at 320 px: {overflow}"
    assert not violations, "\n".join(violations)
