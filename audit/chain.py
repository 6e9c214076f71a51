"""The hash chain of the audit log: canonical content, keyed hashes, verification."""

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC

from django.conf import settings

from audit.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def _key() -> bytes:
    """A dedicated key (``XINFANG_AUDIT_KEY``) or one derived from the field hash key, never the key itself."""
    dedicated = getattr(settings, "AUDIT_HASH_KEY", "")
    if dedicated:
        return dedicated.encode()
    return hmac.new(settings.FIELD_HASH_KEY.encode(), b"xinfang-audit-log-v1", hashlib.sha256).digest()


def canonical(entry: AuditEntry) -> bytes:
    at = entry.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    content = {
        "seq": entry.seq,
        "at": at,
        "act": entry.act,
        "actor": entry.actor_id,
        "actor_name": entry.actor_name,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "details": entry.details,
        "address": entry.address or "",
        "user_agent": entry.user_agent,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def entry_hash(entry: AuditEntry) -> str:
    return hmac.new(_key(), canonical(entry), hashlib.sha256).hexdigest()


def head_mac(count: int, last_hash: str) -> str:
    return hmac.new(_key(), f"audit-head:{count}:{last_hash}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Problem:
    seq: int | None
    pk: int | None
    message: str

    def __str__(self) -> str:
        where = f"#{self.seq} (id {self.pk})" if self.seq is not None else "head"
        return f"{where}: {self.message}"


def verify(batch_size: int = 5000) -> tuple[int, list[Problem]]:
    """Walk the whole chain in order; return the number of entries and every problem found."""
    problems: list[Problem] = []
    prev_hash, expected_seq, count = GENESIS, 1, 0
    for entry in _entries(batch_size):
        count += 1
        if entry.seq != expected_seq:
            problems.append(
                Problem(entry.seq, entry.pk, f"sequence gap: expected #{expected_seq} (entries missing)")
            )
        if entry.prev_hash != prev_hash:
            problems.append(Problem(entry.seq, entry.pk, "previous hash does not match the preceding entry"))
        if not hmac.compare_digest(entry.hash, entry_hash(entry)):
            problems.append(Problem(entry.seq, entry.pk, "content does not match its hash (edited)"))
        prev_hash, expected_seq = entry.hash, entry.seq + 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        if count:
            problems.append(Problem(None, None, "chain head is missing"))
    else:
        if not hmac.compare_digest(head.mac, head_mac(head.count, head.last_hash)):
            problems.append(Problem(None, None, "chain head does not match its MAC (edited)"))
        if head.count != expected_seq - 1 or (count and head.last_hash != prev_hash):
            problems.append(
                Problem(
                    None,
                    None,
                    f"chain head names {head.count} entries ending {head.last_hash[:12]}, "
                    f"the log ends at #{expected_seq - 1} (entries at the end missing)",
                )
            )
    return count, problems


def _entries(batch_size: int) -> Iterator[AuditEntry]:
    last = 0
    while True:
        batch = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:batch_size])
        if not batch:
            return
        yield from batch
        last = batch[-1].seq
