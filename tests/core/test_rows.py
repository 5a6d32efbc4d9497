"""plain_rows: the database's own tuples of a values_list queryset, on every engine."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Min

from gongkai.agencies.models import Agency
from gongkai.annual_report.models import AnnualReport
from gongkai.core.rows import Ids, as_date, plain_rows


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


@pytest.mark.django_db
def test_ids_in_filters_as_in_does(agency_a, agency_b):
    both = Agency.objects.order_by("pk").values_list("pk", flat=True)
    for ids in ([agency_a.pk], [agency_b.pk, agency_a.pk], [agency_a.pk, agency_a.pk, 10**9]):
        assert list(both.filter(pk__ids_in=Ids(ids))) == list(both.filter(pk__in=ids))
    assert list(both.filter(pk__ids_in=Ids([]))) == []  # nothing matches, no query is wrong
    assert plain_rows(Agency.objects.filter(pk__ids_in=Ids([])).values_list("pk")) == []
    reports = AnnualReport.objects.filter(
        agency_id__ids_in=Ids([str(agency_a.pk)])
    )  # a foreign key; text ids
    assert list(reports) == list(AnnualReport.objects.filter(agency_id__in=[agency_a.pk]))


def test_ids_refuses_what_is_not_an_integer():
    with pytest.raises(ValueError):
        Ids(["1 OR 1=1"])
    with pytest.raises(TypeError):
        Agency.objects.filter(pk__ids_in=[1, 2])  # a plain list: only Ids are taken
