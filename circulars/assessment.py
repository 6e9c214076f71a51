"""Assessment (考核): score every unit of a level for a period under a scheme an administrator edits.

Points per indicator = weight × rate ÷ 100 (a unit without data for an indicator earns 0 for it, said so on the
score card); deductions = count × points each, capped; the total never falls below 0; a veto condition met sets
the total to 0 (一票否决). Units are ranked by total (ties share a rank). Rates and counts are the figures of
``analytics.metrics`` over each unit's data scope (``analytics.selectors.UnitScope``) for the period.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from analytics import selectors as stats
from analytics.metrics import BY_KEY, derive, expressions, unprefixed
from circulars.models import AssessmentScheme, CountKind, ReturnVisit, ReturnVisitVerdict
from core.errors import InvalidInput
from organisations.models import Unit, UnitType, region_code_range

CENT = Decimal("0.01")
COUNT_METRICS = {  # count kinds that are figures of analytics.metrics
    CountKind.TO_BEIJING: "to_beijing",
    CountKind.SKIP_LEVEL: "skip_level",
    CountKind.GROUP: "group",
    CountKind.OVERDUE_OPEN: "overdue_open",
}


def weight_errors(weights) -> list[str]:
    total = sum((Decimal(w) for w in weights), Decimal(0))
    if total != Decimal(100):
        return [
            _("各项指标权重之和应为100分，当前为%(total)s分。") % {"total": format(total.normalize(), "f")}
        ]
    return []


def check_scheme(scheme: AssessmentScheme) -> None:
    indicators = list(scheme.indicators.all())
    if not indicators:
        raise InvalidInput(
            {"indicators": [_("考核方案至少需要一项指标。")]}, message=_("考核方案至少需要一项指标。")
        )
    errors = weight_errors(i.weight for i in indicators)
    if errors:
        raise InvalidInput({"indicators": errors}, message=errors[0])


def assessed_units(level: str, within: Unit | None = None) -> list[Unit]:
    """The 政法委 of every place of ``level`` (within a committee's region when given)."""
    qs = Unit.objects.filter(level=level, type=UnitType.COMMITTEE, is_active=True)
    if within is not None:
        lo, hi = region_code_range(within.region_id)
        qs = qs.filter(region_id__gte=lo, region_id__lte=hi)
    return list(qs.order_by("path"))


def unit_counts(unit: Unit, f: stats.StatsFilter, metric_keys: list[str]) -> tuple[dict, dict]:
    """The unit's rates (derived) and counts for the period, in one query, plus return visits found unsettled."""
    keys = list(dict.fromkeys([*metric_keys, *COUNT_METRICS.values()]))
    qs = stats.cohort(stats.UnitScope(unit), f)
    raw = qs.order_by().aggregate(**expressions(keys), abnormal=Count("pk", filter=Q(flag_abnormal=True)))
    values = derive(unprefixed(raw), keys)
    counts = {kind: values[key] for kind, key in COUNT_METRICS.items()}
    counts[CountKind.ABNORMAL] = raw["abnormal"]
    lo, hi = region_code_range(unit.region_id)
    counts[CountKind.FOUND_UNSETTLED] = ReturnVisit.objects.filter(
        verdict=ReturnVisitVerdict.UNSETTLED, visited_on__gte=f.date_from, visited_on__lte=f.date_to,
        handling_unit__region_id__gte=lo, handling_unit__region_id__lte=hi,
    ).count()  # fmt: skip
    return values, counts


def score_card(scheme: AssessmentScheme, values: dict, counts: dict) -> dict:
    """How each point was earned or lost."""
    lines, earned = [], Decimal(0)
    for indicator in scheme.indicators.all():
        value = values.get(indicator.metric)
        points = (
            (Decimal(indicator.weight) * Decimal(value) / 100).quantize(CENT, ROUND_HALF_UP)
            if value is not None
            else Decimal("0.00")
        )
        earned += points
        lines.append({
            "kind": "indicator", "label": str(BY_KEY[indicator.metric].label), "weight": Decimal(indicator.weight),
            "value": value, "points": points,
            "note": _("%(value)s%% × %(weight)s分") % {"value": value, "weight": indicator.weight} if value is not None
            else _("本期无数据，不得分"),
        })  # fmt: skip
    deducted = Decimal(0)
    for deduction in scheme.deductions.all():
        n = counts.get(deduction.kind, 0) or 0
        points = Decimal(n) * Decimal(deduction.points_each)
        if deduction.cap is not None:
            points = min(points, Decimal(deduction.cap))
        points = points.quantize(CENT)
        deducted += points
        lines.append({
            "kind": "deduction", "label": str(CountKind(deduction.kind).label), "count": n, "points": -points,
            "note": _("%(n)s件 × %(each)s分") % {"n": n, "each": deduction.points_each}
            + (_("（最多扣%(cap)s分）") % {"cap": deduction.cap} if deduction.cap is not None else ""),
        })  # fmt: skip
    vetoed = []
    for veto in scheme.vetoes.all():
        n = counts.get(veto.kind, 0) or 0
        if n >= veto.threshold:
            vetoed.append(
                _("%(kind)s%(n)s件（达到%(t)s件即否决）")
                % {"kind": CountKind(veto.kind).label, "n": n, "t": veto.threshold}
            )
    total = max(Decimal(0), earned - deducted).quantize(CENT)
    if vetoed:
        lines.append({"kind": "veto", "label": _("一票否决"), "points": -total, "note": "；".join(vetoed)})
        total = Decimal("0.00")
    return {"earned": earned.quantize(CENT), "deducted": deducted.quantize(CENT), "vetoed": vetoed,
            "total": total, "lines": lines}  # fmt: skip


def assess(*, scheme: AssessmentScheme, date_from: dt.date, date_to: dt.date, within: Unit | None = None,
           level: str | None = None) -> dict:  # fmt: skip
    """Every unit of the scheme's level scored and ranked for the period."""
    check_scheme(scheme)
    f = stats.StatsFilter(date_from=date_from, date_to=date_to)
    metric_keys = [i.metric for i in scheme.indicators.all()]
    rows = []
    for unit in assessed_units(level or scheme.level, within):
        values, counts = unit_counts(unit, f, metric_keys)
        card = score_card(scheme, values, counts)
        rows.append({"unit": unit, "values": values, "counts": counts, **card})
    rows.sort(key=lambda r: (-r["total"], r["unit"].path))
    previous, position = None, 0
    for index, row in enumerate(rows, start=1):
        if row["total"] != previous:
            position, previous = index, row["total"]
        row["rank"] = position
    return {"scheme": scheme, "from": date_from, "to": date_to, "rows": rows}


def as_json(result: dict) -> dict:
    def plain(v):
        return str(v) if isinstance(v, Decimal) else v

    return {
        "scheme": result["scheme"].name,
        "from": result["from"].isoformat(),
        "to": result["to"].isoformat(),
        "units": [
            {"rank": r["rank"], "unit": r["unit"].name, "code": r["unit"].code, "total": str(r["total"]),
             "earned": str(r["earned"]), "deducted": str(r["deducted"]), "vetoed": r["vetoed"],
             "lines": [{k: plain(v) for k, v in line.items()} for line in r["lines"]]}
            for r in result["rows"]
        ],
    }  # fmt: skip
