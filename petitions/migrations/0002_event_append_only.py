"""The timeline is the legal record: the database itself refuses changes to events.

PostgreSQL refuses UPDATE and DELETE (TRUNCATE, used only by test teardown and maintenance, is not a row
operation). SQLite refuses UPDATE; a DELETE trigger there would also block the test runner's flush, so on
the embedded database deletion is refused by the model and its queryset.
"""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION petitions_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'petition timeline events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER petitions_event_no_update BEFORE UPDATE OR DELETE ON petitions_event
    FOR EACH ROW EXECUTE FUNCTION petitions_event_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS petitions_event_no_update ON petitions_event;
DROP FUNCTION IF EXISTS petitions_event_append_only();
"""
SQLITE_UP = [
    """CREATE TRIGGER petitions_event_no_update BEFORE UPDATE ON petitions_event
       BEGIN SELECT RAISE(ABORT, 'petition timeline events are append-only'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS petitions_event_no_update;",
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
    dependencies = [("petitions", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
