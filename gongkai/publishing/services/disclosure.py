"""Writes of the full disclosure list (政务公开全清单): what an agency must publish, and where."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.agencies import policy
from gongkai.auditlog.services import audit_record, field_changes, snapshot

from ..models import DisclosureItem
from .catalogue import clean_art20_items

ITEM_FIELDS = (
    "name",
    "legal_basis",
    "content",
    "department",
    "time_limit",
    "time_limit_workdays",
    "channel",
    "art20_items",
    "position",
)


@transaction.atomic
def disclosure_item_save(
    *, actor, agency, item: DisclosureItem | None = None, columns=None, **fields: Any
) -> DisclosureItem:
    """Create or change an item of the full disclosure list, with the columns where it is published."""
    policy.check_actor(actor, "catalogue.edit", agency if item is None else item.agency)
    if item is not None and item.agency_id != agency.pk:
        raise ValidationError("事项不属于该机关")
    if "art20_items" in fields:
        fields["art20_items"] = clean_art20_items(fields["art20_items"])
    creating = item is None
    if creating:
        item = DisclosureItem(agency=agency)
        before: dict = {}
    else:
        item = DisclosureItem.objects.select_for_update().get(pk=item.pk)
        before = snapshot(item, list(ITEM_FIELDS))
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    changes = field_changes(before, snapshot(item, list(ITEM_FIELDS)))
    if columns is not None:
        columns = list(columns)
        if any(c.agency_id != item.agency_id for c in columns):
            raise ValidationError({"columns": "只能选择本机关的栏目"})
        old = sorted(item.columns.values_list("name", flat=True)) if not creating else []
        item.columns.set(columns)
        new = sorted(c.name for c in columns)
        if old != new:
            changes["columns"] = [old, new]
    audit_record(
        actor=actor,
        action="publishing.disclosure.create" if creating else "publishing.disclosure.update",
        obj=item,
        changes=changes,
    )
    return item
