"""Benchmark of the statistics dashboard (/analytics/) on a seeded PostgreSQL database, read-only.

Renders the page N times through Django's test Client for a seeded demo account — by default ``duban``
(督办员 at 武威市委政法委, a city scope) — over the last full calendar year, and prints p50/p95/max of the
server time (the whole request: middleware, navigation badges of other apps, the figures, the template), and
separately the time spent computing the figures (``analytics.selectors.dashboard``). Requirement: p95 under
300 ms for a city scope over one year at 1,000,000 petitions.

Two rounds: *cold* with the figure cache off (every render computes every figure), then *warm* with the
cache on (analytics.cache: keyed on the data versions of the regions of the viewer's scope, which the triggers
of migration 0007 maintain, so a hit is as exact as a fresh computation) — skipped when the database lacks the
version table. With ``--write-elsewhere 620700`` (a database you own) every warm request follows a committed
change to a petition of another city, which must leave the figures warm.

Nothing is written: sessions live in signed cookies, ``last_login`` is not updated, and every connection is
opened READ ONLY, so a stray write would fail rather than touch the database.

    .venv/bin/python bench/dashboard_bench.py                                   # xinfang_bench, duban
    .venv/bin/python bench/dashboard_bench.py --user lingdao --runs 30
    .venv/bin/python bench/dashboard_bench.py --database-url postgres://postgres@127.0.0.1:5432/xinfang_anbench
"""

import argparse
import dataclasses
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/xinfang_bench"
LIMIT_MS = 300.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--user", default="duban", help="a seeded account (default duban, 武威市委政法委)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=2, help="untimed renders first (caches, connections)")
    parser.add_argument("--year", type=int, default=None, help="calendar year (default: the last full year)")
    parser.add_argument("--query", default="", help="extra query string, e.g. 'level=handling&system=court'")
    parser.add_argument("--no-warm", action="store_true", help="only the cold round (cache off)")
    parser.add_argument(
        "--write-elsewhere",
        metavar="REGION",
        default="",
        help="on a database you own: before every warm request, change a petition of this region (e.g. 620700, "
        "another city) in its own committed transaction — the warm figures must stay warm (the connection is "
        "then not read-only)",
    )
    parser.add_argument(
        "--skip-nav-counts",
        action="store_true",
        help="drop the navigation's badge counts (other apps' worklists) to time the statistics page alone",
    )
    return parser.parse_args(argv)


def setup_django(args: argparse.Namespace) -> None:
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False

    from django.contrib.auth import user_logged_in
    from django.contrib.auth.models import update_last_login
    from django.db.backends.signals import connection_created

    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    # signing in is not what is measured: no session bookkeeping, audit or axes rows (and signed-cookie
    # session keys do not fit the session table anyway)
    user_logged_in.receivers = []
    user_logged_in.sender_receivers_cache.clear()

    def read_only(sender, connection, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")

    if not args.write_elsewhere:
        connection_created.connect(read_only, weak=False)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def write_elsewhere(region: str) -> None:
    """One committed change to a petition whose every region (problem, residence, access units) lies in
    ``region``'s range: it bumps that range's versions only."""
    from django.db import connection, transaction

    from organisations.models import region_code_range

    lo, hi = region_code_range(region)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE petitions_petition SET updated_at = now() WHERE id = (SELECT p.id FROM petitions_petition p "
            "WHERE p.problem_region_id BETWEEN %s AND %s AND coalesce(p.residence_region_id, %s) BETWEEN %s AND %s "
            "AND NOT EXISTS (SELECT 1 FROM petitions_petitionaccess a JOIN organisations_unit u ON u.id = a.unit_id "
            "WHERE a.petition_id = p.id AND u.region_id NOT BETWEEN %s AND %s) ORDER BY p.id DESC LIMIT 1)",
            [lo, hi, lo, lo, hi, lo, hi],
        )
        assert cursor.rowcount == 1, f"no petition wholly in {region}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django(args)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    import analytics.views
    from analytics import selectors
    from organisations.models import User

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM petitions_petition")
        total = cursor.fetchone()[0]
    year = args.year or dt.date.today().year - 1
    url = f"/analytics/?preset=custom&date_from={year}-01-01&date_to={year}-12-31"
    if args.query:
        url += "&" + args.query
    user = User.objects.get(username=args.user)
    if args.skip_nav_counts:
        from core import navigation

        navigation._ITEMS[:] = [dataclasses.replace(item, count=None) for item in navigation._ITEMS]
        print("navigation badge counts skipped")
    client = Client()
    client.force_login(user)

    figures: list[float] = []
    original = selectors.dashboard

    def timed(*a, **kw):
        start = time.perf_counter()
        try:
            return original(*a, **kw)
        finally:
            figures.append((time.perf_counter() - start) * 1000)

    analytics.views.selectors.dashboard = timed
    print(f"{total:,} petitions; user {args.user}; {url}; load average {os.getloadavg()[0]:.1f}")
    rounds = [("cold", 0)]
    if not args.no_warm:
        if "analytics_dataversion" in connection.introspection.table_names():
            rounds.append(("warm", 300))
        else:
            print("warm round skipped: the database lacks analytics migration 0004 (data version triggers)")
    worst = 0.0
    for name, seconds in rounds:
        settings.XINFANG_ANALYTICS_CACHE_SECONDS = seconds
        for _ in range(args.warmup):
            assert client.get(url).status_code == 200
        figures.clear()
        times: list[float] = []
        for _ in range(args.runs):
            if name == "warm" and args.write_elsewhere:
                write_elsewhere(args.write_elsewhere)
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        print(
            f"[{name}] {args.runs} runs{' (a write elsewhere before each)' if name == 'warm' and args.write_elsewhere else ''}, "
            f"{len(captured.captured_queries)} queries per page; slowest of the last:"
        )
        for q in sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:5]:
            print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:100]}")
        rows = [("page (server)", times)] + ([("figures only", figures)] if figures else [])
        for label, values in rows:
            print(
                f"  {label:14s} p50 {statistics.median(values):7.1f} ms   p95 {percentile(values, 0.95):7.1f} ms"
                f"   p99 {percentile(values, 0.99):7.1f} ms   max {max(values):7.1f} ms"
            )
        worst = percentile(times, 0.95)
    verdict = "OK" if worst < LIMIT_MS else "over"
    print(
        f"target p95 < {LIMIT_MS:.0f} ms (whole page, last round): {verdict}; load average {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
