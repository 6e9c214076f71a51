"""Direct database access as an attacker with the database password has it: triggers switched off."""

import contextlib
import importlib

from django.db import connection


@contextlib.contextmanager
def triggers_off():
    migration = importlib.import_module("audit.migrations.0002_audit_append_only")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        else:
            for sql in migration.SQLITE_DOWN:
                cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET session_replication_role = origin")
            else:
                for sql in migration.SQLITE_UP:
                    cursor.execute(sql)


def raw(sql: str, params=()) -> None:
    with triggers_off(), connection.cursor() as cursor:
        cursor.execute(sql, params)
