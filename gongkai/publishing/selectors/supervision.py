"""Reads of supervision: the agencies a supervisor may file against, and rectification findings."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from gongkai.agencies import policy
from gongkai.agencies.models import Agency
from gongkai.agencies.scoping import get_scoped, scope
from gongkai.agencies.selectors import agencies_below

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
