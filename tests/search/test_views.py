"""The public search page."""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.publishing.models import Validity
from tests.portal.a11y import check_page

from .test_bounded import selects

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs(publish, agency_a, agency_b, column_of):
    notices = column_of(agency_a, "通知公告")
    return {
        "notices": notices,
        "a": publish(
            agency_a,
            title="关于开展食品安全检查的通知",
            body="<p>各单位：请于月底前完成<b>食品</b>安全自查。</p>",
            document_number="甲发〔2024〕7号",
            columns=[notices],
            on=dt.date(2024, 4, 1),
        ),
        "a_old": publish(
            agency_a,
            title="食品安全旧规定",
            body="<p>食品安全</p>",
            validity=Validity.REPEALED,
            on=dt.date(2018, 4, 1),
        ),
        "b": publish(agency_b, title="乙局食品安全通报", body="<p>抽检结果</p>", on=dt.date(2024, 5, 1)),
    }


def result_titles(response) -> list[str]:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [
        h.find("a").get_text() + (" 已废止" if h.find(class_="validity") else "")
        for h in soup.select("ol.results h3")
    ]


def test_search_page_finds_ranks_and_highlights(client, docs):
    response = client.get(reverse("portal:search"), {"q": "食品安全"})
    assert response.status_code == 200
    soup = check_page(response.content.decode())
    titles = result_titles(response)
    assert len(titles) == 3 and titles[-1].startswith("食品安全旧规定")
    assert "已废止" in titles[-1]
    assert soup.select_one("ol.results mark") is not None
    assert "共找到 3 条" in soup.find(class_="resultcount").get_text()


def test_search_within_an_agency_and_with_filters(client, docs, agency_a):
    address = reverse("portal:agency_search", kwargs={"credit_code": agency_a.credit_code})
    response = client.get(address, {"q": "食品"})
    check_page(response.content.decode())
    assert all("乙局" not in t for t in result_titles(response)) and len(result_titles(response)) == 2
    response = client.get(address, {"q": "食品", "column": docs["notices"].pk})
    assert result_titles(response) == ["关于开展食品安全检查的通知"]
    response = client.get(reverse("portal:search"), {"q": "食品", "validity": "repealed"})
    assert [t.split()[0] for t in result_titles(response)] == ["食品安全旧规定"]
    response = client.get(
        reverse("portal:search"), {"q": "食品", "year": "2024", "agency": agency_a.credit_code}
    )
    assert result_titles(response) == ["关于开展食品安全检查的通知"]
    # Filters alone browse the matching documents, newest first.
    response = client.get(address, {"year": "2018"})
    assert [t.split()[0] for t in result_titles(response)] == ["食品安全旧规定"]


def test_exact_document_number(client, docs):
    response = client.get(reverse("portal:search"), {"q": "甲发[2024]7号"})
    assert result_titles(response) == ["关于开展食品安全检查的通知"]
    assert "精确匹配" in response.content.decode()


def test_bad_input_is_reported_not_fatal(client, docs):
    for params in (
        {"q": "食品", "year": "abc"},
        {"q": "食品", "agency": "nope"},
        {"q": "x" * 500},
        {"q": "食品", "page": "-1"},
        {"q": "食品", "validity": "<script>"},
        {"q": "<script>alert(1)</script>"},
        {"q": "食品", "column": "999999"},
    ):
        response = client.get(reverse("portal:search"), params)
        assert response.status_code == 200, params
        assert "<script>alert" not in response.content.decode()
    response = client.get(reverse("portal:search"), {"q": "食品", "year": "abc"})
    assert "年份不在可选范围内" in response.content.decode()
    assert len(result_titles(response)) == 3  # the valid part of the request still searches


def test_empty_form_shows_no_results_and_few_queries(client, docs, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = client.get(reverse("portal:search"))
    soup = check_page(response.content.decode())
    assert soup.select("ol.results") == []
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("portal:search"), {"q": "食品"})
    # The total with the facets (one query), the ranked page, the documents and their attachments,
    # the agencies (the form's and the facets' names), the years of the form.
    assert len(selects(queries)) <= 6, [q["sql"] for q in queries]
