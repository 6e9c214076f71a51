"""The whole test command: lint, migrations check, and the suite on SQLite and on PostgreSQL.

PostgreSQL is used when DATABASE_URL is set or a server answers on 127.0.0.1:5432 (user postgres, trust auth).
Exits non-zero on any failure, including a pytest run that collected no tests (exit code 5). A step that runs
longer than XINFANG_TEST_STEP_LIMIT seconds (default 2700) is stopped with its whole process group and fails, so a
hang is reported as one, within a CI run's time, instead of ending the run with nothing said; pytest's own per-test
limit (pyproject.toml) names the test first.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/xinfang"


STEP_LIMIT = int(os.environ.get("XINFANG_TEST_STEP_LIMIT", "2700"))


def run(title: str, cmd: list[str], env: dict | None = None) -> None:
    print(f"\n=== {title}: {' '.join(cmd)}", flush=True)
    started = time.monotonic()
    step = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, start_new_session=True)
    try:
        code = step.wait(timeout=STEP_LIMIT)
    except subprocess.TimeoutExpired:
        os.killpg(step.pid, signal.SIGKILL)  # pytest's workers too
        step.wait()
        print(f"*** {title} did not finish within {STEP_LIMIT} s: stopped", flush=True)
        sys.exit(1)
    print(f"=== {title}: {time.monotonic() - started:.0f} s", flush=True)
    if code == 5:
        print(f"*** {title}: no tests were collected — that is a failure", flush=True)
        sys.exit(1)
    if code != 0:
        print(f"*** {title} failed with exit code {code}", flush=True)
        sys.exit(code)


def postgres_url() -> str | None:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=2):
            return DEFAULT_PG
    except OSError:
        if os.environ.get("XINFANG_REQUIRE_POSTGRES") == "1":
            print(
                "*** PostgreSQL is required (XINFANG_REQUIRE_POSTGRES=1) but 127.0.0.1:5432 does not answer"
            )
            sys.exit(1)
        return None


def main() -> None:
    extra = sys.argv[1:] or ["-n", os.environ.get("XINFANG_TEST_WORKERS", "2")]
    sqlite_env = {"DATABASE_URL": ""}
    run("ruff check", [str(BIN / "ruff"), "check", "."])
    run("ruff format", [str(BIN / "ruff"), "format", "--check", "."])
    run("migrations", [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"], sqlite_env)
    pg = postgres_url()
    if pg:
        run(
            "tests on PostgreSQL",
            [sys.executable, "-m", "pytest", "-m", "not slow", *extra],
            {"DATABASE_URL": pg},
        )
    else:
        print("\n=== PostgreSQL not reachable on 127.0.0.1:5432: skipping the PostgreSQL run", flush=True)
    run("tests on SQLite", [sys.executable, "-m", "pytest", "-m", "not slow", *extra], sqlite_env)
    print("\nAll checks passed.", flush=True)


if __name__ == "__main__":
    main()
