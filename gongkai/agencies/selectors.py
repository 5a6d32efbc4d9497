"""Reads of agencies and staff, always through ``scoping``."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Agency
from .scoping import get_scoped


def agency_get(user, pk: int, *, write: bool = False) -> Agency:
    """Return the agency ``pk`` if ``user`` may read it (404 otherwise; 403 when ``write`` is refused)."""
    return get_scoped(Agency, user, write=write, pk=pk)


def agencies_below(agency: Agency) -> QuerySet[Agency]:
    """Return the agencies strictly below ``agency`` in the tree, in tree order."""
    return Agency.objects.filter(path__startswith=agency.path).exclude(pk=agency.pk).order_by("path")
