"""``manage.py verify_timeline [--petition NUMBER] [--printed HASH …]``: check the tamper-evident timeline.

Checks every petition's hash chain (or one petition's), the chain of daily anchors, and the latest anchor
against the chains (a chain deleted whole, or its last events, is caught there). Exits with status 1 and names
each broken petition and event; status 0 when everything verifies.
"""

from django.core.management.base import BaseCommand, CommandParser

from petitions.chain import verify


class Command(BaseCommand):
    help = (
        "校验办理记录的哈希链与每日锚点：逐条核对每个信访事项的记录链（内容、顺序、序号是否连续），"
        "核对锚点链以及最新锚点时各链的链头。发现问题时逐条列出信访事项和记录，以状态码 1 退出。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--petition", metavar="NUMBER", help="只校验该编号的信访事项（如 620602-2025-000123）"
        )
        parser.add_argument(
            "--printed",
            metavar="HASH",
            action="append",
            default=[],
            help="打印保存在系统外的锚点哈希，核对它仍在锚点链中（可重复）",
        )
        parser.add_argument("--limit", type=int, default=10_000, help="最多列出的问题条数（默认 10000）")

    def handle(self, *args, **options) -> None:
        report = verify(
            petition_number=options["petition"], printed=options["printed"], limit=options["limit"]
        )
        for problem in report.problems:
            self.stdout.write(str(problem))
        if report.problem_count > len(report.problems):
            self.stdout.write(f"……另有 {report.problem_count - len(report.problems)} 个问题未列出。")
        summary = (
            f"已校验信访事项 {report.petitions:,d} 件、办理记录 {report.events:,d} 条、锚点 {report.anchors:,d} 个，"
            f"用时 {report.seconds:.1f} 秒。"
        )
        if report.ok:
            self.stdout.write(self.style.SUCCESS(f"{summary}未发现篡改。"))
            return
        broken = len(report.broken_petitions)
        self.stderr.write(
            self.style.ERROR(f"{summary}发现 {report.problem_count:,d} 个问题，涉及信访事项 {broken:,d} 件。")
        )
        raise SystemExit(1)
