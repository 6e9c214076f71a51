"""A 代办 grant widens its holder's scope: a change to one bumps the figures' global data version (the same
statement triggers as ``analytics/migrations/0004_data_version_triggers.py``), so the holder's cached statistics
and home totals follow at once instead of within the cache window."""

import importlib

from django.db import migrations

WATCHED = ("care_agentassignment",)


def _triggers():
    base = importlib.import_module("analytics.migrations.0004_data_version_triggers")
    pg_create = []
    for table in WATCHED:
        pg_create += [
            f"DROP TRIGGER IF EXISTS analytics_note_change ON {table}",
            f"CREATE TRIGGER analytics_note_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION analytics_note_change()",
        ]
    pg_drop = [f"DROP TRIGGER IF EXISTS analytics_note_change ON {t}" for t in WATCHED]
    sqlite_create = [
        f"CREATE TRIGGER IF NOT EXISTS analytics_version_{table}_{op} AFTER {op.upper()} ON {table} "
        f"BEGIN {base.UPSERT.format(now='CURRENT_TIMESTAMP')}; END"
        for table in WATCHED
        for op in base.OPERATIONS
    ]
    sqlite_drop = [f"DROP TRIGGER IF EXISTS analytics_version_{t}_{op}" for t in WATCHED for op in base.OPERATIONS]
    return {"postgresql": (pg_create, pg_drop), "sqlite": (sqlite_create, sqlite_drop)}


def create(apps, schema_editor):
    for statement in _triggers().get(schema_editor.connection.vendor, ([], []))[0]:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in _triggers().get(schema_editor.connection.vendor, ([], []))[1]:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0001_initial"),
        ("analytics", "0007_region_version"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
