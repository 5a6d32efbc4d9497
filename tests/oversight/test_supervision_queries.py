"""Issue 14.7: the supervisor's overview, the comparison and the consolidation read a fixed number
of grouped queries, whatever the number of agencies (no query per agency or agency-year)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.annual_report import services
from gongkai.annual_report.consolidation import consolidate

from ..annual_report.records import application, figures

YEARS = (2022, 2023, 2024)


def _subtree(make_agency, city, start: int, count: int) -> None:
    """``count`` departments under ``city``, each with a few records and its figures every year."""
    for i in range(start, start + count):
        agency = make_agency(f"局{i}", parent=city)
        for year in YEARS:
            figures(agency, year)
            application(agency, received=date(year, 3, 1), decided=date(year, 3, 20), outcome="disclosed")


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


@pytest.mark.django_db
def test_pages_and_consolidation_do_not_query_per_agency(
    make_agency, city, supervisor_city, client, django_assert_max_num_queries
):
    for year in YEARS:
        figures(city, year)
    _subtree(make_agency, city, 0, 3)
    client.force_login(supervisor_city)
    paths = {
        "overview": lambda: client.get("/staff/annual-reports/overview/", {"year": 2023}),
        "comparison": lambda: client.get(
            "/staff/oversight/compare/", {"start": 2022, "end": 2024, "year": 2024}
        ),
        "consolidation": lambda: consolidate(city, 2023),
        "generation": lambda: services.fresh_version(agency=city, year=2023),
    }
    for fn in paths.values():
        fn()  # the first read stores the aggregates that no write has made yet
    few = {name: _queries(fn) for name, fn in paths.items()}
    assert client.get("/staff/annual-reports/overview/", {"year": 2023}).content.decode().count("局2") == 1

    _subtree(make_agency, city, 3, 27)  # 30 departments now
    for fn in paths.values():
        fn()
    for name, fn in paths.items():
        with django_assert_max_num_queries(few[name], info=name):
            fn()
    page = client.get("/staff/annual-reports/overview/", {"year": 2023}).content.decode()
    assert page.count("局29") == 1  # the rows are there: the same queries read 30 agencies
    whole = consolidate(city, 2023)
    assert len(whole["members"]) == 31
    assert whole["tables"]["applications"]["new_this_year"]["total"] == 30
