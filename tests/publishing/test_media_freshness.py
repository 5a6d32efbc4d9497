"""New-media freshness (issue 14 point 8): posts per account, the two-week rule at its boundary."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from gongkai.auditlog.models import AuditEvent
from gongkai.publishing import services
from gongkai.publishing.models import MediaPost, RectificationItem
from gongkai.publishing.selectors import inspect_agency

TODAY = date(2026, 11, 20)


@pytest.fixture
def accounts(agency_a, team):
    def make(name: str, platform: str = "wechat"):
        return services.media_account_save(
            actor=team["author"], agency=agency_a, platform=platform, name=name
        )

    return {
        "fresh": make("甲局发布"),
        "stale": make("甲局微博", "weibo"),
        "silent": make("甲局头条", "other"),
    }


def post(account, day: date, actor, title: str = "工作动态") -> int:
    return services.media_post_add(actor=actor, account=account, posted_on=day, title=title, today=TODAY)


def state(result, account) -> str:
    return next(m.state for m in result.media if m.account.pk == account.pk)


def test_day_14_is_fresh_day_15_is_stale(accounts, team, agency_a):
    post(accounts["fresh"], TODAY - timedelta(days=14), team["author"])
    post(accounts["stale"], TODAY - timedelta(days=15), team["author"])
    result = inspect_agency(agency_a, TODAY)
    assert state(result, accounts["fresh"]) == "fresh"
    assert state(result, accounts["stale"]) == "stale"
    assert state(result, accounts["silent"]) == "unknown"  # no post recorded: unknown, not guessed
    assert [m.account.name for m in result.stale_media] == ["甲局微博"]
    assert next(m for m in result.media if m.state == "stale").idle_days == 15
    assert result.failures == ["政务新媒体账号有1个超过2周未更新（1个即不合格）"]
    finding = next(f for f in result.findings() if f.code == f"media_{accounts['stale'].pk}")
    assert "2026-11-05" in finding.description and "15天" in finding.description
    # The next day the day-14 account is stale too; a later inspection day never sees a later post.
    tomorrow = inspect_agency(agency_a, TODAY + timedelta(days=1))
    assert state(tomorrow, accounts["fresh"]) == "stale"
    post(accounts["silent"], TODAY, team["author"])
    assert state(inspect_agency(agency_a, TODAY - timedelta(days=1)), accounts["silent"]) == "unknown"
    assert state(inspect_agency(agency_a, TODAY), accounts["silent"]) == "fresh"


def test_a_passing_site_with_fresh_accounts(accounts, team, agency_a):
    for account in accounts.values():
        post(account, TODAY - timedelta(days=3), team["author"])
    result = inspect_agency(agency_a, TODAY)
    assert result.passed and not result.stale_media and not result.unknown_media


def test_stopped_accounts_are_not_inspected(accounts, team, agency_a):
    post(accounts["stale"], TODAY - timedelta(days=40), team["author"])
    services.media_account_save(
        actor=team["author"], agency=agency_a, account=accounts["stale"], is_active=False
    )
    assert accounts["stale"].pk not in {m.account.pk for m in inspect_agency(agency_a, TODAY).media}


def test_posts_are_validated_and_recorded_once(accounts, team, clerk_b):
    account = accounts["fresh"]
    with pytest.raises(ValidationError, match="晚于今天"):
        post(account, TODAY + timedelta(days=1), team["author"])
    with pytest.raises(ValidationError, match="标题不能为空"):
        post(account, TODAY, team["author"], title="  ")
    with pytest.raises(PermissionDenied):
        post(account, TODAY, clerk_b)
    assert post(account, TODAY, team["author"]) == 1
    assert post(account, TODAY, team["author"]) == 0  # the same day and title: recorded once
    assert MediaPost.objects.filter(account=account).count() == 1
    assert AuditEvent.objects.filter(action="publishing.media.post").count() == 2


def test_csv_import_names_bad_lines_and_saves_nothing(accounts, team):
    account = accounts["fresh"]
    bad = "posted_on,title,url\n2026-11-01,动态一,\n2026-13-01,动态二,\n2026-11-02,,\n2026-11-03,动态三,ftp://x\n"
    with pytest.raises(ValidationError) as info:
        services.media_posts_import_csv(actor=team["author"], account=account, text=bad, today=TODAY)
    messages = info.value.messages
    assert [m[:3] for m in messages] == ["第3行", "第4行", "第5行"]
    assert not MediaPost.objects.filter(account=account).exists()
    good = "\ufeffposted_on,title,url\n2026-11-01,动态一,https://mp.example.cn/1\n2026-11-02,动态二\n2026-11-01,动态一,\n"
    saved, repeated = services.media_posts_import_csv(
        actor=team["author"], account=account, text=good, today=TODAY
    )
    assert (saved, repeated) == (2, 1)
    assert services.media_posts_import_csv(actor=team["author"], account=account, text=good, today=TODAY) == (
        0,
        3,
    )
    with pytest.raises(ValidationError, match="表头"):
        services.media_posts_import_csv(actor=team["author"], account=account, text="a,b\n", today=TODAY)


@pytest.mark.django_db
def test_clerk_records_and_imports_on_the_account_page(client, accounts, team):
    account = accounts["fresh"]
    client.force_login(team["author"])
    url = reverse("publishing:media_detail", args=[account.pk])
    today = date.today()
    response = client.post(
        url, {"post-posted_on": today.isoformat(), "post-title": "今日发布", "post-url": ""}
    )
    assert response.status_code == 302
    upload = SimpleUploadedFile(
        "posts.csv", f"发布日期,标题,链接\n{today.isoformat()},另一条,\n".encode("gb18030")
    )
    response = client.post(url, {"form": "import", "import-file": upload})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "今日发布" in page and "另一条" in page and "共2条" in page
    response = client.post(
        url, {"post-posted_on": (today + timedelta(days=1)).isoformat(), "post-title": "x"}
    )
    assert response.status_code == 200 and "发布日期不能晚于今天" in response.content.decode()


@pytest.mark.django_db
def test_inspection_page_and_command_flag_the_stale_account(
    client, accounts, team, agency_a, supervisor_city
):
    today = date.today()
    post(accounts["fresh"], today - timedelta(days=14), team["author"])
    services.media_post_add(
        actor=team["author"], account=accounts["stale"], posted_on=today - timedelta(days=15), title="旧动态"
    )
    client.force_login(supervisor_city)
    page = client.get(reverse("publishing:inspection_agency", args=[agency_a.pk])).content.decode()
    assert "政务新媒体账号有1个超过2周未更新" in page
    assert "超过2周未更新</span>" in page and "无发布记录（无法判断）" in page
    assert "政务新媒体账号“微博·甲局微博”超过2周未更新" in page
    client.post(
        reverse("publishing:rectification_from_inspection", args=[agency_a.pk]),
        {"code": f"media_{accounts['stale'].pk}", "column": ""},
    )
    assert (
        RectificationItem.objects.get(agency=agency_a).title == "政务新媒体账号“微博·甲局微博”超过2周未更新"
    )
    overview = client.get(reverse("publishing:inspection_overview")).content.decode()
    assert "新媒体2周未更新" in overview
    out = StringIO()
    with pytest.raises(SystemExit) as info:
        call_command("inspect", "--agency", agency_a.credit_code, "--date", today.isoformat(), stdout=out)
    text = out.getvalue()
    assert info.value.code == 1
    assert "政务新媒体账号 3 个；超过2周未更新 1 个；无发布记录 1 个" in text
    assert "新媒体未更新：微博·甲局微博（最近发布" in text and "已 15 天）" in text
    assert "新媒体无发布记录：" in text
    assert "甲局发布" not in text.split("新媒体未更新")[1]
