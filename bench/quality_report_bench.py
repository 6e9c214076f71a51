"""Benchmark of ``manage.py report`` with the review, accountability and hearing figures, for the whole province
over one year, on a copy of a seeded 1,000,000-petition PostgreSQL database.

Unless the copy already has them, it first adds bench records of the tools for that year directly in bulk (no
timeline events; the figures read only the tools' own tables): ``--reviews`` reviews of petitions registered
that year with one to three graded original cases each, an accountability record for about one third-class case
in two, and ``--hearings`` hearings (four in five held). Then it runs the report ``--runs`` times as JSON and as
text, and the tools' figures alone, and prints the seconds. Requirement: under 5 s.

    createdb -h 127.0.0.1 -U postgres -T xf_bench1m xf_quality_1m
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xf_quality_1m .venv/bin/python manage.py migrate
    .venv/bin/python bench/quality_report_bench.py --database-url postgres://postgres@127.0.0.1:5432/xf_quality_1m
"""

import argparse
import datetime as dt
import io
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/xf_quality_1m"
LIMIT_SECONDS = 5.0


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--year", type=int, default=None, help="calendar year (default: the last full year)")
    parser.add_argument("--unit", default="", help="a unit code: that unit's scope instead of the province")
    parser.add_argument("--reviews", type=int, default=8000)
    parser.add_argument("--hearings", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    return parser.parse_args(argv)


def seed_tools(year: int, reviews: int, hearings: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from hearings.models import Hearing, HearingStatus
    from organisations.models import Membership, Role
    from petitions.models import Petition
    from quality.models import Accountability, Review, ReviewedCase

    rng = random.Random(year)
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    end = timezone.make_aware(dt.datetime(year + 1, 1, 1))
    ids = list(
        Petition.objects.filter(registered_at__gte=start, registered_at__lt=end, handling_unit__isnull=False)
        .order_by("pk")
        .values_list("pk", "handling_unit_id")[: max(reviews, hearings) * 4]
    )
    actor = Membership.objects.filter(role=Role.SUPERVISOR).order_by("pk").first().user
    officers = dict(
        Membership.objects.filter(role=Role.HANDLER).order_by("-pk").values_list("unit_id", "user_id")
    )
    chosen = rng.sample(ids, min(reviews, len(ids)))

    def moment():
        return start + dt.timedelta(seconds=rng.randrange(int((end - start).total_seconds())))

    with transaction.atomic():
        made = Review.objects.bulk_create(
            [
                Review(petition_id=pk, unit_id=unit, subject="评查", opened_by=actor, opened_at=moment())
                for pk, unit in chosen
            ]  # fmt: skip
        )
        cases = []
        for review, (_pk, unit) in zip(made, chosen, strict=True):
            for k in range(rng.choice((1, 1, 2, 3))):
                grade = rng.choices(("first", "second", "third"), weights=(75, 22, 3))[0]
                cases.append(ReviewedCase(review=review, stage="first", unit_id=unit, unit_name="法院",
                                          case_number=f"B{review.pk}-{k}", grade=grade, graded_at=moment()))  # fmt: skip
        cases = ReviewedCase.objects.bulk_create(cases, batch_size=5000)
        records = [
            Accountability(petition_id=c.review.petition_id, review=c.review, case=c, officer_id=officers[c.unit_id],
                           unit_id=c.unit_id, error="错误", sanction="warning", decision_body="纪委",
                           decided_on=c.graded_at.date(), recorded_by=actor, recorded_at=c.graded_at)
            for c in cases if c.grade == "third" and c.unit_id in officers and rng.random() < 0.5
        ]  # fmt: skip
        Accountability.objects.bulk_create(records, batch_size=5000)
        rows = []
        for pk, unit in rng.sample(ids, min(hearings, len(ids))):
            at = moment()
            held = rng.random() < 0.8
            rows.append(Hearing(petition_id=pk, unit_id=unit, subject="听证", starts_at=at, ends_on=at.date(),
                                place="听证室", status=HearingStatus.HELD if held else HearingStatus.SCHEDULED,
                                petitioner_accepted=(rng.random() < 0.7) if held else None, scheduled_by=actor,
                                scheduled_at=at - dt.timedelta(days=7)))  # fmt: skip
        Hearing.objects.bulk_create(rows, batch_size=5000)
    print(
        f"seeded {len(made):,} reviews, {len(cases):,} cases, {len(records):,} accountability, {len(rows):,} hearings"
    )


def main(argv=None) -> int:
    args = parse_args(argv)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from analytics.metrics import quality_figures, quality_summary
    from quality.models import ReviewedCase

    year = args.year or dt.date.today().year - 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM petitions_petition")
        total = cursor.fetchone()[0]
    print(f"{total:,} petitions; province-year {year}{' · unit ' + args.unit if args.unit else ''}")
    if not ReviewedCase.objects.filter(graded_at__year=year).exists():
        seed_tools(year, args.reviews, args.hearings)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE quality_review; ANALYZE quality_reviewedcase; ANALYZE quality_accountability; "
                       "ANALYZE hearings_hearing")  # fmt: skip
    options = [
        "--from",
        f"{year}-01-01",
        "--to",
        f"{year}-12-31",
        *(["--unit", args.unit] if args.unit else []),
    ]
    worst = 0.0
    for fmt in ("json", "text"):
        for run in range(args.runs):
            out = io.StringIO()
            began = time.perf_counter()
            call_command("report", *options, "--format", fmt, stdout=out)
            seconds = time.perf_counter() - began
            worst = max(worst, seconds)
            print(f"report --format {fmt} run {run + 1}: {seconds:.2f} s")
    began = time.perf_counter()
    figures = quality_figures(None, dt.date(year, 1, 1), dt.date(year, 12, 31))
    print(f"quality figures alone (province): {time.perf_counter() - began:.3f} s")
    print(quality_summary(figures))
    print({k: str(v) for k, v in figures.items()})
    print(
        f"slowest report: {worst:.2f} s (limit {LIMIT_SECONDS:.0f} s) — {'OK' if worst < LIMIT_SECONDS else 'TOO SLOW'}"
    )
    return 0 if worst < LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
