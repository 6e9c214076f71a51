"""Benchmark of the deadline sweep (催办) on a seeded PostgreSQL database.

Expects a database filled by ``manage.py seed --petitions N --bulk`` (e.g. by ``bench/seed_bench.py``). It
gives the open petitions deadlines where they lack them (seeded registered petitions have ``due_at`` but no
warning time or kind), optionally re-dates every open deadline so that only a chosen share is overdue,
removes the reminders and reminder notifications of earlier runs, then sweeps twice: the first run records
and notifies everything due, the second must insert nothing. Requirement: under 60 s at 1,000,000 petitions.

    .venv/bin/python bench/sweep_bench.py                                    # xinfang_bench, as seeded
    .venv/bin/python bench/sweep_bench.py --redate-share 0.15                # 15 % of open deadlines overdue
    .venv/bin/python bench/sweep_bench.py --database-url postgres://postgres@127.0.0.1:5432/xinfang_sweepbench

E-mail goes to Django's in-memory backend (``--email-backend`` to change it), so that thousands of digests
are composed but not printed.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/xinfang_bench"
LIMIT_SECONDS = 60.0  # for 1,000,000 petitions
HORIZON_DAYS = 60  # --redate-share spreads the open deadlines over this many days around today


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument(
        "--redate-share",
        type=float,
        default=None,
        metavar="SHARE",
        help="re-date every open deadline over ±60 days so that about SHARE (0–1) of them is overdue",
    )
    parser.add_argument(
        "--email-backend",
        default="django.core.mail.backends.locmem.EmailBackend",
        help="Django EMAIL_BACKEND",
    )
    return parser.parse_args(argv)


def setup_django(args: argparse.Namespace) -> None:
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["XINFANG_EMAIL_BACKEND"] = args.email_backend
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def other_sessions(cursor) -> int:
    cursor.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    return cursor.fetchone()[0]


def prepare_deadlines(cursor, open_states: list[str], share: float | None) -> dict[str, int]:
    """Fill missing deadlines of open petitions (and re-date them all with ``share``); returns the counts."""
    counts = {}
    if share is not None:
        # a deterministic spread: day offset from -share*H to (1-share)*H, end of that day Beijing time
        cursor.execute(
            """
            UPDATE petitions_petition SET
                due_at = (date_trunc('day', now() AT TIME ZONE 'Asia/Shanghai')
                          + make_interval(days => (((id * 7919) %% 1000) * %s / 1000 - %s)::int)
                          + interval '23 hours 59 minutes 59 seconds') AT TIME ZONE 'Asia/Shanghai',
                warn_at = NULL,
                due_kind = CASE WHEN state = 'registered' THEN 'acceptance' ELSE 'handling' END
            WHERE state = ANY(%s)
            """,
            [HORIZON_DAYS, round(share * HORIZON_DAYS), open_states],
        )
        counts["redated"] = cursor.rowcount
    cursor.execute(
        """
        UPDATE petitions_petition SET
            due_at = (date_trunc('day', registered_at AT TIME ZONE 'Asia/Shanghai')
                      + CASE WHEN state = 'registered' THEN interval '15 days' ELSE interval '75 days' END
                      + interval '23 hours 59 minutes 59 seconds') AT TIME ZONE 'Asia/Shanghai'
        WHERE state = ANY(%s) AND due_at IS NULL
        """,
        [open_states],
    )
    counts["due_at set"] = cursor.rowcount
    cursor.execute(
        """
        UPDATE petitions_petition SET
            warn_at = LEAST(due_at, GREATEST(
                registered_at,
                (date_trunc('day', due_at AT TIME ZONE 'Asia/Shanghai') - interval '3 days')
                AT TIME ZONE 'Asia/Shanghai')),
            due_kind = CASE WHEN due_kind <> '' THEN due_kind
                            WHEN state = 'registered' THEN 'acceptance' ELSE 'handling' END
        WHERE state = ANY(%s) AND due_at IS NOT NULL AND (warn_at IS NULL OR due_kind = '')
        """,
        [open_states],
    )
    counts["warn_at set"] = cursor.rowcount
    return counts


def clear_previous_runs(cursor) -> tuple[int, int]:
    """The reminder ledger and reminder notifications come only from sweeps: remove those of earlier runs."""
    cursor.execute("SELECT count(*) FROM notifications_reminder")
    reminders = cursor.fetchone()[0]
    cursor.execute("TRUNCATE notifications_reminder")
    cursor.execute("DELETE FROM notifications_notification WHERE kind = 'reminder'")
    return reminders, cursor.rowcount


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django(args)

    from django.db import connection
    from django.utils import timezone

    from notifications.sweep import sweep_deadlines
    from petitions.models import OPEN_STATES

    open_states = [str(s) for s in OPEN_STATES]
    with connection.cursor() as cursor:
        others = other_sessions(cursor)
        if others:
            print(f"注意：另有 {others} 个会话连接着该数据库，计时可能受影响。", flush=True)
        cursor.execute("SELECT count(*) FROM petitions_petition")
        total = cursor.fetchone()[0]
        if not total:
            print("数据库中没有信访事项，请先运行 manage.py seed --petitions N --bulk。")
            return 1
        started = time.monotonic()
        counts = prepare_deadlines(cursor, open_states, args.redate_share)
        removed = clear_previous_runs(cursor)
        cursor.execute("VACUUM ANALYZE petitions_petition")
        cursor.execute("ANALYZE notifications_reminder")
        print(
            f"准备用时 {time.monotonic() - started:.1f} 秒："
            + "，".join(f"{k} {v:,}" for k, v in counts.items())
            + f"；删除以前的提醒记录 {removed[0]:,} 条、催办消息 {removed[1]:,} 条",
            flush=True,
        )
        now = timezone.now()
        cursor.execute(
            """
            SELECT count(*) FILTER (WHERE state = ANY(%s)),
                   count(*) FILTER (WHERE state = ANY(%s) AND due_at IS NOT NULL),
                   count(*) FILTER (WHERE state = ANY(%s) AND warn_at <= %s AND due_at >= %s),
                   count(*) FILTER (WHERE state = ANY(%s) AND due_at < %s)
            FROM petitions_petition
            """,
            [open_states, open_states, open_states, now, now, open_states, now],
        )
        open_count, with_deadline, warning, overdue = cursor.fetchone()
    print(
        f"信访事项 {total:,} 件：未办结 {open_count:,} 件，有期限 {with_deadline:,} 件，"
        f"临期 {warning:,} 件，逾期 {overdue:,} 件",
        flush=True,
    )

    print("第一次检查 …", flush=True)
    first = sweep_deadlines(now=now, batch_size=args.batch_size)
    print(f"  {first}", flush=True)
    print("第二次检查（应不再发送）…", flush=True)
    second = sweep_deadlines(now=now, batch_size=args.batch_size)
    print(f"  {second}", flush=True)

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM notifications_reminder")
        ledger = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM notifications_notification WHERE kind = 'reminder'")
        notes = cursor.fetchone()[0]
    print()
    print(f"提醒记录 {ledger:,} 条，催办消息 {notes:,} 条")
    print(f"第一次 {first.elapsed:.2f} 秒，第二次 {second.elapsed:.2f} 秒（{total:,} 件信访事项）")
    ok = second.reminders == 0 and second.notifications == 0 and ledger == first.reminders
    print("重复发送检查：" + ("通过（第二次未发送任何提醒）" if ok else "失败"))
    if total >= 1_000_000:
        verdict = "达标" if first.elapsed < LIMIT_SECONDS * total / 1_000_000 else "超时"
        print(f"要求：100万件 60 秒以内 —— {verdict}")
    else:
        projected = first.elapsed * 1_000_000 / total
        print(f"按本次用时线性推算：100万件（到期比例相同）约 {projected:.0f} 秒（要求 60 秒以内）")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
