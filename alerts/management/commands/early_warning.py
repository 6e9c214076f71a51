"""``manage.py early_warning [--days 90] [--now ISO]``: evaluate the early-warning rules once and print counts."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from alerts.services import run_early_warning


class Command(BaseCommand):
    help = "按已启用的预警规则检查近期信访事项，生成新的预警并通知责任单位，输出各规则的数量和用时。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=90, help="检查最近多少天登记的事项（默认 90）")
        parser.add_argument(
            "--now", help="按该时刻检查（ISO 8601，如 2026-06-20T09:00；不带时区按北京时间），默认当前时间"
        )

    def handle(self, *args, **options) -> None:
        days = options["days"]
        if days < 1:
            raise CommandError("--days 应为正整数。")
        now = _parse_now(options["now"]) if options["now"] else None
        result = run_early_warning(now=now, days=days)
        for name, counts in result.counts.items():
            seconds = result.timings.get(name, 0.0)
            self.stdout.write(
                f"{name}：候选 {counts['candidates']} 条，新增 {counts['created']} 条（{seconds:.2f} 秒）"
            )
        for error in result.errors:
            self.stderr.write(f"出错：{error}")
        if result.sensitive_period:
            self.stdout.write(f"敏感时期：{result.sensitive_period}（阈值从严）")
        self.stdout.write(
            f"共新增 {result.created} 条预警，通知 {result.notified_units} 个单位，用时 {result.elapsed:.2f} 秒"
        )
        if result.errors:
            raise CommandError(f"{len(result.errors)} 条规则执行出错。")


def _parse_now(raw: str) -> datetime:
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise CommandError(f"--now 格式不正确：{raw}，应为 ISO 8601 时间，如 2026-06-20T09:00。") from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
