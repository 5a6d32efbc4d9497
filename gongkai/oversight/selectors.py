"""Reads of the supervisors' pages: uploaded report audits, and the figures behind the indicators."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db.models import Min, QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.agencies.scoping import get_scoped, readable_agencies, scope
from gongkai.annual_report.models import AnnualReport, ReportStatus, publication_deadline
from gongkai.annual_report.selectors import year_figures
from gongkai.report import format as fmt

from .indicators import YearFigures
from .models import AuditBatch, AuditedReport


def batches_of(user) -> QuerySet[AuditBatch]:
    """Return the batches ``user`` uploaded (a site administrator sees every batch)."""
    if user.is_site_admin:
        return AuditBatch.objects.all()
    return scope(AuditBatch.objects.all(), user).filter(uploaded_by=user)


def batch_get(user, pk: int) -> AuditBatch:
    """Return the batch ``pk`` with its background job, if ``user`` uploaded it (404 otherwise)."""
    return get_scoped(batches_of(user).select_related("job"), user, pk=pk)


def reports_of(batch: AuditBatch) -> list[AuditedReport]:
    """Return the audited reports of ``batch``."""
    return list(batch.reports.all())


def audited_report_get(user, batch: AuditBatch, pk: int) -> AuditedReport:
    """Return the audited report ``pk`` of ``batch`` if ``user`` may read it."""
    return get_scoped(AuditedReport.objects.filter(batch=batch), user, pk=pk)


# --- indicators and comparisons (issue 14.4) -----------------------------------------------------


def report_deadline(agency: Agency, year: int) -> date:
    """Return the publication deadline of ``agency``'s report for ``year`` (Regulation art. 49).

    A government publishes its consolidated report by 31 March; everyone else by 31 January.
    """
    if agency.kind == AgencyKind.GOVERNMENT:
        return date(year + 1, 3, 31)
    return publication_deadline(year)


def agency_year_figures(
    agencies: Sequence[Agency], years: Sequence[int], *, today: date | None = None
) -> dict[tuple[int, int], YearFigures]:
    """Return each agency-year's inputs of the indicators, from the yearly aggregates.

    ``annual_report.selectors.year_figures`` (one query over ``YearAggregate``, kept exact in the
    writing transactions) gives the tables and the overdue count; one more query gives the first
    publication of each agency-year's report. No loop over agencies once the aggregates exist.
    The conventions are the annual report's: an application counts in the year it was concluded,
    a remedy case in the year it was filed with its state on 31 December. A year with no figures
    yet (this year's future, say) counts as empty.
    """
    today = today or timezone.localdate()
    ids = [a.pk for a in agencies]
    figures = year_figures(ids, years)
    published = {
        (row["agency_id"], row["year"]): timezone.localdate(row["first"])
        for row in AnnualReport.objects.filter(
            agency_id__in=ids, year__in=list(years), status=ReportStatus.PUBLISHED
        )
        .values("agency_id", "year")
        .annotate(first=Min("published_at"))
        .order_by()
        if row["first"] is not None
    }
    result = {}
    for agency in agencies:
        for year in years:
            f = figures.get((agency.pk, year))
            apps = f.applications if f else {}
            remedies = f.remedies if f else {}
            result[(agency.pk, year)] = YearFigures(
                handled=f.applications_handled if f else 0,
                disclosed=(apps.get("disclosed") or {}).get("total", 0),
                partially_disclosed=(apps.get("partially_disclosed") or {}).get("total", 0),
                overdue=f.overdue if f else 0,
                remedies_concluded=sum(
                    (remedies.get(g.code) or {}).get(part, 0)
                    for g in fmt.REMEDY_GROUPS
                    for part in ("upheld", "corrected", "other")
                ),
                corrected=f.remedies_corrected if f else 0,
                first_published=published.get((agency.pk, year)),
                deadline=report_deadline(agency, year),
            )
    return result


def comparison_agencies(user) -> list[Agency]:
    """Return the active agencies ``user`` supervises, in tree order (the rows of the comparison)."""
    return list(readable_agencies(user).filter(is_active=True).order_by("path"))
