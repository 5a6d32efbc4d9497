-- Database roles for a production PostgreSQL deployment of Gongkai.
--
-- gongkai_owner owns the schema and runs migrations (`gongkai migrate` with its URL).
-- gongkai_app is what the web and worker processes connect as: it reads and writes the data, but
-- it owns no table, is no superuser, and on the audit log may only SELECT and INSERT. It therefore
-- cannot UPDATE, DELETE or TRUNCATE audit events, nor ALTER TABLE ... DISABLE TRIGGER, nor DROP
-- the triggers (all of which need ownership or superuser rights). `gongkai auditlog verify` can
-- run as gongkai_app.
--
-- Run as a superuser, once, on the database (replace the passwords):

CREATE ROLE gongkai_owner LOGIN PASSWORD 'change-me-owner';
CREATE ROLE gongkai_app LOGIN PASSWORD 'change-me-app' NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;

ALTER DATABASE gongkai OWNER TO gongkai_owner;
ALTER SCHEMA public OWNER TO gongkai_owner;
GRANT USAGE ON SCHEMA public TO gongkai_app;

-- Tables and sequences the owner creates from now on (every migration) are open to the app...
ALTER DEFAULT PRIVILEGES FOR ROLE gongkai_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO gongkai_app;
ALTER DEFAULT PRIVILEGES FOR ROLE gongkai_owner IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO gongkai_app;

-- ... then, after each `gongkai migrate` as gongkai_owner, re-apply the audit log's restriction
-- (and the grants for tables that existed before the defaults were set):
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO gongkai_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO gongkai_app;
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON auditlog_auditevent FROM gongkai_app;

-- Check: as gongkai_app each of these must fail.
--   UPDATE auditlog_auditevent SET note = 'x';          -- permission denied (and the trigger)
--   DELETE FROM auditlog_auditevent;                    -- permission denied (and the trigger)
--   TRUNCATE auditlog_auditevent;                       -- permission denied (and the trigger)
--   ALTER TABLE auditlog_auditevent DISABLE TRIGGER ALL; -- must be owner
