"""Reads of the supervisors' pages: uploaded report audits, and the figures behind the indicators."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Min, Q, QuerySet

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.agencies.scoping import get_scoped, readable_agencies, scope
from gongkai.agencies.selectors import AgencyRow, agency_rows
from gongkai.annual_report import aggregates
from gongkai.annual_report.models import (
    RANKING_COLUMNS,
    AnnualReport,
    ReportStatus,
    YearAggregate,
    publication_deadline,
)
from gongkai.annual_report.selectors import year_figures
from gongkai.core.rows import Ids, as_date, plain_rows

from .indicators import YearFigures
from .models import AuditBatch, AuditedReport


def batches_of(user) -> QuerySet[AuditBatch]:
    """Return the batches ``user`` uploaded (a site administrator sees every batch)."""
    if user.is_site_admin:
        return AuditBatch.objects.all()
    return scope(AuditBatch.objects.all(), user).filter(uploaded_by=user)


def readable_batches(user) -> QuerySet[AuditBatch]:
    """Return the batches ``user`` may open: their own uploads, and the collector's batches of
    the agencies they supervise (collection is the office's work: its findings are the office's)."""
    if user.is_site_admin:
        return AuditBatch.objects.all()
    return scope(AuditBatch.objects.filter(Q(uploaded_by=user) | Q(collected=True)), user)


def batch_get(user, pk: int) -> AuditBatch:
    """Return the batch ``pk`` with its background job, if ``user`` may open it (404 otherwise)."""
    return get_scoped(readable_batches(user).select_related("job"), user, pk=pk)


def reports_of(batch: AuditBatch) -> list[AuditedReport]:
    """Return the audited reports of ``batch``."""
    return list(batch.reports.all())


def audited_report_get(user, batch: AuditBatch, pk: int) -> AuditedReport:
    """Return the audited report ``pk`` of ``batch`` if ``user`` may read it."""
    return get_scoped(AuditedReport.objects.filter(batch=batch), user, pk=pk)


# --- indicators and comparisons (issue 14.4) -----------------------------------------------------


def report_deadline(agency: Agency | AgencyRow, year: int) -> date:
    """Return the publication deadline of ``agency``'s report for ``year`` (Regulation art. 49).

    A government publishes its consolidated report by 31 March; everyone else by 31 January.
    """
    return publication_deadline(year, agency.kind == AgencyKind.GOVERNMENT)


# What the indicators read of an agency-year's aggregate: scalar columns only (kept with the
# JSON tables in the same write; taking cells out of the JSON of 1,500 agency-years in the
# query cost more than the rest of the page).
_INDICATOR_COLUMNS = ("agency_id", "year", *RANKING_COLUMNS)  # the columns its index covers


def _indicator_inputs(ids: list[int], years: Sequence[int]) -> dict[tuple[int, int], tuple]:
    """Return the indicators' inputs per agency-year (``_INDICATOR_COLUMNS``) in ONE query.

    Pairs without a row yet are counted and stored once through ``year_figures`` (which then
    holds them) and read again.
    """

    def read() -> dict[tuple[int, int], tuple]:
        rows = plain_rows(  # integers only: no per-row ORM work for 1,500 agency-years
            YearAggregate.objects.filter(agency_id__ids_in=Ids(ids), year__in=list(years))
            .order_by()
            .values_list(*_INDICATOR_COLUMNS)
        )
        return {(row[0], row[1]): row for row in rows}

    found = read()
    wanted = [y for y in years if y <= aggregates.this_year()]
    if any((a, y) not in found for a in ids for y in wanted):
        year_figures(ids, wanted)  # counts and stores the missing pairs
        found = read()
    return found


def agency_year_figures(
    agencies: Sequence[Agency | AgencyRow], years: Sequence[int]
) -> dict[tuple[int, int], YearFigures]:
    """Return each agency-year's inputs of the indicators, from the yearly aggregates.

    One query over ``YearAggregate`` (kept exact in the writing transactions; see
    ``_indicator_inputs``) gives the tables' figures and the overdue count; one more query gives
    the first publication of each agency-year's report. No loop over agencies once the
    aggregates exist. The conventions are the annual report's: an application counts in the
    year it was concluded, a remedy case in the year it was filed with its state on 31 December.
    A year with no figures yet (this year's future, say) counts as empty.
    """
    ids = [a.pk for a in agencies]
    figures = _indicator_inputs(ids, years)
    published = {
        (agency_id, year): as_date(first)
        for agency_id, year, first in plain_rows(
            AnnualReport.objects.filter(
                agency_id__ids_in=Ids(ids), year__in=list(years), status=ReportStatus.PUBLISHED
            )
            .values_list("agency_id", "year")
            .annotate(first=Min("published_on"))  # the local day, kept beside published_at
            .order_by()
        )
        if first is not None
    }
    empty = (None, None, *(0 for _ in RANKING_COLUMNS))  # an agency-year without figures yet
    deadlines = {  # report_deadline's rule, once per kind and year
        (kind, year): publication_deadline(year, kind == AgencyKind.GOVERNMENT)
        for kind in AgencyKind.values
        for year in years
    }
    result = {}
    for agency in agencies:
        pk, kind = agency.pk, agency.kind
        for year in years:
            # in the order of _INDICATOR_COLUMNS
            _, _, handled, disclosed, partial, overdue, total, corrected, pending = figures.get(
                (pk, year), empty
            )
            result[(pk, year)] = YearFigures(
                handled=handled,
                disclosed=disclosed - partial,
                partially_disclosed=partial,
                overdue=overdue,
                remedies_concluded=total - pending,
                corrected=corrected,
                first_published=published.get((pk, year)),
                deadline=deadlines[(kind, year)],
            )
    return result


def comparison_agencies(user) -> list[AgencyRow]:
    """Return the active agencies ``user`` supervises, in tree order (the rows of the comparison)."""
    return agency_rows(readable_agencies(user).filter(is_active=True).order_by("path"))
