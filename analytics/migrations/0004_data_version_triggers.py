"""Triggers that bump ``analytics_dataversion`` whenever data behind the figures changes.

PostgreSQL: a statement-level trigger on each watched table notes the change once per transaction in
``analytics_pendingchange``; a deferred constraint trigger on that table bumps the version at commit. The
version row is thus locked only while the transaction commits (no contention during long transactions), and a
reader who sees a version also sees every commit it counts. COPY and TRUNCATE are covered.

SQLite (one writer at a time): a row-level trigger per table and operation bumps the version directly.
"""

from django.db import migrations

WATCHED = (
    "petitions_petition",
    "petitions_petitionaccess",
    "petitions_petition_tags",
    "petitions_tag",
    "organisations_unit",
    "organisations_region",
    "organisations_membership",
    "analytics_campaign",
    "analytics_campaigntarget",
)
UPSERT = (
    "INSERT INTO analytics_dataversion (id, version, changed_at) VALUES (1, 1, {now}) "
    "ON CONFLICT (id) DO UPDATE SET version = analytics_dataversion.version + 1, changed_at = {now}"
)

PG_CREATE = [
    "CREATE TABLE IF NOT EXISTS analytics_pendingchange (id bigserial PRIMARY KEY)",
    """
    CREATE OR REPLACE FUNCTION analytics_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('analytics.change_noted', true) IS DISTINCT FROM txid_current()::text THEN
            PERFORM set_config('analytics.change_noted', txid_current()::text, true);
            INSERT INTO analytics_pendingchange DEFAULT VALUES;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION analytics_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM analytics_pendingchange WHERE id = NEW.id;
        {UPSERT.format(now="now()")};
        RETURN NULL;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS analytics_bump_version ON analytics_pendingchange",
    "CREATE CONSTRAINT TRIGGER analytics_bump_version AFTER INSERT ON analytics_pendingchange "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION analytics_bump_version()",
]
for table in WATCHED:
    PG_CREATE += [
        f"DROP TRIGGER IF EXISTS analytics_note_change ON {table}",
        f"CREATE TRIGGER analytics_note_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change()",
        f"DROP TRIGGER IF EXISTS analytics_note_truncate ON {table}",
        f"CREATE TRIGGER analytics_note_truncate AFTER TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change()",
    ]
PG_DROP = [
    *(f"DROP TRIGGER IF EXISTS analytics_note_change ON {t}" for t in WATCHED),
    *(f"DROP TRIGGER IF EXISTS analytics_note_truncate ON {t}" for t in WATCHED),
    "DROP TABLE IF EXISTS analytics_pendingchange",
    "DROP FUNCTION IF EXISTS analytics_bump_version()",
    "DROP FUNCTION IF EXISTS analytics_note_change()",
]
OPERATIONS = ("insert", "update", "delete")
SQLITE_CREATE = [
    f"CREATE TRIGGER IF NOT EXISTS analytics_version_{table}_{op} AFTER {op.upper()} ON {table} "
    f"BEGIN {UPSERT.format(now='CURRENT_TIMESTAMP')}; END"
    for table in WATCHED
    for op in OPERATIONS
]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS analytics_version_{t}_{op}" for t in WATCHED for op in OPERATIONS]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement)


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_CREATE)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_CREATE)
    DataVersion = apps.get_model("analytics", "DataVersion")
    DataVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, PG_DROP)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0003_data_version"),
        ("petitions", "0004_analytics_fields"),
        ("organisations", "0002_load_regions"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
