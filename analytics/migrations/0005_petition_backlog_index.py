"""A partial covering index for campaign progress on PostgreSQL (no change to any model's state).

A campaign's cohort is its scope — by default every backlog case, whenever registered — so the registration
period index does not help. This index holds only backlog petitions, with the columns the campaign figures
and the data scope read: an index-only scan of the backlog instead of the whole petition table.
"""

from django.db import migrations

INDEX = "analytics_petition_backlog"
COLUMNS = (
    "id",
    "registered_at",
    "problem_region_id",
    "residence_region_id",
    "registered_unit_id",
    "responsible_system",
    "channel",
    "problem_category",
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
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON petitions_petition (handling_unit_id) "
        f"INCLUDE ({', '.join(COLUMNS)}) WHERE is_backlog"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("analytics", "0004_data_version_triggers")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
