"""``manage.py cluster_topics [--period month|week|quarter|Nd|YYYY-MM] [--now ISO] [--threshold 0.4]``."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from core.errors import InvalidInput
from topics.services import PERIOD_HELP, Options, cluster_topics


class Command(BaseCommand):
    help = (
        "将统计期间（及上一期间）登记的信访事项按内容相似和同一原案聚为类案，保存类案、成员、关键词和增长。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", default="month", help=f"统计期间：{PERIOD_HELP}")
        parser.add_argument("--now", help="以该时刻为期末（ISO 8601，不带时区按北京时间），默认当前时间")
        defaults = Options()
        parser.add_argument("--threshold", type=float, default=defaults.threshold, help="同类相似度阈值")
        parser.add_argument("--duplicate", type=float, default=defaults.duplicate, help="近似重复阈值")
        parser.add_argument(
            "--neighbours", type=int, default=defaults.neighbours, help="每件事项比较的近邻数"
        )
        parser.add_argument("--min-size", type=int, default=defaults.min_size, help="类案最少件数")

    def handle(self, *args, **options) -> None:
        now = None
        if options["now"]:
            try:
                now = datetime.fromisoformat(options["now"].strip())
            except ValueError:
                raise CommandError(f"--now 格式不正确：{options['now']}，应为 ISO 8601 时间。") from None
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        settings = Options(
            threshold=options["threshold"],
            duplicate=options["duplicate"],
            neighbours=options["neighbours"],
            min_size=options["min_size"],
        )
        try:
            run = cluster_topics(period=options["period"], now=now, options=settings)
        except InvalidInput as exc:
            raise CommandError("；".join(m for ms in exc.errors.values() for m in ms)) from None
        self.stdout.write(
            f"{run.label}（{run.period_start:%Y-%m-%d %H:%M} 至 {run.period_end:%Y-%m-%d %H:%M}）及上期共 "
            f"{run.petitions} 件事项，聚为 {run.clusters} 个类案，用时 {run.elapsed:.2f} 秒（运行编号 {run.pk}）"
        )
