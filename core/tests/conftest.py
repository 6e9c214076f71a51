"""The sibling county's records (``core.testing.world``), built once per test module."""

import pytest
from django.db import transaction
from django.test import override_settings

from conftest import Province
from core.testing.world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction that is rolled back at its end; each test runs in a
    savepoint within it (pytest-django's ``db``), so what one test changes the next does not see."""
    media = tmp_path_factory.mktemp("world-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        world = build_world(Province())
        world.media = media
        yield world
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _world_media(request, settings):
    """The module's files stay where ``world`` stored them (conftest points each test at its own media)."""
    if "world" in request.fixturenames:
        settings.MEDIA_ROOT = request.getfixturevalue("world").media
