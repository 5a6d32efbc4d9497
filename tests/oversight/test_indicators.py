"""Indicators and comparisons (issue 14.4): formulas, unknowns, rankings, the SVG, the page, XLSX."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.annual_report.models import AnnualReport
from gongkai.oversight import charts, comparison
from gongkai.oversight.indicators import (
    INDICATOR_BY_CODE,
    YearFigures,
    correction_rate,
    disclosure_rate,
    rank,
    report_timeliness,
)
from gongkai.oversight.selectors import agency_year_figures
from tests.annual_report.records import application, case

TODAY = date(2025, 6, 1)

# --- the formulas (pure) ---------------------------------------------------------------------------


def test_a_rate_in_integers_equals_the_decimal_division_rounded_half_up():
    from decimal import ROUND_HALF_UP

    from gongkai.oversight.indicators import _rate

    for whole in range(1, 420):
        for part in range(whole + 1):
            expected = (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            got = _rate(part, whole)
            assert got == expected and str(got) == str(expected), (part, whole)
    assert str(_rate(1, 8)) == "12.5" and str(_rate(1, 800)) == "0.1" and str(_rate(1, 2001)) == "0.0"
    assert str(_rate(7, 3)) == "233.3"  # more than the whole (not a share): still exact
    assert _rate(0, 0) is None


def test_disclosure_rate_counts_full_and_partial_disclosure_over_all_concluded() -> None:
    assert disclosure_rate(YearFigures(handled=8, disclosed=5, partially_disclosed=1)) == Decimal("75.0")
    assert disclosure_rate(YearFigures(handled=3, disclosed=1)) == Decimal("33.3")
    assert disclosure_rate(YearFigures(handled=3, disclosed=2)) == Decimal("66.7")  # half up


def test_a_rate_without_a_denominator_is_unknown_not_zero() -> None:
    assert disclosure_rate(YearFigures()) is None
    assert correction_rate(YearFigures(corrected=0, remedies_concluded=0)) is None
    assert correction_rate(YearFigures(corrected=1, remedies_concluded=4)) == Decimal("25.0")


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (date(2025, 1, 31), ("on_time", 0)),  # the deadline day itself is on time
        (date(2025, 2, 1), ("late", 1)),
        (None, ("missing", 121)),  # 31 Jan → 1 Jun 2025
    ],
)
def test_report_timeliness(published, expected) -> None:
    figures = YearFigures(first_published=published, deadline=date(2025, 1, 31))
    assert report_timeliness(figures, TODAY) == expected


def test_a_report_not_yet_due_is_unknown() -> None:
    figures = YearFigures(deadline=date(2026, 1, 31))
    assert report_timeliness(figures, TODAY) == ("not_due", None)
    assert comparison.show(INDICATOR_BY_CODE["report_days_late"], None) == "未知"


def test_ranking_puts_the_best_first_shares_places_and_leaves_unknown_unplaced() -> None:
    rate = INDICATOR_BY_CODE["disclosure_rate"]
    ranked = rank({"a": Decimal(50), "b": Decimal(90), "c": None, "d": Decimal(50)}, rate)
    assert ranked == [(1, "b", Decimal(90)), (2, "a", Decimal(50)), (2, "d", Decimal(50)), (None, "c", None)]
    overdue = INDICATOR_BY_CODE["overdue"]  # fewer is better
    assert [k for _, k, _ in rank({"a": 3, "b": 0}, overdue)] == ["b", "a"]


def test_the_chart_leaves_a_gap_for_an_unknown_year_and_escapes_names() -> None:
    svg = charts.line_chart(
        title="公开率",
        years=[2021, 2022, 2023, 2024],
        series=[charts.Series("<甲>局", [Decimal(50), None, Decimal(70), Decimal(80)])],
        unit="%",
    )
    assert svg.startswith("<svg") and 'role="img"' in svg and "<script" not in svg
    assert svg.count("<polyline") == 1  # 2021 alone, then 2023–2024: only one run has two points
    assert svg.count("<circle") == 3
    assert "&lt;甲&gt;局" in svg and "<甲>" not in svg


# --- the selector (one query per kind, whatever the number of agencies) ---------------------------


@pytest.fixture
def two_departments(make_agency, city):
    return make_agency("甲局", parent=city), make_agency("乙局", parent=city)


@pytest.mark.django_db
def test_figures_come_from_the_records_of_each_year(two_departments) -> None:
    a, b = two_departments
    application(a, received=date(2023, 3, 1), decided=date(2023, 3, 10), outcome="disclosed")
    application(a, received=date(2023, 4, 1), decided=date(2023, 4, 10), outcome="partially_disclosed")
    late = application(
        a, received=date(2023, 5, 1), decided=date(2023, 6, 20), outcome="unavailable.not_held"
    )
    late.due_date = date(2023, 5, 29)
    late.save(update_fields=["due_date"])
    on_time = application(a, received=date(2024, 11, 1), decided=date(2024, 11, 20), outcome="disclosed")
    on_time.due_date = date(2024, 11, 29)
    on_time.save(update_fields=["due_date"])
    c = application(a, received=date(2024, 1, 5), decided=date(2024, 1, 20), outcome="disclosed")
    case(c, filed=date(2024, 2, 1), outcome="corrected", concluded=date(2024, 5, 1))
    case(c, filed=date(2024, 3, 1), outcome="upheld", concluded=date(2024, 6, 1))
    case(c, filed=date(2024, 4, 1), outcome="corrected", concluded=date(2025, 2, 1))  # pending on 31 Dec
    figures = agency_year_figures([a, b], [2023, 2024])
    f23, f24 = figures[(a.pk, 2023)], figures[(a.pk, 2024)]
    assert (f23.handled, f23.disclosed, f23.partially_disclosed, f23.overdue) == (3, 1, 1, 1)
    assert disclosure_rate(f23) == Decimal("66.7")
    assert (f24.handled, f24.overdue, f24.remedies_concluded, f24.corrected) == (2, 0, 2, 1)
    assert correction_rate(f24) == Decimal("50.0")  # 1 corrected of 2 concluded by 31 Dec
    assert disclosure_rate(figures[(b.pk, 2023)]) is None  # no records: unknown, not 0 %
    assert f23.deadline == date(2024, 1, 31)


@pytest.mark.django_db
def test_the_selector_does_not_loop_over_agencies(make_agency, city, django_assert_num_queries) -> None:
    few = [make_agency(f"局{i}", parent=city) for i in range(2)]
    many = few + [make_agency(f"局{i}", parent=city) for i in range(2, 12)]
    agency_year_figures(many, [2022, 2023, 2024])  # the aggregates are counted once
    with django_assert_num_queries(2):  # the aggregates, the first publications
        agency_year_figures(few, [2022, 2023, 2024])
    with django_assert_num_queries(2):
        agency_year_figures(many, [2022, 2023, 2024])


@pytest.mark.django_db
def test_first_publication_and_the_governments_later_deadline(make_agency, city, make_user) -> None:
    clerk = make_user("c", city, ["clerk"])
    for version, published in ((1, date(2024, 2, 5)), (2, date(2024, 3, 1))):
        AnnualReport.objects.create(
            agency=city,
            year=2023,
            version=version,
            status="published",
            published_at=f"{published.isoformat()}T10:00:00+08:00",
            created_by=clerk,
        )
    f = agency_year_figures([city], [2023])[(city.pk, 2023)]
    assert f.first_published == date(2024, 2, 5)
    assert f.deadline == (date(2024, 3, 31) if city.kind == "government" else date(2024, 1, 31))


# --- the page and the export -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_comparison_page_states_formulas_and_shows_unknown(client, supervisor_city, two_departments):
    a, _ = two_departments
    application(a, received=date(2023, 3, 1), decided=date(2023, 3, 10), outcome="disclosed")
    client.force_login(supervisor_city)
    page = client.get(reverse("oversight:compare"), {"start": 2021, "end": 2024, "year": 2023})
    assert page.status_code == 200
    html = page.content.decode()
    for code in ("disclosure_rate", "correction_rate", "overdue", "report_days_late"):
        assert INDICATOR_BY_CODE[code].formula in html
    assert html.count("<svg") >= 4 and "<script>" not in html
    assert "100.0%" in html and "未知" in html and "甲局" in html and "乙局" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"start": "abc", "end": 2024, "year": 2024},
        {"start": 2024, "end": 2021, "year": 2024},
        {"start": 2001, "end": 2024, "year": 2024},
        {"start": 2021, "end": 2024, "year": 2019},
        {"start": 2021, "end": 9999, "year": 2022},
    ],
)
def test_bad_years_are_refused_without_an_error_page(client, supervisor_city, query):
    client.force_login(supervisor_city)
    response = client.get(reverse("oversight:compare"), query)
    assert response.status_code == 400 and "errorlist" in response.content.decode()


@pytest.mark.django_db
def test_only_supervisors_compare(client, clerk_a):
    client.force_login(clerk_a)
    assert client.get(reverse("oversight:compare")).status_code == 403


@pytest.mark.django_db
def test_the_xlsx_has_chinese_headers_unknown_as_text_and_no_formulas(
    client, supervisor_city, make_agency, city
):
    make_agency("=HYPERLINK(1)局", parent=city)
    client.force_login(supervisor_city)
    response = client.get(
        reverse("oversight:compare"), {"start": 2022, "end": 2023, "year": 2023, "format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="indicators-2022-2023.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["指标"].iter_rows(values_only=True))
    assert rows[0] == comparison.XLSX_HEADER
    evil = [r for r in rows if r[0] == "=HYPERLINK(1)局"]
    assert len(evil) == 2 and all(r[5] == "未知" for r in evil)
    cell = next(c for c in book["指标"]["A"] if c.value == "=HYPERLINK(1)局")
    assert cell.data_type == "s"
    assert [r[0] for r in book["计算公式"].iter_rows(values_only=True)][1:] == [
        "公开率",
        "纠错率",
        "逾期答复",
        "年报逾期天数",
    ]


def test_count_axes_have_whole_numbered_grid_lines() -> None:
    svg = charts.line_chart(
        title="逾期答复", years=[2023, 2024], series=[charts.Series("甲", [0, 1])], unit="件"
    )
    labels = re.findall(r">([\d.]+)件</text>", svg)
    assert labels == ["0", "1", "2", "3", "4"]
