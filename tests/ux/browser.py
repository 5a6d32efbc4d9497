"""The browser walk of issue 13: each role's main pages, the citizen's flow, axe, keyboard, 320 px.

``walk(base_url, session_of, output)`` drives Debian's Chromium through Playwright against a
running site holding the demo data (pytest-django's live server in the test; any server by hand),
saves screenshots into ``output`` and returns the serious or critical axe violations and the pages
that scroll sideways at 320 px. axe-core comes bundled in the axe-playwright-python package.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.publishing.test_browser import CHROMIUM, CHROMIUM_ARGS

OUTPUT = Path(os.environ.get("GONGKAI_TEST_OUTPUT", Path(__file__).parents[2] / "test-output")) / "screens"
SERIOUS = {"serious", "critical"}
ROLE_PAGES = {
    "clerk": [
        "/staff/",
        "/staff/applications/",
        "/staff/publishing/",
        "/staff/publishing/documents/new/",
        "/staff/applications/new/",
    ],
    "reviewer1": ["/staff/", "/staff/publishing/?status=pending_1"],
    "secrecy": ["/staff/", "/staff/publishing/?status=pending_conf"],
    "head": [
        "/staff/",
        "/staff/applications/?bucket=awaiting_approval",
        "/staff/annual-reports/",
        "/staff/audit/",
    ],
    "supervisor": ["/staff/", "/staff/annual-reports/overview/", "/staff/publishing/rectifications/"],
    "agencyadmin": ["/staff/", "/staff/publishing/columns/"],
}


def _axe(page, url: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{url} {v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]


def _resident_id() -> str:
    from gongkai.core.identifiers import resident_id_check_char

    first17 = "41030219650312002"
    return first17 + resident_id_check_char(first17)


def _no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def walk(base_url: str, session_of, output: Path) -> tuple[list[str], list[str]]:
    from django.conf import settings
    from playwright.sync_api import sync_playwright

    from gongkai.applications.models import Application
    from gongkai.publishing.models import Document

    output.mkdir(parents=True, exist_ok=True)
    host = base_url.split("//", 1)[1].split(":")[0]
    violations: list[str] = []
    overflow: list[str] = []

    def session(browser, username, **options):
        context = browser.new_context(locale="zh-CN", **options)
        context.set_default_timeout(20_000)
        cookie = {
            "name": settings.SESSION_COOKIE_NAME,
            "value": session_of(username),
            "domain": host,
            "path": "/",
        }
        context.add_cookies([cookie])
        return context, context.new_page()

    def visit(page, path, shot=None):
        response = page.goto(base_url + path)
        assert response.status < 400, f"{path} → {response.status}"
        violations.extend(_axe(page, path))
        if shot:
            page.screenshot(path=str(output / shot), full_page=True)

    pending = Application.objects.filter(status="decided", approved_by__isnull=True).order_by("pk").first()
    published = Document.objects.filter(status="published").exclude(index_number="").order_by("-pk").first()
    doc_path = f"/a/{published.agency.credit_code}/doc/{published.pk}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for username, paths in ROLE_PAGES.items():
                context, page = session(browser, username, viewport={"width": 1280, "height": 900})
                for path in paths:
                    shot = {
                        ("head", "/staff/"): "head-dashboard.png",
                        ("clerk", "/staff/publishing/documents/new/"): "new-document-form.png",
                    }.get((username, path))
                    visit(page, path, shot)
                if username == "head":
                    visit(page, f"/staff/applications/{pending.pk}/do/approve/", "approval-page.png")
                    assert page.get_by_role("heading", name="告知书预览").is_visible()
                context.close()

            # A visitor: the portal's public pages, search, a document on a phone at 320 px.
            context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
            page = context.new_page()
            for path in ["/", "/search/", "/apply/", "/apply/track/", doc_path]:
                visit(page, path)
            visit(page, "/search/?q=学校", "search.png")
            context.close()
            phone = browser.new_context(
                locale="zh-CN", viewport={"width": 320, "height": 640}, device_scale_factor=2, is_mobile=True
            )
            page = phone.new_page()
            for path in ["/", doc_path, "/search/?q=学校", "/apply/"]:
                page.goto(base_url + path)
                if not _no_sideways_scroll(page):
                    overflow.append(path)
            page.goto(base_url + doc_path)
            page.screenshot(path=str(output / "mobile-document.png"), full_page=True)
            phone.close()

            # Keyboard: the first Tab reaches the skip link, which moves focus to the main content.
            context = browser.new_context(locale="zh-CN")
            page = context.new_page()
            page.goto(base_url + "/")
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.className") == "skip"
            page.keyboard.press("Enter")
            page.wait_for_url("**/#main")

            # 长辈模式: switched on from the header, remembered on the next page, switched off again.
            page.get_by_role("link", name="长辈模式（大字号、高对比）").click()
            assert "care" in page.evaluate("document.documentElement.className")
            page.goto(base_url + "/search/")
            assert "care" in page.evaluate("document.documentElement.className")
            violations.extend(_axe(page, "/search/ (长辈模式)"))
            page.get_by_role("link", name="标准模式").click()
            assert "care" not in page.evaluate("document.documentElement.className")

            # The citizen applies, makes a mistake, keeps what was typed, then tracks the application.
            page.goto(base_url + "/apply/")
            page.get_by_label("向哪个机关申请").select_option(label="洛阳市教育局")
            page.get_by_label("姓名或名称").fill("李秀英")
            page.get_by_label("所需政府信息的内容描述").fill("2025年本区义务教育学校招生划片方案")
            page.get_by_role("button", name="提交申请").click()
            page.wait_for_load_state()
            assert page.get_by_label("姓名或名称").input_value() == "李秀英"
            assert "招生划片方案" in page.get_by_label("所需政府信息的内容描述").input_value()
            assert page.locator(".has-error").count() >= 1
            page.screenshot(path=str(output / "application-form-error.png"), full_page=True)
            violations.extend(_axe(page, "/apply/ (提交有误)"))
            page.get_by_label("证件号码或统一社会信用代码").fill(_resident_id())
            page.get_by_label("联系电话").fill("13903790000")
            page.get_by_label("电子文档").check()
            page.get_by_label("电子邮件").check()
            page.get_by_label("电子邮箱").fill("lixiuying@example.cn")
            page.get_by_role("button", name="提交申请").click()
            page.wait_for_load_state()
            if page.locator("#tracking-number").count() == 0:
                page.screenshot(path=str(output / "application-form-second-try.png"), full_page=True)
                errors = page.locator(".has-error, [role=alert]").all_inner_texts()
                raise AssertionError(f"the application was not accepted: {errors}")
            number = page.locator("#tracking-number").inner_text()
            code = page.locator("#query-code").inner_text()
            page.get_by_role("link", name="查询办理进度").last.click()
            page.get_by_label("申请编号").fill(number)
            page.get_by_label("查询码").fill(code)
            page.get_by_role("button", name="查询").click()
            page.wait_for_url(f"**/apply/track/{number}/")
            assert "等待机关确认收到" in page.locator("#public-status").inner_text()
            assert "20个工作日内答复" in page.locator("#next-step").inner_text()
            page.screenshot(path=str(output / "tracking.png"), full_page=True)
            violations.extend(_axe(page, "/apply/track/… (办理进度)"))
            context.close()
        finally:
            browser.close()
    return violations, overflow
