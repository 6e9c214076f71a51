"""Chosen cases and supervisions now decide a campaign's cohort: changes to them bump the figures' data version,
with the same triggers as ``analytics/migrations/0004_data_version_triggers.py``."""

import importlib

from django.db import migrations

WATCHED = ("campaigns_campaigncase", "supervision_supervision")


def global_version_triggers(tables=WATCHED):
    """The statements (create, drop) per database that make a change to ``tables`` bump the global data version
    at commit; other apps' migrations reuse them (care/migrations/0002)."""
    base = importlib.import_module("analytics.migrations.0004_data_version_triggers")
    pg_create = []
    for table in tables:
        pg_create += [
            f"DROP TRIGGER IF EXISTS analytics_note_change ON {table}",
            f"CREATE TRIGGER analytics_note_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change()",
        ]
    pg_drop = [f"DROP TRIGGER IF EXISTS analytics_note_change ON {t}" for t in tables]
    sqlite_create = [
        f"CREATE TRIGGER IF NOT EXISTS analytics_version_{table}_{op} AFTER {op.upper()} ON {table} "
        f"BEGIN {base.UPSERT.format(now='CURRENT_TIMESTAMP')}; END"
        for table in tables
        for op in base.OPERATIONS
    ]
    sqlite_drop = [f"DROP TRIGGER IF EXISTS analytics_version_{t}_{op}" for t in tables for op in base.OPERATIONS]
    return {"postgresql": (pg_create, pg_drop), "sqlite": (sqlite_create, sqlite_drop)}


def create(apps, schema_editor):
    for statement in global_version_triggers().get(schema_editor.connection.vendor, ([], []))[0]:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in global_version_triggers().get(schema_editor.connection.vendor, ([], []))[1]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("analytics", "0004_data_version_triggers"),
        ("supervision", "0002_area_assignment_committee_end"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
