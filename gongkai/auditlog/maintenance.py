"""The append-only triggers' SQL, and the one allowance they make: the test runner's flush.

A test that commits (live server, transactional tests) ends with Django's flush, which empties
every table — DELETE on SQLite, TRUNCATE on PostgreSQL — and the triggers refuse both. Inside
``flush_allowed()`` (used only by tests/conftest.py around the flush) they let it through:

- SQLite: the triggers ask ``gongkai_audit_maintenance()``, a function this module registers on
  each connection of this process, true only inside ``flush_allowed()``. A connection without it
  (the sqlite3 shell) fails the trigger, so it refuses there too.
- PostgreSQL: the trigger lets a DELETE/TRUNCATE through only when the transaction has set
  ``gongkai.audit_maintenance`` to ``on`` *and* the current role is a superuser (who could drop
  the trigger anyway). The application's role is no superuser and does not own the table.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

_allowed = False

PG_TRIGGERS = """
CREATE OR REPLACE FUNCTION auditlog_refuse_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'TRUNCATE')
     AND coalesce(current_setting('gongkai.audit_maintenance', true), '') = 'on'
     AND (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'audit log is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER auditlog_no_update BEFORE UPDATE ON auditlog_auditevent
  FOR EACH ROW EXECUTE FUNCTION auditlog_refuse_change();
CREATE TRIGGER auditlog_no_delete BEFORE DELETE ON auditlog_auditevent
  FOR EACH ROW EXECUTE FUNCTION auditlog_refuse_change();
CREATE TRIGGER auditlog_no_truncate BEFORE TRUNCATE ON auditlog_auditevent
  FOR EACH STATEMENT EXECUTE FUNCTION auditlog_refuse_change();
"""
PG_UNTRIGGER = """
DROP TRIGGER IF EXISTS auditlog_no_update ON auditlog_auditevent;
DROP TRIGGER IF EXISTS auditlog_no_delete ON auditlog_auditevent;
DROP TRIGGER IF EXISTS auditlog_no_truncate ON auditlog_auditevent;
"""
SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS auditlog_no_update",
    "DROP TRIGGER IF EXISTS auditlog_no_delete",
    """CREATE TRIGGER auditlog_no_update BEFORE UPDATE ON auditlog_auditevent
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER auditlog_no_delete BEFORE DELETE ON auditlog_auditevent
WHEN NOT gongkai_audit_maintenance()
BEGIN SELECT RAISE(ABORT, 'audit log is append-only: DELETE refused'); END""",
]
SQLITE_UNTRIGGER = ["DROP TRIGGER IF EXISTS auditlog_no_update", "DROP TRIGGER IF EXISTS auditlog_no_delete"]


def _maintenance() -> int:
    return int(_allowed)


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """Give each new SQLite connection the function the DELETE trigger asks (connection_created)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("gongkai_audit_maintenance", 0, _maintenance)


@contextlib.contextmanager
def flush_allowed(connection) -> Iterator[None]:
    """Let the audit triggers allow emptying the table, on this connection, for the block."""
    global _allowed
    _allowed = True
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL gongkai.audit_maintenance = 'on'")
        yield
    finally:
        _allowed = False
