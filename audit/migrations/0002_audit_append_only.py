"""The audit log is append-only in the database itself: UPDATE and DELETE of an entry are refused.

PostgreSQL refuses both (TRUNCATE — test teardown and maintenance — is not a row operation). SQLite refuses
UPDATE always and DELETE unless the connection's ``xinfang_audit_maintenance()`` function says a whole-database
flush is running (registered by the audit app on every connection; ``manage.py flush`` sets it). A DELETE from
a connection without that function (the sqlite3 shell) fails as well.
"""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION audit_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit log entries are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_auditentry_no_change BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_auditentry_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_auditentry_no_change ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_auditentry_append_only();
"""
SQLITE_UP = [
    """CREATE TRIGGER audit_auditentry_no_update BEFORE UPDATE ON audit_auditentry
       BEGIN SELECT RAISE(ABORT, 'audit log entries are append-only'); END;""",
    """CREATE TRIGGER audit_auditentry_no_delete BEFORE DELETE ON audit_auditentry
       WHEN NOT xinfang_audit_maintenance()
       BEGIN SELECT RAISE(ABORT, 'audit log entries are append-only'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_update;",
    "DROP TRIGGER IF EXISTS audit_auditentry_no_delete;",
]


def forwards(apps, schema_editor):
    statements = [POSTGRES_UP] if schema_editor.connection.vendor == "postgresql" else SQLITE_UP
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = [POSTGRES_DOWN] if schema_editor.connection.vendor == "postgresql" else SQLITE_DOWN
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_log")]
    operations = [migrations.RunPython(forwards, backwards)]
