"""Print the due date of a period: ``manage.py deadline --from 2025-09-26 --days 15 --working``."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.validators import CALCULATOR_DATES, check_date_window
from deadlines import calendar

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Command(BaseCommand):
    help = "计算期限届满日（起算日当日不计入，自次日起算），输出一行 YYYY-MM-DD。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="start", required=True, help="起算日（事件发生之日），格式 YYYY-MM-DD"
        )
        parser.add_argument("--days", required=True, help="期限天数（不小于1的整数）")
        parser.add_argument("--working", action="store_true", help="按工作日计算（默认按自然日）")

    def handle(self, *args, **options):
        raw = str(options["start"]).strip()
        try:
            if not ISO_DATE.fullmatch(raw):
                raise ValueError(raw)
            start = date.fromisoformat(raw)
        except ValueError:
            raise CommandError(f"起算日格式不正确：{raw}，应为 YYYY-MM-DD 的有效日期。") from None
        try:
            check_date_window(start, *CALCULATOR_DATES, what="起算日")
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
        try:
            days = int(str(options["days"]).strip())
        except ValueError:
            raise CommandError(f"期限天数应为整数：{options['days']}。") from None
        if days < 1:
            raise CommandError(f"期限天数应不小于1：{days}。")
        rule = calendar.WORKING if options["working"] else calendar.CALENDAR
        overrides = calendar.resolve_overrides(None)
        try:
            due = calendar.due_date(start, days, rule, overrides)
        except OverflowError:
            raise CommandError("期限超出可计算的日期范围。") from None
        for year in calendar.uncovered_years(start, due, overrides):
            self.stderr.write(f"注意：{year}年度节假日安排尚未录入，按周一至周五为工作日计算。")
        self.stdout.write(due.isoformat())
