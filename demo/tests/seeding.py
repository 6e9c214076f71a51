"""Seeding a province once per test module, twice over to prove determinism."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.test.utils import override_settings

from demo import generator


@contextmanager
def seeded_twice(django_db_blocker, seed: Callable, snapshot: Callable) -> Iterator[dict]:
    """Seed inside a transaction that is rolled back when the module is done (its tests run in savepoints of
    it). The first seed is rolled back at once and seeding repeated: ``first`` and ``second`` are the two
    ``snapshot()``s, ``result`` what the second ``seed()`` returned."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            first = transaction.savepoint()
            seed()
            snapshot_first = snapshot()
            transaction.savepoint_rollback(first)
            assert not generator.province_exists()
            result = seed()
            yield {"result": result, "first": snapshot_first, "second": snapshot()}
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
