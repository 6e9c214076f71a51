"""Benchmark of ``manage.py report`` for the whole province over one year, on a seeded PostgreSQL database.

Runs the report (summary with 同比/环比, every breakdown, the unit ranking) ``--runs`` times in JSON and once
as xlsx (to a temporary file), read-only, and prints the seconds. Requirement: under 5 s at 1,000,000 petitions.

    .venv/bin/python bench/report_bench.py                          # xinfang_bench, the last full year
    .venv/bin/python bench/report_bench.py --unit 620600-committee  # a city's scope
"""

import argparse
import datetime as dt
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/xinfang_bench"
LIMIT_SECONDS = 5.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--year", type=int, default=None, help="calendar year (default: the last full year)")
    parser.add_argument("--unit", default="", help="a unit code: that unit's scope instead of the province")
    parser.add_argument("--runs", type=int, default=3)
    return parser.parse_args(argv)


def setup_django(args: argparse.Namespace) -> None:
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.db.backends.signals import connection_created

    django.setup()

    def read_only(sender, connection, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")

    connection_created.connect(read_only, weak=False)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django(args)
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM petitions_petition")
        total = cursor.fetchone()[0]
    year = args.year or dt.date.today().year - 1
    base = ["report", "--from", f"{year}-01-01", "--to", f"{year}-12-31"]
    if args.unit:
        base += ["--unit", args.unit]
    print(f"{total:,} petitions; {' '.join(base)}")
    seconds = []
    for _ in range(args.runs):
        out = io.StringIO()
        start = time.perf_counter()
        call_command(*base, stdout=out)
        seconds.append(time.perf_counter() - start)
        print(f"  json  {seconds[-1]:.2f} s ({len(out.getvalue()):,} characters)")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "report.xlsx"
        start = time.perf_counter()
        call_command(*base, "--format", "xlsx", "--output", str(target), stdout=io.StringIO())
        xlsx = time.perf_counter() - start
        print(f"  xlsx  {xlsx:.2f} s ({target.stat().st_size:,} bytes)")
    worst = max([*seconds, xlsx])
    verdict = "OK" if worst < LIMIT_SECONDS else "over"
    print(f"best {min(seconds):.2f} s, worst {worst:.2f} s; target < {LIMIT_SECONDS:.0f} s: {verdict}; "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
