"""The one scoping function through which every staff query of agency data goes.

A model opts in by naming the path to its owning agency in ``agency_field`` ("agency",
"application__agency", or "pk" for Agency itself). Staff with a work role see and change their
own agency; a supervisor reads (never writes) the subtree under their agency; a site
administrator sees everything. Anyone else sees nothing.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from . import policy
from .models import Agency, Role

M = TypeVar("M", bound=Model)


def readable_agencies(user) -> QuerySet[Agency]:
    """Return the agencies whose records ``user`` may read."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Agency.objects.none()
    if user.is_site_admin:
        return Agency.objects.all()
    agency = user.agency
    if agency is None:
        return Agency.objects.none()
    if user.has_role(Role.SUPERVISOR):
        return Agency.objects.filter(path__startswith=agency.path)
    if user.role_set & policy.WORK_ROLES:
        return Agency.objects.filter(pk=agency.pk)
    return Agency.objects.none()


def writable_agencies(user) -> QuerySet[Agency]:
    """Return the agencies whose records ``user`` may change (supervisors only read)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Agency.objects.none()
    if user.is_site_admin:
        return Agency.objects.all()
    if user.agency_id is None or not (user.role_set & policy.WORK_ROLES):
        return Agency.objects.none()
    return Agency.objects.filter(pk=user.agency_id)


def scope(queryset: QuerySet[M], user, *, write: bool = False) -> QuerySet[M]:
    """Restrict ``queryset`` to the records of agencies ``user`` may read (or write)."""
    field = getattr(queryset.model, "agency_field", None)
    if field is None:
        raise TypeError(f"{queryset.model.__name__} has no agency_field; it cannot be scoped")
    if getattr(user, "is_authenticated", False) and user.is_active and user.is_site_admin:
        return queryset
    agencies = writable_agencies(user) if write else readable_agencies(user)
    if field == "pk":
        return queryset.filter(pk__in=agencies.values("pk"))
    return queryset.filter(**{f"{field}__in": agencies.values("pk")})


def get_scoped(queryset: QuerySet[M] | type[M], user, *, write: bool = False, **lookup) -> M:
    """Fetch one record the user may see: 404 when out of scope, 403 when only readable."""
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    try:
        obj = scope(qs, user).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404("记录不存在或无权查看") from None
    if write and not scope(qs, user, write=True).filter(pk=obj.pk).exists():
        raise PermissionDenied("只读权限，不能修改该记录")
    return obj


def agency_of(obj) -> Agency | None:
    """Return the agency that owns ``obj`` by following its ``agency_field``."""
    field = getattr(type(obj), "agency_field", None)
    if field is None:
        return None
    if field == "pk":
        return obj
    target = obj
    for part in field.split("__"):
        target = getattr(target, part, None)
        if target is None:
            return None
    return target
