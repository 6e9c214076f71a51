"""Encryption at rest for sensitive personal data, and keyed hashes to find it without decrypting.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256). ``settings.FIELD_ENCRYPTION_KEYS`` lists keys
newest first; every key decrypts, the first encrypts, so keys can be rotated. Matching (e.g. a petitioner by
identity number) uses HMAC-SHA256 under a separate key over a normalised value: equal inputs give equal hashes,
and the hash reveals nothing without the key.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    if value == "":
        return ""
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if token == "":
        return ""
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:  # a wrong key must never pass silently as empty data
        raise ValueError("encrypted value cannot be decrypted with the configured keys") from exc


def normalise(value: str) -> str:
    return "".join(value.split()).upper()


def keyed_hash(value: str) -> str:
    """Deterministic HMAC of a normalised value, hex encoded; '' for an empty value."""
    value = normalise(value)
    if not value:
        return ""
    return hmac.new(settings.FIELD_HASH_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
