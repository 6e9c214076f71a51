"""Fault injection: register petitions over HTTP while a web worker is killed and PostgreSQL restarts, then
prove from the database that every answered registration is whole and that no partial petition exists.

Steps (loopback only, bounded in requests and time):

1. create a fresh PostgreSQL database (dropping one of the same name), migrate it and seed the demo province
   (``seed --petitions N``);
2. start the application under gunicorn with several workers on 127.0.0.1;
3. run a bounded concurrent load: each client logs in as the demo reception clerk, fetches the registration
   form (and its CSRF token) and posts it with a unique marker in the title;
4. during the load, SIGKILL gunicorn workers (``--kills``, while registrations are in flight), and with ``--restart-postgres`` restart the
   PostgreSQL cluster once (``pg_ctlcluster --skip-systemctl-redirect 15 main restart``);
5. stop gunicorn and check through the database: each registration that got a success answer has exactly one
   petition with its petitioner, party row, registration event and a registration number the counter covers;
   and nowhere is there a partial petition (a petition without its registration event or its party, a party
   without its petitioner, a petitioner without any petition, a number the counter has not issued).

    .venv/bin/python bench/fault_injection.py                      # worker kills, a 5 s outage of this database
    .venv/bin/python bench/fault_injection.py --restart-postgres   # worker kills and one PostgreSQL restart

Exit status 0 when every check passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import collections
import html.parser
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
CLERK = ("jiefang", "xinfang2026")  # the demo reception clerk of 凉州区联合接访中心 (demo/structure.py)
NUMBER = re.compile(r"^(\d{6})-(\d{4})-(\d+)$")
FORM_PATIENCE = 60.0  # seconds a client keeps asking for the form while the service is unavailable


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="xinfang_fault")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5432)
    parser.add_argument("--user", default="postgres")
    parser.add_argument("--seed-petitions", type=int, default=200)
    parser.add_argument("--requests", type=int, default=300, help="registrations to attempt (default 300)")
    parser.add_argument("--concurrency", type=int, default=6, help="concurrent clients (default 6)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    parser.add_argument(
        "--kill-at", type=float, default=0.3, help="kill a worker after this share of requests"
    )
    parser.add_argument("--kills", type=int, default=2, help="workers to kill, 0.1 of the requests apart")
    parser.add_argument(
        "--restart-postgres", action="store_true", help="restart PostgreSQL once during the run"
    )
    parser.add_argument("--restart-at", type=float, default=0.6, help="restart after this share of requests")
    parser.add_argument(
        "--outage",
        type=float,
        default=5.0,
        help="without --restart-postgres: cut this database off for so many seconds instead (0: none)",
    )
    parser.add_argument(
        "--cluster", default="15 main", help="pg_ctlcluster version and name (default 15 main)"
    )
    parser.add_argument(
        "--time-limit", type=float, default=600.0, help="stop sending after this many seconds"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    if not 1 <= args.requests <= 5000 or not 1 <= args.concurrency <= 32 or not 2 <= args.workers <= 8:
        parser.error("--requests 1..5000, --concurrency 1..32, --workers 2..8")
    return args


# ---------------------------------------------------------------------------------------------- setup


def database_url(args) -> str:
    return f"postgres://{args.user}@{args.host}:{args.port}/{args.database}"


def admin_connect(args, dbname="postgres"):
    return psycopg.connect(host=args.host, port=args.port, user=args.user, dbname=dbname, autocommit=True)


def recreate_database(args) -> None:
    with admin_connect(args) as conn:
        name = sql.Identifier(args.database)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def drop_database(args) -> None:
    with admin_connect(args) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(args.database)))


def manage(args, *command: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url(args)}
    subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), *command],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1 with N sync workers."""

    def __init__(self, args, log_dir: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = (log_dir / "gunicorn.log").open("w")
        env = {**os.environ, "DATABASE_URL": database_url(args), "XINFANG_LOG_LEVEL": "WARNING"}
        self.proc = subprocess.Popen(  # noqa: S603
            [
                str(VENV_BIN / "gunicorn"),
                "xinfang.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(args.workers),
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/login/", timeout=5) as r:  # noqa: S310 - loopback
                    if r.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                time.sleep(0.5)
        raise SystemExit("gunicorn did not start; see its log")

    def workers(self) -> list[int]:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.proc.pid:
                found.append(int(stat.parent.name))
        return sorted(found)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


# ---------------------------------------------------------------------------------------------- clients


class FormParser(html.parser.HTMLParser):
    """The fields and default values of the form that holds ``submission_key``."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self._form: dict[str, list[str]] | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = collections.defaultdict(list)
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                self._form[name].append(a.get("value") or "")
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in a:
                self._form[self._select].append(value)
                self._select_chosen = True
        elif tag == "textarea" and name:
            self._textarea = name
            self._form[name].append("")

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select and self._form is not None:
            if not self._select_chosen and self._select_first is not None:
                self._form[self._select].append(self._select_first)
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._form = None


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)

    def request(self, path: str, data: dict | None = None, timeout: float = 30) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body)  # noqa: S310 - loopback
        if data is not None:
            req.add_header("Referer", self.base + path)
        try:
            with self.opener.open(req, timeout=timeout) as r:
                return r.status, r.headers.get("Location", ""), r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Location", ""), e.read().decode("utf-8", "replace")

    def form(self, path: str) -> dict[str, list[str]]:
        status, _loc, page = self.request(path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status}")
        parser = FormParser()
        parser.feed(page)
        for form in parser.forms:
            if "submission_key" in form or "csrfmiddlewaretoken" in form and "username" in form:
                return dict(form)
        raise RuntimeError(f"no form on {path}")

    def login(self, username: str, password: str) -> None:
        for _attempt in range(20):
            try:
                form = self.form("/login/")
                form.update(username=[username], password=[password])
                status, location, _ = self.request("/login/", form)
                if status == 302 and "/login/" not in location:
                    return
            except (OSError, RuntimeError):
                pass
            time.sleep(0.5)
        raise SystemExit("could not log in as the demo clerk")


class Load:
    """Bounded concurrent registrations; records how each ended."""

    def __init__(self, base: str, args):
        self.base, self.args = base, args
        self.lock = threading.Lock()
        self.sent = 0
        self.done = 0
        self.posting = 0  # registrations in flight
        self.form_retries = 0
        self.succeeded: dict[str, int] = {}  # marker -> petition id from the redirect
        self.failed: collections.Counter = collections.Counter()
        self.failed_markers: list[str] = []
        self.started = time.monotonic()
        self.clients = [Client(base) for _ in range(args.concurrency)]
        for client in self.clients:
            client.login(*CLERK)

    def one(self, index: int) -> None:
        client = self.clients[index % len(self.clients)]
        marker = f"FI-{uuid.uuid4().hex[:12]}"
        outcome, pk = self._attempt(client, marker)
        with self.lock:
            self.done += 1
            if outcome == "ok":
                self.succeeded[marker] = pk
            else:
                self.failed[outcome] += 1
                self.failed_markers.append(marker)

    def _attempt(self, client: Client, marker: str) -> tuple[str, int | None]:
        if time.monotonic() - self.started > self.args.time_limit:
            return "not sent (time limit)", None
        # a clerk whose page answers 503 (database down) or whose connection drops tries again a little later
        form, waited, reason = None, 0.0, ""
        while form is None:
            try:
                form = client.form("/petitions/register/")
            except (RuntimeError, OSError) as exc:
                reason = str(exc) if isinstance(exc, RuntimeError) else type(exc).__name__
                if waited >= FORM_PATIENCE:
                    return f"form not served within {FORM_PATIENCE:.0f} s ({reason})", None
                with self.lock:
                    self.form_retries += 1
                time.sleep(0.5)
                waited += 0.5
        form.update(
            title=[f"不服民事判决 {marker}"],
            demands=["请求依法再审。"],
            facts=["原审认定事实错误。"],
            **{"p-0-name": ["测试信访人"], "p-0-phone": [""], "p-0-id_number": [""]},
        )
        with self.lock:
            self.sent += 1
            self.posting += 1
        try:
            status, location, _ = client.request("/petitions/register/", form)
        except OSError as exc:  # the worker died or the connection was cut
            return f"no answer ({type(exc).__name__})", None
        finally:
            with self.lock:
                self.posting -= 1
        found = re.search(r"/petitions/(\d+)/$", location)
        if status == 302 and found:
            return "ok", int(found.group(1))
        return f"HTTP {status}", None

    def run(self, on_progress) -> None:
        with ThreadPoolExecutor(max_workers=self.args.concurrency) as pool:
            futures = [pool.submit(self.one, i) for i in range(self.args.requests)]
            while not all(f.done() for f in futures):
                on_progress(self.done)
                time.sleep(0.05)
            for f in futures:
                f.result()


# ---------------------------------------------------------------------------------------------- checks


PARTIAL_CHECKS = {
    "petition without its registration event": """
        SELECT p.number FROM petitions_petition p
        WHERE NOT EXISTS (SELECT 1 FROM petitions_event e WHERE e.petition_id = p.id AND e.action = 'registered')
    """,
    "petition without a petitioner": """
        SELECT p.number FROM petitions_petition p
        WHERE NOT EXISTS (SELECT 1 FROM petitions_petitionparty x WHERE x.petition_id = p.id)
    """,
    "petitioner without any petition": """
        SELECT r.id::text FROM petitions_petitioner r
        WHERE NOT EXISTS (SELECT 1 FROM petitions_petitionparty x WHERE x.petitioner_id = r.id)
    """,
    "event of a missing petition": """
        SELECT e.id::text FROM petitions_event e
        WHERE NOT EXISTS (SELECT 1 FROM petitions_petition p WHERE p.id = e.petition_id)
    """,
    "attachment without its petition": """
        SELECT a.id::text FROM petitions_attachment a
        WHERE NOT EXISTS (SELECT 1 FROM petitions_petition p WHERE p.id = a.petition_id)
    """,
}


def check(args, load: Load) -> tuple[dict, list[str]]:
    problems: list[str] = []
    figures: dict = {}
    with admin_connect(args, args.database) as conn:
        markers = list(load.succeeded) + load.failed_markers
        rows = conn.execute(
            """
            SELECT p.id, p.number, p.title,
                   (SELECT count(*) FROM petitions_petitionparty x WHERE x.petition_id = p.id),
                   (SELECT count(*) FROM petitions_event e WHERE e.petition_id = p.id AND e.action = 'registered')
            FROM petitions_petition p WHERE p.title LIKE '%%FI-%%'
            """
        ).fetchall()
        by_marker: dict[str, list[tuple]] = collections.defaultdict(list)
        for row in rows:
            found = re.search(r"FI-[0-9a-f]{12}", row[2])
            if found:
                by_marker[found.group(0)].append(row)
        figures["petitions found"] = len(rows)
        for marker, pk in load.succeeded.items():
            found = by_marker.get(marker, [])
            if len(found) != 1:
                problems.append(f"{marker}: answered success, {len(found)} petitions found")
                continue
            pid, number, _title, parties, registered = found[0]
            if pid != pk:
                problems.append(f"{marker}: answer named petition {pk}, database has {pid}")
            if parties < 1 or registered != 1:
                problems.append(f"{marker} ({number}): {parties} parties, {registered} registration events")
        figures["failed answers whose petition was committed anyway"] = sum(
            1 for m in load.failed_markers if by_marker.get(m)
        )
        duplicates = [m for m, found in by_marker.items() if len(found) > 1]
        if duplicates:
            problems.append(f"markers registered twice: {duplicates[:5]}")
        unknown = set(by_marker) - set(markers)
        if unknown:
            problems.append(f"petitions with markers never sent: {sorted(unknown)[:5]}")
        partial = 0
        for what, query in PARTIAL_CHECKS.items():
            bad = [r[0] for r in conn.execute(query).fetchall()]
            if bad:
                partial += len(bad)
                problems.append(f"{what}: {len(bad)} (e.g. {bad[:3]})")
        counters = {
            (region, year): last
            for region, year, last in conn.execute(
                "SELECT region_code, year, last FROM petitions_registrationcounter"
            ).fetchall()
        }
        uncovered = []
        for (number,) in conn.execute("SELECT number FROM petitions_petition WHERE title LIKE '%%FI-%%'"):
            parsed = NUMBER.match(number)
            if not parsed or counters.get((parsed.group(1), int(parsed.group(2))), 0) < int(parsed.group(3)):
                uncovered.append(number)
        if uncovered:
            partial += len(uncovered)
            problems.append(f"numbers beyond their counter: {uncovered[:3]}")
        figures["partial petitions"] = partial
    return figures, problems


# ---------------------------------------------------------------------------------------------- main


def restart_postgres(cluster: str) -> float:
    version, name = cluster.split()
    started = time.monotonic()
    subprocess.run(  # noqa: S603
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart", "--", "-m", "fast"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.monotonic() - started


def cut_database(args) -> float:
    """An outage of this database only (others on the server are untouched): refuse new connections and end
    the open ones, as a restart does, for ``--outage`` seconds."""
    started = time.monotonic()
    name = sql.Identifier(args.database)
    with admin_connect(args) as conn:
        conn.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(name))
        try:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [args.database],
            )
            time.sleep(args.outage)
        finally:
            conn.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS true").format(name))
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    log_dir = Path(tempfile.mkdtemp(prefix="xinfang-fault-"))
    print(f"准备数据库 {args.database}：迁移并生成 {args.seed_petitions} 件演示数据……", flush=True)
    recreate_database(args)
    manage(args, "migrate", "--no-input")
    manage(args, "seed", "--petitions", str(args.seed_petitions))
    server = Server(args, log_dir)
    events: list[str] = []
    try:
        server.wait_ready()
        print(f"gunicorn {server.base}，{args.workers} 个工作进程：{server.workers()}", flush=True)
        load = Load(server.base, args)
        state = {"killed": 0, "restarted": False}

        def on_progress(done: int) -> None:
            kill_at = args.requests * (args.kill_at + 0.1 * state["killed"])
            if state["killed"] < args.kills and done >= kill_at and load.posting:
                state["killed"] += 1
                victim = server.workers()[0]
                os.kill(victim, signal.SIGKILL)
                events.append(
                    f"SIGKILL 工作进程 {victim}（第 {done} 个请求完成时，{load.posting} 个登记请求在途）"
                )
                print(events[-1], flush=True)
            if not state["restarted"] and done >= args.requests * args.restart_at:
                state["restarted"] = True
                if args.restart_postgres:
                    threading.Thread(target=outage, args=(restart_postgres, args.cluster, done)).start()
                elif args.outage > 0:
                    threading.Thread(target=outage, args=(cut_database, args, done)).start()

        def outage(action, arg, done: int) -> None:
            took = action(arg)
            what = "重启 PostgreSQL" if action is restart_postgres else "断开本数据库的全部连接并拒绝新连接"
            events.append(f"{what}（第 {done} 个请求完成时，中断 {took:.1f} 秒）")
            print(events[-1], flush=True)

        started = time.monotonic()
        load.run(on_progress)
        elapsed = time.monotonic() - started
        workers_after = server.workers()
        recovered = Client(server.base)
        recovered.login(*CLERK)
        after_status = recovered.request("/petitions/")[0]
    finally:
        server.stop()
    figures, problems = check(args, load)
    print()
    print(f"用时 {elapsed:.1f} 秒；事件：{'；'.join(events) or '无'}")
    print(f"工作进程（结束时）：{workers_after}；结束后台账页 HTTP {after_status}")
    print(f"form fetches retried while unavailable: {load.form_retries}")
    print(f"requests sent: {load.sent}")
    print(f"succeeded: {len(load.succeeded)}")
    posted = {k: v for k, v in load.failed.items() if not k.startswith(("form not served", "not sent"))}
    unsent = {k: v for k, v in load.failed.items() if k not in posted}
    print(f"failed: {sum(posted.values())}")
    for how, count in sorted(posted.items(), key=lambda kv: -kv[1]):
        print(f"  {how}: {count}")
    if unsent:
        print(f"not sent (the form never came): {sum(unsent.values())}")
        for how, count in sorted(unsent.items(), key=lambda kv: -kv[1]):
            print(f"  {how}: {count}")
    for name, value in figures.items():
        print(f"{name}: {value}")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print(f"gunicorn 日志：{log_dir / 'gunicorn.log'}")
    if not args.keep:
        drop_database(args)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
