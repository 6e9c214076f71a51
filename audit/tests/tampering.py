"""Direct database access as an attacker with the database password has it: triggers switched off."""

import importlib

from django.db import connection

from core.testing.tamper import triggers_off as _triggers_off


def triggers_off():
    migration = importlib.import_module("audit.migrations.0002_audit_append_only")
    return _triggers_off(sqlite_down=migration.SQLITE_DOWN, sqlite_up=migration.SQLITE_UP)


def raw(sql: str, params=()) -> None:
    with triggers_off(), connection.cursor() as cursor:
        cursor.execute(sql, params)
