"""Reads of the audit log: one record's history, and the events a user may see."""

from __future__ import annotations

from django.db.models import Model, QuerySet

from gongkai.agencies.scoping import scope

from .models import AuditEvent


def events_for(obj: Model) -> QuerySet[AuditEvent]:
    """Return the audit events of ``obj``, with their actors (the caller has already scoped ``obj``)."""
    return AuditEvent.objects.for_object(obj).select_related("actor")


def events_visible_to(user) -> QuerySet[AuditEvent]:
    """Return the audit events of the agencies ``user`` may read."""
    return scope(AuditEvent.objects.all(), user).select_related("content_type")
