"""Process and readiness probes (``/healthz``, ``/readyz``) and the worker heartbeat ``make prod-check`` uses.

``/healthz`` says only that this process answers (no database, no cache: a load balancer or systemd restarts a
process that stops answering it). ``/readyz`` says whether the process can serve: the database answers and is
migrated, the cache answers, and the Celery broker accepts connections. Neither shows anything but check names,
``ok`` and a short reason.
"""

from __future__ import annotations

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection

_migrated = False  # once the schema was found current it stays so for the life of the process


def check_database() -> str:
    global _migrated
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        if not _migrated:
            from django.db.migrations.executor import MigrationExecutor

            executor = MigrationExecutor(connection)
            if executor.migration_plan(executor.loader.graph.leaf_nodes()):
                return "未执行全部数据库迁移 / migrations pending"
            _migrated = True
    except DatabaseError as exc:
        return f"数据库不可用 / database unavailable: {type(exc).__name__}"
    return "ok"


def check_cache() -> str:
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", 10)
        found = cache.get(key)
        cache.delete(key)
    except Exception as exc:  # noqa: BLE001 — any client error means the cache is not usable
        return f"缓存不可用 / cache unavailable: {type(exc).__name__}"
    return "ok" if found == "1" else "缓存读写不一致 / cache did not return what was written"


def check_broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "ok"  # the embedded default runs tasks in-process
    from xinfang.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001 — kombu raises many kinds of connection errors
        return f"消息队列不可用 / broker unavailable: {type(exc).__name__}"
    return "ok"


def readiness() -> dict[str, str]:
    return {"database": check_database(), "cache": check_cache(), "broker": check_broker()}


# ------------------------------------------------------------------------------------------ worker heartbeat

HEARTBEAT_KEY = "heartbeat:{nonce}"


def heartbeat_write(nonce: str) -> None:
    """Run by a Celery worker: leaves ``nonce`` in the shared cache, proving broker → worker → cache."""
    cache.set(HEARTBEAT_KEY.format(nonce=nonce), time.time(), 300)


def heartbeat_seen(nonce: str) -> bool:
    return cache.get(HEARTBEAT_KEY.format(nonce=nonce)) is not None
