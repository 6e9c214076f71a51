"""What an attacker with database superuser rights does to the timeline: switch the append-only trigger off, then
edit, delete and reorder rows with plain SQL. Used by the tamper-evidence tests."""

import importlib
from contextlib import contextmanager

from django.db import connection

TABLE = "petitions_event"
TRIGGER = "petitions_event_no_update"


@contextmanager
def trigger_off():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # a superuser's switch: no row triggers fire in this session (ALTER TABLE … DISABLE TRIGGER does
            # the same for one table, but not in a transaction with pending constraint checks)
            cursor.execute("SET session_replication_role = replica")
        else:
            cursor.execute(f"DROP TRIGGER {TRIGGER}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = origin")
            else:
                migration = importlib.import_module("petitions.migrations.0009_timeline_chain")
                for sql in migration.SQLITE_UP:
                    cursor.execute(sql)


def sql(statement: str, params=()) -> int:
    """Run raw SQL with the trigger off; returns the number of rows touched."""
    with trigger_off(), connection.cursor() as cursor:
        cursor.execute(statement, list(params))
        return cursor.rowcount
