"""What an attacker with database superuser rights does to the timeline: switch the append-only trigger off, then
edit, delete and reorder rows with plain SQL. Used by the tamper-evidence tests."""

import importlib

from django.db import connection

from core.testing.tamper import triggers_off

TABLE = "petitions_event"
TRIGGER = "petitions_event_no_update"


def trigger_off():
    migration = importlib.import_module("petitions.migrations.0009_timeline_chain")
    return triggers_off(sqlite_down=[f"DROP TRIGGER {TRIGGER}"], sqlite_up=migration.SQLITE_UP)


def sql(statement: str, params=()) -> int:
    """Run raw SQL with the trigger off; returns the number of rows touched."""
    with trigger_off(), connection.cursor() as cursor:
        cursor.execute(statement, list(params))
        return cursor.rowcount
