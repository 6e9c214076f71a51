"""Benchmark of the demo data generator on PostgreSQL.

Creates a fresh database (dropping one of the same name), migrates it, runs ``manage.py seed --bulk`` for the
given number of petitions and reports the time taken and the rows written per second. The database is kept
afterwards so that other benchmarks can reuse it.

    .venv/bin/python bench/seed_bench.py --petitions 10000
    .venv/bin/python bench/seed_bench.py --petitions 1000000      # requirement: under 30 minutes
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
TABLES = (
    "petitions_petitioner",
    "petitions_petition",
    "petitions_petitionparty",
    "petitions_courtinstance",
    "petitions_petition_tags",
    "petitions_petitionaccess",
    "petitions_event",
    "handling_screening",
    "handling_assignment",
    "handling_reply",
    "handling_followup",
    "handling_reviewrequest",
)
LIMIT_SECONDS = 30 * 60  # for 1,000,000 petitions


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--petitions", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database", default="xinfang_bench")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5432)
    parser.add_argument("--user", default="postgres")
    return parser.parse_args(argv)


def recreate_database(args: argparse.Namespace) -> None:
    with psycopg.connect(
        host=args.host, port=args.port, user=args.user, dbname="postgres", autocommit=True
    ) as conn:
        name = sql.Identifier(args.database)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, check=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    url = f"postgres://{args.user}@{args.host}:{args.port}/{args.database}"
    env = {**os.environ, "DATABASE_URL": url}

    print(f"数据库 {args.database}：重新创建并迁移 …", flush=True)
    started = time.monotonic()
    recreate_database(args)
    run(["migrate", "--noinput", "-v", "0"], env)
    print(f"迁移用时 {time.monotonic() - started:.1f} 秒", flush=True)

    print(f"生成 {args.petitions:,} 件信访事项（--bulk）… 开始时系统负载 {_load()}", flush=True)
    started = time.monotonic()
    run(["seed", "--petitions", str(args.petitions), "--seed", str(args.seed), "--bulk"], env)
    elapsed = time.monotonic() - started
    print(f"结束时系统负载 {_load()}（{os.cpu_count()} 核；负载高于核数说明有其他进程争用 CPU，计时偏慢）")

    with psycopg.connect(host=args.host, port=args.port, user=args.user, dbname=args.database) as conn:
        counts = {
            t: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0]
            for t in TABLES
        }
        size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
    rows = sum(counts.values())
    print()
    for table, n in counts.items():
        print(f"  {table:<28} {n:>12,d}")
    print(f"  {'合计':<26} {rows:>12,d}   数据库大小 {size}")
    print()
    print(f"seed 用时 {elapsed:.1f} 秒：{args.petitions / elapsed:,.0f} 件/秒，{rows / elapsed:,.0f} 行/秒")
    if args.petitions >= 1_000_000:
        verdict = "达标" if elapsed < LIMIT_SECONDS * args.petitions / 1_000_000 else "超时"
        print(f"要求：100万件 30 分钟以内 —— {verdict}")
    print(f"数据库 {args.database} 已保留（DATABASE_URL={url}）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
