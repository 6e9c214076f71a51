"""Reference data in the shared cache (Redis in production): small tables every request reads, kept outside
transactions and dropped on any change to them, at once and again after the commit (a reader in between may have
cached the rows as they were)."""

import secrets

from django.core.cache import cache
from django.db import transaction


def forget(key: str) -> None:
    """Drop ``key`` now and after the surrounding transaction commits."""
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def generation(key: str, seconds: int) -> str:
    """The current generation under ``key``: entries named with it are retired together by ``forget(key)``, so a
    set of many small entries needs no map read whole on every request."""
    return cache.get_or_set(key, lambda: secrets.token_hex(8), seconds)
