"""Writes of documents: drafts, attachments, index numbers and the art. 26 publication deadline."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q

from gongkai.agencies import policy
from gongkai.auditlog.services import audit_record, field_changes, snapshot
from gongkai.core import filetypes
from gongkai.core.bounded import LimitExceeded, run_bounded
from gongkai.core.workdays import Calendar
from gongkai.workdays.deadlines import record_deadline_change

from ..deadlines import calendar_or_default, elapsed_workdays, publish_due_for
from ..extract import Extracted, extract_text
from ..models import (
    Attachment,
    Column,
    Document,
    DocumentKind,
    DocumentStatus,
    IndexCounter,
    Validity,
)
from ..richtext import clean_html
from ..workflow import EDITABLE_STATES, OPEN_STATES

DOCUMENT_FIELDS = (
    "kind",
    "title",
    "summary",
    "body",
    "document_number",
    "issuing_body",
    "written_on",
    "topic",
    "validity",
    "formed_on",
    "publish_at",
    "interprets",
    "replaced_by",
)


def _set_due(document: Document, calendar: Calendar | None = None) -> None:
    document.publish_due, document.publish_due_provisional = publish_due_for(
        document.formed_on, calendar=calendar
    )


def _validate_columns(agency, columns) -> list[Column]:
    columns = list(columns or [])
    foreign = [c for c in columns if c.agency_id != agency.pk]
    if foreign:
        raise ValidationError({"columns": "只能选择本机关的栏目"})
    return columns


def _validate_links(agency, fields: dict[str, Any], document: Document | None = None) -> None:
    errors = {}
    interprets = fields.get("interprets")
    if interprets is not None:
        if interprets.agency_id != agency.pk:
            errors["interprets"] = "只能解读本机关的文件"
        elif document is not None and interprets.pk == document.pk:
            errors["interprets"] = "不能解读自身"
    replaced_by = fields.get("replaced_by")
    if replaced_by is not None:
        if replaced_by.agency_id != agency.pk:
            errors["replaced_by"] = "替代文件须为本机关的文件"
        elif document is not None and replaced_by.pk == document.pk:
            errors["replaced_by"] = "不能由自身替代"
    if fields.get("kind") == DocumentKind.INTERPRETATION and interprets is None:
        errors["interprets"] = "政策解读须关联所解读的文件"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def document_create(
    *, actor, agency, columns=(), calendar: Calendar | None = None, **fields: Any
) -> Document:
    """Create a draft. The body is sanitised; the art. 26 deadline is computed from ``formed_on``."""
    policy.check_actor(actor, "document.draft", agency)
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown document fields: {sorted(unknown)}")
    if not fields.get("formed_on"):
        raise ValidationError({"formed_on": "请填写信息形成（变更）日期"})
    _validate_links(agency, fields)
    columns = _validate_columns(agency, columns)
    fields["body"] = clean_html(fields.get("body", ""))
    if not fields.get("issuing_body"):
        fields["issuing_body"] = agency.name
    if fields.get("kind") in (DocumentKind.NORMATIVE, DocumentKind.RULE) and not fields.get("validity"):
        fields["validity"] = Validity.VALID
    document = Document(agency=agency, created_by=actor, status=DocumentStatus.DRAFT, **fields)
    _set_due(document, calendar)
    document.full_clean(exclude=["columns", "created_by"])
    document.save()
    document.columns.set(columns)
    audit_record(
        actor=actor,
        action="publishing.document.create",
        obj=document,
        changes={"title": [None, document.title], "columns": [None, [c.name for c in columns]]},
    )
    return document


@transaction.atomic
def document_update(
    *, actor, document: Document, columns=None, calendar: Calendar | None = None, **fields: Any
) -> Document:
    """Change a draft (only drafts are editable; a published document is changed by correction)."""
    document = Document.objects.select_for_update().select_related("agency").get(pk=document.pk)
    policy.check_actor(actor, "document.draft", document.agency)
    if document.status not in EDITABLE_STATES:
        raise ValidationError("只有草稿可以修改；已发布的信息请使用“更正”")
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown document fields: {sorted(unknown)}")
    merged = {name: getattr(document, name) for name in DOCUMENT_FIELDS} | fields
    _validate_links(document.agency, merged, document)
    before = snapshot(document, [*DOCUMENT_FIELDS[:-2], "interprets_id", "replaced_by_id"])
    if "body" in fields:
        fields["body"] = clean_html(fields["body"])
    for name, value in fields.items():
        setattr(document, name, value)
    if "formed_on" in fields:
        _set_due(document, calendar)
    document.full_clean(exclude=["columns", "created_by"])
    document.save()
    changes = field_changes(before, snapshot(document, list(before)))
    if columns is not None:
        columns = _validate_columns(document.agency, columns)
        old = sorted(document.columns.values_list("name", flat=True))
        document.columns.set(columns)
        new = sorted(c.name for c in columns)
        if old != new:
            changes["columns"] = [old, new]
    audit_record(actor=actor, action="publishing.document.update", obj=document, changes=changes)
    return document


MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
# Typed by content: office documents, PDF, images and plain text (core/filetypes.py).
ATTACHMENT_KINDS = filetypes.ALL_KINDS


@transaction.atomic
def attachment_add(*, actor, document: Document, upload) -> Attachment:
    """Attach a file to a draft and extract its text (PDF, DOCX, plain text) for search and checks."""
    document = Document.objects.select_for_update().select_related("agency").get(pk=document.pk)
    policy.check_actor(actor, "document.draft", document.agency)
    if document.status not in EDITABLE_STATES:
        raise ValidationError("只有草稿可以增加附件")
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError("附件不能超过 50 MB")
    data = upload.read()
    upload.seek(0)
    name = (getattr(upload, "name", "") or "附件").rsplit("/", 1)[-1][:200]
    try:
        sniffed = filetypes.sniff_bytes(data, name, allowed=ATTACHMENT_KINDS)
    except filetypes.FileRejected as exc:
        raise ValidationError(str(exc)) from None
    try:  # in a capped worker process: the web process never holds the parse's memory
        extracted = run_bounded(extract_text, name, data)
    except LimitExceeded as exc:
        extracted = Extracted("", f"附件文本提取失败（{exc}），请人工检查其中的个人信息")
    attachment = Attachment(
        document=document,
        name=name,
        content_type=sniffed.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=extracted.text,
        extraction_error=extracted.problem[:300],
        uploaded_by=actor,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    audit_record(
        actor=actor,
        action="publishing.attachment.add",
        obj=document,
        changes={"attachment": [None, name]},
        note=extracted.problem,
    )
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: Attachment) -> None:
    """Remove an attachment from a draft (the file is deleted after commit)."""
    document = Document.objects.select_for_update().select_related("agency").get(pk=attachment.document_id)
    policy.check_actor(actor, "document.draft", document.agency)
    if document.status not in EDITABLE_STATES:
        raise ValidationError("只有草稿可以删除附件")
    name, storage, path = attachment.name, attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(path) if path else None)
    audit_record(
        actor=actor, action="publishing.attachment.remove", obj=document, changes={"attachment": [name, None]}
    )


# --------------------------------------------------------------------------------------------
# Index numbers (RULES.md §2)

MAX_SERIAL = 99999


def format_index_number(credit_code: str, year: int, serial: int) -> str:
    """Return ``<credit code>/<4-digit year>-<5-digit serial>``, e.g. ``11410300MB1234567X/2023-00015``."""
    return f"{credit_code}/{year:04d}-{serial:05d}"


def next_index_number(*, agency, year: int) -> str:
    """Take the next serial of ``agency`` in ``year``; never hands out the same serial twice.

    The per-agency-per-year counter row is locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite
    runs write transactions one at a time, ``IMMEDIATE``) and incremented with an atomic UPDATE,
    so concurrent publications queue on the row instead of colliding. Serials are only ever
    incremented, so a withdrawn document's number is never reused. Call inside a transaction.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_index_number must run inside a transaction")
    counter, _ = IndexCounter.objects.get_or_create(agency=agency, year=year)
    counter = IndexCounter.objects.select_for_update().get(pk=counter.pk)
    IndexCounter.objects.filter(pk=counter.pk).update(last_serial=F("last_serial") + 1)
    serial = IndexCounter.objects.values_list("last_serial", flat=True).get(pk=counter.pk)
    if serial > MAX_SERIAL:
        raise ValidationError(f"{year}年索引号流水号已用尽（最多{MAX_SERIAL}）")
    return format_index_number(agency.credit_code, year, serial)


# --------------------------------------------------------------------------------------------
# Recomputing deadlines when the calendar changes (RULES.md §1 OUR RULE)


def recompute_publish_deadlines(*, actor, reason: str) -> int:
    """Recompute ``publish_due`` of unpublished documents and of any whose deadline was provisional.

    For a published document whose deadline was provisional the elapsed working days are
    recomputed too, so that "late" follows the loaded calendar.
    """
    calendar = calendar_or_default(None)
    changed = 0
    candidates = Document.objects.filter(Q(status__in=OPEN_STATES) | Q(publish_due_provisional=True)).only(
        "id",
        "agency_id",
        "title",
        "formed_on",
        "publish_due",
        "publish_due_provisional",
        "published_at",
        "publish_elapsed_workdays",
    )
    for document in candidates.iterator(chunk_size=500):
        due, provisional = publish_due_for(document.formed_on, calendar=calendar)
        elapsed = (
            elapsed_workdays(document.formed_on, document.published_at, calendar=calendar)
            if document.published_at
            else document.publish_elapsed_workdays
        )
        if (
            due != document.publish_due
            or provisional != document.publish_due_provisional
            or elapsed != document.publish_elapsed_workdays
        ):
            old = document.publish_due
            Document.objects.filter(pk=document.pk).update(
                publish_due=due, publish_due_provisional=provisional, publish_elapsed_workdays=elapsed
            )
            extra = {"publish_due_provisional": [document.publish_due_provisional, provisional]}
            if elapsed != document.publish_elapsed_workdays:
                extra["publish_elapsed_workdays"] = [document.publish_elapsed_workdays, elapsed]
            record_deadline_change(
                actor=actor,
                obj=document,
                field="publish_due",
                old=old,
                new=due,
                reason=reason,
                extra_changes=extra,
            )
            changed += 1
    return changed
