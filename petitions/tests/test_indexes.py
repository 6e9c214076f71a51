"""The petition tables' indexes as migration 0013 leaves them: on PostgreSQL no LIKE (varchar_pattern_ops) twin
and no single-column index a composite one leads with; on SQLite the tables keep the triggers other migrations put
on them; on both the unique columns stay unique."""

import pytest
from django.db import IntegrityError, connection, transaction

from petitions.models import Petition

pytestmark = pytest.mark.django_db

TABLES = ("petitions_petition", "petitions_petitioner")


def _indexes(table: str) -> dict[str, dict]:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="LIKE twin indexes exist on PostgreSQL only")
def test_no_like_twin_and_no_covered_single_column_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = ANY(%s) AND indexdef LIKE '%%pattern_ops%%'",
            [list(TABLES)],
        )
        assert cursor.fetchall() == []
    petition = _indexes("petitions_petition")
    single = {tuple(c["columns"]) for c in petition.values() if c["index"] and len(c["columns"]) == 1}
    for covered in ("registered_at", "registered_unit_id", "problem_region_id"):
        assert (covered,) not in single, covered  # each leads a composite index instead
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'petitions_petition'")
        assert cursor.fetchone() == (21,)  # 31 before migration 0013


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the table rebuild that drops triggers is SQLite's")
def test_sqlite_keeps_the_petition_table_triggers():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'petitions_petition'"
        )
        triggers = {name for (name,) in cursor.fetchall()}
    assert {f"analytics_region_petitions_petition_{op}" for op in ("insert", "update", "delete")} <= triggers


@pytest.mark.parametrize("column", ["number", "query_code", "submission_key"])
def test_the_unique_columns_stay_unique(province, register, column):
    petition = register(province.liangzhou_clerk, province.liangzhou_center)
    if column == "submission_key":
        Petition.objects.filter(pk=petition.pk).update(submission_key="k" * 64)
    other = register(province.liangzhou_clerk, province.liangzhou_center)
    with pytest.raises(IntegrityError), transaction.atomic():
        Petition.objects.filter(pk=other.pk).update(
            **{column: Petition.objects.values_list(column, flat=True).get(pk=petition.pk)}
        )
