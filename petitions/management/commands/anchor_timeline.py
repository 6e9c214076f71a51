"""``manage.py anchor_timeline [--date YYYY-MM-DD] [--print]``: take (or print) the daily anchor of the timeline.

Without ``--print`` it anchors every chain as it stands now, labelled with ``--date`` (default today); if that
day already has an anchor nothing is taken (the scheduled job runs it hourly). With ``--print`` it prints the
anchor of that day (default the latest) for the paper or off-site record.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from petitions.chain import AnchorError, latest_anchor, printable, take_anchor
from petitions.models import TimelineAnchor


class Command(BaseCommand):
    help = (
        "生成办理记录的每日锚点（全部记录链链头的一个哈希，并与上一锚点相连），或用 --print 打印锚点，"
        "供纸质或系统外保存；日后用 verify_timeline --printed 核对。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="锚点日期 YYYY-MM-DD（默认今天）")
        parser.add_argument(
            "--print", action="store_true", dest="print_only", help="只打印该日（默认最新）的锚点"
        )
        parser.add_argument("--again", action="store_true", help="该日已有锚点时仍再生成一个")

    def handle(self, *args, **options) -> None:
        day = None
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"日期格式应为 YYYY-MM-DD：{options['date']}") from None
        if options["print_only"]:
            anchor = (
                TimelineAnchor.objects.filter(day=day).order_by("-seq").first() if day else latest_anchor()
            )
            if anchor is None:
                raise CommandError("尚无锚点。" if day is None else f"{day} 没有锚点。")
            self.stdout.write(printable(anchor))
            return
        existing = TimelineAnchor.objects.filter(day=day or timezone.localdate()).order_by("-seq").first()
        if existing is not None and not options["again"]:
            self.stdout.write(f"{existing.day} 已有锚点，未重复生成（需要时加 --again）：")
            self.stdout.write(printable(existing))
            return
        try:
            anchor = take_anchor(day=day)
        except AnchorError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS("已生成锚点："))
        self.stdout.write(printable(anchor))
