"""The worker processes of ``reindex_search --workers N``.

Each worker is a fresh interpreter (multiprocessing's "spawn"), not a fork of the caller: a fork copies the
caller's threads' locks in whatever state they are in (a test runner's I/O thread, a live server, a logging
handler), and a child that inherits a held lock waits for ever, and the pool with it. A fresh interpreter sets
Django up itself, on the caller's database (a test run's test database too), before its first batch.

This module imports nothing of Django's at load time: the child unpickles these functions before Django is set up.
"""

import os


def start(settings_module: str, database: dict) -> None:
    """Set Django up in this worker on the caller's settings module and ``default`` database."""
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    from django.conf import settings

    settings.DATABASES["default"] = dict(database)

    import django

    django.setup()


def index_batch(ids: list[int]) -> int:
    """Index one batch of petitions in one transaction; the number indexed."""
    from django.db import transaction

    from search.services import index_petitions

    with transaction.atomic():
        return index_petitions(ids)
