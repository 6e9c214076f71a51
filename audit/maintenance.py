"""Whole-database maintenance (``manage.py flush``) may empty the audit log on SQLite; nothing else may.

The SQLite DELETE trigger asks ``xinfang_audit_maintenance()``, a function registered on each connection that
reads this module's flag. PostgreSQL needs nothing: flush there is TRUNCATE, which row triggers do not see.
"""

import contextlib
import threading

_state = threading.local()


def _maintenance() -> int:
    return 1 if getattr(_state, "active", False) else 0


@contextlib.contextmanager
def flushing():
    _state.active = True
    try:
        yield
    finally:
        _state.active = False


def register_sqlite_function(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("xinfang_audit_maintenance", 0, _maintenance)
