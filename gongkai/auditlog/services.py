"""Writing audit events. Every service that changes a record calls ``audit_record``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEvent


def _plain(value: Any) -> Any:
    """Turn a field value into something JSON keeps and a person can read."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    agency=None,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    """Append one event. ``changes`` maps a field to ``[old, new]``.

    The owning agency is taken from ``obj`` (its ``agency_field``) unless given, so that the
    event is visible exactly to those who may see the object.
    """
    from gongkai.agencies.scoping import agency_of

    if agency is None and obj is not None:
        agency = agency_of(obj)
    real_actor = actor if getattr(actor, "is_authenticated", False) and getattr(actor, "pk", None) else None
    return AuditEvent.objects.create(
        actor=real_actor,
        actor_name=(real_actor.display_name if real_actor else (str(actor) if actor else "系统"))[:150],
        action=action,
        content_type=ContentType.objects.get_for_model(type(obj)) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        agency=agency,
        changes={k: [_plain(v[0]), _plain(v[1])] for k, v in (changes or {}).items()},
        note=note,
    )


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return ``{field: [old, new]}`` for the fields whose value differs."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Return the concrete field values of ``obj`` (foreign keys as their ids)."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: getattr(obj, name) for name in names}
