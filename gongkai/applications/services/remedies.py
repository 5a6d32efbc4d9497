"""Reconsideration and litigation cases (行政复议、行政诉讼) linked to applications (RULES.md §5)."""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from gongkai.auditlog.services import audit_record, field_changes, snapshot
from gongkai.core.remedies import direct_litigation_unusual

from .. import choices as ch
from ..models import Application, RemedyCase, RemedyDocument
from ..uploads import UploadRejected, sniff_bytes
from ._base import check_day, require_handler

_FIELDS = ("kind", "filed_on", "body", "case_number", "outcome", "concluded_on", "notes")
FLAG_NOTE = "需关注：该答复作出于2024年1月1日以后且属于不予公开，依法应先申请行政复议，申请人未经复议直接起诉"


def skipped_reconsideration(application: Application, kind: str) -> bool:
    """Return whether a direct lawsuit skipped the reconsideration the law requires (RULES.md §5)."""
    return kind == "litigation_direct" and direct_litigation_unusual(
        application.outcome, application.decided_on
    )


def _validate(application: Application, values: dict[str, Any]) -> None:
    if values["kind"] not in dict(ch.REMEDY_KIND_CHOICES):
        raise ValidationError({"kind": "请选择案件类型"})
    if values["outcome"] not in dict(ch.REMEDY_OUTCOME_CHOICES):
        raise ValidationError({"outcome": "请选择结果"})
    if not (values.get("body") or "").strip():
        raise ValidationError({"body": "请填写复议机关或法院"})
    check_day(values["filed_on"], "立案日期")
    if values["outcome"] == ch.REMEDY_PENDING:
        if values.get("concluded_on"):
            raise ValidationError({"concluded_on": "尚未审结的案件不填写审结日期"})
    else:
        check_day(
            values.get("concluded_on"), "审结日期", not_before=values["filed_on"], before_label="立案日期"
        )


def remedy_case_create(
    *,
    application: Application,
    kind: str,
    filed_on: date,
    body: str,
    actor: Any,
    case_number: str = "",
    outcome: str = ch.REMEDY_PENDING,
    concluded_on: date | None = None,
    notes: str = "",
) -> RemedyCase:
    values = {
        "kind": kind,
        "filed_on": filed_on,
        "body": body.strip(),
        "case_number": case_number.strip(),
        "outcome": outcome,
        "concluded_on": concluded_on,
        "notes": notes.strip(),
    }
    with transaction.atomic():
        require_handler(actor, application.agency_id)
        _validate(application, values)
        flagged = skipped_reconsideration(application, kind)
        case = RemedyCase.objects.create(application=application, created_by=actor, flagged=flagged, **values)
        audit_record(
            actor=actor,
            action="remedy.create",
            obj=case,
            changes={k: [None, v] for k, v in values.items() if v not in ("", None)},
            note=f"申请 {application.tracking_number}" + (f"；{FLAG_NOTE}" if flagged else ""),
        )
        return case


def remedy_case_update(*, case: RemedyCase, actor: Any, **values: Any) -> RemedyCase:
    with transaction.atomic():
        case = RemedyCase.objects.select_for_update().select_related("application").get(pk=case.pk)
        require_handler(actor, case.application.agency_id)
        before = snapshot(case, list(_FIELDS))
        merged = before | {
            k: (v.strip() if isinstance(v, str) else v) for k, v in values.items() if k in _FIELDS
        }
        _validate(case.application, merged)
        for name, value in merged.items():
            setattr(case, name, value)
        case.flagged = skipped_reconsideration(case.application, case.kind)
        case.save()
        changes = field_changes(before, merged)
        audit_record(actor=actor, action="remedy.update", obj=case, changes=changes)
        return case


def remedy_case_delete(*, case: RemedyCase, actor: Any) -> None:
    with transaction.atomic():
        case = RemedyCase.objects.select_for_update().select_related("application").get(pk=case.pk)
        require_handler(actor, case.application.agency_id)
        audit_record(
            actor=actor,
            action="remedy.delete",
            obj=case,
            agency=case.application.agency,
            changes={k: [v, None] for k, v in snapshot(case, list(_FIELDS)).items()},
        )
        files = [d.file for d in case.documents.all()]
        case.delete()
        transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])


def remedy_document_add(
    *, case: RemedyCase, title: str, name: str, data: bytes, actor: Any
) -> RemedyDocument:
    with transaction.atomic():
        require_handler(actor, case.application.agency_id)
        if not title.strip():
            raise ValidationError({"title": "请填写文书名称"})
        try:
            sniffed = sniff_bytes(data, name)
        except UploadRejected as exc:
            raise ValidationError({"file": str(exc)}) from None
        document = RemedyDocument(
            case=case,
            title=title.strip(),
            original_name=name[:200],
            kind=sniffed.kind,
            size=sniffed.size,
            uploaded_by=actor,
        )
        document.file.save(f"{secrets.token_hex(8)}.{sniffed.kind}", ContentFile(data), save=False)
        document.save()
        audit_record(
            actor=actor, action="remedy.document_add", obj=case, changes={"document": [None, document.title]}
        )
        return document


def remedy_document_delete(*, document: RemedyDocument, actor: Any) -> None:
    with transaction.atomic():
        case = document.case
        require_handler(actor, case.application.agency_id)
        audit_record(
            actor=actor,
            action="remedy.document_delete",
            obj=case,
            changes={"document": [document.title, None]},
        )
        stored = document.file
        document.delete()
        transaction.on_commit(lambda: stored.storage.delete(stored.name))
