"""The hash chain over audit events, and append-only triggers on both databases.

SQLite: BEFORE UPDATE and BEFORE DELETE triggers refuse. PostgreSQL: row triggers refuse UPDATE
and DELETE, a statement trigger refuses TRUNCATE. The test runner's flush (and only that) may
empty the table: gongkai.auditlog.maintenance turns the allowance on for one flush — on
PostgreSQL only for a superuser, who could drop the triggers anyway. The application's own
database role cannot disable or drop them (docs/security/postgresql-roles.sql).

Existing events get their hashes here, in id order, before the triggers are (re)created.
"""

import django.utils.timezone
from django.db import migrations, models

from gongkai.auditlog.chain import FIELDS, GENESIS, event_hash
from gongkai.auditlog.maintenance import PG_TRIGGERS, PG_UNTRIGGER, SQLITE_TRIGGERS, SQLITE_UNTRIGGER


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UNTRIGGER, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_UNTRIGGER:
            schema_editor.execute(statement)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_TRIGGERS, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


def fill_chain(apps, schema_editor):
    drop_triggers(apps, schema_editor)
    AuditEvent = apps.get_model("auditlog", "AuditEvent")
    prev = GENESIS
    for event in AuditEvent.objects.order_by("id").iterator():
        digest = event_hash(prev, {name: getattr(event, name) for name in FIELDS})
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=prev, hash=digest)
        prev = digest


class Migration(migrations.Migration):
    atomic = True
    dependencies = [("auditlog", "0002_append_only_triggers")]

    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="时间"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="前一事件哈希"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="哈希"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_chain, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(editable=False, max_length=64, unique=True, verbose_name="哈希"),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
