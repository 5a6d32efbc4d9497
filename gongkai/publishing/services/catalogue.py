"""Writes of the catalogue: columns (栏目) and their Regulation art. 20 items."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.agencies import policy
from gongkai.auditlog.services import audit_record, field_changes, snapshot

from ..models import ART20_CODES, Column


def clean_art20_items(items) -> list[str]:
    """Return the art. 20 item codes sorted and unique; reject unknown codes."""
    items = [str(i) for i in (items or [])]
    bad = [i for i in items if i not in ART20_CODES]
    if bad:
        raise ValidationError({"art20_items": f"未知的第二十条事项编号：{'、'.join(bad)}"})
    return sorted(set(items), key=int)


def _check_parent(agency, parent: Column | None, column: Column | None = None) -> None:
    if parent is None:
        return
    if parent.agency_id != agency.pk:
        raise ValidationError({"parent": "上级栏目须为本机关的栏目"})
    node = parent
    while node is not None:
        if column is not None and node.pk == column.pk:
            raise ValidationError({"parent": "上级栏目不能是本栏目或其下级栏目"})
        node = node.parent


def _check_annual_report(column: Column) -> None:
    if column.is_annual_report:
        others = Column.objects.filter(agency=column.agency_id, is_annual_report=True).exclude(pk=column.pk)
        name = others.values_list("name", flat=True).first()
        if name is not None:
            raise ValidationError({"is_annual_report": f"本机关已有年度报告栏目“{name}”"})


COLUMN_FIELDS = ("name", "parent", "kind", "art20_items", "is_annual_report", "position", "is_active")


@transaction.atomic
def column_create(*, actor, agency, **fields: Any) -> Column:
    policy.check_actor(actor, "catalogue.edit", agency)
    fields["art20_items"] = clean_art20_items(fields.get("art20_items"))
    _check_parent(agency, fields.get("parent"))
    if Column.objects.filter(
        agency=agency, parent=fields.get("parent"), name=fields.get("name", "")
    ).exists():
        raise ValidationError({"name": "同一上级栏目下已有同名栏目"})
    column = Column(agency=agency, **fields)
    _check_annual_report(column)
    column.full_clean()
    column.save()
    audit_record(
        actor=actor, action="publishing.column.create", obj=column, changes={"name": [None, column.name]}
    )
    return column


@transaction.atomic
def column_update(*, actor, column: Column, **fields: Any) -> Column:
    column = Column.objects.select_for_update().select_related("agency").get(pk=column.pk)
    policy.check_actor(actor, "catalogue.edit", column.agency)
    if "art20_items" in fields:
        fields["art20_items"] = clean_art20_items(fields["art20_items"])
    if "parent" in fields:
        _check_parent(column.agency, fields["parent"], column)
    before = snapshot(
        column, ["name", "parent_id", "kind", "art20_items", "is_annual_report", "position", "is_active"]
    )
    for name, value in fields.items():
        setattr(column, name, value)
    if (
        Column.objects.filter(agency=column.agency_id, parent=column.parent_id, name=column.name)
        .exclude(pk=column.pk)
        .exists()
    ):
        raise ValidationError({"name": "同一上级栏目下已有同名栏目"})
    _check_annual_report(column)
    column.full_clean()
    column.save()
    audit_record(
        actor=actor,
        action="publishing.column.update",
        obj=column,
        changes=field_changes(before, snapshot(column, list(before))),
    )
    return column
