"""plain_rows: the database's own tuples of a values_list queryset, on every engine."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Min

from gongkai.agencies.models import Agency
from gongkai.annual_report.models import AnnualReport
from gongkai.core.rows import as_date, plain_rows


@pytest.mark.django_db
def test_plain_rows_equal_the_orm_rows(agency_a, agency_b):
    queryset = (
        Agency.objects.filter(pk__in=[agency_a.pk, agency_b.pk]).order_by("pk").values_list("pk", "name")
    )
    assert plain_rows(queryset) == list(queryset)
    assert plain_rows(Agency.objects.filter(pk__in=[]).values_list("pk")) == []  # no query at all


@pytest.mark.django_db
def test_a_date_column_reads_back_as_a_date(agency_a):
    AnnualReport.objects.create(agency=agency_a, year=2023, published_at="2024-01-30T17:00:00+00:00")
    rows = plain_rows(
        AnnualReport.objects.values_list("agency_id").annotate(first=Min("published_on")).order_by()
    )
    assert [(agency, as_date(first)) for agency, first in rows] == [(agency_a.pk, date(2024, 1, 31))]
    assert as_date(None) is None and as_date(date(2024, 1, 1)) == date(2024, 1, 1)
