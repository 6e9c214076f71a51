"""``manage.py statistics_docs``: (re)write docs/statistics.md from the metric definitions."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from analytics.docs import statistics_markdown

DEFAULT_PATH = Path(settings.BASE_DIR) / "docs" / "statistics.md"


class Command(BaseCommand):
    help = "根据 analytics/metrics.py 的指标定义生成 docs/statistics.md（--check 只检查是否为最新）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default=str(DEFAULT_PATH), help="输出文件（默认 docs/statistics.md）")
        parser.add_argument("--check", action="store_true", help="只检查文件是否与定义一致，不一致时报错")
        parser.add_argument(
            "--print", dest="print_only", action="store_true", help="只输出到标准输出，不写文件"
        )

    def handle(self, *args, **options) -> None:
        text = statistics_markdown()
        if options["print_only"]:
            self.stdout.write(text, ending="")
            return
        path = Path(options["output"])
        if options["check"]:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} 不是最新的，请运行 python manage.py statistics_docs。")
            self.stdout.write(f"{path} 是最新的。")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"已写入 {path}（{text.count(chr(10))} 行）。"))
