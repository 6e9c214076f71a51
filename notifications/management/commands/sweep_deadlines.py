"""``manage.py sweep_deadlines [--now ISO] [--loop SECONDS]``: send the reminders (催办) of stored deadlines.

Without ``--loop`` it sweeps once and prints the counts. With ``--loop`` it sweeps every N seconds until
interrupted: the way to run reminders on a host without Celery beat.
"""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from notifications.sweep import SweepResult, run_periodically, sweep_deadlines


class Command(BaseCommand):
    help = (
        "检查全部未办结信访事项的期限，发送临期提醒和逾期催办（每个期限的每一级只发一次）。"
        "默认执行一次并输出各级数量；--loop N 每 N 秒执行一次，直至中断。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            help="按该时刻检查（ISO 8601，如 2026-06-20T09:00；不带时区按北京时间），默认当前时间",
        )
        parser.add_argument("--loop", type=float, metavar="SECONDS", help="每隔该秒数执行一次，直至中断")
        parser.add_argument("--batch-size", type=int, default=5000, help="每批处理的事项数（默认 5000）")

    def handle(self, *args, **options) -> None:
        if options["batch_size"] < 1:
            raise CommandError("--batch-size 应为正整数。")
        now = _parse_now(options["now"]) if options["now"] else None
        loop = options["loop"]
        if loop is None:
            self._report(sweep_deadlines(now=now, batch_size=options["batch_size"]))
            return
        if loop <= 0:
            raise CommandError("--loop 应为正数（秒）。")
        if now is not None:
            raise CommandError("--loop 与 --now 不能同时使用。")
        self.stdout.write(f"每 {loop:g} 秒检查一次期限，按 Ctrl+C 停止。")
        try:
            run_periodically(loop, on_result=self._report, batch_size=options["batch_size"])
        except KeyboardInterrupt:
            self.stdout.write("已停止。")

    def _report(self, result: SweepResult) -> None:
        stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M:%S")
        self.stdout.write(f"[{stamp}] {result}")
        self.stdout.flush()


def _parse_now(raw: str) -> datetime:
    try:
        moment = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise CommandError(f"--now 格式不正确：{raw}，应为 ISO 8601 时间，如 2026-06-20T09:00。") from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
