"""Make the audit table append-only in the database itself: UPDATE is refused by a trigger.

DELETE is refused by the ORM and the admin; a DELETE trigger is added on PostgreSQL only, where
the test runner empties tables with TRUNCATE (SQLite's flush uses DELETE).
"""

from django.db import migrations

PG_UP = """
CREATE OR REPLACE FUNCTION auditlog_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER auditlog_no_update BEFORE UPDATE ON auditlog_auditevent
  FOR EACH ROW EXECUTE FUNCTION auditlog_refuse_change();
CREATE TRIGGER auditlog_no_delete BEFORE DELETE ON auditlog_auditevent
  FOR EACH ROW EXECUTE FUNCTION auditlog_refuse_change();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS auditlog_no_update ON auditlog_auditevent;
DROP TRIGGER IF EXISTS auditlog_no_delete ON auditlog_auditevent;
DROP FUNCTION IF EXISTS auditlog_refuse_change();
"""
SQLITE_UP = """
CREATE TRIGGER auditlog_no_update BEFORE UPDATE ON auditlog_auditevent
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS auditlog_no_update;"


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)


class Migration(migrations.Migration):
    dependencies = [("auditlog", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
