"""``gongkai export`` then ``gongkai import`` into an empty database gives back the same agency."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from gongkai.agencies.models import Agency, User
from gongkai.auditlog.services import audit_record

from ..applications.conftest import person


def _records(path) -> list[dict]:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("records.json"))


def _files(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist() if n.startswith("files/")}


@pytest.mark.django_db
def test_export_import_round_trip(tmp_path, settings, agency_a, agency_b, clerk_a, clerk_b, supervisor_city):
    from gongkai.applications.models import Application
    from gongkai.applications.services import application_register
    from gongkai.applications.services.intake import Upload
    from gongkai.applications.validation import ApplicationData

    settings.MEDIA_ROOT = tmp_path / "media"
    registration = application_register(
        agency=agency_a,
        data=ApplicationData.from_mapping(person()),
        uploads=[Upload("证明.pdf", b"%PDF-1.4 proof")],
    )
    application_register(agency=agency_b, data=ApplicationData.from_mapping(person()))
    audit_record(actor=supervisor_city, action="test.comment", obj=registration.application, note="督办")

    first = tmp_path / "a.zip"
    call_command("export", "--agency", agency_a.credit_code, str(first), stdout=io.StringIO())
    exported = _records(first)
    models = {r["model"] for r in exported}
    assert {"agencies.agency", "agencies.user", "applications.application", "auditlog.auditevent"} <= models
    assert agency_b.name not in json.dumps(exported, ensure_ascii=False)  # nothing of agency B
    assert list(_files(first).values()) == [b"%PDF-1.4 proof"]

    with pytest.raises(CommandError, match="只能导入到空数据库"):
        call_command("import", str(first), stdout=io.StringIO())
    if connection.vendor == "postgresql":  # TRUNCATE refuses while deferred FK checks are pending
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", "--no-input", verbosity=0)
    (tmp_path / "media").rename(tmp_path / "old-media")
    call_command("import", str(first), stdout=io.StringIO())

    assert Application.objects.get().tracking_number == registration.application.tracking_number
    assert Agency.objects.get().path == f"/{agency_a.pk}/"
    supervisor = User.objects.get(username=supervisor_city.username)
    assert (supervisor.is_active, supervisor.agency_id, supervisor.has_usable_password()) == (
        False,
        None,
        False,
    )
    assert User.objects.get(username=clerk_a.username).check_password("pw-for-tests-123")

    second = tmp_path / "b.zip"
    call_command("export", "--agency", agency_a.credit_code, str(second), stdout=io.StringIO())
    moved = {"agencies.agency", "agencies.user"}  # the tree position and the outsiders change
    assert [r for r in _records(second) if r["model"] not in moved] == [
        r for r in exported if r["model"] not in moved
    ]
    assert _files(second) == _files(first)


@pytest.mark.django_db
def test_import_refuses_what_is_not_an_export(tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="无法读取导出文件"):
        call_command("import", str(bad), stdout=io.StringIO())
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("hello.txt", "x")
    with pytest.raises(CommandError, match="不是 Gongkai 机关导出文件"):
        call_command("import", str(tmp_path / "other.zip"), stdout=io.StringIO())
