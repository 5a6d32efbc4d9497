"""Staff pages: every page renders for its owners, lists stay within a query budget, forms write."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gongkai.publishing import services
from gongkai.publishing.models import Column, Document, DocumentStatus, YearlyFigures

from .conftest import put_public
from .url_auth import STAFF_URLS, records_of

POST_ONLY = {
    "publishing:attachment_upload",
    "publishing:attachment_delete",
    "publishing:document_transition",
    "publishing:pii_acknowledge",
    "publishing:rectification_from_inspection",
    "publishing:rectification_answer",
    "publishing:rectification_review",
}


@pytest.fixture
def boss(make_user, agency_a):
    return make_user("boss", agency_a, ["clerk", "office_head", "reviewer_3"], full_name="张三")


def test_every_page_renders_for_the_owning_agency(client, boss, agency_a, clerk_a, supervisor_city):
    world = {"agency": agency_a, **records_of(agency_a, clerk_a)}
    client.force_login(boss)
    for name, kwargs_for in STAFF_URLS.items():
        if name in POST_ONLY or name in {
            "publishing:rectification_create",
            "publishing:inspection_agency",
            "publishing:attachment_download",
            "publishing:evidence_download",
            "publishing:corrected_report_download",  # its file is not stored here (see its own test)
        }:
            continue
        url = reverse(name, kwargs=kwargs_for(world) if kwargs_for else None)
        response = client.get(url)
        assert response.status_code == 200, f"{name} -> {response.status_code}"
    client.force_login(supervisor_city)
    for name in (
        "publishing:rectification_create",
        "publishing:inspection_overview",
        "publishing:rectification_list",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("publishing:inspection_agency", args=[agency_a.pk])).status_code == 200


def test_document_list_filters_counts_and_query_budget(
    client, boss, agency_a, team, columns, django_assert_max_num_queries
):
    for i in range(25):
        put_public(
            agency_a, columns["news"], when=timezone.now() - timedelta(days=i + 1), author=team["author"]
        )
    Document.objects.create(agency=agency_a, title="草稿一", formed_on=timezone.localdate(), created_by=boss)
    client.force_login(boss)
    url = reverse("publishing:document_list")
    with django_assert_max_num_queries(14):
        response = client.get(url)
    page = response.content.decode()
    assert '已发布 <span class="num">25</span>' in page and '草稿 <span class="num">1</span>' in page
    drafts = client.get(url, {"status": "draft"}).content.decode()
    assert "草稿一" in drafts and "工作动态 20" not in drafts
    by_column = client.get(url, {"column": columns["notice"].pk}).content.decode()
    assert "没有符合条件的信息" in by_column
    assert client.get(url, {"status": "nonsense", "year": "abc", "column": "x"}).status_code == 200


def test_other_list_pages_have_query_budgets(client, boss, agency_a, team, django_assert_max_num_queries):
    for i in range(12):
        column = Column.objects.create(agency=agency_a, name=f"栏目{i}", kind="news")
        put_public(agency_a, column, when=timezone.now() - timedelta(days=i), author=team["author"])
        services.disclosure_item_save(
            actor=boss,
            agency=agency_a,
            columns=[column],
            name=f"事项{i}",
            legal_basis="依据",
            content="内容",
            department="科",
            time_limit="及时",
            channel="网站",
        )
        account = services.media_account_save(actor=boss, agency=agency_a, platform="wechat", name=f"号{i}")
        services.media_year_save(
            actor=boss, account=account, year=2023, posts=i, followers_start=1, followers_end=2
        )
    client.force_login(boss)
    for name in (
        "publishing:column_list",
        "publishing:disclosure_list",
        "publishing:media_list",
        "publishing:figures",
        "publishing:inspection_overview",
        "publishing:normative_list",
    ):
        with django_assert_max_num_queries(14):
            assert client.get(reverse(name)).status_code == 200, name


def test_draft_created_and_submitted_through_the_pages(client, team, columns):
    client.force_login(team["author"])
    response = client.post(
        reverse("publishing:document_create"),
        {
            "kind": "ordinary",
            "title": "关于<script>的通知",
            "summary": "概述",
            "body": '<p onclick="x()">正文<script>alert(1)</script></p>',
            "columns": [columns["news"].pk],
            "topic": "general",
            "validity": "na",
            "formed_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.body == "<p>正文</p>" and document.issuing_body == "甲局"
    detail = client.get(reverse("publishing:document_detail", args=[document.pk])).content.decode()
    assert "关于&lt;script&gt;的通知" in detail and "提交审核" in detail
    client.post(reverse("publishing:document_transition", args=[document.pk, "submit"]))
    assert Document.objects.get().status == DocumentStatus.PENDING_1


def test_bad_draft_input_is_refused_in_chinese_and_nothing_saved(client, team):
    client.force_login(team["author"])
    response = client.post(reverse("publishing:document_create"), {"title": "", "formed_on": "2024-13-40"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "这个字段是必填项" in page or "必填" in page
    assert not Document.objects.exists()


def test_review_panel_shows_actions_by_role_and_return_reason(client, team, make_document):
    document = make_document(body="<p>手机 13800138000</p>")
    client.force_login(team["author"])
    client.post(reverse("publishing:document_transition", args=[document.pk, "submit"]))
    page = client.get(reverse("publishing:document_detail", args=[document.pk])).content.decode()
    assert "初审通过" not in page and "撤回修改" in page  # the author cannot review
    assert "138****8000" in page and "13800138000" not in page.split('<h2 id="body-h">')[0]

    client.force_login(team["r1"])
    page = client.get(reverse("publishing:document_detail", args=[document.pk])).content.decode()
    assert "初审通过" in page and "初审退回" in page and "确认需要公开" in page
    dashboard = client.get(reverse("console:dashboard")).content.decode()
    assert "待我审核" in dashboard and document.title in dashboard
    client.post(
        reverse("publishing:document_transition", args=[document.pk, "return_1"]), {"opinion": "请删除手机号"}
    )

    client.force_login(team["author"])
    page = client.get(reverse("publishing:document_detail", args=[document.pk])).content.decode()
    assert "请删除手机号" in page
    dashboard = client.get(reverse("console:dashboard")).content.decode()
    assert "我的草稿" in dashboard and "被退回" in dashboard and "主动公开" in dashboard
    edit = client.get(reverse("publishing:document_edit", args=[document.pk])).content.decode()
    assert "请删除手机号" in edit


def test_transition_refusal_is_a_message_not_an_error(client, team, make_document):
    document = make_document()
    client.force_login(team["r1"])
    response = client.post(
        reverse("publishing:document_transition", args=[document.pk, "approve_1"]), follow=True
    )
    assert response.status_code == 200
    assert "不能执行" in response.content.decode()
    response = client.post(
        reverse("publishing:document_transition", args=[document.pk, "no_such"]), follow=True
    )
    assert "未知的操作" in response.content.decode()


def test_pii_acknowledgement_through_the_page(client, team, make_document, advance):
    document = make_document(body="<p>举报电话 13800138000</p>")
    advance(document, until="clear_confidentiality")
    from gongkai.publishing.selectors import document_checks

    fingerprint = document_checks(document).pii[0].fingerprint
    client.force_login(team["r3"])
    client.post(
        reverse("publishing:pii_acknowledge", args=[document.pk]),
        {"fingerprint": fingerprint, "reason": "公开的举报电话"},
    )
    response = client.post(
        reverse("publishing:document_transition", args=[document.pk, "sign_off"]), follow=True
    )
    assert Document.objects.get(pk=document.pk).status == DocumentStatus.PUBLISHED
    assert "已确认保留" in response.content.decode()


def test_figures_csv_upload_reports_the_bad_line(client, team, agency_a):
    client.force_login(team["author"])
    bad = SimpleUploadedFile(
        "f.csv", b"year,licensing,penalty,coercion,fees_10k_yuan\n2023,1,2,3,4\n2022,x,0,0,1\n"
    )
    response = client.post(reverse("publishing:figures_import"), {"file": bad}, follow=True)
    page = response.content.decode()
    assert "未保存任何数据" in page and "第3行" in page
    assert not YearlyFigures.objects.exists()
    good = SimpleUploadedFile(
        "f.csv", "year,licensing,penalty,coercion,fees_10k_yuan\n2023,1,2,3,4.125\n".encode("gb18030")
    )
    client.post(reverse("publishing:figures_import"), {"file": good})
    assert YearlyFigures.objects.get().entered_by == team["author"]
    response = client.post(
        reverse("publishing:figures"),
        {"year": 2022, "licensing": 5, "penalty": 0, "coercion": 0, "fees_10k_yuan": "1.2345"},
    )
    assert response.status_code == 302 and YearlyFigures.objects.count() == 2
    response = client.post(
        reverse("publishing:figures"),
        {"year": 2021, "licensing": 5, "penalty": 0, "coercion": 0, "fees_10k_yuan": "1.23456"},
    )
    assert response.status_code == 200 and "最多保留4位小数" in response.content.decode()


def test_attachment_upload_download_and_delete(client, team, make_document):
    document = make_document()
    client.force_login(team["author"])
    upload = SimpleUploadedFile("说明.txt", "联系电话 13800138000".encode(), content_type="text/plain")
    client.post(reverse("publishing:attachment_upload", args=[document.pk]), {"file": upload})
    attachment = document.attachments.get()
    response = client.get(reverse("publishing:attachment_download", args=[attachment.pk]))
    assert (
        response.status_code == 200
        and b"".join(response.streaming_content).decode() == "联系电话 13800138000"
    )
    page = client.get(reverse("publishing:document_detail", args=[document.pk])).content.decode()
    assert "附件《说明.txt》含有手机号码 138****8000" in page
    client.post(reverse("publishing:attachment_delete", args=[attachment.pk]))
    assert not document.attachments.exists()


def test_history_shows_every_version(client, team, make_document, advance):
    document = advance(make_document(title="第一版标题"))
    services.document_correct(actor=team["r3"], document=document, reason="更正标题", title="第二版标题")
    client.force_login(team["author"])
    page = client.get(reverse("publishing:document_history", args=[document.pk])).content.decode()
    assert "第一版标题" in page and "第二版标题" in page and "更正标题" in page
    first = document.versions.get(number=1)
    page = client.get(reverse("publishing:version_detail", args=[first.pk])).content.decode()
    assert "第一版标题" in page and "历史版本" in page


def test_column_tree_and_blank_marker(client, team, agency_a, columns):
    client.force_login(team["author"])
    response = client.post(
        reverse("publishing:column_create"),
        {
            "name": "子栏目",
            "parent": columns["policy"].pk,
            "kind": "policy",
            "art20_items": ["1", "5"],
            "position": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    child = Column.objects.get(name="子栏目")
    assert child.parent == columns["policy"] and child.art20_items == ["1", "5"]
    page = client.get(reverse("publishing:column_list")).content.decode()
    assert "空白" in page and "（五）办理行政许可" in page
    response = client.post(
        reverse("publishing:column_edit", args=[columns["policy"].pk]),
        {"name": "政策文件", "parent": child.pk, "kind": "policy", "position": 0},
    )
    assert response.status_code == 200 and "不能是本栏目或其下级栏目" in response.content.decode()
