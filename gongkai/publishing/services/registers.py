"""Writes of the catalogue and the registers: columns, normative register, figures, new media, disclosure list."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.auditlog.services import audit_record, field_changes, snapshot

from .. import signals
from ..models import (
    ART20_CODES,
    Column,
    DisclosureItem,
    Document,
    DocumentStatus,
    FiguresSource,
    MediaAccount,
    MediaYear,
    NormativeRecord,
    Validity,
    YearlyFigures,
)

# --------------------------------------------------------------------------------------------
# Columns


def _clean_art20(items) -> list[str]:
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
    fields["art20_items"] = _clean_art20(fields.get("art20_items"))
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
    column = Column.objects.select_for_update().get(pk=column.pk)
    if "art20_items" in fields:
        fields["art20_items"] = _clean_art20(fields["art20_items"])
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


# --------------------------------------------------------------------------------------------
# The register of rules and normative documents


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
        .select_related("document", "replaced_by")
        .get(pk=record.pk)
    )
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


# --------------------------------------------------------------------------------------------
# Yearly administrative figures


FIGURE_FIELDS = ("licensing", "penalty", "coercion", "fees_10k_yuan")
CSV_COLUMNS = ("year", "licensing", "penalty", "coercion", "fees_10k_yuan")
FEES_PLACES = 4
MAX_COUNT = 100_000_000


@dataclass(frozen=True)
class FiguresRow:
    line: int
    year: int
    licensing: int
    penalty: int
    coercion: int
    fees_10k_yuan: Decimal


def parse_count(value: str, label: str) -> int:
    text = (value or "").strip().replace(",", "")
    if not text.isdigit():
        raise ValueError(f"{label}应为非负整数，实际为“{value}”")
    number = int(text)
    if number > MAX_COUNT:
        raise ValueError(f"{label}数值过大：{value}")
    return number


def parse_fees(value: str) -> Decimal:
    """Parse an amount in 万元 (a decimal with at most four places; 3881.372 is typical)."""
    text = (value or "").strip().replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"收费金额应为数字（单位：万元），实际为“{value}”") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"收费金额应为非负数，实际为“{value}”")
    if -amount.as_tuple().exponent > FEES_PLACES:
        raise ValueError(f"收费金额最多保留{FEES_PLACES}位小数，实际为“{value}”")
    if amount >= Decimal(10) ** 12:
        raise ValueError(f"收费金额过大：{value}")
    return amount


def parse_year(value: str, today: date | None = None) -> int:
    text = (value or "").strip()
    this_year = (today or timezone.localdate()).year
    if not (text.isdigit() and 2000 <= int(text) <= this_year):
        raise ValueError(f"年度应为2000至{this_year}之间的四位数字，实际为“{value}”")
    return int(text)


def parse_figures_csv(text: str, *, today: date | None = None) -> list[FiguresRow]:
    """Read ``year,licensing,penalty,coercion,fees_10k_yuan``; raise ValidationError naming every bad line."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    errors: list[str] = []
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ValidationError("文件为空") from None
    except csv.Error as exc:
        raise ValidationError(f"第1行：无法解析 CSV（{exc}）") from None
    if tuple(header) != CSV_COLUMNS:
        raise ValidationError(f"第1行：表头应为 {','.join(CSV_COLUMNS)}，实际为 {','.join(header)}")
    rows: list[FiguresRow] = []
    seen: dict[int, int] = {}
    line = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(f"第{reader.line_num}行：无法解析（{exc}）")
            break
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(CSV_COLUMNS):
            errors.append(f"第{line}行：应有{len(CSV_COLUMNS)}列，实际为{len(fields)}列")
            continue
        try:
            year = parse_year(fields[0], today)
            row = FiguresRow(
                line=line,
                year=year,
                licensing=parse_count(fields[1], "行政许可处理决定数"),
                penalty=parse_count(fields[2], "行政处罚决定数"),
                coercion=parse_count(fields[3], "行政强制决定数"),
                fees_10k_yuan=parse_fees(fields[4]),
            )
        except ValueError as exc:
            errors.append(f"第{line}行：{exc}")
            continue
        if year in seen:
            errors.append(f"第{line}行：{year}年与第{seen[year]}行重复")
            continue
        seen[year] = line
        rows.append(row)
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError("文件中没有数据行")
    return rows


def _save_figures(*, actor, agency, year: int, values: dict[str, Any], source: str) -> YearlyFigures:
    figures = YearlyFigures.objects.select_for_update().filter(agency=agency, year=year).first()
    before = snapshot(figures, list(FIGURE_FIELDS)) if figures else dict.fromkeys(FIGURE_FIELDS)
    if figures is None:
        figures = YearlyFigures(agency=agency, year=year)
    for name in FIGURE_FIELDS:
        setattr(figures, name, values[name])
    figures.source = source
    figures.entered_by = actor
    figures.entered_at = timezone.now()
    figures.full_clean(exclude=["entered_by"])
    figures.save()
    changes = field_changes(before, snapshot(figures, list(FIGURE_FIELDS)))
    if changes or before["licensing"] is None:
        audit_record(
            actor=actor,
            action="publishing.figures.save",
            obj=figures,
            changes=changes,
            note=f"来源：{FiguresSource(source).label}",
        )
    return figures


@transaction.atomic
def figures_save(*, actor, agency, year: int, **values: Any) -> YearlyFigures:
    """Save one year's figures entered by hand (replacing the year's earlier entry)."""
    return _save_figures(actor=actor, agency=agency, year=year, values=values, source=FiguresSource.FORM)


@transaction.atomic
def figures_import_csv(*, actor, agency, text: str, today: date | None = None) -> list[YearlyFigures]:
    """Import figures from CSV: every line is validated first; one bad line and nothing is saved."""
    rows = parse_figures_csv(text, today=today)
    return [
        _save_figures(
            actor=actor,
            agency=agency,
            year=row.year,
            values={name: getattr(row, name) for name in FIGURE_FIELDS},
            source=FiguresSource.CSV,
        )
        for row in rows
    ]


# --------------------------------------------------------------------------------------------
# New media


@transaction.atomic
def media_account_save(*, actor, agency, account: MediaAccount | None = None, **fields: Any) -> MediaAccount:
    creating = account is None
    if creating:
        account = MediaAccount(agency=agency)
        before = {}
    else:
        account = MediaAccount.objects.select_for_update().get(pk=account.pk)
        before = snapshot(account, ["platform", "platform_name", "name", "is_active"])
    for name, value in fields.items():
        setattr(account, name, value)
    duplicate = MediaAccount.objects.filter(
        agency=account.agency_id, platform=account.platform, name=account.name
    )
    if duplicate.exclude(pk=account.pk).exists():
        raise ValidationError({"name": "本机关已登记该平台的同名账号"})
    account.full_clean()
    account.save()
    audit_record(
        actor=actor,
        action="publishing.media.create" if creating else "publishing.media.update",
        obj=account,
        changes=field_changes(before, snapshot(account, ["platform", "platform_name", "name", "is_active"])),
    )
    return account


@transaction.atomic
def media_year_save(
    *, actor, account: MediaAccount, year: int, posts: int, followers_start: int, followers_end: int
) -> MediaYear:
    """Record (or replace) one year of a new-media account."""
    entry = MediaYear.objects.select_for_update().filter(account=account, year=year).first()
    fields = ["posts", "followers_start", "followers_end"]
    before = snapshot(entry, fields) if entry else {}
    if entry is None:
        entry = MediaYear(account=account, year=year)
    entry.posts, entry.followers_start, entry.followers_end = posts, followers_start, followers_end
    entry.entered_by, entry.entered_at = actor, timezone.now()
    entry.full_clean(exclude=["entered_by"])
    entry.save()
    audit_record(
        actor=actor,
        action="publishing.media.year",
        obj=entry,
        changes=field_changes(before, snapshot(entry, fields)),
    )
    return entry


# --------------------------------------------------------------------------------------------
# The full disclosure list


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
    if "art20_items" in fields:
        fields["art20_items"] = _clean_art20(fields["art20_items"])
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
