"""Score and rank the units of a level: ``manage.py assess --from DATE --to DATE --level city --format json``."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from circulars import assessment
from circulars.models import AssessmentScheme
from core.errors import DomainError
from organisations.models import UnitLevel


class Command(BaseCommand):
    help = "按考核方案为某一层级的各单位打分并排名。"

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", required=True)
        parser.add_argument("--to", dest="date_to", required=True)
        parser.add_argument("--level", default="city", choices=[c for c, _l in UnitLevel.choices])
        parser.add_argument("--scheme", type=int, help="考核方案编号（默认：第一个启用的方案）")
        parser.add_argument("--format", default="json", choices=["json", "text"])

    def handle(self, *args, **options):
        try:
            date_from, date_to = (
                dt.date.fromisoformat(options["date_from"]),
                dt.date.fromisoformat(options["date_to"]),
            )
        except ValueError as exc:
            raise CommandError(f"日期应写作 YYYY-MM-DD：{exc}") from exc
        schemes = AssessmentScheme.objects.filter(active=True)
        scheme = schemes.filter(pk=options["scheme"]).first() if options["scheme"] else schemes.first()
        if scheme is None:
            raise CommandError("没有启用的考核方案，请先在管理后台配置。")
        try:
            result = assessment.assess(
                scheme=scheme, date_from=date_from, date_to=date_to, level=options["level"]
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        data = assessment.as_json(result)
        if options["format"] == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            for row in data["units"]:
                self.stdout.write(f"{row['rank']:>3}  {row['total']:>7}  {row['unit']}")
