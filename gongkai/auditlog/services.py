"""Writing audit events. Every service that changes a record calls ``audit_record``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from gongkai.agencies.scoping import agency_of

from .chain import FIELDS, GENESIS, event_hash
from .models import AuditEvent

CHAIN_LOCK_KEY = 0x6A6B_6175_6469_7431 & 0x7FFF_FFFF_FFFF_FFFF  # "gkaudit1": the chain's advisory lock


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
    if agency is None and obj is not None:
        agency = agency_of(obj)
    real_actor = actor if getattr(actor, "is_authenticated", False) and getattr(actor, "pk", None) else None
    event = AuditEvent(
        at=timezone.now(),
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
    with transaction.atomic():
        _lock_chain()
        event.prev_hash = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
        event.hash = event_hash(event.prev_hash, chain_fields(event))
        event.save()
    return event


def audit_append_copied(events: list[AuditEvent]) -> list[AuditEvent]:
    """Append events copied from another platform's log, in their order, linked into this chain.

    Their original hashes link into the other platform's chain, which is not here; the import
    checks them first and records the cut in its own event (``gongkai.ops.transfer``). Each copy
    gets a new id and is hashed as this chain's next link, so ``gongkai auditlog verify`` covers
    it like any other event from now on.
    """
    with transaction.atomic():
        _lock_chain()
        prev = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS
        for event in events:
            event.pk = None
            event.prev_hash = prev
            event.hash = event_hash(prev, chain_fields(event))
            event.save()
            prev = event.hash
    return events


def chain_fields(event: AuditEvent) -> dict[str, Any]:
    """Return the hashed fields of an event as the chain sees them (JSON values as stored)."""
    return {name: getattr(event, name) for name in FIELDS}


def _lock_chain() -> None:
    """Serialise appends to the chain until the transaction ends.

    PostgreSQL: a transaction-level advisory lock, so concurrent writers take turns reading the
    last hash. SQLite: writers are already serialised (IMMEDIATE transactions, one writer).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def field_changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return ``{field: [old, new]}`` for the fields whose value differs."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Return the concrete field values of ``obj`` (foreign keys as their ids)."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: getattr(obj, name) for name in names}
