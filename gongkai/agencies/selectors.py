"""Reads of agencies and staff, always through ``scoping``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.http import Http404

from . import policy
from .models import Agency, User, depth_of
from .scoping import get_scoped, readable_agencies, scope


def agency_get(user, pk: int, *, write: bool = False) -> Agency:
    """Return the agency ``pk`` if ``user`` may read it (404 otherwise; 403 when ``write`` is refused)."""
    return get_scoped(Agency, user, write=write, pk=pk)


def agencies_readable(user) -> QuerySet[Agency]:
    """Return the agencies ``user`` may read, with their parents, in tree order."""
    return readable_agencies(user).select_related("parent").order_by("path")


@dataclass(frozen=True, slots=True)
class AgencyRow:
    """What a row of a supervisor's list of hundreds of agencies shows of each: its name, its
    kind (the deadline of its report) and its place in the tree — read as plain values, about
    six times cheaper than as ``Agency`` instances (``agency_rows``)."""

    pk: int
    name: str
    kind: str
    path: str

    @property
    def depth(self) -> int:
        return depth_of(self.path)


def agency_rows(queryset: QuerySet[Agency]) -> list[AgencyRow]:
    """Return the agencies of ``queryset`` as ``AgencyRow``s, in the queryset's order."""
    return [AgencyRow(*values) for values in queryset.values_list("pk", "name", "kind", "path")]


def agencies_below(agency: Agency) -> QuerySet[Agency]:
    """Return the agencies strictly below ``agency`` in the tree, in tree order."""
    return Agency.objects.filter(path__startswith=agency.path).exclude(pk=agency.pk).order_by("path")


def agencies_outside(agency: Agency) -> QuerySet[Agency]:
    """Return the agencies that may become ``agency``'s parent: none of its own subtree."""
    return Agency.objects.exclude(path__startswith=agency.path)


def children_of(agency: Agency) -> QuerySet[Agency]:
    """Return the agencies directly below ``agency``, by name."""
    return Agency.objects.filter(parent=agency).order_by("name")


def staff_of(user, agency: Agency) -> QuerySet[User]:
    """Return the staff of ``agency`` that ``user`` may see, with their roles."""
    return (
        scope(User.objects.filter(agency=agency), user).prefetch_related("role_grants").order_by("username")
    )


def public_agency_get(credit_code: str) -> Agency:
    """Return the active agency with this unified social credit code (404 otherwise); no login needed."""
    agency = Agency.objects.filter(credit_code=credit_code.strip().upper(), is_active=True).first()
    if agency is None:
        raise Http404("机关不存在")
    return agency


def is_writable(user, record: Model) -> bool:
    """Return whether ``user`` may change ``record`` (its agency is within their write scope)."""
    return scope(type(record)._default_manager.filter(pk=record.pk), user, write=True).exists()


def colleagues(user) -> QuerySet[User]:
    """Return the active staff of ``user``'s agency (none for a user without an agency)."""
    if user.agency_id is None:
        return User.objects.none()
    return User.objects.filter(agency_id=user.agency_id, is_active=True).order_by("username")


def active_agency(pk: int) -> Agency | None:
    """Return the active agency ``pk``, or None."""
    return Agency.objects.filter(pk=pk, is_active=True).first()


def active_agencies_for(user) -> QuerySet[Agency]:
    """Return the active agencies ``user`` may write to, in tree order (a site admin: all of them)."""
    return scope(Agency.objects.filter(is_active=True), user, write=True).order_by("path")


def manageable_member_get(user, pk: int) -> User:
    """Return the staff member ``pk`` whose roles ``user`` may open (404 otherwise), with the agency."""
    member = policy.manageable_staff(user).filter(pk=pk).select_related("agency").first()
    if member is None:
        raise Http404("记录不存在或无权查看")
    return member


def roles_of(member: User) -> set[str]:
    """Return the role codes granted to ``member``."""
    return set(member.role_grants.values_list("role", flat=True))


def site_totals() -> dict[str, int]:
    """Return the numbers of agencies and of active accounts (the site administrator's panel)."""
    return {"agency_count": Agency.objects.count(), "user_count": User.objects.filter(is_active=True).count()}
