"""``manage.py report``: the dashboard's figures (summary, breakdowns, unit ranking) as JSON or xlsx.

The whole province by default (like a superuser); with ``--unit CODE``, what a staff member of that unit
would see (a 政法委: its whole region; any unit: what its subtree registered, handles, owns, supervises).
"""

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from analytics import selectors
from analytics.exports import workbook
from analytics.metrics import (
    METRICS,
    QUALITY_FIGURES,
    quality_figures,
    quality_summary,
    tool_figures,
    tool_figures_json,
    tool_figures_text,
)
from analytics.tables import plain, ranking_json, report_tables
from core.errors import InvalidInput
from organisations.models import Unit
from petitions.models import Petition


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value}") from None


class Command(BaseCommand):
    help = (
        "输出统计报表：期间内登记的信访事项的各项指标、同比环比、分维度统计和单位排名。"
        "默认统计全省；--unit 按该单位的数据范围统计。JSON 输出到标准输出（或 --output），xlsx 写入 --output 文件。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from", dest="date_from", required=True, help="统计期间起（YYYY-MM-DD，含当日）"
        )
        parser.add_argument("--to", dest="date_to", required=True, help="统计期间止（YYYY-MM-DD，含当日）")
        parser.add_argument("--unit", help="单位编码：按该单位的数据范围统计")
        parser.add_argument(
            "--format",
            choices=("json", "xlsx", "text"),
            default="json",
            help="输出格式（默认 json；text 为逐行文字）",
        )
        parser.add_argument("--output", help="输出文件；xlsx 必填")
        parser.add_argument(
            "--metric", default="settled_rate", choices=selectors.RANKING_METRICS, help="单位排名指标"
        )

    def handle(self, *args, **options) -> None:
        date_from, date_to = _date(options["date_from"]), _date(options["date_to"])
        if date_from > date_to:
            raise CommandError(f"开始日期（{date_from}）不能晚于结束日期（{date_to}）。")
        who = selectors.PROVINCE
        if options["unit"]:
            unit = Unit.objects.select_related("region").filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(f"未找到单位编码：{options['unit']}")
            who = selectors.UnitScope(unit)
        try:
            f = selectors.StatsFilter(date_from=date_from, date_to=date_to)
        except InvalidInput as exc:
            raise CommandError(exc.message) from None
        data = selectors.report(who, f, ranking_metric=options["metric"])
        petitions = (
            None
            if isinstance(who, selectors.ProvinceScope)
            else selectors.scoped(who, Petition.objects.all())
        )
        data["quality"] = quality_figures(petitions, date_from, date_to)
        data["tools"] = tool_figures(start=date_from, end=date_to, petitions=petitions)
        scope = who.unit.name if isinstance(who, selectors.UnitScope) else "全省"
        output = options["output"]
        if options["format"] == "xlsx":
            if not output:
                raise CommandError("xlsx 格式须用 --output 指定输出文件。")
            lines = [("统计范围", scope), *f.describe()]
            Path(output).write_bytes(
                workbook(report_tables(data), title="涉法涉诉信访统计报表", filter_lines=lines)
            )
            self.stdout.write(self.style.SUCCESS(f"已写入 {output}。"))
            return
        if options["format"] == "text":
            text = as_text(data, scope)
        else:
            text = json.dumps(as_json(data, scope), ensure_ascii=False, indent=2)
        if output:
            Path(output).write_text(text + "\n", encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"已写入 {output}。"))
        else:
            self.stdout.write(text)


def as_json(data: dict, scope: str) -> dict:
    return {
        "scope": scope,
        "period": plain(data["period"]),
        "metrics": {m.key: {"label": str(m.label), "unit": m.unit} for m in METRICS},
        "values": plain(data["values"]),
        "previous_year": plain(data["previous_year"]),
        "previous_period": plain(data["previous_period"]),
        "breakdowns": plain(data["breakdowns"]),
        "ranking": ranking_json(data["ranking"]),
        "quality": {
            "metrics": {m.key: {"label": str(m.label), "unit": m.unit} for m in QUALITY_FIGURES},
            "values": plain(data["quality"]),
            "summary": quality_summary(data["quality"]),
        },
        "tools": tool_figures_json(data["tools"]),
    }


def _line(label, value, unit: str) -> str:
    shown = "—" if value is None else f"{value}{'' if unit == '%' else ' '}{unit}"
    return f"{label}：{shown}"


def as_text(data: dict, scope: str) -> str:
    """The summary figures and the handling tools' figures, one per line."""
    period = plain(data["period"])
    lines = [f"统计范围：{scope}", f"统计期间：{period['from']} 至 {period['to']}", ""]
    lines += [_line(m.label, data["values"].get(m.key), m.unit) for m in METRICS]
    lines += ["", "案件评查、责任追究与听证", quality_summary(data["quality"])]
    lines += [_line(f.label, data["quality"][f.key], f.unit) for f in QUALITY_FIGURES]
    lines += ["", "调解、司法救助与稳控帮扶", tool_figures_text(data["tools"])]
    return "\n".join(lines)
