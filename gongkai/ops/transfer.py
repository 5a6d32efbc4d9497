"""Move an agency between platforms: all its records, files and audit log as JSON + files in a ZIP.

``export_agency`` writes ``records.json`` (Django's JSON serialisation, primary keys kept, in
dependency order), ``files/<storage name>`` for every stored file, and ``manifest.json``.
``import_agency`` restores it into an empty database in one transaction, then rebuilds the search
index (derived data, not exported).

The agency's audit events are a part of the source's hash chain (other agencies' events lie
between them), so they cannot keep their links. ``audit.json`` carries what the import needs to
check them against their original hashes (each event's exact time, its source content type and
links, the source chain's head at export); the import refuses an archive whose events do not
match, appends the copies to the target's chain as new links, and records the cut in one chained
event ``auditlog.import`` (how many, the source ids and head, the digest of the original hashes,
the new ids). ``gongkai auditlog verify`` then passes on the target and still finds any later
change (decision 0010). Staff of other agencies that the records name (a supervisor
who commented, say) come along as inactive accounts without a password or roles, so that every
reference still resolves and no one gains access.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from gongkai.agencies.models import Agency, RoleGrant, User
from gongkai.auditlog.chain import event_hash, hashed_time, parse_hashed_time
from gongkai.auditlog.models import AuditEvent
from gongkai.auditlog.services import audit_append_copied, audit_record, chain_fields
from gongkai.search import backends

FORMAT = "gongkai-agency-export"
VERSION = 2  # 2: audit.json, the audit events' original links
# Derived or transient: rebuilt (search) or meaningless elsewhere (jobs).
SKIPPED_APPS = {"search", "jobs"}


class TransferError(Exception):
    """A clear, Chinese reason why an export or an import cannot go ahead."""


@dataclass(frozen=True)
class TransferSummary:
    agency: str
    records: int
    files: int


def _agency_models() -> list[type[models.Model]]:
    """The project's models that belong to an agency, parents before children."""
    found = [
        m
        for m in apps.get_models()
        if m.__module__.startswith("gongkai.")
        and getattr(m, "agency_field", None)
        and m._meta.app_label not in SKIPPED_APPS
        and m not in (Agency, User)
    ]
    ordered = serializers.sort_dependencies([(None, found)], allow_cycles=True)
    return [Agency, User, *[m for m in ordered if m in found]]


def _records(agency) -> Iterator[models.Model]:
    objects: list[models.Model] = []
    for model in _agency_models()[2:]:
        field = model.agency_field
        objects.extend(model._default_manager.filter(**{field: agency}).order_by("pk"))
    # Links into the skipped apps (a letter's PDF job, a batch's job) would point nowhere: drop them.
    for obj in objects:
        for f in obj._meta.concrete_fields:
            if f.is_relation and f.null and f.related_model._meta.app_label in SKIPPED_APPS:
                setattr(obj, f.attname, None)
    # Users: the agency's own staff, and anyone else the records name (made inactive on import).
    user_ids = set(User.objects.filter(agency=agency).values_list("pk", flat=True))
    for obj in objects:
        for f in obj._meta.concrete_fields:
            if f.is_relation and f.related_model is User and getattr(obj, f.attname):
                user_ids.add(getattr(obj, f.attname))
    yield Agency.objects.get(pk=agency.pk)
    yield from User.objects.filter(pk__in=user_ids).order_by("pk")
    yield from objects


def _files(obj: models.Model) -> list[str]:
    return [
        getattr(obj, f.attname).name
        for f in obj._meta.concrete_fields
        if isinstance(f, models.FileField) and getattr(obj, f.attname)
    ]


def _digest(hashes: list[str]) -> str:
    """Return one hash of the exported events' original hashes, in order (to compare with the source)."""
    return hashlib.sha256("\n".join(hashes).encode()).hexdigest()


def _audit_section(records: list[models.Model]) -> dict:
    """Return what the import needs to check the audit events against their original hashes."""
    events = sorted((obj for obj in records if isinstance(obj, AuditEvent)), key=lambda e: e.pk)
    head = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or ""
    return {
        "source_head": head,
        "digest": _digest([e.hash for e in events]),
        "events": [
            {
                "id": e.pk,
                "prev_hash": e.prev_hash,
                "hash": e.hash,
                "at": hashed_time(e.at),
                "content_type_id": e.content_type_id,
            }
            for e in events
        ],
    }


def export_agency(agency, out: Path) -> TransferSummary:
    """Write ``agency``'s records and files to the ZIP file ``out``."""
    records = list(_records(agency))
    audit = _audit_section(records)
    data = serializers.serialize("json", records, use_natural_foreign_keys=True, indent=1)
    files = sorted({name for obj in records for name in _files(obj)})
    missing = [name for name in files if not default_storage.exists(name)]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "manifest.json",
            json.dumps(
                {
                    "format": FORMAT,
                    "version": VERSION,
                    "agency": {"pk": agency.pk, "name": agency.name, "credit_code": agency.credit_code},
                    "exported_at": timezone.now().isoformat(),
                    "records": len(records),
                    "files": len(files) - len(missing),
                    "missing_files": missing,
                },
                ensure_ascii=False,
                indent=1,
            ),
        )
        archive.writestr("records.json", data)
        archive.writestr("audit.json", json.dumps(audit, ensure_ascii=False, indent=1))
        for name in files:
            if name in missing:
                continue
            with default_storage.open(name, "rb") as fh:
                archive.writestr(f"files/{name}", fh.read())
    return TransferSummary(agency.name, len(records), len(files) - len(missing))


def import_agency(source: Path) -> TransferSummary:
    """Restore an export into an empty database (no agency yet); all or nothing."""
    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as exc:
        raise TransferError(f"无法读取导出文件：{exc}") from None
    with archive:
        try:
            manifest = json.loads(archive.read("manifest.json"))
            payload = archive.read("records.json")
            audit = json.loads(archive.read("audit.json"))
        except (KeyError, ValueError):
            raise TransferError(
                "不是 Gongkai 机关导出文件（缺少 manifest.json、records.json 或 audit.json）"
            ) from None
        if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
            raise TransferError(f"不支持的导出格式：{manifest.get('format')} {manifest.get('version')}")
        if Agency.objects.exists():
            raise TransferError("只能导入到空数据库：当前数据库已有机关记录")
        agency_pk = manifest["agency"]["pk"]
        objects = []
        copied: list[AuditEvent] = []
        touched: set[type[models.Model]] = set()
        with transaction.atomic():
            # Deserialise as we save: references by natural key (users) resolve to what is saved.
            for item in serializers.deserialize("json", payload, handle_forward_references=True):
                objects.append(item)
                obj = item.object
                if isinstance(obj, AuditEvent):  # appended to this chain below, once checked
                    copied.append(obj)
                    continue
                if isinstance(obj, Agency):
                    obj.parent_id = None  # its place in the old tree does not exist here
                    obj.path = f"/{obj.pk}/"
                if isinstance(obj, User) and obj.agency_id != agency_pk:
                    obj.agency_id = None
                    obj.is_active = False
                    obj.set_unusable_password()
                item.save()
                touched.add(type(obj))
            for item in objects:
                if item.deferred_fields:
                    item.save_deferred_fields()
            RoleGrant.objects.filter(user__agency__isnull=True).delete()
            _import_audit(copied, audit, Agency.objects.get(pk=agency_pk))
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), list(touched)):
                    cursor.execute(statement)
            files = [n for n in archive.namelist() if n.startswith("files/") and not n.endswith("/")]
            for name in files:
                target = name.removeprefix("files/")
                if default_storage.exists(target):
                    default_storage.delete(target)
                saved = default_storage.save(target, ContentFile(archive.read(name)))
                if saved != target:
                    raise TransferError(f"文件名冲突：{target}")

    backends.rebuild()
    return TransferSummary(manifest["agency"]["name"], len(objects), len(files))


def _import_audit(copied: list[AuditEvent], audit: dict, agency) -> None:
    """Check the copied events against their original hashes, chain them here, record the cut."""
    originals = {entry["id"]: entry for entry in audit.get("events", [])}
    copied.sort(key=lambda e: e.pk)
    if sorted(originals) != [e.pk for e in copied]:
        raise TransferError("导出文件中的审计事件与 audit.json 不一致：文件不完整或被改动")
    for event in copied:
        entry = originals[event.pk]
        event.at = parse_hashed_time(entry["at"])  # the JSON records keep only milliseconds
        fields = chain_fields(event) | {"content_type_id": entry["content_type_id"]}
        if event.hash != entry["hash"] or event_hash(entry["prev_hash"], fields) != entry["hash"]:
            raise TransferError(f"导出文件中的第 {event.pk} 号审计事件与其原始哈希不符：文件被改动")
    digest = _digest([e.hash for e in copied])
    if digest != audit.get("digest"):
        raise TransferError("导出文件中审计事件的摘要不符：文件被改动")
    source_ids = f"{copied[0].pk}–{copied[-1].pk}" if copied else ""
    audit_append_copied(copied)
    new_ids = f"{copied[0].pk}–{copied[-1].pk}" if copied else ""
    audit_record(
        actor=None,
        action="auditlog.import",
        agency=agency,
        changes={
            "events": [None, len(copied)],
            "source_ids": [None, source_ids],
            "source_head": [None, audit.get("source_head", "")],
            "original_digest": [None, digest],
            "ids": [None, new_ids],
        },
        note=f"从导出文件导入审计事件 {len(copied)} 条，已逐条核对原始哈希并接入本平台的哈希链",
    )
