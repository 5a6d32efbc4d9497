"""Writes of the register of rules and normative documents (规范性文件登记), and the validity marks it sets."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.agencies import policy
from gongkai.auditlog.services import audit_record, field_changes, snapshot

from .. import signals
from ..models import Document, DocumentStatus, NormativeRecord, Validity


def _check_record_dates(issued_on, repealed_on, expired_on) -> None:
    errors = {}
    if repealed_on and issued_on and repealed_on < issued_on:
        errors["repealed_on"] = "废止日期不能早于制发日期"
    if expired_on and issued_on and expired_on < issued_on:
        errors["expired_on"] = "失效日期不能早于制发日期"
    if errors:
        raise ValidationError(errors)


def _mark_document(record: NormativeRecord, today: date) -> Document | None:
    """Bring the linked document's validity in step with the register as of ``today``."""
    document = record.document
    if document is None:
        return None
    if record.repealed_on and record.repealed_on <= today:
        validity, replaced_by = Validity.REPEALED, record.replaced_by
    elif record.expired_on and record.expired_on <= today:
        validity, replaced_by = Validity.EXPIRED, document.replaced_by
    else:
        validity, replaced_by = Validity.VALID, document.replaced_by
    if document.validity == validity and document.replaced_by_id == (replaced_by.pk if replaced_by else None):
        return None
    Document.objects.filter(pk=document.pk).update(validity=validity, replaced_by=replaced_by)
    document.validity, document.replaced_by = validity, replaced_by
    if document.status == DocumentStatus.PUBLISHED:
        # Re-index: the published original now carries its new mark (国办发〔2017〕47号).
        signals.send_on_commit(signals.document_corrected, document, version=None)
    return document


RECORD_FIELDS = (
    "kind",
    "document",
    "title",
    "document_number",
    "issued_on",
    "repealed_on",
    "replaced_by",
    "expired_on",
    "note",
)


def _check_record_links(agency, fields) -> None:
    for name in ("document", "replaced_by"):
        doc = fields.get(name)
        if doc is not None and doc.agency_id != agency.pk:
            raise ValidationError({name: "只能关联本机关的文件"})
    if fields.get("document") is not None and fields.get("replaced_by") is not None:
        if fields["document"].pk == fields["replaced_by"].pk:
            raise ValidationError({"replaced_by": "不能由自身替代"})


@transaction.atomic
def normative_register(*, actor, agency, today: date | None = None, **fields: Any) -> NormativeRecord:
    """Register a rule or normative document; its linked document is marked as the register says."""
    policy.check_actor(actor, "catalogue.edit", agency)
    _check_record_links(agency, fields)
    _check_record_dates(fields.get("issued_on"), fields.get("repealed_on"), fields.get("expired_on"))
    document = fields.get("document")
    if document is not None:
        fields.setdefault("title", document.title)
        if not fields.get("title"):
            fields["title"] = document.title
        if not fields.get("document_number"):
            fields["document_number"] = document.document_number
    record = NormativeRecord(agency=agency, created_by=actor, **fields)
    record.full_clean(exclude=["created_by"])
    record.save()
    _mark_document(record, today or timezone.localdate())
    audit_record(
        actor=actor,
        action="publishing.normative.register",
        obj=record,
        changes={"title": [None, record.title], "issued_on": [None, record.issued_on]},
    )
    return record


@transaction.atomic
def normative_update(
    *, actor, record: NormativeRecord, today: date | None = None, **fields: Any
) -> NormativeRecord:
    """Change a register entry (record a repeal, an expiry, the replacing document)."""
    record = (
        NormativeRecord.objects.select_for_update(of=("self",))
        .select_related("document", "replaced_by", "agency")
        .get(pk=record.pk)
    )
    policy.check_actor(actor, "catalogue.edit", record.agency)
    merged = {name: getattr(record, name) for name in RECORD_FIELDS} | fields
    _check_record_links(record.agency, merged)
    _check_record_dates(merged.get("issued_on"), merged.get("repealed_on"), merged.get("expired_on"))
    names = [f if f not in ("document", "replaced_by") else f + "_id" for f in RECORD_FIELDS]
    before = snapshot(record, names)
    old_document = record.document
    for name, value in fields.items():
        setattr(record, name, value)
    record.full_clean(exclude=["created_by"])
    record.save()
    if old_document is not None and old_document.pk != record.document_id:
        Document.objects.filter(pk=old_document.pk).update(validity=Validity.VALID, replaced_by=None)
    _mark_document(record, today or timezone.localdate())
    audit_record(
        actor=actor,
        action="publishing.normative.update",
        obj=record,
        changes=field_changes(before, snapshot(record, names)),
    )
    return record


def sync_validity(*, today: date) -> int:
    """Mark documents whose register repeal or expiry date has come (run daily by ``publishing tick``)."""
    changed = 0
    due = NormativeRecord.objects.filter(document__isnull=False).filter(
        Q(
            repealed_on__lte=today,
            document__validity__in=[Validity.VALID, Validity.EXPIRED, Validity.NOT_APPLICABLE],
        )
        | Q(
            repealed_on__isnull=True,
            expired_on__lte=today,
            document__validity__in=[Validity.VALID, Validity.NOT_APPLICABLE],
        )
    )
    for record in due.select_related("document", "replaced_by"):
        with transaction.atomic():
            before = record.document.validity
            document = _mark_document(record, today)
            if document is not None:
                changed += 1
                audit_record(
                    actor="系统（定时任务）",
                    action="publishing.document.validity",
                    obj=document,
                    changes={"validity": [before, document.validity]},
                    note="依规范性文件登记的废止/失效日期自动标注",
                )
    return changed
