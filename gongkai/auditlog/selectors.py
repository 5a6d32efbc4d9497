"""Reads of the audit log: one record's history, and the events a user may see."""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.http import Http404

from gongkai.agencies.scoping import get_scoped, scope

from .labels import actions_labelled
from .models import AuditEvent


def events_for(obj: Model) -> QuerySet[AuditEvent]:
    """Return the audit events of ``obj``, with their actors (the caller has already scoped ``obj``)."""
    return AuditEvent.objects.for_object(obj).select_related("actor")


def events_visible_to(user) -> QuerySet[AuditEvent]:
    """Return the audit events of the agencies ``user`` may read."""
    return scope(AuditEvent.objects.all(), user).select_related("content_type")


def events_filtered(user, *, action: str = "", q: str = "", since=None, until=None) -> QuerySet[AuditEvent]:
    """Return the events ``user`` may see, narrowed to an action code, to the actions whose Chinese
    name contains ``q``, and to a date range (each filter only when given)."""
    events = events_visible_to(user)
    if action:
        events = events.filter(action=action)
    if q:
        events = events.filter(action__in=actions_labelled(q))
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events


def history_subject(user, app_label: str, model: str, pk: str) -> Model:
    """Return the record whose history ``user`` asks for: any agency-scoped model, within scope."""
    try:
        model_cls = apps.get_model(app_label, model)
    except (LookupError, ValueError):
        raise Http404("未知的对象类型") from None
    if not hasattr(model_cls, "agency_field"):
        raise Http404("该对象没有历史记录视图")
    return get_scoped(model_cls, user, pk=pk)


def history_key(obj: Model) -> tuple[str, str]:
    """Return the ``(app_label, model)`` that names ``obj``'s type in a history address."""
    content_type = ContentType.objects.get_for_model(type(obj))
    return content_type.app_label, content_type.model
