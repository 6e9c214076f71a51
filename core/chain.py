"""Hash chains: the building block of every tamper-evident record (the petition timeline, its daily anchors).

A record is a list of JSON values. Its link is ``HMAC-SHA256(key, canonical([kind, prev_hash, *values]))``:

- ``canonical`` is JSON with sorted keys, no spaces, UTF-8, no NaN. Writers store values through ``normalise``
  (integral floats become integers: PostgreSQL's ``jsonb`` gives ``1e16`` back as ``10000000000000000``), so a
  value read back from either database serialises to the bytes that were hashed.
- ``prev_hash`` is the previous record's link (``GENESIS`` for the first), so changing, removing or reordering
  any record breaks every link after it.
- The key is an HMAC key kept outside the database (``settings.XINFANG_TIMELINE_KEY``; by default derived from
  ``FIELD_HASH_KEY``). A plain SHA-256 chain can be recomputed by whoever can rewrite every row; without the key a
  rewritten chain does not verify. Anchors printed off the system guard against a stolen key as well.

The API is four functions: ``link``, ``canonical``, ``normalise`` and ``key_id``; ``chain_key`` gives the key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings

GENESIS = "0" * 64
_DERIVATION = b"xinfang timeline chain v1"


def chain_key() -> bytes:
    """The HMAC key of every chain: ``XINFANG_TIMELINE_KEY`` if set, else derived from ``FIELD_HASH_KEY``."""
    explicit = getattr(settings, "XINFANG_TIMELINE_KEY", "") or ""
    if explicit:
        return explicit.encode()
    return hmac.new(settings.FIELD_HASH_KEY.encode(), _DERIVATION, hashlib.sha256).digest()


def key_id(key: bytes | None = None) -> str:
    """A fingerprint of the key (not the key): anchors record it, so a changed key is named as such."""
    return hashlib.sha256(b"key-id:" + (key if key is not None else chain_key())).hexdigest()[:16]


def normalise(value: Any) -> Any:
    """The JSON value as it will come back from the database: integral floats become integers."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, dict):
        return {str(k): normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [normalise(v) for v in value]
    return value


def canonical(values: Iterable[Any]) -> bytes:
    """Writers store ``normalise``d values, so what is read back serialises to the same bytes."""
    return json.dumps(
        list(values), ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode()


def utc_text(at: dt.datetime) -> str:
    """A time as it is hashed: UTC, ISO 8601 (microseconds when there are any)."""
    return at.astimezone(dt.UTC).isoformat()


_keyed: dict[bytes, Any] = {}


def link(kind: str, prev_hash: str, values: Iterable[Any], *, key: bytes | None = None) -> str:
    """The link of one record of a chain of ``kind`` after ``prev_hash``."""
    key = key if key is not None else chain_key()
    base = _keyed.get(key)
    if base is None:  # the key's inner and outer pads, computed once (verification links millions of records)
        base = _keyed[key] = hmac.new(key, digestmod=hashlib.sha256)
    mac = base.copy()
    mac.update(canonical([kind, prev_hash, *values]))
    return mac.hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a or "", b or "")
