"""Benchmark of a monthly circular (通报) for the province on a seeded, migrated PostgreSQL database.

Expects a database filled by ``manage.py seed --petitions N --bulk`` and migrated (the ``circulars`` tables).
Issues the province 政法委's monthly circular for ``--period`` (default: the latest whole month with data) three
times through ``circulars.services.circular_issue`` — figures (headline with 同比/环比, the ranking the dashboard
shows, rules, overdue supervised cases), numbering, the docx and the notifications — and prints each time and
the slowest. Each run is rolled back, so the database is left as it was. Requirement: under 10 s at 1,000,000.

    .venv/bin/python bench/circular_bench.py --database-url postgres://postgres@127.0.0.1:5432/xf_circulars_1m
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_SECONDS = 10.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--period", default="", help="YYYY-MM (default: the last whole month with petitions)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import transaction
    from django.db.models import Max

    from circulars import services
    from circulars.models import CircularRule
    from circulars.periods import parse_month
    from deadlines.calendar import local_date
    from organisations.models import Unit, UnitType
    from petitions.models import Petition

    province = Unit.objects.filter(parent__isnull=True, type=UnitType.COMMITTEE).order_by("path").first()
    if args.period:
        date_from, date_to = parse_month(args.period)
    else:
        last = local_date(Petition.objects.aggregate(m=Max("registered_at"))["m"])
        previous = last.replace(day=1) - __import__("datetime").timedelta(days=1)
        date_from, date_to = parse_month(f"{previous.year}-{previous.month:02d}")
    count = Petition.objects.count()
    print(f"petitions: {count:,}; issuer: {province.name}; period {date_from} – {date_to}")
    times = []
    for run in range(args.runs):
        with transaction.atomic():
            if not CircularRule.objects.exists():
                CircularRule.objects.create(name="排名第一", kind="rank_top", verdict="praise", threshold=1)
                CircularRule.objects.create(
                    name="息诉罢访率低", kind="rate_below", verdict="criticise", threshold=60
                )
                CircularRule.objects.create(
                    name="超期未结", kind="overdue_open", verdict="criticise", threshold=50
                )
            started = time.perf_counter()
            circular = services.circular_issue(
                issuer=province, kind="monthly", date_from=date_from, date_to=date_to, actor=None
            )
            elapsed = time.perf_counter() - started
            times.append(elapsed)
            print(f"run {run + 1}: {elapsed:.2f} s  {circular.number}  ranked {len(circular.content['ranking'])} units, "
                  f"{len(circular.content['criticised'])} criticised, {circular.size:,} bytes")  # fmt: skip
            transaction.set_rollback(True)
    worst = max(times)
    print(f"monthly province circular: best {min(times):.2f} s, worst {worst:.2f} s (limit {LIMIT_SECONDS:.0f} s) "
          f"{'OK' if worst < LIMIT_SECONDS else 'TOO SLOW'}")  # fmt: skip
    return 0 if worst < LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
