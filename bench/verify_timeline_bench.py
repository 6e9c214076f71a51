"""Benchmark of the tamper-evident timeline on a seeded PostgreSQL database: anchor, then verify every chain.

Expects a database filled by ``manage.py seed --petitions N --bulk`` (the seed writes sealed chains). It takes
an anchor (the first one reads every chain head; later ones only the events since the previous anchor), then
runs the full verification (``manage.py verify_timeline``) and prints events checked and seconds. The same key
as the seed must be used: run with the same ``XINFANG_VAR_DIR`` (or ``XINFANG_HASH_KEY`` / ``XINFANG_TIMELINE_KEY``).

    .venv/bin/python bench/verify_timeline_bench.py                                  # xinfang_bench
    .venv/bin/python bench/verify_timeline_bench.py --database-url postgres://postgres@127.0.0.1:5432/xf_big

The same by hand: ``time manage.py anchor_timeline --again`` and ``time manage.py verify_timeline``.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/xinfang_bench"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--no-anchor", action="store_true", help="verify only, take no new anchor")
    args = parser.parse_args(argv)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from petitions.chain import take_anchor, verify
    from petitions.models import Event, Petition

    petitions, events = Petition.objects.count(), Event.objects.count()
    print(f"database: {petitions:,d} petitions, {events:,d} events")
    if not args.no_anchor:
        started = time.monotonic()
        anchor = take_anchor()
        print(
            f"anchor #{anchor.seq}: {anchor.chains:,d} chains, {anchor.events:,d} events, "
            f"{time.monotonic() - started:.1f} s"
        )
    report = verify()
    rate = report.events / report.seconds if report.seconds else 0
    print(
        f"verify: {report.petitions:,d} petitions, {report.events:,d} events, {report.anchors} anchors, "
        f"{report.problem_count} problems, {report.seconds:.1f} s ({rate:,.0f} events/s)"
    )
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
