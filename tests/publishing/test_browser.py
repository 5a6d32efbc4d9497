"""End to end in a real browser: draft → three-level review and confidentiality review → portal → search.

Drives Debian's headless Chromium with Playwright against pytest-django's live server. Skipped
(with the reason) only when /usr/bin/chromium is not installed; CI installs it.
"""

from __future__ import annotations

import os
import re

import pytest
from django.db import connections

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "browser-pw-2024!"
BODY_WORD = "园林绿化"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # synchronous and safe (the live server answers from its own thread).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield instance
        finally:
            instance.close()
            # With Playwright's loop running, Django keys connections by context: the ones the
            # test opened here are not the ones pytest-django closes. Close them before leaving.
            connections.close_all()


@pytest.fixture
def office(transactional_db, make_agency, make_user):
    """An agency with a column, a clerk, three reviewers and a confidentiality reviewer."""
    from gongkai.publishing.models import Column, ColumnKind

    agency = make_agency("浏览器测试市园林局", office_name="园林局办公室", office_phone="0379-6000000")
    Column.objects.create(agency=agency, name="通知公告", kind=ColumnKind.NOTICE)
    roles = ("clerk", "reviewer_1", "reviewer_2", "confidentiality", "reviewer_3")
    for role in roles:
        make_user(f"b_{role}", agency, [role], password=PASSWORD, full_name=f"测试{role}")
    return agency


def _session(browser, live_server, username):
    """Open a browser context logged in through the login form."""
    context = browser.new_context(locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/staff/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/staff/(?!login)"))
    return context, page


def _act(browser, live_server, username, detail_path, button):
    context, page = _session(browser, live_server, username)
    page.goto(live_server.url + detail_path)
    form = page.locator("form").filter(has=page.get_by_role("button", name=button, exact=True))
    for radio in form.locator("input[value=absent]").all():  # the confidentiality checklist
        radio.check()
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    status = page.locator("h1 + p .badge").first.inner_text()
    context.close()
    return status


def test_a_reviewed_document_reaches_the_portal_and_is_found(browser, live_server, office):
    from gongkai.publishing.models import Document, DocumentStatus

    title = "关于开展城市道路养护考核工作的通知"
    context, page = _session(browser, live_server, "b_clerk")
    page.goto(f"{live_server.url}/staff/publishing/documents/new/")
    page.locator("#id_title").fill(title)
    page.locator("#id_summary").fill("部署年度道路养护考核")
    # The body is edited in the rich-text editor; its source view takes HTML as typed.
    page.locator("#id_body_editor").click()
    page.keyboard.type("草稿")
    page.get_by_role("button", name="编辑源码").click()
    assert "草稿" in page.locator("#id_body").input_value()
    page.locator("#id_body").fill(f"<p>各区局：为提升{BODY_WORD}和道路养护水平，现就考核工作通知如下。</p>")
    page.get_by_label("通知公告").check()
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(re.compile(r"/staff/publishing/documents/\d+/$"))
    detail_path = page.url.removeprefix(live_server.url)
    page.get_by_role("button", name="提交审核", exact=True).click()
    page.wait_for_load_state()
    context.close()

    assert _act(browser, live_server, "b_reviewer_1", detail_path, "初审通过") == "待二级审核（复审）"
    assert _act(browser, live_server, "b_reviewer_2", detail_path, "复审通过") == "待保密审查"
    assert (
        _act(browser, live_server, "b_confidentiality", detail_path, "保密审查通过")
        == "待三级审核（终审签发）"
    )
    assert _act(browser, live_server, "b_reviewer_3", detail_path, "终审签发并发布") == "已发布"
    document = Document.objects.get(title=title)
    assert document.status == DocumentStatus.PUBLISHED and document.index_number

    # A visitor, not logged in: the home page lists it; the agency's search finds it by a body word.
    visitor = browser.new_context(locale="zh-CN")
    visitor.set_default_timeout(15_000)
    page = visitor.new_page()
    page.goto(live_server.url + "/")
    assert page.get_by_role("link", name=title).count() == 1
    page.get_by_role("link", name=office.name).click()
    page.get_by_label(f"在{office.name}检索").fill(BODY_WORD)
    page.get_by_label(f"在{office.name}检索").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    results = page.locator("ol.results h3 a")
    assert results.count() == 1
    assert page.locator("ol.results mark").first.inner_text() == BODY_WORD
    results.first.click()
    page.wait_for_url(re.compile(rf"/doc/{document.pk}/$"))
    assert page.locator("h1").inner_text() == title
    meta = page.locator("dl.docmeta").inner_text()
    assert document.index_number in meta and office.name in meta
    assert BODY_WORD in page.locator(".docbody").inner_text()
    visitor.close()
