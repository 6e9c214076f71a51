"""Issue a monthly circular from the command line: ``manage.py circular --period 2025-11 --unit CODE --output F``."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from circulars import services
from circulars.periods import parse_month, period_of
from core.downloads import open_plaintext
from core.errors import DomainError
from organisations.models import Unit


class Command(BaseCommand):
    help = "生成并签发通报（docx），以发文单位的名义编号、保存并送达被点名的单位。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--period", required=True, help="月份，如 2025-11；或 --kind weekly/half_monthly 时的任一日期"
        )
        parser.add_argument("--unit", required=True, help="发文单位（政法委）编码")
        parser.add_argument("--output", required=True, help="docx 输出文件")
        parser.add_argument("--kind", default="monthly", choices=["monthly", "half_monthly", "weekly"])

    def handle(self, *args, **options):
        unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"找不到单位编码 {options['unit']}。")
        try:
            if options["kind"] == "monthly":
                date_from, date_to = parse_month(options["period"])
            else:
                date_from, date_to = period_of(options["kind"], dt.date.fromisoformat(options["period"]))
            circular = services.circular_issue(issuer=unit, kind=options["kind"], date_from=date_from,
                                               date_to=date_to, actor=None)  # fmt: skip
        except ValueError as exc:
            raise CommandError(f"日期不正确：{exc}") from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        reader = open_plaintext(circular.file)
        try:
            with open(options["output"], "wb") as out:
                out.write(reader.read())
        finally:
            reader.close()
        self.stdout.write(f"{circular.number} {circular.title} → {options['output']}")
