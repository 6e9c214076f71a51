"""Benchmark of the public portal against gunicorn on loopback: online submissions and tracking lookups.

Starts gunicorn on the given database (a COPY of the seeded one: submissions write), with the rate limits and
the CAPTCHA switched off (``XINFANG_PORTAL_RATE_LIMITS=off``, ``XINFANG_PORTAL_CAPTCHA=0``: the benchmark
plays many petitioners from one address), and drives the API (``/api/v1/portal/``, the same services as the
pages) from ``--concurrency`` client threads over keep-alive connections:

1. submissions for ``--seconds``: each a different person (valid identity number) and a fresh idempotency
   token, sustained throughput and p50/p95 latency. Requirement: ≥ 150/s at concurrency 4, p95 < 150 ms.
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
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8765)
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

    region = next(
        r.code for r in Region.objects.exclude(code__endswith="00").order_by("code") if receiving_unit(r.code)
    )
    pairs = list(Petition.objects.order_by("?").values_list("number", "query_code")[:500])
    return region, pairs


def id_number(i: int) -> str:
    from core.validators import id_number_check_char

    first17 = f"620602198001{(i % 28) + 1:02d}{i % 1000:03d}"
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


def run_submissions(port, region, concurrency, seconds, run_id):
    latencies, statuses, lock = [], {}, threading.Lock()
    deadline = time.perf_counter() + seconds
    counter = iter(range(10**9))

    def worker(w):
        client = Client(port)
        while time.perf_counter() < deadline:
            i = next(counter)
            status, ms = client.post(
                "/api/v1/portal/submissions/",
                {
                    "name": "测试群众",
                    "id_number": id_number(i),
                    "phone": f"139{i % 100000000:08d}",
                    "problem_region": region,
                    "title": f"不服民事判决（压测 {run_id}-{i}）",
                    "facts": "原审认定借款事实错误，证据不足。",
                    "demands": "请求依法再审。",
                    "case_number": f"(2020)压测{run_id}第{i}号",
                    "token": f"bench-{run_id}-{i}",
                },
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
    region, pairs = fixtures()
    env = {**os.environ, "DATABASE_URL": args.database_url, "XINFANG_PORTAL_RATE_LIMITS": "off",
           "XINFANG_PORTAL_CAPTCHA": "0", "XINFANG_ALLOWED_HOSTS": "127.0.0.1"}  # fmt: skip
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "xinfang.wsgi:application", "-b", f"127.0.0.1:{args.port}",
         "-w", str(args.workers), "--log-level", "warning"],
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
        run_submissions(args.port, region, args.concurrency, 3, run_id + "w")  # warm-up: workers, connections
        lat, statuses, elapsed = run_submissions(args.port, region, args.concurrency, args.seconds, run_id)
        ok = sum(n for s, n in statuses.items() if s in (200, 201))
        print(f"submissions: {ok} in {elapsed:.1f}s = {ok / elapsed:.1f}/s at concurrency {args.concurrency} "
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
