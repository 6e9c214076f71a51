"""A 代办 grant widens its holder's scope: a change to one bumps the figures' global data version at commit (the
statement triggers of ``campaigns/migrations/0002_data_version_triggers.py``), so the holder's cached statistics
and home totals follow at once instead of within the cache window."""

import importlib

from django.db import migrations

WATCHED = ("care_agentassignment",)


def _statements(vendor: str, which: int) -> list[str]:
    campaigns = importlib.import_module("campaigns.migrations.0002_data_version_triggers")
    return campaigns.global_version_triggers(WATCHED).get(vendor, ([], []))[which]


def create(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, 0):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in _statements(schema_editor.connection.vendor, 1):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("care", "0001_initial"),
        ("analytics", "0007_region_version"),
        ("campaigns", "0002_data_version_triggers"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
