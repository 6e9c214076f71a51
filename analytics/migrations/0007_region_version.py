"""A data version per region, so that a write in one county does not drop another city's cached figures.

Petition rows and the rows that hang on a petition (access, tags, chosen campaign cases, supervisions) now
bump the versions of the petition's regions — its problem and residence regions and the regions of the units
on its access rows — instead of the one global version. What reshapes scopes (units, regions, memberships,
tags, campaigns and their targets) still bumps the global version (``analytics_dataversion``), as does a
personal access row (whoever holds it may see a petition anywhere).

PostgreSQL: statement-level triggers with transition tables note the regions a transaction touched in
``analytics_pendingregion`` (one row per transaction and region; ``*`` stands for the global version); a
deferred constraint trigger applies them when the transaction commits — global first, then the regions in
code order, all at once, so two committing writers always lock version rows in the same order (no deadlock)
and hold them only while committing. This replaces ``analytics_pendingchange`` of migration 0004: there is one
place that bumps versions, ``analytics_apply_changes``.

SQLite (one writer at a time): row-level triggers bump the regions' versions directly.
"""

import importlib

from django.db import migrations, models

GLOBAL_TABLES = (  # statement triggers of migration 0004 that stay global (analytics_note_change)
    "petitions_tag",
    "organisations_unit",
    "organisations_region",
    "organisations_membership",
    "analytics_campaign",
    "analytics_campaigntarget",
)
PETITION_CHILDREN = (  # tables with a petition_id whose rows now bump the petition's regions
    "petitions_petition_tags",
    "campaigns_campaigncase",
    "supervision_supervision",
)
REGIONAL_TABLES = ("petitions_petition", "petitions_petitionaccess", *PETITION_CHILDREN)

# The regions of the units on the access rows of a set of petitions (``ids``, a sub-query), and of the
# petitions themselves: where the problem arose and where the petitioner lives.
ACCESS_REGIONS = (
    "SELECT u.region_id FROM petitions_petitionaccess a JOIN organisations_unit u ON u.id = a.unit_id "
    "WHERE a.petition_id IN ({ids})"
)
PETITION_REGIONS = (
    "SELECT p.problem_region_id FROM petitions_petition p WHERE p.id IN ({ids}) "
    "UNION SELECT p.residence_region_id FROM petitions_petition p WHERE p.id IN ({ids}) "
    "UNION " + ACCESS_REGIONS
)
OWN_REGIONS = "SELECT problem_region_id FROM {rows} UNION SELECT residence_region_id FROM {rows}"
UNIT_REGIONS = "SELECT u.region_id FROM {rows} a JOIN organisations_unit u ON u.id = a.unit_id"
NOTE = (
    "INSERT INTO analytics_pendingregion (txid, region_id) SELECT txid_current(), r FROM ({regions}) s(r) "
    "WHERE r IS NOT NULL ON CONFLICT DO NOTHING"
)


def _note(regions: str) -> str:
    return NOTE.format(regions=regions)


PG_CREATE = [
    """
    CREATE TABLE IF NOT EXISTS analytics_pendingregion (
        txid bigint NOT NULL, region_id varchar(6) NOT NULL, PRIMARY KEY (txid, region_id)
    )
    """,
    # Applies every change the committing transaction noted; the first call does all, later calls find none.
    """
    CREATE OR REPLACE FUNCTION analytics_apply_changes() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        regions text[];
    BEGIN
        WITH noted AS (DELETE FROM analytics_pendingregion WHERE txid = NEW.txid RETURNING region_id)
        SELECT array_agg(region_id ORDER BY region_id COLLATE "C") INTO regions FROM noted;
        IF regions IS NULL THEN
            RETURN NULL;
        END IF;
        IF '*' = ANY (regions) THEN
            INSERT INTO analytics_dataversion (id, version, changed_at) VALUES (1, 1, now())
            ON CONFLICT (id) DO UPDATE SET version = analytics_dataversion.version + 1, changed_at = now();
        END IF;
        INSERT INTO analytics_regionversion (region_id, version, changed_at)
        SELECT r, 1, now() FROM unnest(regions) r WHERE r <> '*' ORDER BY r COLLATE "C"
        ON CONFLICT (region_id) DO UPDATE
            SET version = analytics_regionversion.version + 1, changed_at = now();
        RETURN NULL;
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS analytics_apply_changes ON analytics_pendingregion",
    "CREATE CONSTRAINT TRIGGER analytics_apply_changes AFTER INSERT ON analytics_pendingregion "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION analytics_apply_changes()",
    # The global version (tables that reshape scopes): same function name as migration 0004, new body.
    """
    CREATE OR REPLACE FUNCTION analytics_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF current_setting('analytics.change_noted', true) IS DISTINCT FROM txid_current()::text THEN
            PERFORM set_config('analytics.change_noted', txid_current()::text, true);
            INSERT INTO analytics_pendingregion (txid, region_id) VALUES (txid_current(), '*')
            ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION analytics_note_petitions() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            {_note(OWN_REGIONS.format(rows="new_rows") + " UNION " + ACCESS_REGIONS.format(ids="SELECT id FROM new_rows"))};
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            {_note(OWN_REGIONS.format(rows="old_rows") + " UNION " + ACCESS_REGIONS.format(ids="SELECT id FROM old_rows"))};
        END IF;
        RETURN NULL;
    END
    $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION analytics_note_access() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            {
        _note(
            UNIT_REGIONS.format(rows="new_rows")
            + " UNION SELECT '*' FROM new_rows WHERE user_id IS NOT NULL"
            + " UNION "
            + PETITION_REGIONS.format(ids="SELECT petition_id FROM new_rows")
        )
    };
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            {
        _note(
            UNIT_REGIONS.format(rows="old_rows")
            + " UNION SELECT '*' FROM old_rows WHERE user_id IS NOT NULL"
            + " UNION "
            + PETITION_REGIONS.format(ids="SELECT petition_id FROM old_rows")
        )
    };
        END IF;
        RETURN NULL;
    END
    $$
    """,
    f"""
    CREATE OR REPLACE FUNCTION analytics_note_petition_rows() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            {_note(PETITION_REGIONS.format(ids="SELECT petition_id FROM new_rows"))};
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            {_note(PETITION_REGIONS.format(ids="SELECT petition_id FROM old_rows"))};
        END IF;
        RETURN NULL;
    END
    $$
    """,
]
FUNCTIONS = {
    "petitions_petition": "analytics_note_petitions",
    "petitions_petitionaccess": "analytics_note_access",
    **{table: "analytics_note_petition_rows" for table in PETITION_CHILDREN},
}
for table, function in FUNCTIONS.items():
    PG_CREATE += [
        f"DROP TRIGGER IF EXISTS analytics_note_change ON {table}",
        f"DROP TRIGGER IF EXISTS analytics_note_insert ON {table}",
        f"CREATE TRIGGER analytics_note_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"DROP TRIGGER IF EXISTS analytics_note_update ON {table}",
        f"CREATE TRIGGER analytics_note_update AFTER UPDATE ON {table} "
        f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        f"DROP TRIGGER IF EXISTS analytics_note_delete ON {table}",
        f"CREATE TRIGGER analytics_note_delete AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        # TRUNCATE has no rows to name: it stays global (analytics_note_truncate of migration 0004)
    ]
PG_CREATE += [
    "DROP TRIGGER IF EXISTS analytics_bump_version ON analytics_pendingchange",
    "DROP TABLE IF EXISTS analytics_pendingchange",
    "DROP FUNCTION IF EXISTS analytics_bump_version()",
]

PG_DROP = [
    *(
        f"DROP TRIGGER IF EXISTS analytics_note_{op} ON {table}"
        for table in FUNCTIONS
        for op in ("insert", "update", "delete")
    ),
    "DROP TABLE IF EXISTS analytics_pendingregion",
    "DROP FUNCTION IF EXISTS analytics_apply_changes()",
    "DROP FUNCTION IF EXISTS analytics_note_petitions()",
    "DROP FUNCTION IF EXISTS analytics_note_access()",
    "DROP FUNCTION IF EXISTS analytics_note_petition_rows()",
]

BUMP = (
    "INSERT INTO analytics_regionversion (region_id, version, changed_at) "
    "SELECT r, 1, CURRENT_TIMESTAMP FROM ({regions}) WHERE r IS NOT NULL "
    "ON CONFLICT (region_id) DO UPDATE SET version = version + 1, changed_at = CURRENT_TIMESTAMP"
)
GLOBAL_BUMP = (
    "INSERT INTO analytics_dataversion (id, version, changed_at) VALUES (1, 1, CURRENT_TIMESTAMP) "
    "ON CONFLICT (id) DO UPDATE SET version = analytics_dataversion.version + 1, changed_at = CURRENT_TIMESTAMP"
)
SQLITE_PETITION = (
    "SELECT {row}.problem_region_id AS r UNION SELECT {row}.residence_region_id "
    "UNION SELECT u.region_id FROM petitions_petitionaccess a JOIN organisations_unit u ON u.id = a.unit_id "
    "WHERE a.petition_id = {row}.id"
)
SQLITE_CHILD = (
    "SELECT p.problem_region_id AS r FROM petitions_petition p WHERE p.id = {row}.petition_id "
    "UNION SELECT p.residence_region_id FROM petitions_petition p WHERE p.id = {row}.petition_id "
    "UNION SELECT u.region_id FROM petitions_petitionaccess a JOIN organisations_unit u ON u.id = a.unit_id "
    "WHERE a.petition_id = {row}.petition_id"
)
SQLITE_ACCESS = "SELECT u.region_id AS r FROM organisations_unit u WHERE u.id = {row}.unit_id UNION " + (
    SQLITE_CHILD.replace("AS r ", "")
)


def _sqlite_body(table: str, row: str) -> str:
    if table == "petitions_petition":
        return BUMP.format(regions=SQLITE_PETITION.format(row=row)) + ";"
    if table == "petitions_petitionaccess":
        personal = f"{GLOBAL_BUMP} WHERE {row}.user_id IS NOT NULL"
        personal = personal.replace("VALUES (1, 1, CURRENT_TIMESTAMP)", "SELECT 1, 1, CURRENT_TIMESTAMP")
        return BUMP.format(regions=SQLITE_ACCESS.format(row=row)) + "; " + personal + ";"
    return BUMP.format(regions=SQLITE_CHILD.format(row=row)) + ";"


SQLITE_CREATE, SQLITE_DROP = [], []
for table in REGIONAL_TABLES:
    for op in ("insert", "update", "delete"):
        SQLITE_DROP.append(f"DROP TRIGGER IF EXISTS analytics_version_{table}_{op}")
        SQLITE_DROP.append(f"DROP TRIGGER IF EXISTS analytics_region_{table}_{op}")
        rows = {"insert": ["NEW"], "update": ["OLD", "NEW"], "delete": ["OLD"]}[op]
        body = " ".join(_sqlite_body(table, row) for row in rows)
        SQLITE_CREATE += [
            f"DROP TRIGGER IF EXISTS analytics_version_{table}_{op}",
            f"CREATE TRIGGER IF NOT EXISTS analytics_region_{table}_{op} AFTER {op.upper()} ON {table} "
            f"BEGIN {body} END",
        ]


def create(apps, schema_editor):
    statements = {"postgresql": PG_CREATE, "sqlite": SQLITE_CREATE}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    """Back to one global version: the triggers of migration 0004 and of campaigns 0002, recreated."""
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": PG_DROP, "sqlite": SQLITE_DROP}.get(vendor, []):
        schema_editor.execute(statement)
    base = importlib.import_module("analytics.migrations.0004_data_version_triggers")
    campaigns = importlib.import_module("campaigns.migrations.0002_data_version_triggers")
    base.create(apps, schema_editor)
    campaigns.create(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0006_campaign_supervised_level_campaign_unresolved_before"),
        ("campaigns", "0002_data_version_triggers"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegionVersion",
            fields=[
                (
                    "region_id",
                    models.CharField(
                        max_length=6, primary_key=True, serialize=False, verbose_name="区划代码"
                    ),
                ),
                ("version", models.BigIntegerField(default=0, verbose_name="数据版本")),
                ("changed_at", models.DateTimeField(blank=True, null=True, verbose_name="变动时间")),
            ],
            options={"verbose_name": "地区统计数据版本", "verbose_name_plural": "地区统计数据版本"},
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
