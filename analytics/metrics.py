"""Every statistic, defined once (DOMAIN §9).

A figure is computed over the *cohort* of petitions registered in the period (Beijing dates, inclusive) within
the user's data scope and the chosen filters, with each petition's state as recorded now; "overdue" is judged
at the moment of computing. Counts are one SQL aggregate with a FILTER per metric; rates are derived from
counts and rounded half-up to one decimal. The same definitions feed the dashboard, the report command, the
API and the docs (``docs/statistics.md`` is generated from ``METRICS``), and each is shown as a tooltip.

Terminated matters (依法终结) leave the open-case figures: they are counted as settled by approved
termination and never as 未结未息 or overdue.

Kinds of metric:

``count``   number of cohort petitions matching ``count()`` (additive over disjoint cohorts)
``sum``     total handling time (registration → closure) of the petitions matching ``count()`` (additive)
``max``     longest handling time of the petitions matching ``count()`` (combines by maximum)
``rate``    ``numerator`` ÷ ``denominator`` (two counts) in percent, half-up to one decimal
``average`` ``numerator`` (a sum) ÷ ``denominator`` (a count), in days, half-up to one decimal

Counts, sums and maxima are the *raw* figures one SQL aggregate (or GROUP BY) yields; ``merge`` combines raw
figures of disjoint cohorts exactly (e.g. days into months), and ``derive`` turns raw figures into the values
people read. Both the single aggregate and every breakdown build their SQL from ``expressions``.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petitions.models import OPEN_STATES, Channel, SettlementForm, SettlementState, State

LEGAL = Q(screening_outcome__in=("accepted", "diverted"))  # 受理或导入法律程序：应化解的事项
OPEN_CASE = LEGAL & Q(settlement_state=SettlementState.OPEN) & Q(terminated_at__isnull=True)
CLOSED_CASE = LEGAL & Q(settlement_state__in=(SettlementState.SETTLED, SettlementState.UNSETTLED))
SETTLED_CASE = LEGAL & Q(settlement_state=SettlementState.SETTLED)
RATED = Q(replied_at__isnull=False) & ~Q(satisfaction="")

RAW_KINDS = ("count", "sum", "max")


def handling_time():
    """Registration to closure, as a duration (both databases subtract timestamps natively)."""
    return ExpressionWrapper(F("closed_at") - F("registered_at"), output_field=DurationField())


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    definition: str
    count: Callable[[], Q] | None = None  # filter over the cohort, for counts, sums and maxima
    numerator: str = ""  # for rates and averages: keys of two raw figures
    denominator: str = ""
    unit: str = "件"
    kind: str = ""  # derived from the fields when empty: "count" or "rate"
    dated_by: str = ""  # timestamp of the event that puts a petition into this count (campaign stages)

    @property
    def type(self) -> str:
        return self.kind or ("rate" if self.numerator else "count")

    @property
    def is_rate(self) -> bool:
        return self.type == "rate"

    @property
    def is_raw(self) -> bool:
        return self.type in RAW_KINDS

    @property
    def is_derived(self) -> bool:
        return not self.is_raw


def _now():
    return timezone.now()


METRICS: list[Metric] = [
    Metric("registered", _("登记件数"), _("期间内登记的信访事项件数（含重信重访）。"), lambda: Q()),
    Metric("accepted", _("受理件数"), _("登记后经甄别决定受理的件数。"), lambda: Q(screening_outcome="accepted")),
    Metric("transferred_out", _("转送信访部门"), _("甄别为普通信访、转送信访部门的件数。"),
           lambda: Q(screening_outcome="transferred")),
    Metric("declined", _("不予受理"), _("甄别后决定不予受理的件数。"), lambda: Q(screening_outcome="declined")),
    Metric("diverted", _("导入法律程序"), _("导入上诉、再审、申诉、复议、控告等法律程序的件数。"),
           lambda: Q(screening_outcome="diverted")),
    Metric("pending_screening", _("待甄别"), _("已登记、尚未作出甄别决定的件数。"), lambda: Q(state=State.REGISTERED)),
    Metric("legal", _("应化解件数"), _("受理件与导入法律程序件之和，是化解类指标的分母。"), lambda: LEGAL),
    Metric("closed", _("办结件数"), _("应化解件中已办结（已结已息或已结未息）的件数，含批准终结。"),
           lambda: CLOSED_CASE, dated_by="closed_at"),
    Metric("settled", _("已结已息"), _("办结且信访人息诉罢访的件数（书面保证、批准终结、其他方式）。"),
           lambda: SETTLED_CASE, dated_by="closed_at"),
    Metric("unsettled", _("已结未息"), _("已办结但信访人仍在信访的件数。"),
           lambda: LEGAL & Q(settlement_state=SettlementState.UNSETTLED), dated_by="closed_at"),
    Metric("open", _("未结未息"), _("应化解件中尚未办结的件数；已依法终结的不计入。"), lambda: OPEN_CASE),
    Metric("settled_pledge", _("书面保证息诉罢访"), _("已结已息中以书面保证形式息诉罢访的件数。"),
           lambda: SETTLED_CASE & Q(settlement_form=SettlementForm.WRITTEN_PLEDGE), dated_by="closed_at"),
    Metric("settled_termination", _("批准终结"), _("已结已息中经批准依法终结的件数。"),
           lambda: SETTLED_CASE & Q(settlement_form=SettlementForm.APPROVED_TERMINATION), dated_by="closed_at"),
    Metric("settled_other", _("其他方式办结"), _("已结已息中以其他方式息诉罢访的件数。"),
           lambda: SETTLED_CASE & Q(settlement_form=SettlementForm.OTHER), dated_by="closed_at"),
    Metric("closed_timed", _("计时办结件数"), _("办结件中按办理期限计时的件数（经受理交办办理的件数；导入法律程序后办结的不计）。"),
           lambda: CLOSED_CASE & Q(closed_on_time__isnull=False), dated_by="closed_at"),
    Metric("closed_on_time", _("按期办结"), _("办结且首次答复在办理期限（含批准延期）内作出的件数。"),
           lambda: CLOSED_CASE & Q(closed_on_time=True), dated_by="closed_at"),
    Metric("overdue_open", _("超期未结"), _("尚未办结、当前已超过下一期限的件数（含超过受理告知期限仍未甄别的）。"),
           lambda: Q(state__in=OPEN_STATES, due_at__lt=_now()) & Q(terminated_at__isnull=True)),
    Metric("overdue_closed", _("超期办结"), _("已办结但首次答复超过办理期限的件数。"),
           lambda: CLOSED_CASE & Q(closed_on_time=False), dated_by="closed_at"),
    Metric("accepted_on_time", _("及时受理件数"), _("在受理告知期限内作出甄别决定的件数。"),
           lambda: ~Q(screening_outcome="") & Q(accepted_on_time=True)),
    Metric("screened", _("已甄别件数"), _("已作出甄别决定（受理、转送、不予受理、导入法律程序）的件数。"),
           lambda: ~Q(screening_outcome="")),
    Metric("replied", _("已答复件数"), _("已签发处理意见书的件数。"), lambda: Q(replied_at__isnull=False),
           dated_by="replied_at"),
    Metric("replied_on_time", _("按期答复件数"), _("首次答复在办理期限内签发的件数。"),
           lambda: Q(replied_at__isnull=False, replied_on_time=True), dated_by="replied_at"),
    Metric("rated", _("参评件数"), _("已答复且信访人作出满意度评价的件数。"), lambda: RATED),
    Metric("satisfied", _("满意件数"), _("参评件中评价为满意或基本满意的件数。"),
           lambda: RATED & Q(satisfaction__in=("satisfied", "basically"))),
    Metric("settled_first_time", _("一次性化解件数"), _("已结已息且未经复查、复核、也非重信重访的件数。"),
           lambda: SETTLED_CASE & Q(review_level=0, flag_repeat=False), dated_by="closed_at"),
    Metric("repeat", _("重信重访件数"), _("同一人就同一事项再次信访、已关联前案的件数。"), lambda: Q(flag_repeat=True)),
    Metric("group", _("集体访件数"), _("5人以上集体访的件数。"), lambda: Q(flag_group=True)),
    Metric("skip_level", _("越级访件数"), _("越级访、赴省访、进京访的件数。"),
           lambda: Q(flag_skip_level=True) | Q(flag_to_province=True) | Q(flag_to_beijing=True)),
    Metric("to_beijing", _("进京访件数"), _("进京访的件数。"), lambda: Q(flag_to_beijing=True)),
    Metric("online", _("网上信访件数"), _("通过网上渠道提出的件数。"), lambda: Q(channel=Channel.ONLINE)),
    Metric("video", _("视频接访件数"), _("通过视频接访提出的件数。"), lambda: Q(channel=Channel.VIDEO)),
    Metric("backlog", _("积案件数"), _("标记为积案的件数。"), lambda: Q(is_backlog=True)),
    Metric("terminated", _("依法终结件数"), _("经批准依法终结的件数。"), lambda: Q(terminated_at__isnull=False)),
    # handling time (DOMAIN §9: average and longest)
    Metric("handling_time_total", _("办结总用时"), _("办结件自登记至办结用时之和（天），是平均办理用时的分子。"),
           lambda: CLOSED_CASE & Q(closed_at__isnull=False), unit="天", kind="sum"),
    Metric("handling_time_max", _("最长办理用时"), _("办结件中自登记至办结用时最长的一件的天数。"),
           lambda: CLOSED_CASE & Q(closed_at__isnull=False), unit="天", kind="max"),
    Metric("handling_time_avg", _("平均办理用时"), _("办结件自登记至办结的平均天数：办结总用时 ÷ 办结件数。"),
           numerator="handling_time_total", denominator="closed", unit="天", kind="average"),
    # rates
    Metric("settled_rate", _("息诉罢访率"), _("已结已息 ÷ 应化解件数。"), numerator="settled", denominator="legal", unit="%"),
    Metric("settled_pledge_share", _("书面保证占比"), _("书面保证息诉罢访 ÷ 已结已息。"),
           numerator="settled_pledge", denominator="settled", unit="%"),
    Metric("settled_termination_share", _("批准终结占比"), _("批准终结 ÷ 已结已息。"),
           numerator="settled_termination", denominator="settled", unit="%"),
    Metric("settled_other_share", _("其他方式占比"), _("其他方式办结 ÷ 已结已息。"),
           numerator="settled_other", denominator="settled", unit="%"),
    Metric("close_rate", _("办结率"), _("办结件数 ÷ 应化解件数。"), numerator="closed", denominator="legal", unit="%"),
    Metric("on_time_close_rate", _("按期办结率"), _("按期办结 ÷ 计时办结件数。"),
           numerator="closed_on_time", denominator="closed_timed", unit="%"),
    Metric("timely_acceptance_rate", _("及时受理率"), _("及时受理件数 ÷ 已甄别件数。"),
           numerator="accepted_on_time", denominator="screened", unit="%"),
    Metric("on_time_reply_rate", _("按期答复率"), _("按期答复件数 ÷ 已答复件数。"),
           numerator="replied_on_time", denominator="replied", unit="%"),
    Metric("participation_rate", _("参评率"), _("参评件数 ÷ 已答复件数。"), numerator="rated", denominator="replied", unit="%"),
    Metric("satisfaction_rate", _("群众满意率"), _("满意件数（满意、基本满意）÷ 参评件数。"),
           numerator="satisfied", denominator="rated", unit="%"),
    Metric("first_time_rate", _("一次性化解率"), _("一次性化解件数 ÷ 办结件数。"),
           numerator="settled_first_time", denominator="closed", unit="%"),
    Metric("repeat_rate", _("重复件占比"), _("重信重访件数 ÷ 登记件数。"), numerator="repeat", denominator="registered", unit="%"),
    Metric("online_share", _("网上信访占比"), _("网上信访件数 ÷ 登记件数。"), numerator="online", denominator="registered", unit="%"),
    Metric("video_share", _("视频接访占比"), _("视频接访件数 ÷ 登记件数。"), numerator="video", denominator="registered", unit="%"),
]  # fmt: skip

BY_KEY = {m.key: m for m in METRICS}
COUNTS = [m for m in METRICS if m.type == "count"]
RAW = [m for m in METRICS if m.is_raw]
RATES = [m for m in METRICS if m.is_rate]
DERIVED = [m for m in METRICS if m.is_derived]
SETTLEMENT_FORMS = {  # settlement form → its count metric (the parts of 已结已息)
    SettlementForm.WRITTEN_PLEDGE: "settled_pledge",
    SettlementForm.APPROVED_TERMINATION: "settled_termination",
    SettlementForm.OTHER: "settled_other",
}

TENTH = Decimal("0.1")
SECONDS_PER_DAY = Decimal(86400)


def _half_up(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def rate(numerator: int, denominator: int) -> Decimal | None:
    """Percentage rounded half-up to one decimal; None when there is nothing to divide by."""
    if not denominator:
        return None
    return _half_up(Decimal(numerator) * 100 / Decimal(denominator))


def days(duration: dt.timedelta | None) -> Decimal | None:
    """A duration in days, half-up to one decimal."""
    if duration is None:
        return None
    return _half_up(Decimal(duration.days) + Decimal(duration.seconds) / SECONDS_PER_DAY)


def raw_keys(keys: Iterable[str] | None = None) -> list[str]:
    """The raw figures (counts, sums, maxima) that ``keys`` need, in ``METRICS`` order."""
    wanted = set(BY_KEY if keys is None else keys)
    unknown = wanted - set(BY_KEY)
    if unknown:
        raise KeyError(f"unknown metric(s): {', '.join(sorted(unknown))}")
    for key in list(wanted):
        metric = BY_KEY[key]
        if metric.is_derived:
            wanted |= {metric.numerator, metric.denominator}
    return [m.key for m in RAW if m.key in wanted]


def expression(metric: Metric, condition: Q | None = None):
    """The SQL aggregate of one raw metric; ``condition`` narrows its filter further (campaign stages)."""
    where = metric.count() if condition is None else metric.count() & condition
    if metric.type == "count":
        return Count("pk", filter=where)
    if metric.type == "sum":
        return Sum(handling_time(), filter=where)
    return Max(handling_time(), filter=where)


ALIAS = "m_"  # SQL aliases are prefixed: several metric keys are also field names (closed_on_time …)


def expressions(keys: Iterable[str] | None = None, prefix: str = ALIAS) -> dict:
    """``{prefix + key: aggregate}`` for every raw figure ``keys`` need — the one source of all SQL."""
    return {prefix + key: expression(BY_KEY[key]) for key in raw_keys(keys)}


def unprefixed(row: Mapping, prefix: str = ALIAS) -> dict:
    """A result row with the metric aliases turned back into metric keys (other columns dropped)."""
    return {k[len(prefix) :]: v for k, v in row.items() if k.startswith(prefix)}


def zero(key: str):
    return 0 if BY_KEY[key].type == "count" else None


def merge(rows: Iterable[Mapping], keys: Iterable[str] | None = None) -> dict:
    """Combine the raw figures of disjoint cohorts (days into a month, counties into a city) exactly."""
    needed = raw_keys(keys)
    total: dict = {k: zero(k) for k in needed}
    for row in rows:
        for key in needed:
            value = row.get(key)
            if value is None:
                continue
            current = total[key]
            if current is None:
                total[key] = value
            elif BY_KEY[key].type == "max":
                total[key] = max(current, value)
            else:
                total[key] = current + value
    return total


def derive(raw: Mapping, keys: Iterable[str] | None = None) -> dict:
    """The values people read, from raw figures: counts as they are, times in days, rates in percent."""
    wanted = list(BY_KEY) if keys is None else list(keys)
    result: dict = {}
    for key in wanted:
        metric = BY_KEY[key]
        if metric.type == "count":
            result[key] = raw.get(key) or 0
        elif metric.type in ("sum", "max"):
            result[key] = days(raw.get(key))
        elif metric.type == "rate":
            result[key] = rate(raw.get(metric.numerator) or 0, raw.get(metric.denominator) or 0)
        else:  # average of a duration over a count
            total, n = raw.get(metric.numerator), raw.get(metric.denominator) or 0
            result[key] = days(total / n) if total is not None and n else None
    return result


def aggregate(queryset, keys: list[str] | None = None) -> dict[str, int | Decimal | None]:
    """All figures (or those named by ``keys``) of a cohort in one query."""
    raw = queryset.order_by().aggregate(**expressions(keys))
    return derive(unprefixed(raw), keys)


def change(current, previous) -> Decimal | None:
    """Year-on-year or month-on-month change in percent (half-up, one decimal); None without a base."""
    if current is None or previous in (None, 0):
        return None
    return ((Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def point_change(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """Change of a rate in percentage points (百分点); None when either side has no value."""
    if current is None or previous is None:
        return None
    return _half_up(Decimal(current) - Decimal(previous))


def compare(current, previous, key: str) -> Decimal | None:
    """The comparison shown next to a figure: percent change for counts and times, points for rates."""
    if BY_KEY[key].is_rate:
        return point_change(current, previous)
    return change(current, previous)


def shares(parts: dict[str, int]) -> dict[str, Decimal]:
    """Percentages of a breakdown that add up to exactly 100.0 (largest remainder on tenths)."""
    total = sum(parts.values())
    if not total:
        return {k: Decimal("0.0") for k in parts}
    tenths = {k: Decimal(v) * 1000 / total for k, v in parts.items()}
    floors = {k: int(t) for k, t in tenths.items()}
    missing = 1000 - sum(floors.values())
    for k in sorted(tenths, key=lambda k: (tenths[k] - floors[k], parts[k]), reverse=True)[:missing]:
        floors[k] += 1
    return {k: Decimal(v) / 10 for k, v in floors.items()}


# =======================================================================================================# Handling tools: quality review (评查), accountability (责任追究) and hearings (听证) — DOMAIN §7.
#
# These figures count the tools' own records, not the registration cohort: a record belongs to a period by the
# Beijing date of its own event (a case by the day it was graded, an accountability record by its decision
# date, a hearing by the day it began), and to a scope by its petition (``petitions`` = the scoped petitions,
# None for the whole province). Three indexed aggregate queries over the tools' small tables.
# ==============================================================================================================


@dataclass(frozen=True)
class ToolFigure:
    key: str
    label: str
    definition: str
    unit: str = "件"


QUALITY_FIGURES: list[ToolFigure] = [
    ToolFigure("reviewed_cases", _("评查案件数"), _("期间内评定等次（按定等日期）的被评查原案件数（一审、二审、再审、执行、复查各计一件）。")),
    ToolFigure("grade_first", _("一类案件"), _("评查案件中评为一类的件数。")),
    ToolFigure("grade_second", _("二类案件"), _("评查案件中评为二类的件数。")),
    ToolFigure("grade_third", _("三类案件"), _("评查案件中评为三类的件数。")),
    ToolFigure("grade_first_share", _("一类占比"), _("一类案件 ÷ 评查案件数；三个等次的占比之和恰为 100.0%（最大余数法）。"), "%"),
    ToolFigure("grade_second_share", _("二类占比"), _("二类案件 ÷ 评查案件数（同上）。"), "%"),
    ToolFigure("grade_third_share", _("三类占比"), _("三类案件 ÷ 评查案件数（同上）。"), "%"),
    ToolFigure("sanctioned_people", _("被追责人数"), _("期间内作出处理决定（按决定日期）的责任追究所涉不同人员数，一人多次只计一人。"), "人"),
    ToolFigure("accountability_records", _("责任追究件次"), _("期间内作出处理决定的责任追究记录数。"), "件次"),
    ToolFigure("sanctioned_cases", _("追责案件数"), _("评查案件中有责任追究记录的件数：记录关联该案件，或关联其所属评查而未指明案件。")),
    ToolFigure("sanctioned_case_share", _("追责案件占比"), _("追责案件数 ÷ 评查案件数。"), "%"),
    ToolFigure("hearings_held", _("举行听证场次"), _("期间内开始（按听证开始日期）并已登记结果的听证场次。"), "场"),
    ToolFigure("hearings_accepted", _("接受听证结论"), _("举行的听证中信访人接受听证结论的场次。"), "场"),
    ToolFigure("hearing_acceptance_rate", _("听证结论接受率"), _("接受听证结论 ÷ 举行听证场次。"), "%"),
]  # fmt: skip
QUALITY_BY_KEY = {f.key: f for f in QUALITY_FIGURES}


def _day_range(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start of ``date_from``, start of the day after ``date_to``) in the current (Beijing) time zone."""
    start = timezone.make_aware(dt.datetime.combine(date_from, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min))
    return start, end


def quality_figures(petitions, date_from: dt.date, date_to: dt.date) -> dict[str, int | Decimal | None]:
    """The figures of ``QUALITY_FIGURES`` for a period, over the tools' records of ``petitions`` (None: all)."""
    from django.db.models import Exists, OuterRef

    from hearings.models import Hearing, HearingStatus
    from quality.models import Accountability, ReviewedCase

    start, end = _day_range(date_from, date_to)

    def scoped(qs, field="petition"):
        return qs if petitions is None else qs.filter(**{f"{field}__in": petitions.values("pk")})

    linked = Accountability.objects.filter(
        Q(case=OuterRef("pk")) | Q(case__isnull=True, review=OuterRef("review_id"))
    )
    cases = scoped(
        ReviewedCase.objects.filter(graded_at__gte=start, graded_at__lt=end).exclude(grade=""),
        "review__petition",
    )
    graded = (
        cases.annotate(sanctioned=Exists(linked))
        .order_by()
        .aggregate(
            reviewed_cases=Count("pk"),
            grade_first=Count("pk", filter=Q(grade="first")),
            grade_second=Count("pk", filter=Q(grade="second")),
            grade_third=Count("pk", filter=Q(grade="third")),
            sanctioned_cases=Count("pk", filter=Q(sanctioned=True)),
        )
    )
    records = (
        scoped(Accountability.objects.filter(decided_on__gte=date_from, decided_on__lte=date_to))
        .order_by()
        .aggregate(sanctioned_people=Count("officer", distinct=True), accountability_records=Count("pk"))
    )
    hearings = (
        scoped(Hearing.objects.filter(status=HearingStatus.HELD, starts_at__gte=start, starts_at__lt=end))
        .order_by()
        .aggregate(
            hearings_held=Count("pk"), hearings_accepted=Count("pk", filter=Q(petitioner_accepted=True))
        )
    )
    values: dict = {**graded, **records, **hearings}
    parts = {k: values[k] for k in ("grade_first", "grade_second", "grade_third")}
    reviewed = values["reviewed_cases"]
    for key, share in shares(parts).items():
        values[f"{key}_share"] = share.quantize(TENTH) if reviewed else None
    values["sanctioned_case_share"] = rate(values["sanctioned_cases"], reviewed)
    values["hearing_acceptance_rate"] = rate(values["hearings_accepted"], values["hearings_held"])
    return {f.key: values[f.key] for f in QUALITY_FIGURES}


def quality_summary(values: Mapping) -> str:
    """One line, e.g. "69 reviewed: 52 一类 = 75.4 %, 15 二类 = 21.7 %, 2 三类 = 2.9 %"."""
    if not values.get("reviewed_cases"):
        return "评查案件 0 件"
    grades = [("grade_first", "一类"), ("grade_second", "二类"), ("grade_third", "三类")]
    parts = ", ".join(f"{values[k]} {name} = {values[k + '_share']} %" for k, name in grades)
    return f"评查案件 {values['reviewed_cases']} 件：{parts}"


# ------------------------------------------------------------------------------------------------------------
# Handling tools: 调解, 司法救助, 稳控帮扶 (docs/handling-tools.md). Figures over their own records, counted by the
# date of the act (opened, decided, paid) within the period; amounts are exact Decimal yuan, summed in SQL.


TOOL_FIGURES: list[ToolFigure] = [
    ToolFigure("mediations", _("调解"), _("期间内启动的调解件数（人民调解、行政调解、司法调解）。")),
    ToolFigure("mediations_agreed", _("达成调解协议"), _("期间内结束且达成调解协议的件数。")),
    ToolFigure("mediations_confirmed", _("司法确认"), _("期间内经法院司法确认的调解协议件数。")),
    ToolFigure("aid_applications", _("司法救助申请"), _("期间内登记的司法救助申请件数。")),
    ToolFigure("aid_refused", _("不予救助"), _("期间内决定不予救助的申请件数。")),
    ToolFigure("aid_granted", _("批准救助"), _("期间内审批完成、批准救助的申请件数（含已发放）。")),
    ToolFigure(
        "aid_granted_amount", _("批准救助金额"), _("期间内批准救助的金额合计（元，精确到分）。"), unit="元"
    ),
    ToolFigure("aid_paid", _("发放救助"), _("期间内发放日期在期间内的救助件数。")),
    ToolFigure(
        "aid_paid_amount", _("发放救助金额"), _("期间内发放的救助金额合计（元，精确到分）。"), unit="元"
    ),
    ToolFigure("care_tasks", _("稳控帮扶任务"), _("期间内因事项终结或终结后再次来访生成的帮扶任务件数。")),
    ToolFigure("care_open", _("帮扶中"), _("统计截止时仍在帮扶中的任务件数（不限生成日期）。")),
    ToolFigure(
        "care_overdue", _("走访逾期"), _("统计截止时仍在帮扶中、计划走访日期已过而未走访的任务件数。")
    ),
]
TOOL_BY_KEY = {f.key: f for f in TOOL_FIGURES}


def tool_figures(*, start: dt.date, end: dt.date, petitions=None, today: dt.date | None = None) -> dict:
    """The handling tools' figures for ``start``–``end`` (inclusive, local dates), over ``petitions`` (a scoped
    queryset; all when None). Five indexed aggregate queries."""
    from aid.models import AidApplication, AidPayment, AidStatus
    from care.models import CareStatus, CareTask
    from mediation.models import Mediation, MediationStatus

    def of(qs, path="petition"):
        return qs if petitions is None else qs.filter(**{f"{path}__in": petitions.values("pk")})

    zero_money = Decimal("0.00")
    today = today or timezone.localdate()
    m = of(Mediation.objects.all()).aggregate(
        mediations=Count("pk", filter=Q(created_at__date__gte=start, created_at__date__lte=end)),
        mediations_agreed=Count(
            "pk", filter=Q(status=MediationStatus.AGREED, concluded_on__gte=start, concluded_on__lte=end)
        ),
        mediations_confirmed=Count(
            "pk", filter=Q(confirmed=True, confirmed_on__gte=start, confirmed_on__lte=end)
        ),
    )
    granted = Q(
        status__in=[AidStatus.APPROVED, AidStatus.PAID],
        decided_at__date__gte=start,
        decided_at__date__lte=end,
    )
    a = of(AidApplication.objects.all()).aggregate(
        aid_applications=Count("pk", filter=Q(created_at__date__gte=start, created_at__date__lte=end)),
        aid_refused=Count(
            "pk", filter=Q(status=AidStatus.REFUSED, decided_at__date__gte=start, decided_at__date__lte=end)
        ),
        aid_granted=Count("pk", filter=granted),
        aid_granted_amount=Sum("amount_granted", filter=granted),
    )
    p = of(
        AidPayment.objects.filter(paid_on__gte=start, paid_on__lte=end), "application__petition"
    ).aggregate(aid_paid=Count("pk"), aid_paid_amount=Sum("amount"))
    c = of(CareTask.objects.all()).aggregate(
        care_tasks=Count("pk", filter=Q(created_at__date__gte=start, created_at__date__lte=end)),
        care_open=Count("pk", filter=Q(status=CareStatus.OPEN)),
        care_overdue=Count("pk", filter=Q(status=CareStatus.OPEN, next_visit_on__lt=today)),
    )
    result = {**m, **a, **p, **c}
    for key in ("aid_granted_amount", "aid_paid_amount"):
        result[key] = Decimal(result[key] or zero_money).quantize(Decimal("0.01"))
    return {f.key: result[f.key] for f in TOOL_FIGURES}


def tool_figures_json(values: dict) -> dict:
    """For JSON: amounts as exact strings ("2190601.00"), never floats."""
    return {
        f.key: {
            "label": str(f.label),
            "unit": f.unit,
            "value": str(values[f.key]) if isinstance(values[f.key], Decimal) else values[f.key],
        }
        for f in TOOL_FIGURES
    }


def tool_figures_text(values: dict) -> str:
    lines = []
    for f in TOOL_FIGURES:
        value = values[f.key]
        shown = f"{value:,.2f}" if isinstance(value, Decimal) else f"{value:,}"
        lines.append(f"{f.label}：{shown} {f.unit}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------------
# Reception and lawyers (律师参与) — figures for a period (Beijing dates, inclusive) within the user's scope:
# records of reception centers in the user's unit subtree, and lawyers' cases among the petitions the user sees.
# Not petition-cohort figures, so not in METRICS; defined here so that every figure has one definition.

RECEPTION_FIGURES = {
    "lawyers_active": _("参与律师数：期间内有值班或参与案件的在册律师人数"),
    "duty_sessions": _("律师值班次数：期间内律师值班的半日班次数"),
    "persons_received": _("接待人次：律师值班班次登记的接待人次与咨询记录的接待人数之和"),
    "cases_taken_part": _("参与案件数：期间内指派律师或有咨询记录的信访事项数"),
}


def reception_figures(user, start: dt.date, end: dt.date) -> list[dict]:
    from reception.selectors import lawyer_figures

    values = lawyer_figures(user, start, end)
    return [
        {"key": key, "label": str(label).split("：")[0], "help": str(label), "value": values[key]}
        for key, label in RECEPTION_FIGURES.items()
    ]
