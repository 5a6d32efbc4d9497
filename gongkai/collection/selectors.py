"""Reads of the collection pages, scoped: a supervisor sees the sources and findings of their subtree."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from gongkai.agencies.models import Agency
from gongkai.agencies.scoping import get_scoped, readable_agencies, scope

from .models import CollectedItem, CollectionRun, CollectionSource

RESULT_LIMIT = 2000


def sources_of(user) -> QuerySet[CollectionSource]:
    """Return the sources of the agencies ``user`` reads (a supervisor: their subtree)."""
    return scope(CollectionSource.objects.select_related("agency", "registered_by"), user)


def source_get(user, pk: int) -> CollectionSource:
    return get_scoped(sources_of(user), user, pk=pk)


def registrable_agencies(user) -> QuerySet[Agency]:
    """Return the agencies ``user`` may register a column for: those strictly below their own."""
    agencies = readable_agencies(user).filter(is_active=True).order_by("path")
    if user.agency_id is not None:
        agencies = agencies.exclude(pk=user.agency_id)
    return agencies


def runs_of(user) -> QuerySet[CollectionRun]:
    """Return the runs started in ``user``'s agency (or by the system, for a site administrator)."""
    if user.is_site_admin:
        return CollectionRun.objects.select_related("job", "started_by")
    return scope(CollectionRun.objects.select_related("job", "started_by"), user)


def run_get(user, pk: int) -> CollectionRun:
    return get_scoped(runs_of(user), user, pk=pk)


@dataclass
class AgencyYear:
    agency: Agency
    year: int | None
    items: list[CollectedItem] = field(default_factory=list)


def filed_by_agency_year(user, *, agency_id: int | None = None) -> list[AgencyYear]:
    """Return what was collected and filed, per agency and year, newest year first.

    Every version of every file is listed (newest first), each with its audit result.
    """
    items = scope(
        CollectedItem.objects.select_related("source__agency", "audited__batch__uploaded_by").exclude(
            audited=None
        ),
        user,
    )
    if agency_id is not None:
        items = items.filter(source__agency_id=agency_id)
    groups: dict[tuple[int, int | None], AgencyYear] = {}
    for item in items.order_by("source__agency__path", "-year", "url", "-version")[:RESULT_LIMIT]:
        agency = item.source.agency
        key = (agency.pk, item.year)
        groups.setdefault(key, AgencyYear(agency, item.year)).items.append(item)
    return list(groups.values())
