"""Writes to the audit log. Every security-relevant act calls ``audit_record`` in its own transaction.

Other areas call the helpers (``audit_export``, ``audit_download``, ``audit_maintenance``) from the service or
view that does the act; the Django admin's configuration screens use ``audit.admin.AuditedAdminMixin``.
"""

import json
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from audit import chain
from audit.client import Client, current_client
from audit.models import Act, AuditEntry, AuditHead


def _json_safe(details: dict | None) -> dict:
    """Details as they will read back from the database (JSON types only), so the hash is stable."""
    return json.loads(json.dumps(details or {}, default=str, ensure_ascii=False))


def _lock_head() -> AuditHead:
    try:
        return AuditHead.objects.select_for_update().get(pk=1)
    except AuditHead.DoesNotExist:  # first entry ever (or after a flush)
        AuditHead.objects.get_or_create(pk=1)
        return AuditHead.objects.select_for_update().get(pk=1)


@transaction.atomic
def audit_record(
    *,
    act: str,
    actor=None,
    actor_name: str = "",
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: Any = "",
    object_repr: str = "",
    details: dict | None = None,
    client: Client | None = None,
) -> AuditEntry:
    """Append one entry to the chain. Writers are serialised on the chain head (PostgreSQL row lock; SQLite's
    IMMEDIATE transactions already serialise writers), so concurrent acts still form one chain."""
    if act not in Act.values:
        raise ValueError(f"unknown audit act {act!r}")
    client = client or current_client()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)
    head = _lock_head()
    entry = AuditEntry(
        seq=head.count + 1,
        at=timezone.now(),
        act=act,
        actor=actor,
        actor_name=(actor_name or (actor.get_username() if actor is not None else ""))[:150],
        object_type=str(object_type)[:64],
        object_id=str(object_id if object_id is not None else "")[:64],
        object_repr=str(object_repr)[:200],
        details=_json_safe(details),
        address=client.address,
        user_agent=client.user_agent[:300],
        prev_hash=head.last_hash or chain.GENESIS,
    )
    entry.hash = chain.entry_hash(entry)
    entry.save(force_insert=True)
    head.count, head.last_hash = entry.seq, entry.hash
    head.mac = chain.head_mac(head.count, head.last_hash)
    head.save(update_fields=["count", "last_hash", "mac"])
    return entry


def audit_export(
    *, actor, kind: str, filename: str = "", params: dict | None = None, rows: int | None = None
):
    """An export (ledger, statistics, audit log …) — ``kind`` names what was exported, ``params`` the filters."""
    details: dict[str, Any] = {"kind": kind, "filename": filename, "params": params or {}}
    if rows is not None:
        details["rows"] = rows
    return audit_record(act=Act.EXPORT, actor=actor, object_type=kind, details=details)


def audit_download(*, actor, obj: models.Model, filename: str = "", details: dict | None = None):
    """A document or attachment handed out (reply 意见书, petition attachment, import error workbook)."""
    return audit_record(
        act=Act.DOWNLOAD, actor=actor, obj=obj, details={"filename": filename, **(details or {})}
    )


def audit_maintenance(*, act: str, actor=None, details: dict | None = None, client: Client | None = None):
    """Key rotation, backup and restore runs (usually from ``manage.py``: no client address, often no user)."""
    if act not in (Act.KEY_ROTATION, Act.BACKUP, Act.RESTORE):
        raise ValueError(f"{act!r} is not a maintenance act")
    return audit_record(act=act, actor=actor, object_type="maintenance", details=details, client=client)


def params_of(query) -> dict:
    """A QueryDict (request.GET) as a plain dict for the details of an export."""
    return {k: v if len(v) > 1 else v[0] for k, v in query.lists()} if query is not None else {}
