"""Move an agency between platforms: all its records, files and audit log as JSON + files in a ZIP.

``export_agency`` writes ``records.json`` (Django's JSON serialisation, primary keys kept, in
dependency order), ``files/<storage name>`` for every stored file, and ``manifest.json``.
``import_agency`` restores it into an empty database in one transaction, then rebuilds the search
index (derived data, not exported). Staff of other agencies that the records name (a supervisor
who commented, say) come along as inactive accounts without a password or roles, so that every
reference still resolves and no one gains access.
"""

from __future__ import annotations

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

FORMAT = "gongkai-agency-export"
VERSION = 1
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
    from gongkai.agencies.models import Agency, User

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
    from gongkai.agencies.models import Agency, User

    objects: list[models.Model] = []
    for model in _agency_models()[2:]:
        field = model.agency_field
        objects.extend(model._default_manager.filter(**{field: agency}).order_by("pk"))
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


def export_agency(agency, out: Path) -> TransferSummary:
    """Write ``agency``'s records and files to the ZIP file ``out``."""
    records = list(_records(agency))
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
        for name in files:
            if name in missing:
                continue
            with default_storage.open(name, "rb") as fh:
                archive.writestr(f"files/{name}", fh.read())
    return TransferSummary(agency.name, len(records), len(files) - len(missing))


def import_agency(source: Path) -> TransferSummary:
    """Restore an export into an empty database (no agency yet); all or nothing."""
    from gongkai.agencies.models import Agency, RoleGrant, User

    try:
        archive = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile) as exc:
        raise TransferError(f"无法读取导出文件：{exc}") from None
    with archive:
        try:
            manifest = json.loads(archive.read("manifest.json"))
            payload = archive.read("records.json")
        except (KeyError, ValueError):
            raise TransferError("不是 Gongkai 机关导出文件（缺少 manifest.json 或 records.json）") from None
        if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
            raise TransferError(f"不支持的导出格式：{manifest.get('format')} {manifest.get('version')}")
        if Agency.objects.exists():
            raise TransferError("只能导入到空数据库：当前数据库已有机关记录")
        agency_pk = manifest["agency"]["pk"]
        objects = []
        touched: set[type[models.Model]] = set()
        with transaction.atomic():
            # Deserialise as we save: references by natural key (users) resolve to what is saved.
            for item in serializers.deserialize("json", payload, handle_forward_references=True):
                objects.append(item)
                obj = item.object
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
    from gongkai.search import backends

    backends.rebuild()
    return TransferSummary(manifest["agency"]["name"], len(objects), len(files))
