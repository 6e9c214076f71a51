"""The benchmark suite: ``make bench`` (``BENCH_PETITIONS``, default 100000; 1000000 for the full run).

1. A PostgreSQL database: ``BENCH_DATABASE_URL`` if given (used as is, e.g. a copy of a seeded database), else
   ``xinfang_bench_<N>`` on the local server, created, migrated and filled by ``manage.py seed --petitions N
   --bulk`` unless it already holds N petitions.
2. gunicorn on loopback: ``gunicorn -c xinfang/gunicorn_conf.py xinfang.wsgi`` when that file exists, else two
   sync workers; DEBUG off, the cache and sessions as the settings give them.
3. A bounded load generator (threads, one keep-alive ``http.client`` connection each) signs in the seeded demo
   accounts over HTTP and measures: the staff list as a county, a city and a province user with each filter the
   list offers (page 1 and a later page), keyword search in the list and the API (city, province), every
   worklist, the home page and the navigation badges it loads, a detail page and the panels it loads after itself,
   the dashboard cold (a different period each request) and warm while another city registers petitions, staff
   registration POSTs at concurrency 4, then the reminder sweep and the province report as commands.
4. Prints a table (p50/p95/p99 ms, requests/s, errors) and writes ``var/bench/results-<timestamp>.json`` with
   the figures, peak RSS of every gunicorn process and the machine facts.

    make bench                                               # 100,000 petitions
    BENCH_PETITIONS=1000000 make bench
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/xf_copy .venv/bin/python bench/run.py --quick

Writes happen (registrations, the sweep's reminders): never point ``BENCH_DATABASE_URL`` at a database that
must stay as it is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import platform
import random
import re
import runpy
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from search_words import QUERIES  # bench/, the script's own folder

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
TARGETS = {  # ms at p95, or requests/s, from the performance issue
    "list": 60.0,
    "worklist": 60.0,
    "detail": 40.0,
    "dashboard-cold": 300.0,
    "register": 150.0,
    "search": 100.0,  # the text-intelligence issue's
}
COUNTY_USER, CITY_USER, PROVINCE_USER = "chengban", "duban", "lingdao"
WORKLIST_USERS = {"fuzeren": ("screening", "to-receive", "mine", "due-soon", "overdue", "approvals")}
SEARCH_QUERIES = [q for words in sorted(QUERIES) for q in QUERIES[words]]
LIST_FILTERS = [
    ("all", ""),
    ("open", "state=registered&state=accepted&state=assigned&state=in_progress&state=replied"),
    ("registered", "state=registered"),
    ("channel", "channel=visit"),
    ("unit", "unit={unit}"),
    ("region", "region={region}"),
    ("dates", "registered_from={year}-01-01&registered_to={year}-06-30"),
    ("flag", "flag=flag_repeat"),
    ("combined", "state=accepted&state=in_progress&channel=letter&registered_from={year}-01-01"),
]


# --------------------------------------------------------------------------- HTTP


class Session:
    """One signed-in user on one keep-alive connection."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes, float]:
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        data = None
        if body is not None:
            data = urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        for attempt in (1, 2):
            start = time.perf_counter()
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
            except (http.client.HTTPException, ConnectionError, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt == 2:
                    raise
                continue
            elapsed = (time.perf_counter() - start) * 1000
            break
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return response.status, content, elapsed

    def csrf(self, path: str) -> str:
        status, content, _ = self.request("GET", path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if not match:
            raise RuntimeError(f"no CSRF token on {path} (HTTP {status})")
        return match.group(1).decode()

    def login(self, username: str, password: str) -> Session:
        token = self.csrf("/login/")
        status, _, _ = self.request(
            "POST", "/login/", {"csrfmiddlewaretoken": token, "username": username, "password": password}
        )
        if status != 302:
            raise RuntimeError(f"login of {username} failed (HTTP {status})")
        return self


@dataclass
class Result:
    name: str
    times: list[float] = field(default_factory=list)
    errors: int = 0
    wall: float = 0.0
    concurrency: int = 1
    target: float | None = None

    def summary(self) -> dict:
        t = sorted(self.times)

        def pct(p):
            return round(t[min(len(t) - 1, int(round(p / 100 * (len(t) - 1))))], 1) if t else None

        return {
            "name": self.name,
            "requests": len(t),
            "errors": self.errors,
            "concurrency": self.concurrency,
            "p50_ms": pct(50),
            "p95_ms": pct(95),
            "p99_ms": pct(99),
            "mean_ms": round(statistics.fmean(t), 1) if t else None,
            "throughput_rps": round(len(t) / self.wall, 1) if self.wall else None,
            "target_p95_ms": self.target,
            "meets_target": (pct(95) is not None and pct(95) < self.target) if self.target else None,
        }


ONLY: list[re.Pattern] = []  # --only: the scenarios whose name matches one of these


def run_load(name, sessions, make_request, count, target=None, expect=(200,)) -> Result:
    """``count`` requests spread over one thread per session; ``make_request(session, i)`` -> (method, path,
    body)."""
    result = Result(name, concurrency=len(sessions), target=target)
    if ONLY and not any(p.search(name) for p in ONLY):
        return result
    lock = threading.Lock()
    counter = iter(range(count))

    def worker(session):
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            method, path, body = make_request(session, i)
            try:
                status, _, elapsed = session.request(method, path, body)
            except Exception:  # noqa: BLE001 - a failed request is counted, the run goes on
                with lock:
                    result.errors += 1
                continue
            with lock:
                if status in expect:
                    result.times.append(elapsed)
                else:
                    result.errors += 1

    threads = [threading.Thread(target=worker, args=(s,)) for s in sessions]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    result.wall = time.perf_counter() - start
    return result


# --------------------------------------------------------------------------- database and server


def database_url(args) -> tuple[str, bool]:
    given = os.environ.get("BENCH_DATABASE_URL", "")
    if given:
        return given, False
    return f"postgres://postgres@127.0.0.1:5432/xinfang_bench_{args.petitions}", True


def prepare_database(url: str, petitions: int, env: dict) -> None:
    name = url.rsplit("/", 1)[1]
    host = re.search(r"@([^:/]+)", url).group(1)
    exists = subprocess.run(
        ["psql", "-h", host, "-U", "postgres", "-Atc", f"select 1 from pg_database where datname='{name}'"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        subprocess.run(["createdb", "-h", host, "-U", "postgres", name], check=True)
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    count = subprocess.run(
        ["psql", "-h", host, "-U", "postgres", "-d", name, "-Atc", "select count(*) from petitions_petition"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if int(count or 0) >= petitions:
        print(f"reusing {name}: {count} petitions")
        return
    print(f"seeding {name} with {petitions} petitions (bulk)…", flush=True)
    start = time.perf_counter()
    subprocess.run(
        [PY, "manage.py", "seed", "--petitions", str(petitions), "--bulk"], cwd=ROOT, env=env, check=True
    )
    print(f"seeded in {time.perf_counter() - start:.0f} s")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    gunicorn = str(Path(PY).with_name("gunicorn"))
    conf = ROOT / "xinfang" / "gunicorn_conf.py"
    if conf.exists():
        cmd = [gunicorn, "-c", str(conf), "xinfang.wsgi", "--bind", f"127.0.0.1:{port}"]
    else:
        cmd = [gunicorn, "xinfang.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"]
    log_path = ROOT / "var" / "bench" / "gunicorn.log"
    log = open(log_path, "ab")  # noqa: SIM115 - lives as long as the server
    start = log.tell()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True)
    # the socket accepts before the workers have warmed up (about two seconds each): measuring then would time
    # the warm-up, so wait for every worker's "warmed up" line
    workers = runpy.run_path(str(conf))["workers"] if conf.exists() else 2
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("gunicorn exited; see var/bench/gunicorn.log")
        with open(log_path, "rb") as f:
            f.seek(start)
            ready = f.read().count(b"warmed up in")
        if ready >= workers or not conf.exists():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return proc
            except OSError:
                pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not start within 120 s")


def process_tree(pid: int) -> list[int]:
    pids = [pid]
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                stat = (p / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                pids.append(int(p.name))
    return pids


def peak_rss(pids: list[int]) -> dict:
    out = {}
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    out[str(pid)] = round(int(line.split()[1]) / 1024, 1)
        except OSError:
            continue
    return out


def machine_facts(url: str) -> dict:
    name = url.rsplit("/", 1)[1]
    host = re.search(r"@([^:/]+)", url).group(1)

    def psql(sql):
        return subprocess.run(
            ["psql", "-h", host, "-U", "postgres", "-d", name, "-Atc", sql], capture_output=True, text=True
        ).stdout.strip()

    meminfo = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gib": round(int(meminfo) / 1024 / 1024, 1),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "kernel": platform.release(),
        "postgresql": psql("show server_version"),
        "shared_buffers": psql("show shared_buffers"),
        "work_mem": psql("show work_mem"),
        "jit": psql("show jit"),
        "petitions": int(psql("select count(*) from petitions_petition") or 0),
    }


# --------------------------------------------------------------------------- fixtures read from the database


def id_number(i: int) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    born = dt.date(1950, 1, 1) + dt.timedelta(days=i % 18000)
    first = f"620621{born:%Y%m%d}{i % 1000:03d}"
    return first + "10X98765432"[sum(int(c) * w for c, w in zip(first, weights, strict=True)) % 11]


def fixtures(env: dict) -> dict:
    """Read from the database through Django: the demo password, a unit and region to filter by, a detail pk,
    and a registering clerk of a county in another city than the dashboard's."""
    code = r"""
import json, os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
django.setup()
from demo.structure import DEMO_PASSWORD
from organisations.models import Membership, Role, Unit
from petitions.models import Petition
from petitions.scope import visible_petitions
from django.contrib.auth import get_user_model
User = get_user_model()
county = User.objects.get(username="chengban")
pk = visible_petitions(county).order_by("-registered_at").values_list("pk", flat=True)[200]
unit = Unit.objects.get(code="620602-court")
other = (Membership.objects.filter(role=Role.RECEPTION, unit__code__endswith="-reception_center")
         .exclude(unit__code__startswith="6206").exclude(unit__code__startswith="6200")
         .select_related("user", "unit").order_by("unit__code").first())
year = Petition.objects.order_by("-registered_at").values_list("registered_at__year", flat=True).first()
print(json.dumps({"password": DEMO_PASSWORD, "unit": unit.pk, "region": "620602", "detail": pk,
                  "writer": other.user.username, "writer_unit": other.unit.pk,
                  "writer_region": other.unit.region_id, "year": year}))
"""
    out = subprocess.run([PY, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def registration(fx: dict, unit: int, region: str, token: str, i: int) -> dict:
    now = dt.datetime.now() - dt.timedelta(minutes=5)
    return {
        "csrfmiddlewaretoken": token,
        "unit": unit,
        "channel": "visit",
        "registered_at": now.strftime("%Y-%m-%dT%H:%M"),
        "title": f"申请执行(2020)甘0602执{i}号案件执行款",
        "demands": "请求法院尽快执行到位。",
        "facts": "判决生效两年，被执行人有房产未被查封。",
        "problem_region": region,
        "residence_region": region,
        "group_size": "1",
        "submission_key": uuid.uuid4().hex,
        "case_number": f"(2020)甘0602执{i}号",
        "p-TOTAL_FORMS": "1",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "1",
        "p-MAX_NUM_FORMS": "50",
        "p-0-name": "李秀英",
        "p-0-id_number": id_number(i),
        "p-0-phone": f"1389351{i % 10000:04d}",
        "p-0-address": "西大街2号",
        "i-TOTAL_FORMS": "0",
        "i-INITIAL_FORMS": "0",
        "i-MIN_NUM_FORMS": "0",
        "i-MAX_NUM_FORMS": "6",
    }


# --------------------------------------------------------------------------- the run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--petitions", type=int, default=int(os.environ.get("BENCH_PETITIONS", "100000")))
    parser.add_argument("--requests", type=int, default=40, help="requests per read scenario (default 40)")
    parser.add_argument("--registrations", type=int, default=1000, help="registration POSTs (default 1000)")
    parser.add_argument("--concurrency", type=int, default=2, help="threads for reads (default 2)")
    parser.add_argument("--quick", action="store_true", help="fewer requests and filters (smoke run)")
    parser.add_argument("--skip-commands", action="store_true", help="skip the sweep and the report")
    parser.add_argument("--only", action="append", default=[], help="a regex: run only matching scenarios")
    args = parser.parse_args(argv)
    ONLY.extend(re.compile(p) for p in args.only)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # so that the server below is stopped too
    if args.quick:
        args.requests, args.registrations = 10, 100

    url, own = database_url(args)
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATABASE_URL": url, "XINFANG_DEBUG": "0", "PYTHONUNBUFFERED": "1"}
    env.pop("XINFANG_SECRET_KEY", None) if not os.environ.get("XINFANG_ENV") else None
    if own:
        prepare_database(url, args.petitions, env)
    else:
        subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    fx = fixtures(env)
    port = free_port()
    server = start_gunicorn(env, port)
    results: list[Result] = []
    try:
        results = scenarios(args, port, fx)
        rss = peak_rss(process_tree(server.pid))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    if not args.skip_commands:
        results.extend(commands(env, fx))
    results = [r for r in results if r.times or r.errors]
    report = {
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": url.rsplit("/", 1)[1],
        "machine": machine_facts(url),
        "peak_rss_mib": rss,
        "results": [r.summary() for r in results],
    }
    out = ROOT / "var" / "bench" / f"results-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print_table(report)
    print(f"\nwritten: {out.relative_to(ROOT)}")
    return 0


def scenarios(args, port: int, fx: dict) -> list[Result]:
    password, n, c = fx["password"], args.requests, args.concurrency
    results: list[Result] = []

    def users(name, k=c):
        return [Session(port).login(name, password) for _ in range(k)]

    def get(path):
        return lambda s, i: ("GET", path, None)

    filters = LIST_FILTERS[:3] if args.quick else LIST_FILTERS
    for label, username in (("county", COUNTY_USER), ("city", CITY_USER), ("province", PROVINCE_USER)):
        sessions = users(username)
        for fname, query in filters:
            query = query.format(**fx)
            for page in (1, 3):
                path = "/petitions/?" + "&".join(q for q in (query, f"page={page}" if page > 1 else "") if q)
                results.append(
                    run_load(f"list {label} {fname} p{page}", sessions, get(path), n, TARGETS["list"])
                )
                print_row(results[-1].summary())
    # the keyword box and the API's q, each request the next of one-, two- and three-word queries
    for label, username in (("city", CITY_USER), ("province", PROVINCE_USER)):
        sessions = users(username)
        for kind, path in (("list", "/petitions/"), ("api", "/api/v1/petitions/")):

            def search(s, i, path=path):
                return ("GET", path + "?" + urlencode({"q": SEARCH_QUERIES[i % len(SEARCH_QUERIES)]}), None)

            results.append(run_load(f"search {kind} {label}", sessions, search, n, TARGETS["search"]))
            print_row(results[-1].summary())
    for username, names in WORKLIST_USERS.items():
        sessions = users(username)
        for name in names:
            path = f"/handling/worklists/{name}/"
            results.append(run_load(f"worklist {name}", sessions, get(path), n, TARGETS["worklist"]))
            print_row(results[-1].summary())
    for label, username in (("county", COUNTY_USER), ("province", PROVINCE_USER)):
        sessions = users(username)
        results.append(run_load(f"home {label}", sessions, get("/"), n))
        print_row(results[-1].summary())
        # the badges the page loads after itself (core.navigation): every worklist, alerts, tasks, notices
        results.append(run_load(f"nav badges {label}", sessions, get("/nav/badges/"), n, TARGETS["worklist"]))
        print_row(results[-1].summary())
    sessions = users(COUNTY_USER)
    results.append(run_load("detail", sessions, get(f"/petitions/{fx['detail']}/"), n, TARGETS["detail"]))
    print_row(results[-1].summary())
    for key in ("duplicates", "suggestions"):  # the panels the page loads after itself (petitions.panels)
        path = f"/petitions/{fx['detail']}/panels/{key}/"
        results.append(run_load(f"detail panel {key}", sessions, get(path), n))
        print_row(results[-1].summary())

    # dashboard: cold = a period never asked before; warm = the same page while another city registers
    sessions = users(CITY_USER)
    year = fx["year"]
    base = dt.date(year, 1, 1)
    offset = random.randint(0, 10_000)

    def cold(s, i):
        end = base + dt.timedelta(days=60 + (offset + i) % 300)
        return "GET", f"/analytics/?preset=custom&date_from={base}&date_to={end}", None

    results.append(
        run_load("dashboard cold (city)", sessions, cold, max(10, n // 2), TARGETS["dashboard-cold"])
    )
    print_row(results[-1].summary())
    if wanted("dashboard warm"):
        results.append(dashboard_warm(port, fx, sessions, n))
        print_row(results[-1].summary())
    if wanted("registration POST"):
        results.append(intake(port, fx, args.registrations))
        print_row(results[-1].summary())
    return results


def dashboard_warm(port: int, fx: dict, sessions: list[Session], n: int) -> Result:
    """The same dashboard page again and again while a clerk of another city registers petitions."""
    writer = Session(port).login(fx["writer"], fx["password"])
    token = writer.csrf("/petitions/register/")
    stop = threading.Event()
    written = [0]

    def write_elsewhere():
        i = 0
        while not stop.is_set():
            body = registration(fx, fx["writer_unit"], fx["writer_region"], token, 500_000 + i)
            status, _, _ = writer.request("POST", "/petitions/register/", body)
            written[0] += status == 302
            i += 1
            time.sleep(0.2)

    warm_path = "/analytics/?preset=this_year"
    for s in sessions:
        s.request("GET", warm_path)
    thread = threading.Thread(target=write_elsewhere)
    thread.start()
    result = run_load(
        "dashboard warm (city, writes elsewhere)", sessions, lambda s, i: ("GET", warm_path, None), n
    )
    stop.set()
    thread.join()
    result.name += f" [{written[0]} writes]"
    return result


def intake(port: int, fx: dict, count: int) -> Result:
    """Staff registration POSTs at concurrency 4, one clerk's session per connection."""
    clerks = [Session(port).login(fx["writer"], fx["password"]) for _ in range(4)]
    tokens = {id(s): s.csrf("/petitions/register/") for s in clerks}

    def register(s, i):
        return (
            "POST",
            "/petitions/register/",
            registration(fx, fx["writer_unit"], fx["writer_region"], tokens[id(s)], i),
        )

    return run_load("registration POST", clerks, register, count, TARGETS["register"], expect=(302,))


def commands(env: dict, fx: dict) -> list[Result]:
    out = []
    year = fx["year"]
    for name, cmd in (
        ("reminder sweep (command)", ["sweep_deadlines"]),
        ("report, province, year (command)", ["report", "--from", f"{year}-01-01", "--to", f"{year}-12-31"]),
    ):
        if not wanted(name):
            continue
        start = time.perf_counter()
        done = subprocess.run([PY, "manage.py", *cmd], cwd=ROOT, env=env, capture_output=True)
        result = Result(name)
        result.wall = time.perf_counter() - start
        if done.returncode:
            result.errors = 1
        else:
            result.times.append(result.wall * 1000)
        out.append(result)
        print_row(result.summary())
    return out


def wanted(name: str) -> bool:
    return not ONLY or any(p.search(name) for p in ONLY)


def print_row(s: dict) -> None:
    if not s["requests"] and not s["errors"]:
        return
    mark = (
        "" if s["meets_target"] is None else (" ok" if s["meets_target"] else f" > {s['target_p95_ms']:.0f}")
    )
    print(
        f"{s['name'][:52]:<52} {s['requests']:>5} {s['errors']:>3} "
        f"{s['p50_ms'] or 0:>8.1f} {s['p95_ms'] or 0:>8.1f} {s['p99_ms'] or 0:>8.1f} "
        f"{s['throughput_rps'] or 0:>7.1f}{mark}",
        flush=True,
    )


def print_table(report: dict) -> None:
    print(
        f"\n{report['machine']['petitions']:,} petitions, {report['machine']['cpus']} CPUs, "
        f"PostgreSQL {report['machine']['postgresql']}, jit={report['machine']['jit']}"
    )
    print(f"{'scenario':<52} {'n':>5} {'err':>3} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7}")
    for s in report["results"]:
        print_row(s)
    print("peak RSS (MiB) per gunicorn process:", report["peak_rss_mib"])


if __name__ == "__main__":
    sys.exit(main())
