"""Benchmark of early warning (预警) on a seeded, migrated PostgreSQL database.

Expects a database filled by ``manage.py seed --petitions N --bulk`` and migrated (the ``alerts`` tables). Creates
the default rules if there are none, removes the alerts and digests of earlier runs (unless ``--keep``), then
runs ``run_early_warning(days=90)`` twice: the first raises and notifies everything, the second must raise
nothing. Then times the scoped reads the pages make (the nav badge count and the dashboard panel) for a
province supervisor, a city committee head and a county reception clerk. Requirement: a run under 30 s at
1,000,000 petitions.

    .venv/bin/python bench/alerts_bench.py --database-url postgres://postgres@127.0.0.1:5432/xinfang_alertbench
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/xinfang_alertbench"
LIMIT_SECONDS = 30.0  # for 1,000,000 petitions


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--keep", action="store_true", help="keep the alerts of earlier runs")
    parser.add_argument(
        "--supervise",
        type=int,
        default=0,
        metavar="N",
        help="mark N open petitions due within 14 days as supervised (the seed supervises none)",
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


def ensure_rules() -> int:
    """Create the default rules (those of the data migration) when the table is empty; returns how many."""
    import importlib

    from alerts.models import AlertRule

    if AlertRule.objects.exists():
        return 0
    defaults = importlib.import_module("alerts.migrations.0002_default_rules").DEFAULT_RULES
    for name, kind, params, severity, roles in defaults:
        AlertRule.objects.create(
            name=name, kind=kind, params=params, severity=severity, notify_unit_roles=roles
        )
    return len(defaults)


def timed(label: str, fn, *args, **kwargs):
    started = time.monotonic()
    value = fn(*args, **kwargs)
    print(
        f"  {label}: {time.monotonic() - started:.3f} 秒 → {value if not isinstance(value, list) else len(value)}"
    )
    return value


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    setup_django(args)

    from django.db import connection
    from django.db.utils import ProgrammingError
    from django.utils import timezone

    from alerts.models import Alert, AlertRun
    from alerts.selectors import open_alert_count, open_alerts_for
    from alerts.services import run_early_warning
    from organisations.models import Membership, Role, UnitLevel, UnitType

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM petitions_petition")
        total = cursor.fetchone()[0]
        try:
            cursor.execute("SELECT count(*) FROM alerts_alert")
        except ProgrammingError:
            print("该数据库尚未建立预警表，请先运行 manage.py migrate。")
            return 1
        since = timezone.now() - timezone.timedelta(days=args.days)
        cursor.execute("SELECT count(*) FROM petitions_petition WHERE registered_at > %s", [since])
        recent = cursor.fetchone()[0]
    if not total:
        print("数据库中没有信访事项，请先运行 manage.py seed --petitions N --bulk。")
        return 1
    if args.supervise:
        from petitions.models import OPEN_STATES

        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE petitions_petition SET supervision_level = (ARRAY['province', 'city', 'county'])[id %% 3 + 1]
                WHERE id IN (SELECT id FROM petitions_petition
                             WHERE state = ANY(%s) AND due_at > now() AND due_at <= now() + interval '14 days'
                             ORDER BY id LIMIT %s)
                """,
                [[str(s) for s in OPEN_STATES], args.supervise],
            )
            print(f"已将 {cursor.rowcount:,} 件14日内到期的在办事项标为督办")
    created_rules = ensure_rules()
    if created_rules:
        print(f"已创建默认预警规则 {created_rules} 条")
    if not args.keep:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM notifications_notification WHERE title LIKE '预警提示：%%'")
            digests = cursor.rowcount
            cursor.execute("TRUNCATE alerts_alert, alerts_alertrun")
        print(f"已删除以前的预警及预警通知 {digests:,} 条")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE alerts_alert")
    print(f"信访事项 {total:,} 件，近 {args.days} 日登记 {recent:,} 件", flush=True)

    print("第一次运行 …", flush=True)
    first = run_early_warning(days=args.days)
    for name, counts in first.counts.items():
        seconds = first.timings.get(name, 0.0)
        print(f"  {name}：候选 {counts['candidates']:,} 条，新增 {counts['created']:,} 条，{seconds:.2f} 秒")
    print(f"  发送通知：{first.timings.get('通知', 0.0):.2f} 秒")
    print(
        f"  {first.created:,} 条新预警，通知 {first.notified_units} 个单位，用时 {first.elapsed:.2f} 秒",
        flush=True,
    )
    print("第二次运行（应不新增）…", flush=True)
    second = run_early_warning(days=args.days)
    print(f"  新增 {second.created} 条，用时 {second.elapsed:.2f} 秒", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE alerts_alert")

    print("按范围读取（导航角标、工作台面板）：")
    samples = [
        ("省委政法委督办员", Membership.objects.filter(role=Role.SUPERVISOR, unit__level=UnitLevel.PROVINCE)),
        ("市委政法委负责人", Membership.objects.filter(role=Role.UNIT_HEAD, unit__type=UnitType.COMMITTEE,
                                                   unit__level=UnitLevel.CITY)),
        ("县联合接访中心接访员", Membership.objects.filter(role=Role.RECEPTION, unit__type=UnitType.RECEPTION_CENTER,
                                                     unit__level=UnitLevel.COUNTY)),
    ]  # fmt: skip
    for label, memberships in samples:
        m = memberships.select_related("user", "unit").order_by("pk").first()
        if m is None:
            continue
        print(f" {label}（{m.unit.name}）")
        for attempt in ("首次", "再次"):
            m.user._xinfang_staff = None  # a new request: the staff context is resolved again
            timed(f"未处理预警数（{attempt}）", open_alert_count, m.user)
            timed(f"工作台面板10条（{attempt}）", open_alerts_for, m.user, 10)

    alerts = Alert.objects.count()
    runs = AlertRun.objects.count()
    print()
    print(f"预警 {alerts:,} 条，运行记录 {runs} 条")
    print(
        f"第一次 {first.elapsed:.2f} 秒，第二次 {second.elapsed:.2f} 秒（{total:,} 件信访事项，近 {args.days} 日）"
    )
    ok = second.created == 0 and not first.errors and not second.errors
    print("重复预警检查：" + ("通过（第二次未新增预警）" if ok else f"失败 {first.errors + second.errors}"))
    slowest = max(first.elapsed, second.elapsed)
    verdict = "达标" if slowest < LIMIT_SECONDS else "超时"
    print(
        f"要求：100万件信访事项时每次运行 {LIMIT_SECONDS:.0f} 秒以内；本库 {total:,} 件，最慢一次 {slowest:.2f} 秒 —— {verdict}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
