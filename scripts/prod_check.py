"""`make prod-check`: the production stack on this machine, started and smoke-tested end to end.

Starts gunicorn (xinfang/gunicorn_conf.py), a Celery worker and Celery beat in production mode against the local
PostgreSQL (a scratch database, dropped afterwards) and Redis (two scratch database numbers, flushed), then checks
through them: /healthz and /readyz, the security headers, a staff login behind a TLS-terminating proxy, the home
page, the petition list, a registration POST that creates a petition, a task sent through the broker and run by
the worker, beat running its schedule, and JSON log lines from web and worker. Prints each step; exits non-zero
on the first failure.

Environment: PRODCHECK_DATABASE (default postgres://postgres@127.0.0.1:5432/xinfang_prodcheck),
PRODCHECK_REDIS (default redis://127.0.0.1:6379), PRODCHECK_PORT (default 8765).
"""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATABASE = os.environ.get("PRODCHECK_DATABASE", "postgres://postgres@127.0.0.1:5432/xinfang_prodcheck")
REDIS = os.environ.get("PRODCHECK_REDIS", "redis://127.0.0.1:6379").rstrip("/")
PORT = int(os.environ.get("PRODCHECK_PORT", "8765"))
HOST = f"127.0.0.1:{PORT}"
USERNAME = "prodcheck_clerk"
PASSWORD = secrets.token_urlsafe(18)

SETUP = f"""
from organisations.models import UNIT_TYPE_SYSTEM, Membership, Region, Role, Unit, UnitLevel, UnitType, User
region = Region.objects.get(code="620602")
unit = Unit.objects.create(code="620602-prodcheck", name="凉州区联合接访中心", level=UnitLevel.COUNTY,
                           type=UnitType.RECEPTION_CENTER, system=UNIT_TYPE_SYSTEM[UnitType.RECEPTION_CENTER],
                           region=region)
user = User.objects.create_user(username="{USERNAME}", password="{PASSWORD}", full_name="上线检查")
Membership.objects.create(user=user, unit=unit, role=Role.RECEPTION)
print(unit.pk)
"""


class Failed(Exception):
    pass


def step(title: str) -> None:
    print(f"--- {title}", flush=True)


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise Failed(message)
    print(f"    ok: {message}", flush=True)


def production_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XINFANG_", "DJANGO_"))}
    env.update(
        XINFANG_ENV="production",
        XINFANG_SECRET_KEY=secrets.token_urlsafe(60),
        XINFANG_FIELD_KEYS=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        XINFANG_HASH_KEY=secrets.token_hex(32),
        XINFANG_ALLOWED_HOSTS="127.0.0.1,localhost",
        XINFANG_PROXY_SSL_HEADER="X-Forwarded-Proto",
        XINFANG_VAR_DIR=str(tmp / "var"),
        XINFANG_MEDIA_ROOT=str(tmp / "media"),
        XINFANG_STATIC_ROOT=str(tmp / "static"),
        XINFANG_BIND=HOST,
        XINFANG_WEB_WORKERS="2",
        DATABASE_URL=DATABASE,
        REDIS_URL=f"{REDIS}/14",
        CELERY_BROKER_URL=f"{REDIS}/15",
        DJANGO_SETTINGS_MODULE="xinfang.settings",
    )
    return env


def manage(env, *args: str, capture=False) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    if result.returncode != 0:
        raise Failed(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout if capture else ""


def database_admin(sql: str) -> None:
    parts = urllib.parse.urlparse(DATABASE)
    admin = parts._replace(path="/postgres").geturl()
    subprocess.run(["psql", admin, "-qc", sql], check=True, capture_output=True)


def flush_redis() -> None:
    import redis

    for number in (14, 15):
        redis.Redis.from_url(f"{REDIS}/{number}").flushdb()


class Browser:
    """A client that keeps cookies and talks to gunicorn as nginx would (X-Forwarded-Proto: https)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        sent = {"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body, doseq=True)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Referer"] = f"https://{HOST}{path}"
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        content = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        conn.close()
        return response, content

    def csrf(self, page: str) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not match:
            raise Failed("no CSRF token on the page")
        return match.group(1)


def wait_ready(processes, timeout=90) -> dict:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        for name, proc in processes.items():
            if proc.poll() is not None:
                raise Failed(f"{name} exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
            conn.request("GET", "/readyz", headers={"Host": HOST})
            response = conn.getresponse()
            last = (response.status, json.loads(response.read()))
            conn.close()
            if response.status == 200:
                return last[1]
        except (OSError, ValueError):
            pass
        time.sleep(0.5)
    raise Failed(f"/readyz never answered 200 (last: {last})")


def registration(unit_pk: int, csrf: str) -> dict:
    return {
        "csrfmiddlewaretoken": csrf,
        "unit": unit_pk,
        "channel": "visit",
        "registered_at": time.strftime("%Y-%m-%dT%H:%M", time.localtime(time.time() - 3600)),
        "title": "上线检查：申请执行(2020)甘0602执123号案件执行款",
        "demands": "请求法院尽快执行到位。",
        "facts": "判决生效两年，被执行人有房产未被查封。",
        "problem_region": "620602",
        "residence_region": "620602",
        "group_size": "1",
        "submission_key": secrets.token_hex(16),
        "p-TOTAL_FORMS": "1",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "1",
        "p-MAX_NUM_FORMS": "50",
        "p-0-name": "李秀英",
        "p-0-id_number": "620602198503150017",
        "p-0-phone": "13893512345",
        "p-0-address": "凉州区西大街2号",
        "i-TOTAL_FORMS": "0",
        "i-INITIAL_FORMS": "0",
        "i-MIN_NUM_FORMS": "0",
        "i-MAX_NUM_FORMS": "6",
    }


def smoke(env, unit_pk: int, logs: dict[str, Path]) -> None:
    step("probes")
    b = Browser()
    response, body = b.request("GET", "/healthz")
    expect(response.status == 200 and json.loads(body) == {"status": "ok"}, "/healthz answers ok")
    response, body = b.request("GET", "/readyz")
    checks = json.loads(body)["checks"]
    expect(response.status == 200 and set(checks.values()) == {"ok"}, f"/readyz: {checks}")

    step("login page through the proxy headers")
    response, page = b.request("GET", "/login/")
    expect(response.status == 200, "the login page answers 200")
    csp = response.getheader("Content-Security-Policy") or ""
    expect("'unsafe-inline'" not in csp and "default-src 'self'" in csp, "strict Content-Security-Policy")
    expect("max-age=" in (response.getheader("Strict-Transport-Security") or ""), "HSTS on https")
    expect(any(name.startswith("__Host-") for name in b.cookies), "__Host- cookies")
    response, _ = b.request(
        "POST", "/login/", {"csrfmiddlewaretoken": b.csrf(page), "username": USERNAME, "password": PASSWORD}
    )
    expect(response.status == 302, f"login redirects (got {response.status})")

    step("staff pages")
    for path in ("/", "/petitions/", "/notifications/"):
        response, _ = b.request("GET", path)
        expect(response.status == 200, f"GET {path} → {response.status}")

    step("registration through the web workers")
    response, page = b.request("GET", "/petitions/register/")
    expect(response.status == 200, "the registration form opens")
    response, body = b.request("POST", "/petitions/register/", registration(unit_pk, b.csrf(page)))
    location = response.getheader("Location") or ""
    if response.status != 302:
        errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', body, re.S)
        raise Failed(f"registration answered {response.status}: {[re.sub('<[^>]+>', '', e) for e in errors]}")
    expect(response.status == 302 and re.search(r"/petitions/\d+/", location), f"registered → {location}")
    response, body = b.request("GET", location)
    expect(response.status == 200 and "上线检查" in body, "the new petition's page shows it")

    step("a task through the broker to the worker")
    nonce = secrets.token_hex(8)
    code = f"import django; django.setup(); from core.tasks import heartbeat_task; heartbeat_task.delay('{nonce}')"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=60)
    import redis

    cache = redis.Redis.from_url(env["REDIS_URL"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not cache.keys(f"xinfang:*heartbeat:{nonce}"):
        time.sleep(0.5)
    expect(bool(cache.keys(f"xinfang:*heartbeat:{nonce}")), "the worker ran the task and wrote to Redis")

    step("beat and logs")
    beat_log = logs["beat"].read_text(errors="replace")
    expect("beat: Starting" in beat_log or "Scheduler: Sending" in beat_log, "celery beat is running")
    web_lines = [
        line for line in logs["web"].read_text(errors="replace").splitlines() if line.startswith("{")
    ]
    parsed = []
    for line in web_lines:
        with contextlib.suppress(ValueError):
            parsed.append(json.loads(line))
    expect(
        any(p.get("logger") == "xinfang.request" and p.get("path") == "/petitions/" for p in parsed),
        "JSON request log lines from the web workers",
    )
    expect(any(p.get("logger") == "gunicorn.access" for p in parsed), "JSON access log lines from gunicorn")
    expect(not any("620602198503150017" in line for line in web_lines), "no identity number in the logs")


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="xinfang-prodcheck-"))
    env = production_env(tmp)
    (tmp / "var").mkdir()
    name = urllib.parse.urlparse(DATABASE).path.lstrip("/")
    processes: dict[str, subprocess.Popen] = {}
    logs = {name_: tmp / f"{name_}.log" for name_ in ("web", "worker", "beat")}
    try:
        step(f"scratch database {name}, Redis {REDIS}/14 and /15")
        database_admin(f'DROP DATABASE IF EXISTS "{name}"')
        database_admin(f'CREATE DATABASE "{name}"')
        flush_redis()
        step("migrate, collectstatic, check --deploy")
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        manage(env, "check", "--deploy", "--fail-level", "WARNING")
        unit_pk = int(manage(env, "shell", "-c", SETUP, capture=True).strip().splitlines()[-1])
        step("start gunicorn, a Celery worker and Celery beat")
        commands = {
            "web": [str(BIN / "gunicorn"), "-c", "xinfang/gunicorn_conf.py", "xinfang.wsgi"],
            "worker": [str(BIN / "celery"), "-A", "xinfang", "worker", "-l", "info", "--concurrency", "1"],
            "beat": [
                str(BIN / "celery"),
                "-A",
                "xinfang",
                "beat",
                "-l",
                "info",
                "-s",
                str(tmp / "var" / "celerybeat-schedule"),
            ],
        }
        for key, command in commands.items():
            handle = logs[key].open("w")
            processes[key] = subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
            )
        checks = wait_ready(processes)
        expect(True, f"ready: {checks}")
        smoke(env, unit_pk, logs)
    except (Failed, subprocess.CalledProcessError) as exc:
        print(f"*** prod-check FAILED: {exc}", flush=True)
        for key, path in logs.items():
            if path.exists():
                print(f"\n--- last lines of {key} log ---")
                print("\n".join(path.read_text(errors="replace").splitlines()[-30:]))
        return 1
    finally:
        for proc in processes.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in processes.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        try:
            database_admin(f'DROP DATABASE IF EXISTS "{name}"')
            flush_redis()
        except Exception as exc:  # noqa: BLE001 — cleanup must not hide the result
            print(f"cleanup: {exc}")
        shutil.rmtree(tmp, ignore_errors=True)
    print("prod-check passed: gunicorn, Celery worker and beat on PostgreSQL and Redis", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
