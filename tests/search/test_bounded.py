"""Bounded work on common words: capped totals and facets, ranking a bounded candidate set.

The caps are made small here (monkeypatched) so that a handful of documents crosses them; CI runs
this file on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.search import backends
from gongkai.search.backends import SearchFilters

pytestmark = pytest.mark.django_db

TODAY = dt.date(2024, 12, 31)


@pytest.fixture
def many(publish, agency_a, agency_b):
    """Seven documents on 防汛: three with it in the title, four in the text only."""
    title = {
        "old": publish(agency_a, title="防汛工作通知", body="<p>各单位</p>", on=dt.date(2015, 6, 1)),
        "mid": publish(agency_b, title="防汛物资储备", body="<p>储备</p>", on=dt.date(2023, 6, 1)),
        "new": publish(agency_a, title="防汛应急预案", body="<p>预案</p>", on=dt.date(2024, 6, 1)),
    }
    # Newer than every title match, and saying the word often: an exact ranking would put the
    # first of these above the 2015 title match.
    text = [
        publish(
            agency_a if i % 2 else agency_b,
            title=f"工作动态第{i}期",
            body="<p>防汛检查，防汛演练，防汛值守。</p>",
            on=dt.date(2024, 12, 1 + i),
        )
        for i in range(4)
    ]
    return title, text


def test_above_rank_all_title_matches_come_first_and_nothing_is_left_out(many, monkeypatch):
    title, text = many
    monkeypatch.setattr(backends, "RANK_ALL", 2)
    results = backends.search("防汛", today=TODAY)
    assert results.total == 7 and not results.capped
    # The two newest title matches ranked, the older one after them, then the text matches by
    # document id, newest first.
    expected = [title["new"].pk, title["mid"].pk, title["old"].pk, *[d.pk for d in reversed(text)]]
    assert results.document_ids == expected
    assert results.hits[0].score > results.hits[1].score > 0
    # Paging walks the same order, across the end of the title matches, without gaps or repeats.
    pages = [backends.search("防汛", page=n, per_page=2, today=TODAY).document_ids for n in (1, 2, 3, 4)]
    assert [i for page in pages for i in page] == expected


def test_the_bounded_ranking_keeps_the_filters(many, agency_a, monkeypatch):
    title, text = many
    monkeypatch.setattr(backends, "RANK_ALL", 1)
    results = backends.search("防汛", SearchFilters(agency_id=agency_a.pk), per_page=3, today=TODAY)
    assert results.total == 4
    assert results.document_ids == [title["new"].pk, title["old"].pk, text[3].pk]
    second = backends.search("防汛", SearchFilters(agency_id=agency_a.pk), page=2, per_page=3, today=TODAY)
    assert second.document_ids == [text[1].pk]


def test_up_to_rank_all_everything_is_ranked_as_before(many):
    title, text = many
    ranked = backends.search("防汛", today=TODAY).document_ids
    assert set(ranked) == {d.pk for d in [*title.values(), *text]}
    assert ranked.index(text[3].pk) < ranked.index(title["old"].pk)  # recency beats the old title


def test_the_total_stops_at_the_cap_and_says_so(many, monkeypatch):
    monkeypatch.setattr(backends, "COUNT_CAP", 5)
    results = backends.search("防汛", today=TODAY)
    assert (results.total, results.capped, results.total_label) == (5, True, "5+")
    assert len(results.hits) == 7  # the page itself is not capped
    exact = backends.search("防汛 预案", today=TODAY)
    assert (exact.total, exact.capped, exact.total_label) == (1, False, "1")
    browse = backends.search("", SearchFilters(year=2024))  # five documents: exactly the cap
    assert (browse.total, browse.capped) == (5, False)
    monkeypatch.setattr(backends, "COUNT_CAP", 4)
    browse = backends.search("", SearchFilters(year=2024))
    assert (browse.total, browse.capped, len(browse.hits)) == (4, True, 5)


def selects(queries) -> list[str]:
    """The statements that read (PostgreSQL adds a transaction and its planner settings)."""
    return [
        q["sql"] for q in queries if q["sql"].startswith(("SELECT", "WITH")) and "set_config" not in q["sql"]
    ]


def test_facets_come_with_the_total_in_one_query(many, agency_a, agency_b):
    with CaptureQueriesContext(connection) as queries:
        results = backends.search("防汛", facets=("agency", "year"), today=TODAY)
    assert len(selects(queries)) == 2  # the total with the facets, then the ranked page
    assert results.total == 7 and results.facets is not None and not results.facets.capped
    assert dict(results.facets.counts["agency"]) == {agency_a.pk: 4, agency_b.pk: 3}
    assert results.facets.counts["year"] == [(2024, 5), (2023, 1), (2015, 1)]
    assert results.facets.counts["kind"] == [] and results.facets.counts["column"] == []
    assert results.facets.counts == {
        name: counts if name in ("agency", "year") else []
        for name, counts in backends.facets("防汛").counts.items()
    }
    with CaptureQueriesContext(connection) as queries:
        assert backends.search("不存在的词语", facets=("agency",)).total == 0
    assert len(selects(queries)) == 1  # no match: no ranking


def test_the_page_shows_a_capped_total_and_lower_bounds(client, many, monkeypatch):
    monkeypatch.setattr(backends, "COUNT_CAP", 5)
    response = client.get(reverse("portal:search"), {"q": "防汛"})
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert "共找到 5+ 条" in soup.find(class_="resultcount").get_text()
    counts = [c.get_text() for c in soup.select(".facets .count")]
    assert counts and all(c.endswith("+）") for c in counts)
    monkeypatch.setattr(backends, "COUNT_CAP", 100)
    response = client.get(reverse("portal:search"), {"q": "防汛"})
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert "共找到 7 条" in soup.find(class_="resultcount").get_text()
    assert not any("+" in c.get_text() for c in soup.select(".facets .count"))
