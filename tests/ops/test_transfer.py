"""``gongkai export`` then ``gongkai import`` into an empty database gives back the same agency."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from gongkai.agencies import services
from gongkai.agencies.models import Agency, User
from gongkai.auditlog.models import AuditEvent
from gongkai.auditlog.services import audit_record

from ..applications.conftest import person
from ..security.test_auditlog_chain import _untriggered


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
    # The tree position and the outsiders change; audit events are new links of this chain.
    moved = {"agencies.agency", "agencies.user", "auditlog.auditevent"}
    assert [r for r in _records(second) if r["model"] not in moved] == [
        r for r in exported if r["model"] not in moved
    ]
    assert [_content(r) for r in _records(second) if r["model"] == "auditlog.auditevent"] == [
        *[_content(r) for r in exported if r["model"] == "auditlog.auditevent"],
        {"action": "auditlog.import"},
    ]
    assert _files(second) == _files(first)


def _content(record: dict) -> dict:
    """An audit event as a person reads it, without its id and links (which the import renews)."""
    fields = record["fields"]
    if fields["action"] == "auditlog.import":
        return {"action": fields["action"]}
    return {k: v for k, v in fields.items() if k not in ("prev_hash", "hash")}


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


# --- the audit log moves with its chain checked (issue 10.4 with issue 16) ------------------------


def _verify() -> str:
    out = io.StringIO()
    call_command("auditlog", "verify", stdout=out)
    return out.getvalue()


def _move(tmp_path, agency) -> zipfile.ZipFile:
    """Export ``agency``, empty the database as a new platform is, and return the archive's path."""
    path = tmp_path / "move.zip"
    call_command("export", "--agency", agency.credit_code, str(path), stdout=io.StringIO())
    if connection.vendor == "postgresql":
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", "--no-input", verbosity=0)
    return path


@pytest.fixture
def busy_log(agency_a, agency_b, admin_a, make_user):
    """Events of two agencies interleaved, so that agency A's events are not one run of the chain."""
    admin_b = make_user("admin_b", agency_b, ["agency_admin"])
    for n in range(3):
        services.agency_update(actor=admin_a, agency=agency_a, office_fax=f"0379-{n}")
        services.agency_update(actor=admin_b, agency=agency_b, office_fax=f"0371-{n}")
    return list(AuditEvent.objects.filter(agency=agency_a).order_by("id"))


@pytest.mark.django_db
def test_verify_passes_after_a_clean_import_and_the_import_records_the_cut(
    tmp_path, settings, agency_a, busy_log
):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert "哈希链无断裂" in _verify()
    path = _move(tmp_path, agency_a)
    call_command("import", str(path), stdout=io.StringIO())
    assert "哈希链无断裂" in _verify()
    copies = list(AuditEvent.objects.exclude(action="auditlog.import").order_by("id"))
    assert [(e.action, e.changes, e.at) for e in copies] == [(e.action, e.changes, e.at) for e in busy_log]
    cut = AuditEvent.objects.get(action="auditlog.import")
    assert cut.id > copies[-1].id and cut.agency_id == agency_a.pk
    assert cut.changes["events"] == [None, len(busy_log)]
    assert cut.changes["source_ids"] == [None, f"{busy_log[0].id}–{busy_log[-1].id}"]
    with zipfile.ZipFile(path) as archive:
        audit = json.loads(archive.read("audit.json"))
    assert cut.changes["original_digest"] == [None, audit["digest"]]
    assert [e["hash"] for e in audit["events"]] == [e.hash for e in busy_log]


@pytest.mark.django_db
def test_verify_still_fails_on_tampering_after_an_import(tmp_path, settings, agency_a, busy_log):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("import", str(_move(tmp_path, agency_a)), stdout=io.StringIO())
    copy = AuditEvent.objects.exclude(action="auditlog.import").order_by("id")[1]
    _untriggered("UPDATE auditlog_auditevent SET note = 'rewritten' WHERE id = %s", [copy.id])
    with pytest.raises(CommandError, match=f"第 {copy.id} 号事件处断裂：事件内容与其哈希不符"):
        _verify()


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["edit", "drop"])
def test_an_archive_with_changed_audit_events_is_refused(tmp_path, settings, agency_a, busy_log, change):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = _move(tmp_path, agency_a)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    records = json.loads(parts["records.json"])
    events = [r for r in records if r["model"] == "auditlog.auditevent"]
    if change == "edit":
        events[1]["fields"]["note"] = "改写过的说明"
    else:
        records.remove(events[1])
    parts["records.json"] = json.dumps(records, ensure_ascii=False).encode()
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(tampered, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(CommandError, match=r"审计事件.*(不符|不一致)"):
        call_command("import", str(tampered), stdout=io.StringIO())
    assert not Agency.objects.exists() and not AuditEvent.objects.exists()  # all or nothing


@pytest.mark.django_db
def test_links_to_jobs_are_left_behind(tmp_path, settings, agency_a, clerk_a):
    """Jobs are not exported, so a letter's PDF job is exported as none (the import would fail on it)."""
    from gongkai.applications.models import Letter
    from gongkai.applications.services import application_register
    from gongkai.applications.validation import ApplicationData
    from gongkai.jobs.models import Job

    settings.MEDIA_ROOT = tmp_path / "media"
    registration = application_register(agency=agency_a, data=ApplicationData.from_mapping(person()))
    job = Job.objects.create(kind="applications.letter_pdf", agency=agency_a)
    Letter.objects.create(
        application=registration.application, kind="reply", docx="applications/letters/x.docx", pdf_job=job
    )
    out = tmp_path / "a.zip"
    call_command("export", "--agency", agency_a.credit_code, str(out), stdout=io.StringIO())
    (letter,) = [r for r in _records(out) if r["model"] == "applications.letter"]
    assert letter["fields"]["pdf_job"] is None and letter["fields"]["pdf"] == ""
    assert Letter.objects.get().pdf_job_id == job.pk  # the database keeps its link
