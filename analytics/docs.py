"""``docs/statistics.md``, generated from ``METRICS`` so the page can never disagree with the code."""

from django.utils import translation

from analytics.metrics import BY_KEY, METRICS, QUALITY_FIGURES

KIND_NAMES = {
    "count": "件数",
    "sum": "用时合计",
    "max": "最长用时",
    "rate": "比率",
    "average": "平均用时",
}


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def statistics_markdown() -> str:
    """The statistics reference page, in Simplified Chinese, deterministic."""
    with translation.override("zh-hans"):
        lines = [
            "# 统计指标口径",
            "",
            "本页由 `python manage.py statistics_docs` 根据 `analytics/metrics.py` 中的 `METRICS` 生成，请勿手工修改。",
            "统计分析页面、`python manage.py report`、`/api/v1/statistics/` 接口和导出的 xlsx 使用同一套定义。",
            "",
            "## 共同规则",
            "",
            "- **统计对象**：统计期间内（按北京时间的登记日期，起止日均含）登记、在查看人数据范围内、符合筛选条件的信访事项；"
            "各事项的状态按当前记录计算，“超期”按计算时刻判断。",
            "- **数据范围**：与事项台账相同（`petitions.scope.visible_petitions`）：本单位及下级单位登记、承办、包案、督办或"
            "被交办的事项，本人被指派的事项；政法委另含本行政区域内问题发生地或信访人住所地在本区域的全部事项。"
            "`report` 命令默认统计全省，`--unit` 时按该单位的数据范围统计。",
            "- **比率**：分子 ÷ 分母 × 100%，四舍五入（half-up）保留一位小数；分母为 0 时不计算（显示“—”）。",
            "- **占比（构成）**：各部分之和恰为 100.0%（按十分位取整后以最大余数法分配余数）。",
            "- **同比**：与上年同一日期区间相比；**环比**：与紧邻的前一个等长期间相比（整月期间取前面同样多个自然月）。"
            "件数和用时的变化为增减百分比（上期为 0 时不计算），比率的变化为增减百分点。",
            "- **依法终结**：批准终结的事项计为已结已息（批准终结形式），不计入未结未息和超期。",
            "- **单位排名与专项活动的单位**：“承办单位”按事项的承办单位；“下级单位”在政法委按辖区：每个下级政法委"
            "（市州、县区）统计其辖区内单位承办的事项（尚未交办的按问题发生地），本级单位（市直、省直）承办的列为“本级”；"
            "县区政法委列出本辖区的各承办单位；其他单位（如中级法院）按单位隶属列出其下级单位。",
            "- **专项活动**：活动的统计对象是活动范围（如全部积案），与登记日期无关；活动有选定案件时只计选定的案件，全部移出后按筛选条件（仅积案、此日前未化解、督办层级含以上、专题标签、责任系统、问题类别、登记日期）统计；已过截止日的阶段目标按截止日当天结束时"
            "的办结情况评价（分子只计在截止日前办结且仍符合条件的事项）。",
            "",
            "## 指标",
            "",
            "| 指标 | 键 | 类型 | 单位 | 口径 |",
            "|---|---|---|---|---|",
        ]
        for metric in METRICS:
            lines.append(
                f"| {_cell(metric.label)} | `{metric.key}` | {KIND_NAMES[metric.type]} | {metric.unit} "
                f"| {_cell(metric.definition)} |"
            )
        lines += ["", "## 比率与平均数的分子、分母", "", "| 指标 | 分子 | 分母 |", "|---|---|---|"]
        for metric in METRICS:
            if metric.is_derived:
                numerator, denominator = BY_KEY[metric.numerator], BY_KEY[metric.denominator]
                lines.append(
                    f"| {_cell(metric.label)}（`{metric.key}`） | {_cell(numerator.label)}（`{numerator.key}`） "
                    f"| {_cell(denominator.label)}（`{denominator.key}`） |"
                )
        lines += [
            "",
            "## 案件评查、责任追究与听证",
            "",
            "这些指标统计各办理工具自身的记录，而不是登记队列：记录按其自身事件的北京日期归入期间"
            "（被评查案件按定等日期，责任追究按决定日期，听证按开始日期），按所属信访事项归入数据范围。"
            "`report` 命令的 JSON（`quality`）和文字输出（`--format text`）包含这些指标。",
            "",
            "| 指标 | 键 | 单位 | 口径 |",
            "|---|---|---|---|",
        ]
        for figure in QUALITY_FIGURES:
            lines.append(
                f"| {_cell(figure.label)} | `{figure.key}` | {figure.unit} | {_cell(figure.definition)} |"
            )
        lines.append("")
    return "\n".join(lines)
