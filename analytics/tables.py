"""The figures as tables: each chart's data as rows and typed columns, shared by the HTML tables under the
charts, the xlsx downloads, the report command's workbook and the charts' JSON."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from django.utils.translation import gettext as _

from analytics.metrics import BY_KEY, METRICS, QUALITY_FIGURES, TOOL_FIGURES
from analytics.selectors import BREAKDOWN_LABELS, HEADLINE_KEYS

# kinds: text, count, rate (percent), days, change (percent change), points (percentage points), share, rank
SHOWN_KEYS = [
    "registered",
    "accepted",
    "settled",
    "settled_rate",
    "on_time_reply_rate",
    "satisfaction_rate",
    "overdue_open",
    "repeat_rate",
]
CHARTS = ["summary", "trend", "system", "channel", "category", "settlement_form", "region", "city", "ranking"]


@dataclasses.dataclass
class Column:
    key: str
    label: str
    kind: str = "text"
    help: str = ""
    on_page: bool = True  # False: only in downloads (the page shows it as the row's tooltip)


@dataclasses.dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[dict]
    note: str = ""

    @property
    def page_columns(self) -> list[Column]:
        return [c for c in self.columns if c.on_page]

    def cells(self) -> list[dict]:
        """Rows for the page: (value, kind) pairs of the page's columns, and the row's tooltip."""
        return [
            {
                "values": [(row.get(c.key), cell_kind(c, row)) for c in self.page_columns],
                "title": row.get("definition", ""),
            }
            for row in self.rows
        ]


def cell_kind(column: Column, row: dict) -> str:
    if column.kind == "mixed":
        return row.get("kind", "count")
    if column.kind == "mixed_change":
        return row.get("change_kind", "change")
    return column.kind


def kind_of(key: str) -> str:
    metric = BY_KEY[key]
    if metric.is_rate:
        return "rate"
    if metric.unit == "天":
        return "days"
    return "count"


def metric_column(key: str) -> Column:
    metric = BY_KEY[key]
    return Column(key, str(metric.label), kind_of(key), str(metric.definition))


def change_kind(key: str) -> str:
    return "points" if BY_KEY[key].is_rate else "change"


def summary_table(data: dict) -> Table:
    """Every metric of the period with 去年同期/同比 and 上一期/环比."""
    yoy, mom = data["previous_year"], data["previous_period"]
    rows = []
    for metric in METRICS:
        key = metric.key
        rows.append(
            {
                "label": str(metric.label),
                "value": data["values"][key],
                "kind": kind_of(key),
                "yoy_value": yoy["values"][key],
                "yoy": yoy["change"][key],
                "mom_value": mom["values"][key],
                "mom": mom["change"][key],
                "change_kind": change_kind(key),
                "definition": str(metric.definition),
            }
        )
    period = f"{data['period']['from']:%Y-%m-%d}—{data['period']['to']:%Y-%m-%d}"
    last_year = f"{yoy['from']:%Y-%m-%d}—{yoy['to']:%Y-%m-%d}"
    before = f"{mom['from']:%Y-%m-%d}—{mom['to']:%Y-%m-%d}"
    return Table(
        "summary",
        _("指标汇总"),
        [
            Column("label", _("指标")),
            Column("value", _("本期") + f"（{period}）", "mixed"),
            Column("yoy_value", _("去年同期") + f"（{last_year}）", "mixed"),
            Column("yoy", _("同比"), "mixed_change"),
            Column("mom_value", _("上一期") + f"（{before}）", "mixed"),
            Column("mom", _("环比"), "mixed_change"),
            Column("definition", _("口径"), on_page=False),
        ],
        rows,
        note=_("同比、环比：件数与用时为增减百分比，比率为增减百分点。"),
    )


def headline(data: dict) -> list[dict]:
    cards = []
    for key in HEADLINE_KEYS:
        metric = BY_KEY[key]
        cards.append(
            {
                "key": key,
                "label": str(metric.label),
                "definition": str(metric.definition),
                "value": data["values"][key],
                "kind": kind_of(key),
                "yoy": data["previous_year"]["change"][key],
                "change_kind": change_kind(key),
                "better_when_lower": key in ("overdue_open", "repeat_rate"),
            }
        )
    return cards


def trend_table(data: dict) -> Table:
    trend = data["trend"]
    rows = []
    for label, now, before in zip(trend["labels"], trend["current"], trend["previous_year"], strict=True):
        rows.append(
            {
                "label": label,
                "registered": now["registered"],
                "registered_last_year": before["registered"],
                "settled": now["settled"],
                "settled_rate": now["settled_rate"],
            }
        )
    unit = _("日") if trend["granularity"] == "day" else _("月份")
    return Table(
        "trend",
        _("登记与化解趋势"),
        [
            Column("label", unit),
            metric_column("registered"),
            Column("registered_last_year", _("去年同期登记件数"), "count"),
            metric_column("settled"),
            metric_column("settled_rate"),
        ],
        rows,
    )


def breakdown_table(key: str, rows: list[dict], first: str | None = None) -> Table:
    return Table(
        key,
        str(BREAKDOWN_LABELS[key]),
        [
            Column("label", first or str(BREAKDOWN_LABELS[key]).removeprefix("按")),
            *map(metric_column, SHOWN_KEYS),
        ],
        rows,
    )


def settlement_table(rows: list[dict]) -> Table:
    return Table(
        "settlement_form",
        _("息诉罢访形式"),
        [
            Column("label", _("形式")),
            Column("count", _("件数"), "count"),
            Column("share", _("占比"), "share", _("各形式件数 ÷ 已结已息件数；最大余数法使合计恰为100%。")),
        ],
        rows,
    )


def region_table(key: str, rows: list[dict]) -> Table:
    title = _("问题发生地（市州）") if key == "city" else _("问题发生地（县区）")
    columns = [Column("label", _("地区")), Column("key", _("区划代码"))]
    columns += map(
        metric_column, ["registered", "legal", "settled", "settled_rate", "overdue_open", "repeat_rate"]
    )
    return Table(key, title, columns, rows)


def ranking_table(ranking: dict) -> Table:
    metric = ranking["metric"]
    level = _("下级单位") if ranking["level"] == "children" else _("承办单位")
    columns = [Column("rank", _("名次"), "rank"), Column("label", level), metric_column(metric)]
    others = [k for k in ("registered", "legal", "settled", "settled_rate", "overdue_open") if k != metric]
    columns += map(metric_column, others)
    direction = _("由少到多") if metric == "overdue_open" else _("由高到低")
    note = _("按%(metric)s%(direction)s排名；并列同名次；无可计算数据的单位不参与排名。") % {
        "metric": BY_KEY[metric].label,
        "direction": direction,
    }
    if ranking["level"] == "children":
        note += _(
            "政法委的下级单位按辖区统计：每个下级政法委统计其辖区内单位承办的事项（尚未交办的按问题发生地），"
            "本级单位承办的列为“本级”。"
        )
    return Table("ranking", _("单位排名"), columns, ranking["rows"], note=note)


def campaign_table(progress: dict) -> Table:
    columns = [Column("label", _("单位")), Column("registered", _("活动范围件数"), "count")]
    rows = []
    for index, stage in enumerate(progress["stages"]):
        columns.append(
            Column(
                f"stage{index}",
                f"{stage['due_on']:%m-%d} {stage['label']}≥{stage['target'].target}%",
                "stage",
            )
        )
    for unit in [*progress["units"], {"label": _("合计"), **progress["total"]}]:
        row = {"label": unit["label"], "registered": unit["values"]["registered"]}
        for index, stage in enumerate(unit["stages"]):
            row[f"stage{index}"] = stage
        rows.append(row)
    campaign = progress["campaign"]
    return Table(
        f"campaign-{campaign.pk}",
        f"{campaign.name}（{campaign.starts_on:%Y-%m-%d}—{campaign.ends_on:%Y-%m-%d}）",
        columns,
        rows,
        note=_("已过截止日的阶段按截止日当天结束时的办结情况计算；未到期的阶段为当前值。"),
    )


def dashboard_tables(data: dict) -> dict[str, Table]:
    tables = {
        "summary": summary_table(data),
        "trend": trend_table(data),
        "system": breakdown_table("system", data["system"]),
        "channel": breakdown_table("channel", data["channel"]),
        "category": breakdown_table("category", data["category"]),
        "settlement_form": settlement_table(data["settlement_form"]),
        "region": region_table("region", data["region"]),
        "ranking": ranking_table(data["ranking"]),
    }
    if data.get("city"):
        tables["city"] = region_table("city", data["city"])
    for progress in data.get("campaigns", []):
        table = campaign_table(progress)
        tables[table.key] = table
    return tables


def report_tables(data: dict) -> list[Table]:
    tables = [summary_table(data)]
    for key, rows in data["breakdowns"].items():
        if key == "settlement_form":
            tables.append(settlement_table(rows))
        elif key in ("region", "city"):
            tables.append(region_table(key, rows))
        else:
            tables.append(breakdown_table(key, rows))
    tables.append(ranking_table(data["ranking"]))
    if "quality" in data:
        tables.append(
            figures_table("quality", _("案件评查、责任追究与听证"), QUALITY_FIGURES, data["quality"])
        )
    if "tools" in data:
        tables.append(figures_table("tools", _("调解、司法救助与稳控帮扶"), TOOL_FIGURES, data["tools"]))
    return tables


def figures_table(key: str, title: str, figures, values: dict) -> Table:
    """The handling tools' figures of the period (``analytics.metrics.QUALITY_FIGURES``, ``TOOL_FIGURES``):
    counts, shares in per cent and amounts in yuan to the fen."""
    kinds = {"%": "rate", "元": "amount"}
    rows = [
        {"label": str(f.label), "value": values[f.key], "kind": kinds.get(f.unit, "count"), "unit": str(f.unit),
         "definition": str(f.definition)}
        for f in figures
    ]  # fmt: skip
    columns = [
        Column("label", _("指标")),
        Column("value", _("本期"), "mixed"),
        Column("unit", _("单位")),
        Column("definition", _("口径"), on_page=False),
    ]
    return Table(key, title, columns, rows)


def plain(value):
    """A value for JSON and spreadsheets: Decimal as a number, dates as ISO strings."""
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def chart_data(data: dict) -> dict:
    """The charts' series, passed to the page with ``json_script``."""
    trend = data["trend"]

    def bars(rows, key="registered"):
        return {"labels": [str(r["label"]) for r in rows], "values": [plain(r[key]) for r in rows]}

    return {
        "units": {"count": _("件"), "value": _("%(n)s件"), "separator": _("："), "share": _("占比")},
        "trend": {
            "labels": trend["labels"],
            "series": [
                {"name": _("登记件数"), "values": [r["registered"] for r in trend["current"]]},
                {"name": _("去年同期登记件数"), "values": [r["registered"] for r in trend["previous_year"]]},
                {"name": _("已结已息"), "values": [r["settled"] for r in trend["current"]]},
            ],
            "rate": {
                "name": str(BY_KEY["settled_rate"].label),
                "values": [plain(r["settled_rate"]) for r in trend["current"]],
            },
        },
        "system": bars(data["system"]),
        "channel": bars(data["channel"]),
        "category": bars(data["category"]),
        "settlement_form": {
            "labels": [r["label"] for r in data["settlement_form"]],
            "values": [r["count"] for r in data["settlement_form"]],
            "shares": [plain(r["share"]) for r in data["settlement_form"]],
        },
    }


def campaign_panels(data: dict, tables: dict[str, Table]) -> list[dict]:
    """Each campaign's progress with its table and, for the current stage, one bar per unit."""
    panels = []
    for progress in data.get("campaigns", []):
        current = progress["current"]
        stage = progress["stages"][current] if current is not None else None
        bars = []
        if stage is not None:
            for unit in progress["units"]:
                judged = unit["stages"][current]
                value = judged["value"]
                bars.append(
                    {
                        "label": unit["label"],
                        "value": value,
                        "achieved": judged["achieved"],
                        "width": str(min(Decimal(100), value)) if value is not None else "0",
                    }
                )
        panels.append(
            {
                "progress": progress,
                "table": tables[f"campaign-{progress['campaign'].pk}"],
                "stage": stage,
                "bars": bars,
                "target_left": str(stage["target"].target) if stage else "0",
            }
        )
    return panels


def ranking_json(ranking: dict) -> dict:
    """A ranking for JSON (API and report): rank, unit, value; the best and the laggards by name."""
    metric = ranking["metric"]
    return {
        "metric": metric,
        "level": ranking["level"],
        "rows": [
            {"rank": r["rank"], "unit_id": r["key"], "unit": r["label"], "value": plain(r[metric])}
            for r in ranking["rows"]
        ],
        "best": [r["label"] for r in ranking["best"]],
        "laggards": [r["label"] for r in ranking["laggards"]],
    }
