"""Reads of supervision: the agencies a supervisor may file against, and rectification findings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from gongkai.agencies import policy
from gongkai.agencies.models import Agency
from gongkai.agencies.scoping import get_scoped, scope
from gongkai.agencies.selectors import agencies_below
from gongkai.annual_report.models import AnnualReport
from gongkai.oversight.models import AuditedReport

from ..models import Column, RectificationItem, RectificationResponse, RectificationStatus

UNANSWERED = (RectificationStatus.OPEN, RectificationStatus.REOPENED)
FINDING_STATES = ("open", "overdue", "closed", "all")


def supervised_agencies(user) -> QuerySet[Agency]:
    """Return the agencies ``user`` may file findings against (strictly below their own agency)."""
    if user.is_site_admin:
        return Agency.objects.all().order_by("path")
    if not policy.has_role_of(user, "rectification.supervise") or user.agency_id is None:
        return Agency.objects.none()
    return agencies_below(user.agency)


def open_finding_keys(agency) -> set[tuple[str, int | None]]:
    """Return ``(inspection code, column id)`` of the agency's findings not yet closed."""
    return set(
        RectificationItem.objects.filter(agency=agency)
        .exclude(status=RectificationStatus.ACCEPTED)
        .values_list("source_code", "column_id")
    )


def agency_column(agency, pk: int | None) -> Column | None:
    """Return the column ``pk`` of ``agency``, or None (also for another agency's column)."""
    return Column.objects.filter(agency=agency, pk=pk).first() if pk else None


def rectification_items(user, *, state: str, today: date) -> QuerySet[RectificationItem]:
    """Return the findings ``user`` may read in ``state`` (open, overdue, closed or all), by deadline."""
    items = scope(RectificationItem.objects.all(), user).select_related("agency", "filed_by")
    if state == "open":
        items = items.exclude(status=RectificationStatus.ACCEPTED)
    elif state == "overdue":
        items = items.filter(Q(status__in=UNANSWERED) & Q(deadline__lt=today))
    elif state == "closed":
        items = items.filter(status=RectificationStatus.ACCEPTED)
    return items.order_by("deadline", "id")


def rectification_item_get(user, pk: int, *, write: bool = False) -> RectificationItem:
    """Return the finding ``pk`` if ``user`` may read it (``write``: answer it as the agency)."""
    return get_scoped(
        RectificationItem.objects.select_related("agency", "filed_by", "column"), user, write=write, pk=pk
    )


def responses_of(item: RectificationItem) -> QuerySet[RectificationResponse]:
    """Return the thread of ``item``: answers, acceptances and reopenings, oldest first."""
    return RectificationResponse.objects.filter(item=item).select_related("actor").order_by("at", "id")


def rectification_response_get(user, pk: int) -> RectificationResponse:
    """Return the thread entry ``pk`` if ``user`` may read its finding."""
    return get_scoped(RectificationResponse, user, pk=pk)


@dataclass(frozen=True)
class FindingSource:
    """A failing check a notice can be issued from: the finding and the report it failed in."""

    finding: dict
    agency: Agency | None  # None: an audited report whose agency name matches no supervised agency
    annual_report: AnnualReport | None = None
    audited_report: AuditedReport | None = None

    @property
    def label(self) -> str:
        if self.annual_report is not None:
            r = self.annual_report
            return f"{r.agency.name} {r.year} 年度报告（第 {r.version} 版）"
        a = self.audited_report
        return f"审读的报告《{a.source}》（{a.agency_name or '机关不详'} {a.year or ''}）"


def finding_source(user, *, report_pk: int | None = None, audited_pk: int | None = None, index: int):
    """Return the ``index``-th finding of a report ``user`` may read, or None when there is none.

    A generated report is read through the agency scoping; an audited report only by the
    supervisor who uploaded it (as its pages are). Info findings are no failing check.
    """
    if report_pk is not None:
        report = scope(AnnualReport.objects.select_related("agency"), user).filter(pk=report_pk).first()
        findings, agency, kw = (
            (report.findings, report.agency, {"annual_report": report}) if report else ([], None, {})
        )
    elif audited_pk is not None:
        audited = (
            scope(AuditedReport.objects.select_related("batch"), user)
            .filter(pk=audited_pk, batch__uploaded_by=user)
            .first()
        )
        findings, kw = (audited.findings, {"audited_report": audited}) if audited else ([], {})
        agency = (
            supervised_agencies(user).filter(name=audited.agency_name.strip()).first()
            if audited and audited.agency_name
            else None
        )
    else:
        return None
    if not 0 <= index < len(findings) or findings[index].get("level") not in ("error", "warning"):
        return None
    return FindingSource(finding=findings[index], agency=agency, **kw)


def later_report_versions(item: RectificationItem) -> list[AnnualReport]:
    """Return the published versions of the notice's generated report newer than it (its corrections)."""
    source = item.annual_report
    if source is None:
        return []
    return list(
        AnnualReport.objects.filter(
            agency_id=source.agency_id, year=source.year, version__gt=source.version, status="published"
        ).order_by("version")
    )
