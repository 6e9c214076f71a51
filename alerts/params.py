"""The parameters of each kind of early-warning rule: a schema as data, validated with Chinese messages.

An administrator configures a rule as its kind plus a small JSON object. Each kind declares its parameters here
(name, label, type, default, bounds or choices); ``validate_params`` checks a submitted object against that
declaration and returns it normalised with the defaults filled in. Nothing in a rule is ever evaluated as code.

``tighten`` applies a sensitive period (敏感时期): thresholds are multiplied by the period's factor (rounded up,
never below the kind's floor) and deadline horizons are divided by it, so every rule becomes stricter.
"""

import math
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleKind(models.TextChoices):
    REPEAT_PERSON = "repeat_person", _("重信重访（同一信访人）")
    REPEAT_MATTER = "repeat_matter", _("重复信访（同一原案）")
    GROUP = "group", _("集体访")
    SKIP_LEVEL = "skip_level", _("越级访、进京访、赴省访")
    KEY_PERSON = "key_person", _("重点人员")
    SUPERVISED_DUE = "supervised_due", _("督办事项临期")
    UNUSUAL_RISE = "unusual_rise", _("异常上升")
    CLUSTER_GROWTH = "cluster_growth", _("类案快速增长")


AGGREGATE_KINDS = frozenset({RuleKind.UNUSUAL_RISE, RuleKind.CLUSTER_GROWTH})

SKIP_FLAGS = {
    "flag_skip_level": "越级访",
    "flag_to_beijing": "进京访",
    "flag_to_province": "赴省访",
    "flag_abnormal": "非正常访",
}
SUPERVISION_LEVELS = {"province": "省级督办", "city": "市级督办", "county": "县级督办"}
DIMENSIONS = {"category": "问题类别", "region": "地区"}
LEVELS = {"province": "省", "city": "市", "county": "县（区）"}


@dataclass(frozen=True)
class Param:
    """One parameter of a kind of rule."""

    name: str
    label: str
    type: str  # "int", "float", "choice" or "choices" (a non-empty list of choices)
    default: Any
    min: float | None = None
    max: float | None = None
    choices: dict[str, str] | None = None
    required: bool = False

    def describe(self) -> str:
        if self.type in ("choice", "choices"):
            options = "、".join(f"{k}（{v}）" for k, v in (self.choices or {}).items())
            many = "列表，可多选" if self.type == "choices" else "取值"
            text = f"{self.name}：{self.label}，{many}：{options}"
        else:
            kind = "整数" if self.type == "int" else "数值"
            text = f"{self.name}：{self.label}，{kind}，{_fmt(self.min)}～{_fmt(self.max)}"
        if self.required:
            return text + "，必填"
        return text + f"，默认 {_fmt_default(self.default)}"


SCHEMAS: dict[str, tuple[Param, ...]] = {
    RuleKind.REPEAT_PERSON: (
        Param("count", "次数阈值（含本次）", "int", 3, 2, 100),
        Param("days", "统计天数", "int", 30, 1, 365),
    ),
    RuleKind.REPEAT_MATTER: (
        Param("count", "次数阈值（含本次）", "int", 3, 2, 100),
        Param("days", "统计天数", "int", 30, 1, 365),
    ),
    RuleKind.GROUP: (Param("min_people", "人数阈值", "int", 5, 2, 1000),),
    RuleKind.SKIP_LEVEL: (
        Param(
            "flags",
            "预警的标记",
            "choices",
            ["flag_skip_level", "flag_to_beijing", "flag_to_province"],
            choices=SKIP_FLAGS,
        ),
    ),
    RuleKind.KEY_PERSON: (),
    RuleKind.SUPERVISED_DUE: (
        Param("days", "距期限天数", "int", 3, 1, 60),
        Param("levels", "督办级别", "choices", list(SUPERVISION_LEVELS), choices=SUPERVISION_LEVELS),
    ),
    RuleKind.UNUSUAL_RISE: (
        Param("dimension", "统计维度", "choice", None, choices=DIMENSIONS, required=True),
        Param("level", "区划层级（按地区统计时默认县，按类别统计时默认省）", "choice", None, choices=LEVELS),
        Param("weeks", "对比的历史周数", "int", 8, 4, 52),
        Param("sigma", "标准差倍数", "float", 3.0, 0.5, 10),
        Param("min_count", "本周最少件数", "int", 5, 1, 100000),
    ),
    RuleKind.CLUSTER_GROWTH: (
        Param("min_size", "类案本期最少件数", "int", 10, 2, 100000),
        Param("min_growth", "较上期最少增加件数", "int", 5, 1, 100000),
        Param("growth_rate", "较上期最低增长率（1 即翻一番；上期为0视为满足）", "float", 1.0, 0, 100),
    ),
}
assert set(SCHEMAS) == set(RuleKind.values)


def _fmt(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _fmt_default(value: Any) -> str:
    if value is None:
        return "自动"
    if isinstance(value, list):
        return "、".join(value)
    return _fmt(value)


def kind_label(kind: str) -> str:
    return str(RuleKind(kind).label) if kind in RuleKind.values else kind


def describe_schema(kind: str) -> str:
    params = SCHEMAS.get(kind, ())
    if not params:
        return f"「{kind_label(kind)}」：无参数，填写 {{}}。"
    return f"「{kind_label(kind)}」：" + "；".join(p.describe() for p in params) + "。"


def default_params(kind: str) -> dict[str, Any]:
    return validate_params(kind, {})


def validate_params(kind: str, params: Any) -> dict[str, Any]:
    """Check ``params`` against the schema of ``kind``; return them normalised, defaults filled in.

    Raises ``ValidationError`` with one Chinese message per problem.
    """
    if kind not in SCHEMAS:
        raise ValidationError(f"未知的规则类型：{kind}。")
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise ValidationError('参数应为 JSON 对象，例如 {"count": 3, "days": 30}。')
    schema = SCHEMAS[kind]
    known = {p.name for p in schema}
    errors: list[str] = []
    unknown = sorted(k for k in params if k not in known)
    if unknown:
        allowed = "、".join(f"{p.name}（{p.label}）" for p in schema) or "无"
        errors.append(f"未知参数：{'、'.join(unknown)}。「{kind_label(kind)}」规则可用的参数：{allowed}。")
    clean: dict[str, Any] = {}
    for param in schema:
        if param.name not in params or params[param.name] in (None, ""):
            if param.required:
                errors.append(f"缺少参数「{param.name}（{param.label}）」。")
            clean[param.name] = list(param.default) if isinstance(param.default, list) else param.default
            continue
        try:
            clean[param.name] = _check(param, params[param.name])
        except ValueError as exc:
            errors.append(str(exc))
    if errors:
        raise ValidationError(errors)
    if kind == RuleKind.UNUSUAL_RISE and not clean["level"]:
        clean["level"] = "county" if clean["dimension"] == "region" else "province"
    return clean


def _check(param: Param, value: Any) -> Any:
    name = f"「{param.name}（{param.label}）」"
    if param.type in ("int", "float"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{name}应为{'整数' if param.type == 'int' else '数值'}，当前为 {value!r}。")
        if param.type == "int" and not float(value).is_integer():
            raise ValueError(f"{name}应为整数，当前为 {value}。")
        if not math.isfinite(value) or not (param.min <= value <= param.max):
            raise ValueError(f"{name}应在 {_fmt(param.min)} 到 {_fmt(param.max)} 之间，当前为 {value}。")
        return int(value) if param.type == "int" else float(value)
    options = "、".join(param.choices or {})
    if param.type == "choice":
        if value not in (param.choices or {}):
            raise ValueError(f"{name}应为以下之一：{options}，当前为 {value!r}。")
        return value
    if not isinstance(value, list) or not value:
        raise ValueError(f"{name}应为非空列表，可选：{options}。")
    bad = [v for v in value if v not in (param.choices or {})]
    if bad:
        raise ValueError(f"{name}含有无效取值：{'、'.join(map(str, bad))}；可选：{options}。")
    return [v for v in (param.choices or {}) if v in value]  # canonical order, no duplicates


@dataclass(frozen=True)
class Strictness:
    """An active sensitive period as a rule sees it."""

    name: str
    factor: float


def tighten(kind: str, params: dict[str, Any], strict: Strictness | None) -> tuple[dict[str, Any], str]:
    """The parameters in force under ``strict`` and a note for the reason (empty when nothing changed).

    Count thresholds are multiplied by the factor and rounded up (3 → 2, 5 → 3 at 0.5), never below the
    schema's minimum; the σ multiple is multiplied by it; deadline horizons are divided by it (3 → 6 days).
    """
    if strict is None or strict.factor >= 1:
        return params, ""
    factor = strict.factor
    out = dict(params)
    changes: list[str] = []
    bounds = {p.name: p for p in SCHEMAS[kind]}

    def scale(name: str, unit: str) -> None:
        new = max(int(bounds[name].min or 1), math.ceil(params[name] * factor - 1e-9))
        if new != params[name]:
            out[name] = new
            changes.append(f"{bounds[name].label.split('（')[0]}由{params[name]}{unit}降为{new}{unit}")

    if kind in (RuleKind.REPEAT_PERSON, RuleKind.REPEAT_MATTER):
        scale("count", "次")
    elif kind == RuleKind.GROUP:
        scale("min_people", "人")
    elif kind == RuleKind.SUPERVISED_DUE:
        new = min(int(bounds["days"].max or 60), math.ceil(params["days"] / factor - 1e-9))
        if new != params["days"]:
            out["days"] = new
            changes.append(f"提前预警天数由{params['days']}日增为{new}日")
    elif kind == RuleKind.UNUSUAL_RISE:
        sigma = round(params["sigma"] * factor, 2)
        if sigma != params["sigma"]:
            out["sigma"] = sigma
            changes.append(f"标准差倍数由{_fmt(params['sigma'])}降为{_fmt(sigma)}")
        scale("min_count", "件")
    elif kind == RuleKind.CLUSTER_GROWTH:
        scale("min_size", "件")
        scale("min_growth", "件")
    if not changes:
        return out, ""
    return out, f"敏感时期（{strict.name}）从严：{'，'.join(changes)}"
