"""The public portal: an agency's section, its guide, catalogue, documents, feeds and sitemap."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from gongkai.publishing.models import DocumentStatus, Topic, Validity

from .a11y import check_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(agency_a, column_of, publish):
    """Agency A with contacts, three columns and a few public documents."""
    agency_a.office_name = "甲局办公室"
    agency_a.office_address = "测试市人民路1号"
    agency_a.office_postcode = "471000"
    agency_a.office_hours = "工作日 9:00—17:00"
    agency_a.office_phone = "0379-12345678"
    agency_a.office_fax = "0379-87654321"
    agency_a.office_email = "gk@example.gov.cn"
    agency_a.office_web = "https://example.gov.cn/contact"
    agency_a.save()
    notices = column_of(agency_a, "通知公告", kind="notice", art20_items=["15"])
    policies = column_of(agency_a, "政策文件", kind="policy", art20_items=["1"])
    reports = column_of(agency_a, "年度报告", is_annual_report=True)
    new = publish(
        agency_a,
        title="关于征收补偿的新办法",
        body="<h1>总则</h1><p>补偿标准如下。</p>",
        on=dt.date(2024, 5, 6),
        columns=[policies],
        document_number="甲发〔2024〕3号",
        topic=Topic.FINANCE,
        validity=Validity.VALID,
        written_on=dt.date(2024, 4, 30),
    )
    old = publish(
        agency_a,
        title="关于征收补偿的旧办法",
        body="<p>旧标准。</p>",
        on=dt.date(2019, 3, 1),
        columns=[policies],
        document_number="甲发〔2019〕1号",
        validity=Validity.REPEALED,
        replaced_by=new,
    )
    expired = publish(
        agency_a,
        title="临时管控通告",
        body="<p>期限届满。</p>",
        on=dt.date(2022, 1, 5),
        columns=[notices],
        validity=Validity.EXPIRED,
    )
    report = publish(
        agency_a,
        title="甲局2023年政府信息公开工作年度报告",
        body="<p>一、总体情况</p>",
        on=dt.date(2024, 1, 20),
        columns=[reports],
    )
    draft = publish(
        agency_a,
        title="尚未发布的草稿",
        body="<p>草稿</p>",
        columns=[notices],
        status=DocumentStatus.DRAFT,
        signal=False,
    )
    return {
        "agency": agency_a,
        "notices": notices,
        "policies": policies,
        "reports": reports,
        "new": new,
        "old": old,
        "expired": expired,
        "report": report,
        "draft": draft,
    }


def url(name, agency, **kwargs):
    return reverse(f"portal:{name}", kwargs={"credit_code": agency.credit_code, **kwargs})


def get_ok(client, address):
    response = client.get(address)
    assert response.status_code == 200, (address, response.status_code)
    return response, check_page(response.content.decode())


def test_home_lists_agencies_and_latest_documents(client, section, agency_b):
    _response, soup = get_ok(client, reverse("portal:home"))
    text = soup.get_text()
    assert "甲局" in text and "乙局" in text
    assert "关于征收补偿的新办法" in text and "尚未发布的草稿" not in text
    assert soup.find("a", href=url("agency", section["agency"])) is not None


@override_settings(ROOT_URLCONF="tests.portal.urls_without_apply")
def test_agency_section_has_its_navigation(client, section):
    agency = section["agency"]
    _response, soup = get_ok(client, url("agency", agency))
    nav = soup.find("nav", class_="agencynav")
    assert [a.get_text() for a in nav.find_all("a")] == ["指南", "目录", "检索", "年度报告", "依申请公开"]
    # Without an application form the last item leads to the guide's section on applications.
    assert nav.find_all("a")[-1]["href"] == url("guide", agency) + "#apply"
    assert "通知公告" in soup.get_text() and "（1）" in soup.get_text()


@override_settings(ROOT_URLCONF="tests.portal.urls_without_apply")
def test_guide_is_generated_from_the_agency(client, section):
    agency = section["agency"]
    _response, soup = get_ok(client, url("guide", agency))
    text = soup.get_text()
    for value in (
        "甲局办公室",
        "测试市人民路1号",
        "471000",
        "工作日 9:00—17:00",
        "0379-12345678",
        "0379-87654321",
        "gk@example.gov.cn",
        "https://example.gov.cn/contact",
    ):
        assert value in text, value
    assert "通知公告" in text and "政策文件" in text and "（一）行政法规、规章和规范性文件" in text
    assert soup.find(id="apply") is not None and "20个工作日" in text
    assert "测试市人民政府" in text  # the parent agency takes complaints (Regulation art. 51)
    # RULES.md §5: a refusal goes to reconsideration first, before the agency's reconsideration body.
    assert "不予公开的部分）不服的，应当先自收到答复之日起六十日内向测试市人民政府申请行政复议" in text
    assert "政府信息公开申请表" not in text  # no application form is installed


def test_apply_links_appear_when_the_applications_app_provides_them(client, section):
    agency = section["agency"]
    with override_settings(ROOT_URLCONF="tests.portal.urls_with_apply"):
        _response, soup = get_ok(client, url("guide", agency))
        form_url = reverse("apply:form_for", kwargs={"credit_code": agency.credit_code})
        assert soup.find("a", href=form_url) is not None
        assert soup.find("nav", class_="agencynav").find_all("a")[-1]["href"] == form_url
        assert soup.find("a", href=reverse("apply:track")) is not None


def test_catalogue_by_column_topic_and_year(client, section):
    agency = section["agency"]
    _response, soup = get_ok(client, url("catalogue", agency))
    listed = soup.find("table", class_="doclist").get_text()
    assert "关于征收补偿的新办法" in listed and "临时管控通告" in listed and "尚未发布的草稿" not in listed
    _, soup = get_ok(client, url("catalogue", agency) + f"?column={section['notices'].pk}")
    listed = soup.find("table", class_="doclist").get_text()
    assert "临时管控通告" in listed and "新办法" not in listed
    _, soup = get_ok(client, url("catalogue", agency) + f"?topic={Topic.FINANCE}")
    listed = soup.find("table", class_="doclist").get_text()
    assert "新办法" in listed and "旧办法" not in listed
    _, soup = get_ok(client, url("catalogue", agency) + "?year=2019")
    listed = soup.find("table", class_="doclist").get_text()
    assert "旧办法" in listed and "新办法" not in listed
    years = soup.find("aside", class_="facets").get_text()
    assert "2024年" in years and "（2）" in years  # two documents published in 2024


def test_catalogue_ignores_bad_filters(client, section):
    agency = section["agency"]
    for query in ("?year=abc", "?topic=nonsense", "?page=xyz", "?year=99999", "?page=-3"):
        response = client.get(url("catalogue", agency) + query)
        assert response.status_code == 200, query
    assert client.get(url("catalogue", agency) + "?column=999999").status_code == 404
    assert client.get(url("catalogue", agency) + "?column=abc").status_code == 200


def test_column_page_and_listing_query_count(client, section, publish, django_assert_max_num_queries):
    agency = section["agency"]
    for i in range(30):
        publish(
            agency,
            title=f"通知第{i}号",
            on=dt.date(2023, 1, 1) + dt.timedelta(days=i),
            columns=[section["notices"]],
        )
    with django_assert_max_num_queries(5):
        _response, soup = get_ok(client, url("column", agency, column_id=section["notices"].pk))
    assert soup.find("h1").get_text() == "通知公告"
    rows = soup.select("table.doclist tbody tr")
    assert len(rows) == 20 and rows[0].find("a").get_text() == "通知第29号"
    assert soup.find("a", rel="next") is not None
    _, soup = get_ok(client, url("column", agency, column_id=section["notices"].pk) + "?page=2")
    titles = [a.get_text() for a in soup.select("table.doclist tbody tr td:first-child a")]
    assert titles == [f"通知第{i}号" for i in range(9, -1, -1)] + ["临时管控通告"]
    assert "共 2 页（31 条）" in soup.find(class_="pager").get_text()
    assert soup.find("link", type="application/rss+xml") is not None
    with django_assert_max_num_queries(8):
        get_ok(client, url("catalogue", agency))
    with django_assert_max_num_queries(3):
        get_ok(client, reverse("portal:home"))


def test_a_document_withdrawn_behind_the_index_is_not_listed(client, section):
    """The index orders the catalogue; the publishing tables still decide what is shown."""
    from gongkai.publishing.models import Document

    agency = section["agency"]
    Document.objects.filter(pk=section["expired"].pk).update(status=DocumentStatus.WITHDRAWN)  # no signal
    _, soup = get_ok(client, url("column", agency, column_id=section["notices"].pk))
    assert "临时管控通告" not in soup.find("table", class_="doclist").get_text()
    assert client.get(url("document", agency, pk=section["expired"].pk)).status_code == 404


def test_document_page_metadata_and_validity(client, section, django_assert_max_num_queries):
    agency, new, old, expired = section["agency"], section["new"], section["old"], section["expired"]
    with django_assert_max_num_queries(7):
        _, soup = get_ok(client, url("document", agency, pk=new.pk))
    meta = {
        dt_.get_text(): dd.get_text()
        for dt_, dd in zip(soup.select("dl.docmeta dt"), soup.select("dl.docmeta dd"), strict=True)
    }
    assert meta == {
        "索引号": new.index_number,
        "发布机构": agency.name,
        "成文日期": "2024年4月30日",
        "发布日期": "2024年5月6日",
        "文号": "甲发〔2024〕3号",
        "主题分类": "财政、金融、审计",
        "有效性": "有效",
    }
    assert soup.find("h1").get_text() == new.title
    assert soup.select_one(".docbody h2").get_text() == "总则"  # the body's h1 moved down
    _, soup = get_ok(client, url("document", agency, pk=old.pk))
    note = soup.find("p", class_="validity-note")
    assert "已废止" in note.get_text() and note.find("a")["href"] == url("document", agency, pk=new.pk)
    _response, soup = get_ok(client, url("document", agency, pk=expired.pk))
    assert "已失效" in soup.find("p", class_="validity-note").get_text()


def test_hidden_and_foreign_documents_are_not_shown(client, section, agency_b, publish):
    agency = section["agency"]
    assert client.get(url("document", agency, pk=section["draft"].pk)).status_code == 404
    foreign = publish(agency_b, title="乙局文件", signal=False)
    assert client.get(url("document", agency, pk=foreign.pk)).status_code == 404
    assert client.get(url("document", agency_b, pk=foreign.pk)).status_code == 200
    assert client.get(url("document", agency, pk=10**9)).status_code == 404
    assert client.get("/a/000000000000000000/").status_code == 404
    agency_b.is_active = False
    agency_b.save()
    assert client.get(url("document", agency_b, pk=foreign.pk)).status_code == 404


def test_annual_reports_column(client, section):
    _response, soup = get_ok(client, url("annual_reports", section["agency"]))
    items = soup.find("ul", class_="reports").get_text()
    assert "甲局2023年政府信息公开工作年度报告" in items and "新办法" not in items


def test_generated_annual_reports_are_listed(client, section):
    from gongkai.portal import registry

    registry.register_annual_report_provider(
        lambda agency: [registry.AnnualReportEntry(2024, f"{agency.name}2024年度报告（生成）", "/r/2024/")],
        key="test",
    )
    try:
        _response, soup = get_ok(client, url("annual_reports", section["agency"]))
        assert soup.find("a", href="/r/2024/").get_text() == "甲局2024年度报告（生成）"
    finally:
        registry._PROVIDERS.pop("test")


def test_column_feeds(client, section):
    agency, policies = section["agency"], section["policies"]
    rss = client.get(url("column_rss", agency, column_id=policies.pk))
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    body = rss.content.decode()
    assert "关于征收补偿的新办法" in body and "临时管控通告" not in body
    assert body.index("新办法") < body.index("旧办法")  # newest first
    atom = client.get(url("column_atom", agency, column_id=policies.pk))
    assert atom.status_code == 200 and "http://www.w3.org/2005/Atom" in atom.content.decode()
    assert client.get(url("column_rss", agency, column_id=10**9)).status_code == 404


def test_sitemap(client, section):
    index = client.get(reverse("portal:sitemap"))
    assert index.status_code == 200 and "sitemap-documents.xml" in index.content.decode()
    documents = client.get(reverse("portal:sitemap_section", kwargs={"section": "documents"}))
    body = documents.content.decode()
    assert url("document", section["agency"], pk=section["new"].pk) in body
    assert f"/doc/{section['draft'].pk}/" not in body
    agencies = client.get(reverse("portal:sitemap_section", kwargs={"section": "agencies"})).content.decode()
    assert url("guide", section["agency"]) in agencies


def test_attachment_download(client, section, settings, tmp_path):
    from django.core.files.base import ContentFile

    from gongkai.publishing.models import Attachment

    settings.MEDIA_ROOT = tmp_path
    attachment = Attachment(document=section["new"], name="附件一.txt", size=6)
    attachment.file.save("a.txt", ContentFile(b"hello!"), save=True)
    response = client.get(
        url("attachment", section["agency"], pk=section["new"].pk, attachment_pk=attachment.pk)
    )
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"hello!"
    draft_file = Attachment(document=section["draft"], name="b.txt")
    draft_file.file.save("b.txt", ContentFile(b"secret"), save=True)
    assert (
        client.get(
            url("attachment", section["agency"], pk=section["draft"].pk, attachment_pk=draft_file.pk)
        ).status_code
        == 404
    )


def test_portal_pages_need_no_login_and_refuse_posts(client, section):
    agency = section["agency"]
    for address in (
        reverse("portal:home"),
        url("agency", agency),
        url("guide", agency),
        url("catalogue", agency),
        url("annual_reports", agency),
        reverse("portal:search"),
        url("agency_search", agency),
    ):
        assert client.get(address).status_code == 200, address
        assert client.post(address).status_code == 405, address


def test_error_pages_keep_working(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()
    assert client.get(reverse("healthz")).json() == {"status": "ok"}  # gongkai.ops
