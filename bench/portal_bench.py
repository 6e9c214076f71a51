"""Benchmark of the public portal against gunicorn on loopback: online submissions and tracking lookups.

Starts gunicorn on the given database (a COPY of the seeded one: submissions write), with the rate limits and
the CAPTCHA switched off (``XINFANG_PORTAL_RATE_LIMITS=off``, ``XINFANG_PORTAL_CAPTCHA=0``: the benchmark
plays many petitioners from one address), and drives the API (``/api/v1/portal/``, the same services as the
pages) over ``--concurrency`` keep-alive connections:

1. submissions for ``--seconds``: each a different person (valid identity number) and a fresh idempotency
   token, sustained throughput and p50/p95/p99 latency, by wrk (``apt-get install wrk``; Python client
   threads when it is missing). Requirement: ≥ 150/s, p95 < 150 ms.
2. ``--lookups`` tracking lookups (registration number + query code of existing petitions, right codes and
   wrong ones alternating): p50/p95. Requirement: p95 < 50 ms.

    createdb -h 127.0.0.1 -U postgres -T xf_bench1m xf_portal_1m
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/xf_portal_1m .venv/bin/python manage.py migrate
    .venv/bin/python bench/portal_bench.py --database-url postgres://postgres@127.0.0.1:5432/xf_portal_1m
"""

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_parser(description: str, port: int) -> argparse.ArgumentParser:
    """The options every intake benchmark takes: the database, the clients, the duration, the server's port."""
    parser = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--port", type=int, default=port)
    return parser


def parse_args(argv=None):
    parser = load_parser(__doc__, 8765)
    parser.add_argument(
        "--workers", type=int, default=None,
        help="gunicorn worker processes (default: the production configuration's, cores + 1)",
    )  # fmt: skip
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument(
        "--generator", choices=("wrk", "python"), default="wrk" if shutil.which("wrk") else "python",
        help="load generator for the submissions: wrk (Debian package wrk; default when installed) or Python threads",
    )  # fmt: skip
    parser.add_argument(
        "--regions", type=int, default=1,
        help="counties the submissions come from, in turn (1: every submission to the same county's counter)",
    )  # fmt: skip
    return parser.parse_args(argv)


def setup_django(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def fixtures():
    """A county whose submissions have a receiving unit, and existing petitions' numbers and codes."""
    from organisations.models import Region
    from petitions.models import Petition
    from portal.services import receiving_unit

    counties = Region.objects.exclude(code__endswith="00").order_by("code")
    regions = [r.code for r in counties if receiving_unit(r.code)]
    pairs = list(Petition.objects.order_by("?").values_list("number", "query_code")[:500])
    return regions, pairs


# Rows every submission updates or queues and deletes. Production's autovacuum keeps them small; the PostgreSQL
# server on the bench machine runs with autovacuum off, where each run would start slower than the last.
HOT_TABLES = (
    "petitions_registrationcounter",
    "analytics_pendingregion",
    "analytics_regionversion",
    "analytics_dataversion",
)


def vacuum_hot_tables():
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in HOT_TABLES:
            cursor.execute(f"VACUUM {table}")


def id_number(k: int) -> str:
    """The ``k``-th of 16.8 million valid identity numbers (birth 1950–1999, a sequence number per day)."""
    from core.validators import id_number_check_char

    year, month = 1950 + k // 336_000 % 50, k // 28_000 % 12 + 1
    first17 = f"620602{year}{month:02d}{k // 1000 % 28 + 1:02d}{k % 1000:03d}"
    return first17 + id_number_check_char(first17)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


class Client:
    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def post(self, path, body):
        data = json.dumps(body).encode()
        started = time.perf_counter()
        self.conn.request("POST", path, data, {"Content-Type": "application/json", "Host": "127.0.0.1"})
        response = self.conn.getresponse()
        response.read()
        return response.status, (time.perf_counter() - started) * 1000


def submission(i, regions, run_id):
    """The ``i``-th submission of a run: a different person, case and idempotency token each time."""
    return {
        "name": "测试群众",
        # a different person in every run: earlier runs' people would make every submission a 重信重访
        "id_number": id_number(int(run_id) % 800 * 20_000 + i),
        "phone": f"139{i % 100000000:08d}",
        "problem_region": regions[i % len(regions)],
        "title": f"不服民事判决（压测 {run_id}-{i}）",
        "facts": "原审认定借款事实错误，证据不足。",
        "demands": "请求依法再审。",
        "case_number": f"(2020)压测{run_id}第{i}号",
        "token": f"bench-{run_id}-{i}",
    }


def run_submissions(port, regions, concurrency, seconds, run_id):
    """Python client threads: the fallback generator. They share the two cores with the server they measure
    (about 3.5 ms of CPU per request), so they understate what the server sustains."""
    latencies, statuses, lock = [], {}, threading.Lock()
    deadline = time.perf_counter() + seconds
    counter = iter(range(10**9))

    def worker(w):
        client = Client(port)
        while time.perf_counter() < deadline:
            status, ms = client.post(
                "/api/v1/portal/submissions/", submission(next(counter), regions, run_id)
            )
            with lock:
                latencies.append(ms)
                statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(w,)) for w in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, statuses, time.perf_counter() - started


def wrk_post(port, bodies, path, content_type, concurrency, seconds, threads=2) -> dict:
    """wrk (C, event loop) with ``wrk_post.lua``: the prepared bodies in the file ``bodies``, one per request, POSTed
    to ``path``. wrk's figures: requests, failed, seconds, p50, p95, p99, max (ms)."""
    out = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(concurrency), "-d", f"{round(seconds)}s", "--timeout", "10s",
         "-s", str(ROOT / "bench" / "wrk_post.lua"), f"http://127.0.0.1:{port}/"],
        env={**os.environ, "WRK_BODIES": bodies, "WRK_THREADS": str(threads), "WRK_PATH": path,
             "WRK_CONTENT_TYPE": content_type},
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    line = next(row for row in out.splitlines() if row.startswith("WRK "))
    return {k: float(v) for k, v in (part.split("=") for part in line.split()[1:])}


def run_submissions_wrk(port, regions, concurrency, seconds, run_id):
    """The submissions by wrk. Returns wrk's figures and how many petitions of this run the database holds
    afterwards (every 201 is a stored petition)."""
    import tempfile

    from petitions.models import Petition

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as bodies:
        for i in range(int(seconds * 500) + 1000):  # more than the server can take in the time
            bodies.write(json.dumps(submission(i, regions, run_id), ensure_ascii=False) + "\n")
    try:
        figures = wrk_post(
            port, bodies.name, "/api/v1/portal/submissions/", "application/json", concurrency, seconds
        )
    finally:
        os.unlink(bodies.name)
    figures["stored"] = Petition.objects.filter(title__contains=f"压测 {run_id}-").count()
    return figures


def run_lookups(port, pairs, concurrency, total):
    latencies, statuses, lock = [], {}, threading.Lock()
    counter = iter(range(total))

    def worker():
        client = Client(port)
        for i in counter:
            number, code = pairs[i % len(pairs)]
            status, ms = client.post(
                "/api/v1/portal/track/", {"number": number, "code": code if i % 2 else "WRONGCODE234"}
            )
            with lock:
                latencies.append(ms)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, statuses


def main(argv=None):
    args = parse_args(argv)
    setup_django(args.database_url)
    regions, pairs = fixtures()
    regions = regions[: args.regions]
    vacuum_hot_tables()
    env = {**os.environ, "DATABASE_URL": args.database_url, "XINFANG_PORTAL_RATE_LIMITS": "off",
           "XINFANG_PORTAL_CAPTCHA": "0", "XINFANG_ALLOWED_HOSTS": "127.0.0.1"}  # fmt: skip
    server = subprocess.Popen(
        # the production configuration (gthread workers, keep-alive, warm-up), access log off
        [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "xinfang" / "gunicorn_conf.py"), "xinfang.wsgi",
         "-b", f"127.0.0.1:{args.port}", "--log-level", "warning", "--access-logfile", "/dev/null",
         *(["-w", str(args.workers)] if args.workers else [])],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", args.port, timeout=1).request("GET", "/portal/")
                break
            except OSError:
                time.sleep(0.2)
        run_id = str(int(time.time()))
        workers = args.workers or os.cpu_count() + 1
        run_submissions(
            args.port, regions, args.concurrency, 3, str(int(run_id) + 400)
        )  # warm-up: workers, connections
        if args.generator == "wrk":
            f = run_submissions_wrk(args.port, regions, args.concurrency, args.seconds, run_id)
            print(f"submissions (wrk, {workers} workers, {len(regions)} counties): {f['requests']:.0f} in "
                  f"{f['seconds']:.1f}s = {f['requests'] / f['seconds']:.1f}/s at concurrency {args.concurrency}, "
                  f"{f['failed']:.0f} failed, {f['stored']} stored; p50 {f['p50']:.1f} ms, p95 {f['p95']:.1f} ms, "
                  f"p99 {f['p99']:.1f} ms, max {f['max']:.1f} ms  [requirement ≥150/s, p95 <150 ms]")  # fmt: skip
        else:
            lat, statuses, elapsed = run_submissions(
                args.port, regions, args.concurrency, args.seconds, run_id
            )
            ok = sum(n for s, n in statuses.items() if s in (200, 201))
            print(f"submissions (Python threads, {workers} workers, {len(regions)} counties): {ok} in "
                  f"{elapsed:.1f}s = {ok / elapsed:.1f}/s at concurrency {args.concurrency} "
                  f"(statuses {statuses}); p50 {statistics.median(lat):.1f} ms, p95 {pct(lat, 95):.1f} ms, "
                  f"max {max(lat):.1f} ms  [requirement ≥150/s, p95 <150 ms]")  # fmt: skip
        run_lookups(args.port, pairs, args.concurrency, 100)
        lat, statuses = run_lookups(args.port, pairs, args.concurrency, args.lookups)
        print(f"tracking lookups: {len(lat)} (statuses {statuses}); p50 {statistics.median(lat):.1f} ms, "
              f"p95 {pct(lat, 95):.1f} ms, max {max(lat):.1f} ms  [requirement p95 <50 ms]")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
