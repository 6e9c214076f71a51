"""A covering index for statistics on PostgreSQL (no change to any model's state).

Every figure scans the petitions registered in a period. With this index the scan reads narrow index entries
(the period key plus every column a metric, a filter or the data scope reads) instead of the wide petition
rows with their texts: an index-only scan. Built CONCURRENTLY so a production table stays writable; SQLite
(the embedded single-office default) keeps using the plain ``registered_at`` index.
"""

from django.db import migrations

INDEX = "analytics_petition_stats"
COLUMNS = (
    "id",
    "problem_region_id",
    "residence_region_id",
    "registered_unit_id",
    "handling_unit_id",
    "responsible_system",
    "channel",
    "problem_category",
    "is_backlog",
    "screening_outcome",
    "state",
    "settlement_state",
    "settlement_form",
    "terminated_at",
    "closed_at",
    "closed_on_time",
    "due_at",
    "accepted_on_time",
    "replied_at",
    "replied_on_time",
    "satisfaction",
    "review_level",
    "flag_repeat",
    "flag_group",
    "flag_skip_level",
    "flag_to_province",
    "flag_to_beijing",
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON petitions_petition (registered_at) "
        f"INCLUDE ({', '.join(COLUMNS)})"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("analytics", "0001_initial"),
        ("petitions", "0004_analytics_fields"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
