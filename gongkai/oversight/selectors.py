"""Reads of the supervisors' pages: uploaded report audits, and the figures behind the indicators."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from django.db.models import Count, F, Min, Q, QuerySet
from django.utils import timezone

from gongkai.agencies.models import Agency, AgencyKind
from gongkai.agencies.scoping import get_scoped, readable_agencies, scope
from gongkai.annual_report.models import AnnualReport, ReportStatus, publication_deadline
from gongkai.applications.models import Application, RemedyCase

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
    """Return each agency-year's figures for the indicators, aggregated in the database.

    Three queries whatever the number of agencies: applications grouped by agency with one
    filtered count per year and figure; remedy cases likewise; the first publication of each
    agency-year's report. The conventions are those of the annual report (``year_counts``,
    ``remedy_counts``): an application counts in the year it was concluded, a case in the year it
    was filed with its state on 31 December.
    """
    today = today or timezone.localdate()
    ids = [a.pk for a in agencies]
    aggregates = {}
    for year in years:
        jan1, dec31 = date(year, 1, 1), date(year, 12, 31)
        decided = Q(decided_on__gte=jan1, decided_on__lte=dec31, received_on__isnull=False)
        due_until = min(dec31, today - timedelta(days=1))
        aggregates |= {
            f"handled_{year}": Count("pk", filter=decided),
            f"disclosed_{year}": Count("pk", filter=decided & Q(outcome="disclosed")),
            f"partial_{year}": Count("pk", filter=decided & Q(outcome="partially_disclosed")),
            f"overdue_{year}": Count(
                "pk",
                filter=Q(due_date__gte=jan1, due_date__lte=due_until)
                & (Q(decided_on__isnull=True) | Q(decided_on__gt=F("due_date"))),
            ),
        }
    apps = {
        row["agency_id"]: row
        for row in Application.objects.filter(agency_id__in=ids)
        .values("agency_id")
        .annotate(**aggregates)
        .order_by()
    }
    case_aggregates = {}
    for year in years:
        filed = Q(filed_on__year=year, concluded_on__isnull=False, concluded_on__lte=date(year, 12, 31))
        case_aggregates |= {
            f"concluded_{year}": Count("pk", filter=filed),
            f"corrected_{year}": Count("pk", filter=filed & Q(outcome="corrected")),
        }
    cases = {
        row["application__agency_id"]: row
        for row in RemedyCase.objects.filter(application__agency_id__in=ids)
        .values("application__agency_id")
        .annotate(**case_aggregates)
        .order_by()
    }
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
        a, c = apps.get(agency.pk, {}), cases.get(agency.pk, {})
        for year in years:
            result[(agency.pk, year)] = YearFigures(
                handled=a.get(f"handled_{year}", 0),
                disclosed=a.get(f"disclosed_{year}", 0),
                partially_disclosed=a.get(f"partial_{year}", 0),
                overdue=a.get(f"overdue_{year}", 0),
                remedies_concluded=c.get(f"concluded_{year}", 0),
                corrected=c.get(f"corrected_{year}", 0),
                first_published=published.get((agency.pk, year)),
                deadline=report_deadline(agency, year),
            )
    return result


def comparison_agencies(user) -> list[Agency]:
    """Return the active agencies ``user`` supervises, in tree order (the rows of the comparison)."""
    return list(readable_agencies(user).filter(is_active=True).order_by("path"))
