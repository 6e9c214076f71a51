"""Staff intake over HTTP: registration form POSTs (``/petitions/register/``) by reception clerks of several
counties at once, against gunicorn on loopback, driven by wrk (``apt-get install wrk``).

Each clerk signs in over HTTP with the demo password (``bench/run.py``'s ``Session``) and registers petitions
in its own county, as a province's clerks do, so the counties' number counters are separate; ``--regions 1``
puts every registration on one county's counter. Every request is a different petitioner (valid identity
number, a block of people per run) and a fresh submission key; afterwards the bench counts the petitions of the
run the database holds, so a redirect to the login page is never counted as a registration. Requirement
(performance issue): ≥ 250 registrations/s sustained at concurrency 4, p95 < 150 ms.

    createdb -h 127.0.0.1 -U postgres -T xinfang_bench_1000000 xf_intake
    .venv/bin/python bench/intake_bench.py --database-url postgres://postgres@127.0.0.1:5432/xf_intake

Writes petitions: never point it at a database that must stay as it is.
"""

import os
import signal
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from portal_bench import (  # bench/, the script's own folder
    id_number,
    load_parser,
    setup_django,
    vacuum_hot_tables,
    wrk_post,
)
from run import Session, registration, start_gunicorn

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv=None):
    parser = load_parser(__doc__, 8766)
    parser.add_argument("--regions", type=int, default=8, help="counties whose clerks register (default 8)")
    return parser.parse_args(argv)


def clerks(count: int) -> list[tuple[str, int, str]]:
    """(username, unit id, region code) of a county reception clerk in each of ``count`` counties."""
    from organisations.models import Membership, Role, UnitLevel

    found, regions = [], set()
    rows = (
        Membership.objects.filter(role=Role.RECEPTION, unit__level=UnitLevel.COUNTY, user__is_active=True)
        .select_related("user", "unit")
        .order_by("unit__code", "user_id")
    )
    for m in rows:
        if m.unit.region_id not in regions:
            regions.add(m.unit.region_id)
            found.append((m.user.username, m.unit.pk, m.unit.region_id))
        if len(found) == count:
            break
    return found


def sign_in(port: int, people: list[tuple[str, int, str]]) -> list[tuple[str, str, int, str]]:
    """Each clerk signed in over HTTP: (Cookie header, CSRF token, unit id, region code)."""
    from demo.structure import DEMO_PASSWORD

    signed_in = []
    for username, unit, region in people:
        session = Session(port).login(username, DEMO_PASSWORD)
        token = session.csrf("/petitions/register/")
        cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
        signed_in.append((cookie, token, unit, region))
    return signed_in


def prepared(signed_in: list[tuple[str, str, int, str]], total: int, run_id: str) -> str:
    """A file of ``total`` requests, the clerks in turn: each clerk's session cookie and a different petition."""
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as out:
        for i in range(total):
            cookie, token, unit, region = signed_in[i % len(signed_in)]
            body = registration({}, unit, region, token, i)
            body["p-0-id_number"] = id_number(int(run_id) % 800 * 20_000 + i)  # a new person in every run
            body["title"] += f"（压测 {run_id}-{i}）"
            out.write(f"{cookie}\t{urlencode(body)}\n")
    return out.name


def run_wrk(port: int, bodies: str, concurrency: int, seconds: float) -> dict:
    return wrk_post(
        port, bodies, "/petitions/register/", "application/x-www-form-urlencoded", concurrency, seconds
    )


def stored(run_id: str) -> int:
    from petitions.models import Petition

    return Petition.objects.filter(title__contains=f"（压测 {run_id}-").count()


def main(argv=None):
    args = parse_args(argv)
    setup_django(args.database_url)
    people = clerks(args.regions)
    vacuum_hot_tables()
    env = {**os.environ, "DATABASE_URL": args.database_url, "XINFANG_ALLOWED_HOSTS": "127.0.0.1"}
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    server = start_gunicorn(env, args.port)  # the production configuration, warmed up
    files = []
    try:
        warm_id, run_id = str(int(time.time()) + 400), str(int(time.time()))
        signed_in = sign_in(args.port, people)
        files.append(prepared(signed_in, 200, warm_id))
        run_wrk(args.port, files[-1], args.concurrency, 3)  # warm-up: workers, connections, caches
        files.append(prepared(signed_in, int(args.seconds * 400) + 1000, run_id))
        f = run_wrk(args.port, files[-1], args.concurrency, args.seconds)
        kept = stored(run_id)
        print(f"staff registrations (wrk, counties: {len(people)}): {f['requests']:.0f} in "
              f"{f['seconds']:.1f}s = {f['requests'] / f['seconds']:.1f}/s at concurrency {args.concurrency}, "
              f"{f['failed']:.0f} failed, {kept} stored; p50 {f['p50']:.1f} ms, p95 {f['p95']:.1f} ms, "
              f"p99 {f['p99']:.1f} ms, max {f['max']:.1f} ms  [requirement ≥250/s, p95 <150 ms]")  # fmt: skip
        if kept < f["requests"]:  # (a request still in flight when wrk stops may store one more)
            print(f"*** {f['requests'] - kept:.0f} requests did not store a petition", file=sys.stderr)
            return 1
    finally:
        for name in files:
            os.unlink(name)
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
