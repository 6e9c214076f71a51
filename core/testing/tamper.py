"""Direct database access as an attacker with database superuser rights has it: append-only triggers switched
off, for the tamper-evidence tests (timeline, audit log)."""

from contextlib import contextmanager

from django.db import connection


@contextmanager
def triggers_off(*, sqlite_down, sqlite_up):
    """PostgreSQL: no row trigger fires in this session (``ALTER TABLE … DISABLE TRIGGER`` fails in a
    transaction with pending constraint checks). SQLite: drop the triggers, then put them back."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        else:
            for statement in sqlite_down:
                cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = origin")
            else:
                for statement in sqlite_up:
                    cursor.execute(statement)
