"""Facet counts of a search: agency, column, year and kind; empty values never offered; a cap."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from gongkai.search import backends
from gongkai.search.backends import SearchFilters

pytestmark = pytest.mark.django_db


def test_facets_count_the_matches_by_agency_column_year_and_kind(publish, agency_a, agency_b, column_of):
    notices = column_of(agency_a, "通知公告")
    publish(agency_a, body="<p>环境保护检查</p>", on=dt.date(2023, 5, 1), columns=[notices])
    publish(agency_a, body="<p>环境保护检查</p>", on=dt.date(2024, 5, 1), columns=[notices], kind="normative")
    publish(agency_b, body="<p>环境保护检查</p>", on=dt.date(2024, 6, 1))
    publish(agency_b, body="<p>道路养护</p>", on=dt.date(2022, 6, 1))

    facets = backends.facets("环境保护")
    assert not facets.capped
    assert dict(facets.counts["agency"]) == {agency_a.pk: 2, agency_b.pk: 1}
    assert facets.counts["year"] == [(2024, 2), (2023, 1)]  # newest first; 2022 has no match
    assert dict(facets.counts["kind"]) == {"ordinary": 2, "normative": 1}
    assert facets.counts["column"] == [(notices.pk, 2)]

    within = backends.facets("环境保护", SearchFilters(agency_id=agency_b.pk))
    assert dict(within.counts["agency"]) == {agency_b.pk: 1} and within.counts["column"] == []
    everything = backends.facets("", SearchFilters(year=2022))  # no words: the filtered catalogue
    assert dict(everything.counts["agency"]) == {agency_b.pk: 1}


def test_counts_above_the_cap_are_lower_bounds(publish, agency_a):
    for day in range(1, 4):
        publish(agency_a, body="<p>环境保护检查</p>", on=dt.date(2024, 5, day))
    facets = backends.facets("环境保护", cap=2)
    assert facets.capped and sum(n for _, n in facets.counts["agency"]) <= 3  # of the first cap + 1


def test_facet_links_keep_the_query_and_offer_the_largest_values(make_agency):
    from django.db import connection
    from django.http import QueryDict
    from django.test.utils import CaptureQueriesContext

    from gongkai.search.selectors import FACET_SHOWN, facet_groups

    agencies = [make_agency(f"第{i}局") for i in range(FACET_SHOWN + 3)]
    counts = {
        "agency": [(a.pk, 100 - i) for i, a in enumerate(agencies)],
        "year": [(2024, 5), (2023, 2)],
        "kind": [],
        "column": [],
    }
    params = QueryDict("q=%E9%98%B2%E6%B1%9B&year=2024&page=3&validity=valid")
    with CaptureQueriesContext(connection) as queries:
        groups = facet_groups(backends.Facets(counts, capped=True), params)
    (query,) = queries.captured_queries  # the names of the shown agencies only are loaded
    assert len(re.search(r" IN \(([^)]*)\)", query["sql"]).group(1).split(",")) == FACET_SHOWN
    by_name = {g["name"]: g["entries"] for g in groups}
    assert [e["label"] for e in by_name["agency"]] == [a.name for a in agencies[:FACET_SHOWN]]
    first = by_name["agency"][0]
    assert first["count"] == "100+" and not first["selected"]
    # The query kept in its order, the page dropped, the new facet appended.
    assert first["url"] == f"?q=%E9%98%B2%E6%B1%9B&year=2024&validity=valid&agency={agencies[0].credit_code}"
    chosen, other = by_name["year"]
    # A chosen value links to its removal; another replaces it where it stood.
    assert chosen["selected"] and chosen["url"] == "?q=%E9%98%B2%E6%B1%9B&validity=valid"
    assert other["url"] == "?q=%E9%98%B2%E6%B1%9B&year=2023&validity=valid"
    within = QueryDict(f"q=x&agency={agencies[1].credit_code}&column=7")
    entries = {g["name"]: g["entries"] for g in facet_groups(backends.Facets(counts), within)}["agency"]
    assert entries[1]["selected"] and entries[1]["url"] == "?q=x&column=7"  # as before
    assert entries[0]["url"] == f"?q=x&agency={agencies[0].credit_code}"  # a column belongs to its agency
