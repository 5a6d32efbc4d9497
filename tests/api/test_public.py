"""Public endpoints: agencies, columns, documents with their filters and full-text search."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import quote

import pytest
from django.utils import timezone

from gongkai.publishing.models import Attachment, Document
from gongkai.search.backends import rebuild


@pytest.fixture
def published(agency_a, columns, make_document, advance):
    """Three public documents of agency A, a draft, and an interpretation with an attachment."""
    policy = advance(
        make_document(
            title="洛阳市学籍管理办法",
            document_number="洛教〔2024〕3号",
            columns=[columns["policy"]],
            validity="valid",
        )
    )
    news = advance(make_document(title="春季开学安全检查通知"))
    old = advance(make_document(title="旧的招生工作通知", validity="repealed"))
    Document.objects.filter(pk=old.pk).update(published_at=timezone.make_aware(datetime(2023, 5, 1, 10)))
    explainer = advance(make_document(title="《洛阳市学籍管理办法》政策解读", interprets=policy))
    Attachment.objects.create(
        document=policy, name="办法全文.pdf", file="publishing/x.pdf", size=10, content_type="application/pdf"
    )
    draft = make_document(title="尚未发布的草稿")
    rebuild()
    return {"policy": policy, "news": news, "old": old, "explainer": explainer, "draft": draft}


def ids(response) -> list[int]:
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.django_db
def test_agencies_and_columns(client, agency_a, columns):
    response = client.get("/api/v1/agencies/")
    assert response.status_code == 200
    names = [a["name"] for a in response.json()["results"]]
    assert "甲局" in names
    one = client.get(f"/api/v1/agencies/{agency_a.credit_code}/").json()
    assert one["name"] == "甲局" and one["kind_label"] == "政府部门"
    cols = client.get(f"/api/v1/agencies/{agency_a.credit_code}/columns/").json()
    assert {c["name"] for c in cols} == {"工作动态", "通知公告", "政策文件"}
    missing = client.get("/api/v1/agencies/000000000000000000/")
    assert missing.status_code == 404
    assert missing.json()["error"] == {"code": "not_found", "message": "没有这个机关", "fields": {}}


@pytest.mark.django_db
def test_documents_filters(client, agency_a, agency_b, columns, published):
    everything = ids(client.get("/api/v1/documents/"))
    assert published["draft"].pk not in everything
    assert everything[:1] != [published["old"].pk] and published["old"].pk == everything[-1]  # newest first
    assert ids(client.get(f"/api/v1/documents/?agency={agency_a.credit_code}")) == everything
    assert ids(client.get(f"/api/v1/documents/?agency={agency_b.credit_code}")) == []
    assert ids(client.get(f"/api/v1/documents/?column={columns['policy'].pk}")) == [published["policy"].pk]
    assert ids(client.get("/api/v1/documents/?validity=repealed")) == [published["old"].pk]
    assert ids(client.get("/api/v1/documents/?published_before=2023-12-31")) == [published["old"].pk]
    assert published["old"].pk not in ids(client.get("/api/v1/documents/?published_after=2024-01-01"))
    assert ids(client.get("/api/v1/documents/?document_number=2024〕3")) == [published["policy"].pk]


@pytest.mark.django_db
def test_full_text_search_ranks_and_filters(client, agency_b, published):
    found = ids(client.get("/api/v1/documents/?q=学籍管理"))
    assert set(found) == {published["policy"].pk, published["explainer"].pk}
    assert ids(client.get(f"/api/v1/documents/?q=学籍管理&agency={agency_b.credit_code}")) == []
    assert ids(client.get("/api/v1/documents/?q=学籍管理&validity=valid")) == [published["policy"].pk]


@pytest.mark.django_db
def test_cursor_pages_cover_everything_once(client, published):
    seen, url = [], "/api/v1/documents/?page_size=1"
    while url:
        page = client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert seen == ids(client.get("/api/v1/documents/")) and len(seen) == 4
    search_seen, url = [], f"/api/v1/documents/?q={quote('学籍管理')}&page_size=1"
    while url:
        page = client.get(url).json()
        search_seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert len(search_seen) == 2 == len(set(search_seen))


@pytest.mark.django_db
def test_bad_filters_get_chinese_errors_with_english_codes(client, published):
    response = client.get("/api/v1/documents/?published_after=2024-02-01&published_before=2024-01-01")
    assert response.status_code == 400
    body = response.json()["error"]
    assert body["code"] == "invalid" and body["fields"]["published_before"] == ["结束日期不能早于开始日期"]
    assert client.get("/api/v1/documents/?page_size=0").json()["error"]["fields"]["page_size"]
    assert client.get("/api/v1/documents/?validity=").json()["error"]["fields"]["validity"] == ["不能为空"]
    unknown = client.get("/api/v1/no-such-thing/")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_document_detail_with_attachments_and_interpretations(client, published):
    body = client.get(f"/api/v1/documents/{published['policy'].pk}/").json()
    assert body["title"] == "洛阳市学籍管理办法"
    assert [a["name"] for a in body["attachments"]] == ["办法全文.pdf"]
    assert body["attachments"][0]["url"].endswith(f"/files/{body['attachments'][0]['id']}/")
    assert [d["id"] for d in body["interpretations"]] == [published["explainer"].pk]
    explainer = client.get(f"/api/v1/documents/{published['explainer'].pk}/").json()
    assert explainer["interprets"] == published["policy"].pk
    assert client.get(f"/api/v1/documents/{published['draft'].pk}/").status_code == 404


@pytest.mark.django_db
def test_public_endpoints_are_rate_limited(client, settings):
    settings.GONGKAI_RATE_LIMITS = {"api": (2, 86_400)}  # a window that will not roll over mid-test
    assert client.get("/api/v1/agencies/").status_code == 200
    assert client.get("/api/v1/agencies/").status_code == 200
    limited = client.get("/api/v1/agencies/")
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "throttled"
    assert "Retry-After" in limited


@pytest.mark.django_db
def test_schema_and_docs_page_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")
    page = client.get("/api/v1/docs/").content.decode()
    (bundle,) = re.findall(
        r'src="(/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle[.\w]*js)"', page
    )
    assert "cdn" not in page.lower() and "//unpkg" not in page
    # No inline script: the page works under the site's Content-Security-Policy (script-src 'self').
    assert re.findall(r"<script[^>]*>\s*[^<\s]", page) == []
    assert client.get("/api/v1/docs/?script=")["Content-Type"].startswith("application/javascript")
    assert client.get(bundle).status_code == 200  # served by the site itself
