"""Benchmark of the supervisor's board (督办台) on a seeded, migrated PostgreSQL database.

Expects a copy of a database filled by ``manage.py seed --petitions N --bulk`` with this branch migrated (or, with
``--scratch``, any such database: the rows the benchmark adds live in TEMP tables of its own session). Puts a
share (default 5 %) of the open backlog cases under supervision by the city 政法委 of their region (bulk rows, as
the service would write them, plus an ownership plan for each), unless supervisions already exist, then times the
board's first page (and a page after a keyset cursor, and the overdue filter) for a city committee supervisor.
Requirement: first page p95 under 100 ms at 1,000,000 petitions.

    .venv/bin/python bench/supervision_bench.py --database-url postgres://postgres@127.0.0.1:5432/xf_supervision_1m
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MS = 100.0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--share", type=float, default=0.05, help="share of open backlog cases to supervise")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument(
        "--scratch",
        action="store_true",
        help="leave a shared database untouched: the supervisions and plans go into session-local TEMP tables "
        "that shadow the real ones (PostgreSQL looks in pg_temp first), gone when the benchmark ends",
    )
    parser.add_argument(
        "--explain", action="store_true", help="print EXPLAIN ANALYZE of the first page's queries"
    )
    return parser.parse_args(argv)


SCRATCH_TABLES = (
    "supervision_supervision",
    "supervision_ownershipplan",
    "supervision_supervisionreport",
)


def scratch_tables() -> None:
    """Empty session-local copies (columns, defaults, indexes; no foreign keys) of the tables the benchmark
    writes, so that nothing is written to the shared tables."""
    from django.db import connection

    with connection.cursor() as cursor:
        for table in SCRATCH_TABLES:
            cursor.execute(f"CREATE TEMP TABLE {table} (LIKE public.{table} INCLUDING ALL)")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def seed_supervisions(share: float) -> int:
    from django.db import transaction
    from django.utils import timezone

    from organisations.models import Membership, Unit, UnitLevel, UnitType
    from petitions.models import OPEN_STATES, Petition
    from supervision.models import OwnershipPlan, Supervision

    if Supervision.objects.exists():
        return Supervision.objects.count()
    committees = list(
        Unit.objects.filter(type=UnitType.COMMITTEE, level=UnitLevel.CITY).select_related("region")
    )
    ranges = [(c, *c.region.code_range()) for c in committees]
    owners = {
        m.unit_id: m.user_id
        for m in Membership.objects.filter(unit__in=committees).order_by("unit_id", "user_id")
    }
    backlog = Petition.objects.filter(is_backlog=True, state__in=OPEN_STATES, handling_unit__isnull=False)
    total = backlog.count()
    step = max(1, round(1 / share))
    now = timezone.now()
    today = timezone.localdate()
    sups, plans = [], []
    rows = backlog.order_by("id").values_list("id", "handling_unit_id", "handling_unit__region_id")
    for index, (pk, unit_id, region) in enumerate(rows.iterator(chunk_size=20000)):
        if index % step:
            continue
        committee = next((c for c, lo, hi in ranges if lo <= region <= hi), None)
        if committee is None or committee.pk not in owners:
            continue
        user = owners[committee.pk]
        sups.append(
            Supervision(
                petition_id=pk, supervising_unit=committee, supervised_unit_id=unit_id, level="city", source="own",
                instructions="按期化解", deadline=today + dt.timedelta(days=(index % 90) - 30), created_by_id=user,
                last_activity_at=now,
            )
        )  # fmt: skip
        plans.append(
            OwnershipPlan(
                petition_id=pk, unit=committee, owner_leader_id=user, owner_officer_id=user, measures="化解方案",
                target_date=today + dt.timedelta(days=60), created_by_id=user, last_action_at=now,
            )
        )  # fmt: skip
    with transaction.atomic():
        Supervision.objects.bulk_create(sups, batch_size=5000)
        OwnershipPlan.objects.bulk_create(plans, batch_size=5000, ignore_conflicts=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE supervision_supervision; ANALYZE supervision_ownershipplan;")
    print(f"open backlog cases: {total:,}; supervised now: {len(sups):,}")
    return len(sups)


def timed(fn, runs: int) -> tuple[float, float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()

    def at(share: float) -> float:
        return samples[max(0, min(len(samples) - 1, round(share * len(samples) + 0.5) - 1))]

    return statistics.median(samples), at(0.95), at(0.99)


def main(argv=None) -> int:
    args = parse_args(argv)
    setup_django(args.database_url)
    from organisations.models import Membership, Role, UnitLevel, UnitType
    from organisations.selectors import staff_context
    from supervision.models import Supervision
    from supervision.selectors import supervision_board

    if args.scratch:
        scratch_tables()
    seed_supervisions(args.share)
    member = (
        Membership.objects.filter(
            unit__type=UnitType.COMMITTEE, unit__level=UnitLevel.CITY, role=Role.SUPERVISOR
        )
        .select_related("user", "unit")
        .order_by("unit_id")
        .first()
    ) or Membership.objects.filter(unit__type=UnitType.COMMITTEE, unit__level=UnitLevel.CITY).select_related(
        "user", "unit"
    ).first()
    user = member.user
    in_scope = Supervision.objects.filter(supervising_unit__path__startswith=member.unit.path).count()
    print(f"city scope: {member.unit.name} ({user.username}); supervisions in scope: {in_scope:,}")

    def fresh():
        user.__dict__.pop("_xinfang_staff", None)
        return user

    first = supervision_board(fresh())
    print(f"first page rows: {len(first['rows'])}")
    figures = {
        "first page": lambda: supervision_board(fresh()),
        "next page (keyset)": lambda: supervision_board(fresh(), after=first["next"]),
        "overdue filter": lambda: supervision_board(fresh(), filters={"overdue": True}),
        "sorted -deadline": lambda: supervision_board(fresh(), sort="-deadline"),
    }
    worst = 0.0
    for name, fn in figures.items():
        p50, p95, p99 = timed(fn, args.runs)
        worst = max(worst, p95) if name == "first page" else worst
        print(f"{name:22s} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   p99 {p99:7.1f} ms   ({args.runs} runs)")
    if args.explain:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            supervision_board(fresh())
        with connection.cursor() as cursor:
            for query in captured.captured_queries:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                print("\n" + query["sql"][:400])
                print("\n".join(row[0] for row in cursor.fetchall()))
    print(f"load average {os.getloadavg()[0]:.1f}")
    ok = worst < LIMIT_MS
    print(f"first page p95 {worst:.1f} ms — {'OK' if ok else 'OVER'} the {LIMIT_MS:.0f} ms target")
    del staff_context
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
