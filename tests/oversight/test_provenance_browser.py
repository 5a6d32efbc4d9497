"""In a real browser: the supervisor's report page shows the source beside the tables, and
clicking a cell (or a finding) highlights where it was read.

Drives Debian's headless Chromium with Playwright against pytest-django's live server. Skipped
(with the reason) only when /usr/bin/chromium is not installed; CI installs it.
"""

from __future__ import annotations

import os
import random

import pytest
from django.db import connections
from django.urls import reverse

from gongkai.report.corpus import random_report, write

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"Chromium is not installed at {CHROMIUM}"),
]


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield instance
        finally:
            instance.close()
            connections.close_all()


def test_clicking_a_cell_or_a_finding_highlights_its_source(
    browser, live_server, transactional_db, make_user, make_agency
) -> None:
    from gongkai.oversight.services import Upload, audit_batch_create

    city = make_agency("浏览器测试市人民政府")
    supervisor = make_user("prov_sup", city, ["supervisor"], password="browser-pw-2024!")
    rng = random.Random(4)
    report = random_report(rng)
    report.set(
        "remedies", "reconsideration", "total", (report.get("remedies", "reconsideration", "total") or 0) + 1
    )
    sample = write(report, "crawler_spaced", rng)
    batch = audit_batch_create(actor=supervisor, uploads=[Upload("report.txt", sample.data)])
    audited = batch.reports.get()

    context = browser.new_context(locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}/staff/login/")
    page.get_by_label("用户名").fill("prov_sup")
    page.get_by_label("密码").fill("browser-pw-2024!")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(live_server.url + reverse("oversight:report", args=[batch.pk, audited.pk]))

    cell = "applications.new_this_year.total"
    source = page.locator(f'[data-src="{cell}"]')
    assert source.count() == 1 and "gk-src--active" not in (source.get_attribute("class") or "")
    page.locator(f'td[data-cell="{cell}"]').click()
    page.wait_for_selector(f'[data-src="{cell}"].gk-src--active')
    assert source.inner_text() == str(report.get("applications", "new_this_year", "total"))

    page.locator('[data-cells~="remedies.reconsideration.total"]').first.click()
    page.wait_for_selector('[data-src="remedies.reconsideration.upheld"].gk-src--active')
    assert "gk-src--active" not in (source.get_attribute("class") or "")
    context.close()
