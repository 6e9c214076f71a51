"""The dashboard's filter form: a period preset or custom dates, and the filters of ``StatsFilter``."""

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from analytics.metrics import BY_KEY
from analytics.selectors import RANKING_METRICS, StatsFilter, add_years, local_date_now
from core.errors import InvalidInput
from organisations.models import Region, System, Unit, region_code_range
from organisations.selectors import staff_context
from petitions.models import Channel, ProblemCategory, Tag

PRESETS = [
    ("this_year", _("今年")),
    ("last_year", _("去年")),
    ("this_month", _("本月")),
    ("last_month", _("上月")),
    ("custom", _("自定义")),
]


def preset_dates(preset: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """今年/本月 run to today, so that 同比 compares the same elapsed days of the year before."""
    if preset == "last_year":
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)
    if preset == "this_month":
        return today.replace(day=1), today
    if preset == "last_month":
        end = today.replace(day=1) - dt.timedelta(days=1)
        return end.replace(day=1), end
    return dt.date(today.year, 1, 1), today


def _blank(label):
    return [("", label)]


class StatsFilterForm(forms.Form):
    preset = forms.ChoiceField(label=_("统计期间"), choices=PRESETS, required=False, initial="this_year")
    date_from = forms.DateField(
        label=_("登记日期自"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(label=_("至"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.ModelChoiceField(
        label=_("单位（含下级）"), queryset=Unit.objects.none(), required=False, empty_label=_("全部单位")
    )
    region = forms.ChoiceField(label=_("问题发生地"), required=False)
    system = forms.ChoiceField(
        label=_("责任系统"), choices=_blank(_("全部系统")) + System.choices, required=False
    )
    channel = forms.ChoiceField(
        label=_("信访渠道"), choices=_blank(_("全部渠道")) + Channel.choices, required=False
    )
    category = forms.ChoiceField(
        label=_("问题类别"), choices=_blank(_("全部类别")) + ProblemCategory.choices, required=False
    )
    tag = forms.ModelChoiceField(
        label=_("专题标签"), queryset=Tag.objects.all(), required=False, empty_label=_("全部标签")
    )
    metric = forms.ChoiceField(label=_("排名指标"), required=False)
    level = forms.ChoiceField(
        label=_("排名对象"),
        choices=[("children", _("下级单位")), ("handling", _("承办单位"))],
        required=False,
        initial="children",
    )

    def __init__(self, data=None, *, user, today: dt.date | None = None):
        super().__init__(data)
        self.today = today or local_date_now()
        ctx = staff_context(user)
        self.fields["unit"].queryset = scope_units(user)
        ranges = ctx.committee_region_ranges or sorted(
            {region_code_range(u.region_id) for u in ctx.scope_units}
        )
        regions = Q()
        for lo, hi in ranges:
            regions |= Q(code__gte=lo, code__lte=hi)
        choices = (
            [(r.code, r.name) for r in Region.objects.filter(regions).order_by("code")] if regions else []
        )
        self.fields["region"].choices = _blank(_("全部地区")) + choices
        self.fields["metric"].choices = [(k, BY_KEY[k].label) for k in RANKING_METRICS]

    def clean(self):
        data = super().clean()
        custom = data.get("date_from") or data.get("date_to")
        preset = data.get("preset") or ("custom" if custom else "this_year")
        if preset == "custom":
            start, end = data.get("date_from"), data.get("date_to")
            if start is None and end is None:
                start, end = preset_dates("this_year", self.today)
            elif start is None:
                start = add_years(end, -1) + dt.timedelta(days=1)
            elif end is None:
                end = max(self.today, start)
        else:
            start, end = preset_dates(preset, self.today)
        data["preset"] = preset
        data["date_from"], data["date_to"] = start, end
        data["metric"] = data.get("metric") or "settled_rate"
        data["level"] = data.get("level") or "children"
        try:
            data["filter"] = StatsFilter(
                date_from=start,
                date_to=end,
                unit=data.get("unit"),
                region=data.get("region") or "",
                system=data.get("system") or "",
                channel=data.get("channel") or "",
                problem_category=data.get("category") or "",
                tag=data.get("tag"),
            )
        except InvalidInput as exc:
            for field, messages in exc.errors.items():
                target = {"problem_category": "category"}.get(field, field)
                for message in messages:
                    self.add_error(target if target in self.fields else None, message)
        return data


def scope_units(user):
    """The units a user may filter statistics by: those of their scope units' subtrees (the form's choices)."""
    paths = Q()
    for unit in staff_context(user).scope_units:
        paths |= Q(path__startswith=unit.path)
    return Unit.objects.filter(paths).order_by("path") if paths else Unit.objects.none()


def filter_from_params(params, *, user=None, today: dt.date | None = None) -> tuple[StatsFilter, str, str]:
    """A ``StatsFilter`` (and ranking metric and level) from query parameters — the API's and the export
    links' names: from, to, unit (unit code), region, system, channel, category, tag (id), metric, level.
    Without dates, the period is this year to date. With ``user``, the unit must be one of their scope (as in
    the form): another county's unit code is "not found", not a ranking of that county's units."""
    errors: dict[str, list[str]] = {}
    today = today or local_date_now()
    dates = {}
    for name in ("from", "to"):
        raw = (params.get(name) or "").strip()
        try:
            dates[name] = dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            errors[name] = [_("日期格式应为 YYYY-MM-DD。")]
    unit = tag = None
    if params.get("unit"):
        units = Unit.objects.all() if user is None else scope_units(user)
        unit = units.filter(code=params["unit"].strip()).first()
        if unit is None:
            errors["unit"] = [_("未找到该单位编码。")]
    if params.get("tag"):
        value = params["tag"].strip()
        tag = (
            Tag.objects.filter(pk=int(value)).first()
            if value.isdigit()
            else Tag.objects.filter(name=value).first()
        )
        if tag is None:
            errors["tag"] = [_("未找到该专题标签。")]
    metric = params.get("metric") or "settled_rate"
    if metric not in RANKING_METRICS:
        errors["metric"] = [_("不支持的排名指标。")]
    level = params.get("level") or "children"
    if level not in ("children", "handling"):
        errors["level"] = [_("排名对象应为承办单位或下级单位。")]
    if errors:
        raise InvalidInput(errors, message=next(iter(errors.values()))[0])
    start, end = dates.get("from"), dates.get("to")
    if start is None and end is None:
        start, end = preset_dates("this_year", today)
    elif start is None:
        start = add_years(end, -1) + dt.timedelta(days=1)
    elif end is None:
        end = max(today, start)
    try:
        f = StatsFilter(
            date_from=start,
            date_to=end,
            unit=unit,
            region=(params.get("region") or "").strip(),
            system=params.get("system") or "",
            channel=params.get("channel") or "",
            problem_category=params.get("category") or "",
            tag=tag,
        )
    except InvalidInput as exc:
        renamed = {
            {"date_from": "from", "date_to": "to", "problem_category": "category"}.get(k, k): v
            for k, v in exc.errors.items()
        }
        raise InvalidInput(renamed, message=exc.message) from None
    return f, metric, level
