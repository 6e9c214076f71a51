"""Reads for statistics: the cohort, summaries with year-on-year and month-on-month change, breakdowns, unit
rankings and campaign progress (DOMAIN §6, §9).

Every figure is computed over ``petitions.scope.visible_petitions(user)`` (or, for the report command, the
same rule applied to a unit, or the whole province) and built from ``analytics.metrics`` — one definition per
figure. Each breakdown is one GROUP BY query; the dashboard groups by a few dimensions at once and rolls the
raw counts up, which is exact because counts, time sums and maxima combine over disjoint groups.

Performance: the data scope of a 政法委 reaches every petition a unit of its subtree ever touched (rows of
``PetitionAccess``, all years). ``bounded`` narrows those sub-queries to the id range of the unscoped period
cohort — an equivalent condition, since every row the outer query can return lies inside that range — so a
city's yearly figures hash a year of access rows instead of its whole history.
"""

from __future__ import annotations

import calendar as pycalendar
import dataclasses
import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Union

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, F, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import Col, ResolvedOuterRef
from django.db.models.functions import TruncDate
from django.db.models.lookups import Exact, GreaterThanOrEqual, In
from django.db.models.sql.query import Query
from django.db.models.sql.where import WhereNode
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analytics.metrics import (
    ALIAS,
    BY_KEY,
    SETTLEMENT_FORMS,
    derive,
    expression,
    expressions,
    merge,
    rate,
    shares,
    unprefixed,
)
from analytics.metrics import compare as compare_values
from analytics.models import Campaign, CampaignTarget, levels_at_or_above
from core.errors import InvalidInput
from core.validators import validate_safe_date
from deadlines.calendar import CHINA_TZ, local_date, start_of_day
from organisations.models import Region, Role, System, Unit, UnitType, region_code_range
from organisations.selectors import staff_context
from petitions.models import Channel, Petition, PetitionAccess, ProblemCategory, SettlementForm, Tag
from petitions.scope import visible_petitions

if TYPE_CHECKING:
    from organisations.models import User

MAX_YEARS = 5
WORK_MEM = getattr(settings, "XINFANG_ANALYTICS_WORK_MEM", "64MB")
STATISTICS_ROLES = (Role.LEADER, Role.SUPERVISOR, Role.UNIT_HEAD, Role.OWNER_LEADER)

# the figures shown for each group of a breakdown (their numerators and denominators come along)
BREAKDOWN_KEYS = [
    "registered",
    "accepted",
    "legal",
    "closed",
    "settled",
    "open",
    "overdue_open",
    "repeat",
    "settled_rate",
    "on_time_reply_rate",
    "satisfaction_rate",
    "repeat_rate",
]
HEADLINE_KEYS = [
    "registered",
    "accepted",
    "settled_rate",
    "on_time_reply_rate",
    "satisfaction_rate",
    "overdue_open",
    "repeat_rate",
]
RANKING_METRICS = [
    "settled_rate",
    "on_time_reply_rate",
    "satisfaction_rate",
    "overdue_open",
    "close_rate",
    "timely_acceptance_rate",
    "first_time_rate",
]
LOWER_IS_BETTER = {"overdue_open"}
LAGGARDS = 3


# ---------------------------------------------------------------------------------------------- who and which


class ProvinceScope:
    """Everything: the report command's default, like a superuser of the province."""

    def __repr__(self) -> str:
        return "PROVINCE"


PROVINCE = ProvinceScope()


@dataclasses.dataclass(frozen=True)
class UnitScope:
    """What a (non-lawyer) staff member of ``unit`` would see, without anything granted to them personally."""

    unit: Unit


Who = Union["User", UnitScope, ProvinceScope]  # whose data scope the figures are computed in


def can_view_statistics(staff) -> bool:
    """领导, 督办员, 部门负责人, 包案领导, and any non-lawyer staff of a 政法委."""
    if staff.roles & set(STATISTICS_ROLES):
        return True
    return any(
        m.unit.type == UnitType.COMMITTEE and m.role not in (Role.LAWYER, Role.SYSADMIN)
        for m in staff.memberships
    )


def unit_scope_petitions(unit: Unit, queryset: QuerySet | None = None) -> QuerySet:
    """The petitions ``visible_petitions`` gives a staff member of ``unit``: those its subtree registered,
    handles, owns, supervises or was assigned, and — for a 政法委 — every petition of its region."""
    qs = Petition.objects.all() if queryset is None else queryset
    units = Unit.objects.filter(path__startswith=unit.path).values("pk")
    condition = Q(pk__in=PetitionAccess.objects.filter(unit__in=units).values("petition_id"))
    if unit.type == UnitType.COMMITTEE:
        lo, hi = region_code_range(unit.region_id)
        condition |= Q(problem_region_id__gte=lo, problem_region_id__lte=hi)
        condition |= Q(residence_region_id__gte=lo, residence_region_id__lte=hi)
    return qs.filter(condition)


def scoped(who: Who, queryset: QuerySet) -> QuerySet:
    if isinstance(who, ProvinceScope):
        return queryset
    if isinstance(who, UnitScope):
        return unit_scope_petitions(who.unit, queryset)
    return visible_petitions(who, queryset)


def bounded(queryset: QuerySet, lo: int, hi: int) -> QuerySet:
    """The same rows, computed cheaply: the scope's sub-queries over ``PetitionAccess`` narrowed to
    ``lo ≤ petition_id ≤ hi``, and the scope's alternatives reordered so that plain column tests (the
    region of a 政法委) come before sub-queries.

    Equivalent when every row the query may return has ``lo ≤ pk ≤ hi`` — ``Cohorts`` takes the bounds from
    the unscoped cohort itself — and ``OR`` does not depend on the order of its terms. PostgreSQL evaluates an
    ``OR`` from left to right and builds a sub-query's hash only when it first needs it, so a province sees
    its rows without ever reading the access rows, and a city hashes one period's access rows, not its whole
    history. Everything else is exactly the condition ``visible_petitions`` built.
    """
    qs = queryset._chain()
    qs.query.where = _bound_node(qs.query.where, lo, hi)
    return qs


def _bound_node(node, lo: int, hi: int):
    if isinstance(node, WhereNode):
        clone = node.copy()
        clone.children = [_bound_node(child, lo, hi) for child in node.children]
        if node.connector == "OR":
            clone.children.sort(key=_has_subquery)  # stable: plain tests first, in their order
        return clone
    if _is_access_subquery(node):
        rhs = node.rhs.clone()
        rhs.add_q(Q(petition_id__gte=lo, petition_id__lte=hi))
        return In(node.lhs, rhs)
    probe = _access_probe(node)
    if probe is not None:
        pk, rhs = probe
        rhs.add_q(Q(petition_id__gte=lo, petition_id__lte=hi))
        return In(pk, rhs)
    return node


def _access_probe(node) -> tuple | None:
    """``EXISTS (SELECT … FROM petitions_petitionaccess WHERE petition_id = outer.pk AND …)`` — the shape
    ``visible_petitions`` uses so that a list page probes a few index entries per row — as the equivalent
    ``(outer pk, SELECT petition_id FROM petitions_petitionaccess WHERE …)``: over a whole period the
    statistics read the subtree's access rows once into a hash instead of probing the index for every row."""
    exists = getattr(node, "lhs", None)
    if not (isinstance(node, Exact) and node.rhs is True and isinstance(exists, Exists)):
        return None
    inner = exists.query
    if inner.model is not PetitionAccess or inner.where.connector != "AND" or inner.where.negated:
        return None
    # the link ``petition_id = outer.pk``, and the same link as ``>=`` that keeps a page's probe a probe
    # (``petitions.scope.access_exists``): redundant beside the equality, dropped with it
    correlated = [child for child in inner.where.children if _refers_outside(child, inner)]
    links = [child for child in correlated if _links_to_petition(child, inner)]
    exact = [child for child in links if isinstance(child, Exact)]
    if len(exact) != 1 or len(links) != len(correlated):
        return None
    link = exact[0]
    if any(not isinstance(child, Exact | GreaterThanOrEqual) or child.rhs != link.rhs for child in links):
        return None
    outer = link.rhs
    rhs = inner.clone()
    rhs.where.children = [child for child in inner.where.children if not any(child is x for x in links)]
    rhs.clear_limits()
    rhs.clear_select_clause()
    rhs.set_values(["petition"])
    return outer, rhs


def _links_to_petition(node, inner: Query) -> bool:
    """``petition_id <op> outer.pk`` in the access sub-query ``inner``."""
    outer = getattr(node, "rhs", None)
    return (
        getattr(getattr(getattr(node, "lhs", None), "target", None), "name", None) == "petition"
        and getattr(node.lhs, "alias", None) in inner.alias_map
        and isinstance(outer, Col)
        and outer.target == Petition._meta.pk
    )


def _refers_outside(node, inner: Query) -> bool:
    """Whether a condition of the sub-query ``inner`` reads a column of an outer query."""
    if isinstance(node, WhereNode):
        return any(_refers_outside(child, inner) for child in node.children)
    sides = (getattr(node, "lhs", None), getattr(node, "rhs", None))
    return any(
        isinstance(side, OuterRef | ResolvedOuterRef)
        or (isinstance(side, Col) and side.alias not in inner.alias_map)
        for side in sides
    )


def _is_access_subquery(node) -> bool:
    """``pk IN (SELECT petition_id FROM petitions_petitionaccess …)``."""
    if not (isinstance(node, In) and isinstance(node.rhs, Query) and node.rhs.model is PetitionAccess):
        return False
    selected = [getattr(getattr(col, "target", None), "name", None) for col in node.rhs.select]
    return selected == ["petition"] and getattr(getattr(node.lhs, "target", None), "primary_key", False)


def _has_subquery(node) -> bool:
    if isinstance(node, WhereNode):
        return any(_has_subquery(child) for child in node.children)
    return isinstance(node, Subquery) or isinstance(getattr(node, "rhs", None), Query | Subquery)


def analytic(function: Callable) -> Callable:
    """Run a statistics read in one transaction with room to hash: on PostgreSQL ``work_mem`` is raised for
    its queries only (``SET LOCAL``), so the scope's sub-query hashes a city's access rows instead of
    re-reading them for every petition, and JIT compilation is off (with a year of a province's rows the
    planner's cost passes the JIT thresholds, and compiling the dozens of FILTER aggregates takes longer than
    running them). Nested calls share the outer transaction."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if connection.vendor != "postgresql" or getattr(connection, "_xinfang_stats", 0):
            return function(*args, **kwargs)  # SQLite, or already inside a statistics read
        with transaction.atomic(savepoint=False):
            with connection.cursor() as cursor:
                # JIT-compiling the FILTER aggregates of a year's figures costs more than running them
                cursor.execute(
                    "SELECT set_config('work_mem', %s, true), set_config('jit', 'off', true)", [WORK_MEM]
                )
            connection._xinfang_stats = getattr(connection, "_xinfang_stats", 0) + 1
            try:
                return function(*args, **kwargs)
            finally:
                connection._xinfang_stats -= 1

    return wrapper


# ---------------------------------------------------------------------------------------------- the filter


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=pycalendar.monthrange(day.year, day.month)[1])


@dataclasses.dataclass(frozen=True)
class StatsFilter:
    """A period of Beijing dates (both inclusive) and optional filters narrowing the cohort."""

    date_from: dt.date
    date_to: dt.date
    unit: Unit | None = None  # registered or handling unit within this unit's subtree
    region: str = ""  # problem region code (a province, city or county: its whole range)
    system: str = ""
    channel: str = ""
    problem_category: str = ""
    tag: Tag | None = None

    def __post_init__(self):
        errors = self.errors()
        if errors:
            first = next(iter(errors.values()))[0]
            raise InvalidInput(errors, message=first)

    def errors(self) -> dict[str, list[str]]:
        errors: dict[str, list[str]] = {}
        if self.date_from is None or self.date_to is None:
            errors["date_from"] = [_("请填写统计期间的起止日期。")]
            return errors
        for key in ("date_from", "date_to"):  # the same window as every date input: no overflow below
            try:
                validate_safe_date(getattr(self, key))
            except ValidationError as exc:
                errors[key] = exc.messages
        if errors:
            return errors
        if self.date_from > self.date_to:
            errors["date_to"] = [
                _("开始日期（%(start)s）不能晚于结束日期（%(end)s）。")
                % {"start": self.date_from.isoformat(), "end": self.date_to.isoformat()}
            ]
        elif self.date_to >= add_years(self.date_from, MAX_YEARS):
            errors["date_to"] = [
                _("统计期间不能超过%(years)s年，请缩短期间后再查询。") % {"years": MAX_YEARS}
            ]
        if self.region and not (len(self.region) == 6 and self.region.isdigit()):
            errors["region"] = [_("区划代码应为6位数字。")]
        if self.system and self.system not in System.values:
            errors["system"] = [_("责任系统不正确。")]
        if self.channel and self.channel not in Channel.values:
            errors["channel"] = [_("信访渠道不正确。")]
        if self.problem_category and self.problem_category not in ProblemCategory.values:
            errors["problem_category"] = [_("问题类别不正确。")]
        return errors

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    @property
    def whole_months(self) -> bool:
        return self.date_from.day == 1 and self.date_to == month_end(self.date_to)

    def shifted(self, date_from: dt.date, date_to: dt.date) -> StatsFilter:
        return dataclasses.replace(self, date_from=date_from, date_to=date_to)

    def previous_year(self) -> StatsFilter:
        """The same dates one year earlier (同比)."""
        return self.shifted(add_years(self.date_from, -1), add_years(self.date_to, -1))

    def previous_period(self) -> StatsFilter:
        """The period of equal length just before (环比): the same number of calendar months when the period
        is whole months, otherwise the same number of days."""
        if self.whole_months:
            months = (
                (self.date_to.year - self.date_from.year) * 12 + self.date_to.month - self.date_from.month + 1
            )
            end = self.date_from - dt.timedelta(days=1)
            index = end.year * 12 + end.month - 1 - (months - 1)
            return self.shifted(dt.date(index // 12, index % 12 + 1, 1), end)
        return self.shifted(
            self.date_from - dt.timedelta(days=self.days), self.date_from - dt.timedelta(days=1)
        )

    def params(self) -> dict[str, str]:
        """As query parameters (the API's and the export links' names)."""
        values = {
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "unit": self.unit.code if self.unit else "",
            "region": self.region,
            "system": self.system,
            "channel": self.channel,
            "category": self.problem_category,
            "tag": str(self.tag.pk) if self.tag else "",
        }
        return {k: v for k, v in values.items() if v}

    def describe(self) -> list[tuple[str, str]]:
        """The filter in words, for exports and the report."""
        lines = [
            (
                _("统计期间"),
                f"{self.date_from.isoformat()} 至 {self.date_to.isoformat()}（登记日期，北京时间）",
            )
        ]
        if self.unit:
            lines.append((_("单位（含下级）"), self.unit.name))
        if self.region:
            region = Region.objects.filter(code=self.region).first()
            lines.append((_("问题发生地"), region.name if region else self.region))
        if self.system:
            lines.append((_("责任系统"), str(System(self.system).label)))
        if self.channel:
            lines.append((_("信访渠道"), str(Channel(self.channel).label)))
        if self.problem_category:
            lines.append((_("问题类别"), str(ProblemCategory(self.problem_category).label)))
        if self.tag:
            lines.append((_("专题标签"), self.tag.name))
        return lines


def this_year(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    today = today or local_date_now()
    return dt.date(today.year, 1, 1), today


def local_date_now() -> dt.date:
    return local_date(timezone.now())


def unit_filter_q(unit: Unit) -> Q:
    subtree = Unit.objects.filter(path__startswith=unit.path).values("pk")
    return Q(registered_unit__in=subtree) | Q(handling_unit__in=subtree)


def filtered(queryset: QuerySet, f: StatsFilter) -> QuerySet:
    """The filters other than the period."""
    qs = queryset
    if f.unit is not None:
        qs = qs.filter(unit_filter_q(f.unit))
    if f.region:
        lo, hi = region_code_range(f.region)
        qs = qs.filter(problem_region_id__gte=lo, problem_region_id__lte=hi)
    if f.system:
        qs = qs.filter(responsible_system=f.system)
    if f.channel:
        qs = qs.filter(channel=f.channel)
    if f.problem_category:
        qs = qs.filter(problem_category=f.problem_category)
    if f.tag is not None:
        qs = qs.filter(tags=f.tag)
    return qs


def period_q(ranges: Iterable[tuple[dt.date, dt.date]]) -> Q:
    """Registered within any of the (inclusive, Beijing) date ranges."""
    condition = Q()
    for start, end in merge_ranges(ranges):
        condition |= Q(
            registered_at__gte=start_of_day(start), registered_at__lt=start_of_day(end + dt.timedelta(1))
        )
    return condition


def merge_ranges(ranges: Iterable[tuple[dt.date, dt.date]]) -> list[tuple[dt.date, dt.date]]:
    merged: list[list[dt.date]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


class Cohorts:
    """The cohorts one request needs — the period and its comparison periods — within ``who``'s scope.

    The id range that keeps the scope's sub-queries small (see ``bounded``) is computed once, over the period
    and both comparison periods, and shared by every query of the request.
    """

    def __init__(self, who: Who, f: StatsFilter):
        self.who, self.f = who, f
        before, last_year = f.previous_period(), f.previous_year()
        self.all_ranges = [
            (f.date_from, f.date_to),
            (before.date_from, before.date_to),
            (last_year.date_from, last_year.date_to),
        ]
        self._bounds: tuple | None = None

    def base(self, ranges: Iterable[tuple[dt.date, dt.date]] | None = None) -> QuerySet:
        return filtered(
            Petition.objects.filter(period_q(ranges or [(self.f.date_from, self.f.date_to)])), self.f
        )

    def bounds(self) -> tuple:
        if self._bounds is None:
            # "+ 0" keeps PostgreSQL from answering min/max by walking the primary key backwards
            found = self.base(self.all_ranges).order_by().aggregate(lo=Min(F("pk") + 0), hi=Max(F("pk") + 0))
            self._bounds = (found["lo"], found["hi"])
        return self._bounds

    def get(self, ranges: Iterable[tuple[dt.date, dt.date]] | None = None) -> QuerySet:
        """The petitions the figures count: registered within the period (or ``ranges``, which must lie
        within the period and its comparison periods), matching the filters, within the scope."""
        base = self.base(ranges)
        if isinstance(self.who, ProvinceScope):
            return base
        lo, hi = self.bounds()
        if lo is None:
            return base.none()
        return bounded(scoped(self.who, base), lo, hi)


def cohort(who: Who, f: StatsFilter, ranges: Iterable[tuple[dt.date, dt.date]] | None = None) -> QuerySet:
    """The petitions registered within the period (or ``ranges`` among the period and its comparison
    periods), matching the filters, within ``who``'s data scope."""
    return Cohorts(who, f).get(ranges)


def _daily(cohorts: Cohorts, keys=None) -> dict[dt.date, dict]:
    """Raw figures per registration day (Beijing) over the period and its comparison periods: one query."""
    qs = cohorts.get(cohorts.all_ranges)
    rows = (
        qs.annotate(day=TruncDate("registered_at", tzinfo=CHINA_TZ))
        .values("day")
        .annotate(**expressions(keys))
        .order_by()
    )
    return {row["day"]: unprefixed(row) for row in rows}


def _within(daily: dict[dt.date, dict], start: dt.date, end: dt.date, keys=None) -> dict:
    return merge((raw for day, raw in daily.items() if start <= day <= end), keys)


def _comparison(raw_now: dict, raw_before: dict, keys=None) -> dict:
    values_now, values_before = derive(raw_now, keys), derive(raw_before, keys)
    return {
        "values": values_before,
        "change": {k: compare_values(values_now[k], values_before[k], k) for k in values_now},
    }


@analytic
def summary(
    who: Who, f: StatsFilter, keys: list[str] | None = None, *, cohorts: Cohorts | None = None
) -> dict:
    """All figures of the period, with the same dates a year earlier (同比) and the period of equal length
    just before (环比): one query, grouped by day. ``change`` is percent for counts and times, percentage
    points for rates."""
    daily = _daily(cohorts or Cohorts(who, f), keys)
    return _summary_from(daily, f, keys)


def _summary_from(daily: dict, f: StatsFilter, keys=None) -> dict:
    before, last_year = f.previous_period(), f.previous_year()
    raw_now = _within(daily, f.date_from, f.date_to, keys)
    values = derive(raw_now, keys)
    yoy = _comparison(raw_now, _within(daily, last_year.date_from, last_year.date_to, keys), keys)
    mom = _comparison(raw_now, _within(daily, before.date_from, before.date_to, keys), keys)
    return {
        "period": {"from": f.date_from, "to": f.date_to},
        "values": values,
        "previous_year": {"from": last_year.date_from, "to": last_year.date_to, **yoy},
        "previous_period": {"from": before.date_from, "to": before.date_to, **mom},
    }


# ---------------------------------------------------------------------------------------------- breakdowns


def _label(choices, value: str, empty: str) -> str:
    if not value:
        return empty
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _key_system(row):
    value = row["responsible_system"] or ""
    return value, _label(System, value, _("未确定"))


def _key_channel(row):
    value = row["channel"] or ""
    return value, _label(Channel, value, _("未填写"))


def _key_category(row):
    value = row["problem_category"] or ""
    return value, _label(ProblemCategory, value, _("未分类"))


def _key_county(row):
    return row["problem_region_id"], row["problem_region__name"]


def _key_city(row):
    code = row["problem_region_id"]
    if code.endswith("00") or row["problem_region__parent_id"] is None:  # a city- or province-level place
        return code, row["problem_region__name"]
    return row["problem_region__parent_id"], row["problem_region__parent__name"]


def _key_registered_unit(row):
    return row["registered_unit_id"], row["registered_unit__name"]


def _key_handling_unit(row):
    if row["handling_unit_id"] is None:
        return None, _("尚未确定承办单位")
    return row["handling_unit_id"], row["handling_unit__name"]


def _key_tag(row):
    if row["tags__id"] is None:
        return None, _("无专题标签")
    return row["tags__id"], row["tags__name"]


def _key_month(row):
    return row["month"].strftime("%Y-%m"), _("%(year)s年%(month)s月") % {
        "year": row["month"].year,
        "month": row["month"].month,
    }


REGION_FIELDS = (
    "problem_region_id",
    "problem_region__name",
    "problem_region__parent_id",
    "problem_region__parent__name",
)
HANDLING_FIELDS = ("handling_unit_id", "handling_unit__name", "handling_unit__path")
# what attributes a petition to a subordinate unit in a ranking or a campaign (see ``child_rows``)
RANKING_FIELDS = (*HANDLING_FIELDS, "handling_unit__region_id", "problem_region_id")
PLACE_FIELDS = tuple(dict.fromkeys((*REGION_FIELDS, *RANKING_FIELDS)))  # the region table and the ranking


@dataclasses.dataclass(frozen=True)
class Dimension:
    key: str
    label: object
    fields: tuple[str, ...]
    key_of: Callable[[dict], tuple]
    order: str = "registered"  # "registered" (largest first), "key" (codes, months) or "label"


DIMENSIONS: dict[str, Dimension] = {
    d.key: d
    for d in [
        Dimension("month", gettext_lazy("按月趋势"), ("month",), _key_month, order="key"),
        Dimension("region", gettext_lazy("按问题发生地（县区）"), REGION_FIELDS, _key_county, order="key"),
        Dimension("city", gettext_lazy("按问题发生地（市州）"), REGION_FIELDS, _key_city, order="key"),
        Dimension("registered_unit", gettext_lazy("按登记单位"), ("registered_unit_id", "registered_unit__name"),
                  _key_registered_unit),
        Dimension("handling_unit", gettext_lazy("按承办单位"), HANDLING_FIELDS, _key_handling_unit),
        Dimension("system", gettext_lazy("按责任系统"), ("responsible_system",), _key_system),
        Dimension("channel", gettext_lazy("按信访渠道"), ("channel",), _key_channel),
        Dimension("category", gettext_lazy("按问题类别"), ("problem_category",), _key_category),
        Dimension("tag", gettext_lazy("按专题标签"), ("tags__id", "tags__name"), _key_tag),
    ]
}  # fmt: skip
BREAKDOWNS = [*DIMENSIONS, "settlement_form"]
BREAKDOWN_LABELS = {
    **{k: d.label for k, d in DIMENSIONS.items()},
    "settlement_form": gettext_lazy("息诉罢访形式"),
}


def _grouped(qs: QuerySet, fields: Iterable[str], keys) -> list[dict]:
    """One GROUP BY query: the raw figures of ``keys`` per combination of ``fields``."""
    fields = list(fields)
    if "month" in fields:
        from django.db.models.functions import TruncMonth

        qs = qs.annotate(month=TruncMonth("registered_at", tzinfo=CHINA_TZ))
    rows = qs.values(*fields).annotate(**expressions(keys)).order_by()
    return [{**{k: row[k] for k in fields}, **unprefixed(row)} for row in rows]


def _rollup(rows: Iterable[dict], key_of: Callable, keys, order: str = "registered") -> list[dict]:
    """Combine grouped rows by ``key_of(row) -> (key, label)``, then derive each group's figures."""
    groups: dict = {}
    raws: dict = defaultdict(list)
    for row in rows:
        key, label = key_of(row)
        groups.setdefault(key, label)
        raws[key].append(row)
    result = [
        {"key": key, "label": label, **derive(merge(raws[key], keys), keys)} for key, label in groups.items()
    ]
    if order == "key":
        result.sort(key=lambda r: (r["key"] is None, str(r["key"])))
    else:
        result.sort(key=lambda r: (-r.get("registered", 0), str(r["label"])))
    return result


def _fill_months(rows: list[dict], f: StatsFilter, keys) -> list[dict]:
    """Every month of the period appears, with zeros where nothing was registered."""
    present = {r["key"]: r for r in rows}
    result, day = [], f.date_from.replace(day=1)
    while day <= f.date_to:
        key = day.strftime("%Y-%m")
        empty = {"key": key, "label": _("%(year)s年%(month)s月") % {"year": day.year, "month": day.month}}
        result.append(present.get(key) or {**empty, **derive({}, keys)})
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return result


@analytic
def breakdown(
    who: Who, f: StatsFilter, dimension: str, keys: list[str] | None = None, *, cohorts: Cohorts | None = None
) -> list[dict]:
    """The figures per group of one dimension: one GROUP BY query (settlement form: one aggregate, with
    shares that add up to exactly 100 %)."""
    keys = keys or BREAKDOWN_KEYS
    current = (cohorts or Cohorts(who, f)).get()
    if dimension == "settlement_form":
        forms = list(SETTLEMENT_FORMS.values())
        return settlement_forms(derive(unprefixed(current.order_by().aggregate(**expressions(forms))), forms))
    if dimension not in DIMENSIONS:
        raise InvalidInput({"dimension": [_("不支持的统计维度。")]})
    spec = DIMENSIONS[dimension]
    rows = _rollup(_grouped(current, spec.fields, keys), spec.key_of, keys, spec.order)
    return _fill_months(rows, f, keys) if dimension == "month" else rows


def settlement_forms(values: dict) -> list[dict]:
    """已结已息 split by form, with shares (largest remainder, adding up to 100.0)."""
    counts = {form: values[key] for form, key in SETTLEMENT_FORMS.items()}
    parts = shares(counts)
    return [
        {
            "key": str(form),
            "label": str(SettlementForm(form).label),
            "count": counts[form],
            "share": parts[form],
        }
        for form in SETTLEMENT_FORMS
    ]


# ---------------------------------------------------------------------------------------------- ranking


def ranking_base_unit(who: Who, f: StatsFilter) -> Unit | None:
    """Whose child units are ranked: the filtered unit, else the unit of the scope."""
    return f.unit if f.unit is not None else scope_unit(who)


def scope_unit(who: Who) -> Unit | None:
    """The unit a scope belongs to: the province's 政法委, the given unit, or the user's first scope unit."""
    if isinstance(who, UnitScope):
        return who.unit
    if isinstance(who, ProvinceScope):
        return Unit.objects.filter(parent__isnull=True, type=UnitType.COMMITTEE).order_by("path").first()
    units = staff_context(who).scope_units
    return units[0] if units else None


def child_units(unit: Unit | None) -> list[Unit]:
    return list(Unit.objects.filter(parent=unit, is_active=True).order_by("path")) if unit else []


def _children_key_of(children: list[Unit]) -> Callable:
    """Attribute a handling unit to the child unit whose subtree holds it."""
    prefixes = [(u.path, u.pk, u.name) for u in children]

    def key_of(row):
        path = row.get("handling_unit__path") or ""
        for prefix, pk, name in prefixes:
            if path.startswith(prefix):
                return pk, name
        return None, None

    return key_of


def region_covers(area: str, code: str) -> bool:
    """Whether the GB/T 2260 region ``area`` (a province ``620000``, a city ``620600`` or a county) holds ``code``."""
    if not area or not code:
        return False
    lo, hi = region_code_range(area)
    return lo <= code[:6] <= hi


@dataclasses.dataclass(frozen=True)
class ChildRows:
    """How petitions are attributed to the rows of a ranking or campaign table: ``key_of(row) -> (key, label)``
    over rows grouped by ``RANKING_FIELDS``, and the rows shown even when they have no petitions."""

    key_of: Callable[[dict], tuple]
    shown: tuple[tuple[int, str], ...]


def child_rows(base: Unit | None, children: list[Unit]) -> ChildRows:
    """The subordinate units a scope is ranked by.

    Below a 政法委 the subordinates are places: each child 政法委 (a city's, a county's) answers for the petitions
    handled by units of its region — courts, procuratorates and police have their own hierarchies, so they are
    not in the committee's subtree — and before assignment for those whose problem arose there; the units of the
    committee's own region (市直, 省直) form one row, “本级”. A county 政法委, with no committees below it, ranks
    its region's handling units. Any other unit ranks its child units by subtree (a city court its county courts).
    """
    if base is not None and base.type == UnitType.COMMITTEE:
        places = [
            u
            for u in children
            if u.type == UnitType.COMMITTEE
            and u.region_id != base.region_id
            and region_covers(base.region_id, u.region_id)
        ]
        if not places:

            def own_region(row):
                inside = region_covers(base.region_id, row.get("handling_unit__region_id") or "")
                return _key_handling_unit(row) if inside else (None, None)

            return ChildRows(own_region, ())
        own = (base.pk, _("%(unit)s（本级）") % {"unit": base.name})

        def key_of(row):
            code = row.get("handling_unit__region_id") or row.get("problem_region_id") or ""
            for unit in places:
                if region_covers(unit.region_id, code):
                    return unit.pk, unit.name
            return own if region_covers(base.region_id, code) else (None, None)

        return ChildRows(key_of, (*((u.pk, u.name) for u in places), own))
    return ChildRows(_children_key_of(children), tuple((u.pk, u.name) for u in children))


def rank(rows: list[dict], metric: str) -> dict:
    """Rank numbers (ties share a rank: 1, 1, 3), the best and the laggards (the last ``LAGGARDS`` ranks)."""
    lower = metric in LOWER_IS_BETTER
    ranked = [r for r in rows if r.get(metric) is not None]
    unranked = [r for r in rows if r.get(metric) is None]
    ranked.sort(key=lambda r: (r[metric] if lower else -r[metric], -r.get("registered", 0), str(r["label"])))
    previous, position = None, 0
    for index, row in enumerate(ranked, start=1):
        if row[metric] != previous:
            position, previous = index, row[metric]
        row["rank"] = position
    for row in unranked:
        row["rank"] = None
    best = [r for r in ranked if r["rank"] == 1]
    last_ranks = sorted({r["rank"] for r in ranked if r["rank"] != 1}, reverse=True)[:LAGGARDS]
    laggards = [r for r in ranked if r["rank"] in last_ranks] if len(ranked) > 1 else []
    return {"metric": metric, "rows": ranked + unranked, "best": best, "laggards": laggards}


def ranking_keys(metric: str) -> list[str]:
    return list(dict.fromkeys([*BREAKDOWN_KEYS, metric]))


def subordinates(base: Unit | None) -> ChildRows:
    return child_rows(base, child_units(base))


def _ranking_from(rows: list[dict], who, f: StatsFilter, metric: str, level: str, attribution=None) -> dict:
    keys = ranking_keys(metric)
    if level == "children":
        attribution = attribution or subordinates(ranking_base_unit(who, f))
        grouped = _rollup(rows, attribution.key_of, keys)
        grouped = [r for r in grouped if r["key"] is not None]
        seen = {r["key"] for r in grouped}
        grouped += [{"key": pk, "label": label, **derive({}, keys)} for pk, label in attribution.shown
                    if pk not in seen]  # fmt: skip
    else:
        grouped = [r for r in _rollup(rows, _key_handling_unit, keys) if r["key"] is not None]
    result = rank(grouped, metric)
    result["level"] = level
    return result


@analytic
def unit_ranking(
    who: Who,
    f: StatsFilter,
    metric: str = "settled_rate",
    level: str = "handling",
    *,
    cohorts: Cohorts | None = None,
) -> dict:
    """Units ranked by ``metric``: every handling unit (``level="handling"``), or the child units of the
    scope's unit, each counting the petitions handled within its subtree (``level="children"``). One query
    (plus the child units)."""
    check_ranking(metric, level)
    rows = _grouped((cohorts or Cohorts(who, f)).get(), RANKING_FIELDS, ranking_keys(metric))
    return _ranking_from(rows, who, f, metric, level)


def check_ranking(metric: str, level: str) -> None:
    if metric not in RANKING_METRICS:
        raise InvalidInput({"metric": [_("不支持的排名指标。")]})
    if level not in ("handling", "children"):
        raise InvalidInput({"level": [_("排名对象应为承办单位或下级单位。")]})


# ---------------------------------------------------------------------------------------------- campaigns


def campaign_cohort(campaign: Campaign) -> QuerySet:
    """A campaign counts the cases of its scope (e.g. every backlog case), whenever they were registered.

    When cases were chosen for the campaign (``campaigns.CampaignCase``), the cohort is exactly those cases.
    ``unresolved_before`` keeps the cases registered before that day and neither closed nor terminated by then
    (so a case settled during the campaign stays in it); ``supervised_level`` keeps the cases put under
    supervision at that level or above."""
    if apps.is_installed("campaigns") and campaign.pk:
        chosen = Petition.objects.filter(campaign_choices__campaign=campaign.pk)
        if chosen.exists():
            return chosen
    qs = Petition.objects.all()
    if campaign.backlog_only:
        qs = qs.filter(is_backlog=True)
    if campaign.tag_id:
        qs = qs.filter(tags=campaign.tag_id)
    if campaign.system:
        qs = qs.filter(responsible_system=campaign.system)
    if campaign.problem_category:
        qs = qs.filter(problem_category=campaign.problem_category)
    if campaign.unit_id:
        qs = qs.filter(unit_filter_q(campaign.unit))
    if campaign.registered_from:
        qs = qs.filter(registered_at__gte=start_of_day(campaign.registered_from))
    if campaign.registered_to:
        qs = qs.filter(registered_at__lt=start_of_day(campaign.registered_to + dt.timedelta(days=1)))
    if campaign.unresolved_before:
        cutoff = start_of_day(campaign.unresolved_before)
        qs = qs.filter(
            Q(registered_at__lt=cutoff),
            Q(closed_at__isnull=True) | Q(closed_at__gte=cutoff),
            Q(terminated_at__isnull=True) | Q(terminated_at__gte=cutoff),
        )
    if campaign.supervised_level:
        qs = qs.filter(
            pk__in=Subquery(
                apps.get_model("supervision", "Supervision")
                .objects.filter(level__in=levels_at_or_above(campaign.supervised_level))
                .values("petition_id")
            )
        )
    return qs


def active_campaigns(who: Who = PROVINCE) -> list[Campaign]:
    """Active campaigns with their stage targets (one query), as far as they concern ``who``: a campaign limited
    to a unit is shown only where that unit's subtree and the scope meet, so another county's campaign (its
    name, its targets, its units) stays out of a county's dashboard."""
    targets = CampaignTarget.objects.filter(campaign__active=True).select_related(
        "campaign", "campaign__unit"
    )
    campaigns: dict[int, Campaign] = {}
    for target in targets.order_by("campaign__starts_on", "campaign_id", "due_on", "metric"):
        campaign = campaigns.setdefault(target.campaign_id, target.campaign)
        campaign.stage_list = [*getattr(campaign, "stage_list", []), target]
    return [c for c in campaigns.values() if campaign_concerns(who, c)]


def scope_units_and_ranges(who: Who) -> tuple[list[Unit], list[tuple[str, str]]]:
    """The units whose subtrees ``who``'s data scope spans, and the region code ranges its 政法委 covers (not for
    a ``ProvinceScope``, which spans everything)."""
    if isinstance(who, UnitScope):
        ranges = [region_code_range(who.unit.region_id)] if who.unit.type == UnitType.COMMITTEE else []
        return [who.unit], ranges
    ctx = staff_context(who)
    return ctx.scope_units, ctx.committee_region_ranges


def campaign_concerns(who: Who, campaign: Campaign) -> bool:
    """Whether the campaign's unit (含下级) and ``who``'s data scope meet: the unit lies within the scope (a
    unit of its subtree, or a place of its 政法委's region), or the scope lies within the unit's subtree."""
    if campaign.unit_id is None or isinstance(who, ProvinceScope):
        return True
    units, ranges = scope_units_and_ranges(who)
    path, region = campaign.unit.path, campaign.unit.region_id
    return any(path.startswith(u.path) or u.path.startswith(path) for u in units) or any(
        lo <= region <= hi for lo, hi in ranges
    )


CAMPAIGN_KEYS = ["registered", "legal", "settled", "open"]


@analytic
def campaign_progress(
    who: Who,
    campaign: Campaign,
    *,
    level: str = "children",
    today: dt.date | None = None,
    attribution: ChildRows | None = None,
) -> dict:
    """Progress per unit against each stage target: one GROUP BY query.

    A stage whose date has passed is judged as of the end of that day: its numerator counts the petitions
    whose qualifying event (e.g. closure for 已结已息) happened by then and that still qualify; a stage still
    ahead shows the value now. Units are the child units of the scope's unit (or each handling unit).
    """
    today = today or local_date_now()
    stages = list(getattr(campaign, "stage_list", None) or campaign.targets.order_by("due_on", "metric"))
    annotations = expressions([*CAMPAIGN_KEYS, *(t.metric for t in stages)])
    for index, target in enumerate(stages):
        metric = BY_KEY[target.metric]
        numerator = BY_KEY[metric.numerator]
        if target.due_on < today and numerator.dated_by:
            cutoff = Q(**{f"{numerator.dated_by}__lt": start_of_day(target.due_on + dt.timedelta(days=1))})
            annotations[f"{ALIAS}stage{index}"] = expression(numerator, cutoff)
        else:
            annotations[f"{ALIAS}stage{index}"] = expression(numerator)
    qs = scoped(who, campaign_cohort(campaign))
    rows = [
        {**{k: row[k] for k in RANKING_FIELDS}, **unprefixed(row)}
        for row in qs.values(*RANKING_FIELDS).annotate(**annotations).order_by()
    ]

    def judge(raws: list[dict]) -> dict:
        raw = merge(raws, [*CAMPAIGN_KEYS, *(t.metric for t in stages)])
        for index in range(len(stages)):
            raw[f"stage{index}"] = sum(r.get(f"stage{index}") or 0 for r in raws)
        values = derive(raw, [*CAMPAIGN_KEYS, *(t.metric for t in stages)])
        results = []
        for index, target in enumerate(stages):
            metric = BY_KEY[target.metric]
            value = rate(raw[f"stage{index}"], raw.get(metric.denominator) or 0)
            results.append({"value": value, "achieved": value is not None and value >= target.target})
        return {"values": values, "stages": results}

    current = next((i for i, t in enumerate(stages) if t.due_on >= today), len(stages) - 1)
    groups: dict = defaultdict(list)
    labels: dict = {}
    if level == "children":
        attribution = attribution or subordinates(scope_unit(who))
        key_of = attribution.key_of
        labels.update(attribution.shown)
    else:
        key_of = _key_handling_unit
    for row in rows:
        key, label = key_of(row)
        if key is None:
            continue
        labels.setdefault(key, label)
        groups[key].append(row)
    units = []
    for key, label in labels.items():
        judged = judge(groups.get(key, []))
        units.append({"key": key, "label": label, **judged})
    if current >= 0 and stages:
        units.sort(
            key=lambda u: (u["stages"][current]["value"] is None, -(u["stages"][current]["value"] or 0))
        )
    total = judge(rows)
    return {
        "campaign": campaign,
        "stages": [
            {
                "target": t,
                "label": BY_KEY[t.metric].label,
                "due_on": t.due_on,
                "passed": t.due_on < today,
                "current": index == current,
                **total["stages"][index],
            }
            for index, t in enumerate(stages)
        ],
        "current": current if stages else None,
        "total": total,
        "units": units,
    }


# ---------------------------------------------------------------------------------------------- composites


def province_level(who: Who) -> bool:
    """Whether the scope spans several cities (the region table is then also shown by city)."""
    if isinstance(who, ProvinceScope):
        return True
    if isinstance(who, UnitScope):
        return who.unit.type == UnitType.COMMITTEE and who.unit.region_id.endswith("0000")
    return any(lo.endswith("0000") for lo, _hi in staff_context(who).committee_region_ranges)


@analytic
def dashboard(
    who: Who,
    f: StatsFilter,
    *,
    ranking_metric: str = "settled_rate",
    ranking_level: str = "children",
    with_campaigns: bool = True,
) -> dict:
    """Everything the dashboard shows, in few queries: the summary with 同比/环比 (one, grouped by day), the
    trend, system/channel/category (one, rolled up), county/city and the unit ranking (one, rolled up), and
    the progress of each active campaign (one each)."""
    check_ranking(ranking_metric, ranking_level)
    computed_at = timezone.now()
    cohorts = Cohorts(who, f)
    daily = _daily(cohorts)
    result = _summary_from(daily, f)
    result["computed_at"] = computed_at
    result["trend"] = trend(daily, f)

    current = cohorts.get()
    keys = ranking_keys(ranking_metric)
    mixed = _grouped(current, ("responsible_system", "channel", "problem_category"), BREAKDOWN_KEYS)
    result["system"] = _rollup(mixed, _key_system, BREAKDOWN_KEYS)
    result["channel"] = _rollup(mixed, _key_channel, BREAKDOWN_KEYS)
    result["category"] = _rollup(mixed, _key_category, BREAKDOWN_KEYS)
    result["settlement_form"] = settlement_forms(result["values"])

    places = _grouped(current, PLACE_FIELDS, keys)
    result["region"] = _rollup(places, _key_county, BREAKDOWN_KEYS, order="key")
    result["city"] = _rollup(places, _key_city, BREAKDOWN_KEYS, order="key") if province_level(who) else []
    attribution = (
        subordinates(ranking_base_unit(who, f)) if ranking_level == "children" or with_campaigns else None
    )
    result["ranking"] = _ranking_from(places, who, f, ranking_metric, ranking_level, attribution=attribution)
    result["campaigns"] = (
        [campaign_progress(who, c, level="children", attribution=attribution) for c in active_campaigns(who)]
        if with_campaigns
        else []
    )
    return result


def trend(daily: dict[dt.date, dict], f: StatsFilter, keys=("registered", "settled", "settled_rate")) -> dict:
    """The period by month (by day when it is at most 62 days), with the same buckets a year earlier."""
    by_day = f.days <= 62
    last_year = f.previous_year()

    def bucket(day: dt.date) -> str:
        return day.isoformat() if by_day else day.strftime("%Y-%m")

    buckets: list[str] = []
    day = f.date_from
    while day <= f.date_to:
        if not buckets or buckets[-1] != bucket(day):
            buckets.append(bucket(day))
        day += dt.timedelta(days=1)
    now: dict[str, list] = defaultdict(list)
    before: dict[str, list] = defaultdict(list)
    for day, raw in daily.items():
        if f.date_from <= day <= f.date_to:
            now[bucket(day)].append(raw)
        if last_year.date_from <= day <= last_year.date_to:
            before[bucket(add_years(day, 1))].append(raw)
    return {
        "granularity": "day" if by_day else "month",
        "labels": buckets,
        "current": [derive(merge(now[b], keys), keys) for b in buckets],
        "previous_year": [derive(merge(before[b], keys), keys) for b in buckets],
    }


@analytic
def report(who: Who, f: StatsFilter, *, ranking_metric: str = "settled_rate") -> dict:
    """The report command's and the API's figures: summary, every breakdown and the unit ranking.

    Six queries: the summary by day (the months roll up from it), system × channel × category, place ×
    handling unit (counties, cities, handling units and the ranking roll up from it), registering unit,
    and tag — each breakdown equal to what ``breakdown`` computes alone."""
    check_ranking(ranking_metric, "handling")
    computed_at = timezone.now()
    cohorts = Cohorts(who, f)
    daily = _daily(cohorts)
    result = _summary_from(daily, f)
    result["computed_at"] = computed_at
    keys = ranking_keys(ranking_metric)
    current = cohorts.get()
    mixed = _grouped(current, ("responsible_system", "channel", "problem_category"), BREAKDOWN_KEYS)
    places = _grouped(current, PLACE_FIELDS, keys)
    days_in_period = [
        {"month": dt.date(day.year, day.month, 1), **raw}
        for day, raw in daily.items()
        if f.date_from <= day <= f.date_to
    ]
    breakdowns = {
        "month": _fill_months(_rollup(days_in_period, _key_month, BREAKDOWN_KEYS, "key"), f, BREAKDOWN_KEYS),
        "region": _rollup(places, _key_county, BREAKDOWN_KEYS, "key"),
        "city": _rollup(places, _key_city, BREAKDOWN_KEYS, "key"),
        "registered_unit": breakdown(who, f, "registered_unit", cohorts=cohorts),
        "handling_unit": _rollup(places, _key_handling_unit, BREAKDOWN_KEYS),
        "system": _rollup(mixed, _key_system, BREAKDOWN_KEYS),
        "channel": _rollup(mixed, _key_channel, BREAKDOWN_KEYS),
        "category": _rollup(mixed, _key_category, BREAKDOWN_KEYS),
        "tag": breakdown(who, f, "tag", cohorts=cohorts),
        "settlement_form": settlement_forms(result["values"]),
    }
    if not province_level(who):
        del breakdowns["city"]
    result["breakdowns"] = breakdowns
    result["ranking"] = _ranking_from(places, who, f, ranking_metric, "handling")
    return result
