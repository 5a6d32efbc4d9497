"""Facet counts of a search: agency, column, year and kind; empty values never offered; a cap."""

from __future__ import annotations

import datetime as dt

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
