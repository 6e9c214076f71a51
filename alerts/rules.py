"""The early-warning rules: functions over querysets that return candidate alerts, each with reason and key.

Every rule reads its structured parameters (validated by ``alerts.params``, already tightened for an active
sensitive period) and the evaluation context, runs a few aggregate queries and returns ``Candidate`` objects.
Nothing is written here; ``alerts.services.run_early_warning`` inserts the candidates whose ``dedupe_key`` is
new. A key names the event (a person's latest petition, a petition, a deadline, a bucket and ISO week), so
reruns find nothing new and a new event raises a new alert.

Queries (``W`` = petitions registered in ``(now − days, now]``):

* repeat_person  ``SELECT person, COUNT(*) FROM party JOIN petition JOIN petitioner … WHERE registered_at ∈ W ∪ M
  days GROUP BY person HAVING COUNT(*) >= N`` (person: the identity number's keyed hash, or the record itself
  when it has none) as a subquery of one query that lists those persons' petitions;
  the sliding M-day count at each person's latest petition is done in Python.
* repeat_matter  the same over ``petition.case_number``.
* group, skip_level, key_person  one filtered query over W each.
* supervised_due one query over the partial ``due_at`` index (all open supervised petitions, whatever their age).
* cluster_growth one query over the latest clustering run's clusters (``topics.selectors.growing_clusters``)
  and one over their current members.
* unusual_rise   ``SELECT bucket, CASE registered_at … END AS week, COUNT(*) … GROUP BY bucket, week`` over
  ``weeks + 1`` rolling weeks; mean, standard deviation and threshold in Python.
"""

import hashlib
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, Substr
from django.utils import timezone

from alerts.params import (
    LEVELS,
    SKIP_FLAGS,
    SUPERVISION_LEVELS,
    RuleKind,
    Strictness,
    tighten,
    validate_params,
)
from core import crypto
from organisations.models import Region, Unit, UnitType
from petitions.models import OPEN_STATES, DueKind, Petition, Petitioner, PetitionParty, ProblemCategory

WEEK = timedelta(days=7)
CHUNK = 5000  # ids per IN list, well below SQLite's variable limit


@dataclass(frozen=True)
class Candidate:
    """An alert a rule would raise. ``unit_id`` is the responsible unit (the one notified)."""

    dedupe_key: str
    reason: str
    petition_id: int | None = None
    unit_id: int | None = None
    region_id: str | None = None
    category: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleContext:
    """When and over what a run evaluates: petitions registered in ``(now − days, now]``."""

    now: datetime
    days: int = 90
    strict: Strictness | None = None

    @property
    def since(self) -> datetime:
        return self.now - timedelta(days=self.days)

    def registered(self, start: datetime | None = None) -> QuerySet:
        return Petition.objects.filter(registered_at__gt=start or self.since, registered_at__lte=self.now)


RuleFunction = Callable[[str, dict[str, Any], str, RuleContext], list[Candidate]]


# ---------------------------------------------------------------------------------------------------- helpers


def _with_note(reason: str, note: str) -> str:
    return f"{reason}；{note}" if note else reason


def anonymised_name(name: str) -> str:
    """王建国 → 王某某, 李明 → 李某: how reasons name a person."""
    name = (name or "").strip()
    if not name:
        return "某某"
    return name[0] + ("某" if len(name) <= 2 else "某某")


def _person_labels(petitioner_ids: Iterable[int]) -> dict[int, str]:
    """``王某某（身份证尾号1234）`` per petitioner; only the rows asked for are decrypted."""
    ids = sorted(set(petitioner_ids))
    rows = [
        row
        for i in range(0, len(ids), CHUNK)
        for row in Petitioner.objects.filter(pk__in=ids[i : i + CHUNK]).values_list(
            "pk", "name", Cast("id_number", output_field=TextField())
        )
    ]
    labels = {}
    for pk, name, token in rows:
        try:
            tail = crypto.decrypt(token or "")[-4:]
        except ValueError:  # a row encrypted under a key this deployment no longer holds
            tail = ""
        labels[pk] = anonymised_name(name) + (f"（身份证尾号{tail}）" if tail else "")
    return labels


PETITION_FACTS = (
    "pk",
    "number",
    "handling_unit_id",
    "registered_unit_id",
    "problem_region_id",
    "problem_category",
)


def _facts(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    ids = sorted(set(ids))
    out: dict[int, dict[str, Any]] = {}
    for i in range(0, len(ids), CHUNK):
        rows = Petition.objects.filter(pk__in=ids[i : i + CHUNK]).order_by().values(*PETITION_FACTS)
        out.update((row["pk"], row) for row in rows)
    return out


def _petition_candidate(key: str, reason: str, facts: dict[str, Any], data: dict[str, Any]) -> Candidate:
    return Candidate(
        dedupe_key=key,
        reason=reason,
        petition_id=facts["pk"],
        unit_id=facts["handling_unit_id"] or facts["registered_unit_id"],
        region_id=facts["problem_region_id"],
        category=facts["problem_category"] or "",
        data={"number": facts["number"], **data},
    )


def _sliding_latest(
    rows: list[tuple[Any, int, datetime]], days: int, since: datetime
) -> Iterator[tuple[Any, int, list[int]]]:
    """Per group key: the latest petition, and how many of the group's petitions fall in the ``days`` before it.

    ``rows`` are ``(key, petition_id, registered_at)``. Groups whose latest petition is not after ``since`` are
    left out (that event belongs to an earlier run).
    """
    groups: dict[Any, list[tuple[datetime, int]]] = defaultdict(list)
    for key, pk, at in rows:
        groups[key].append((at, pk))
    for key, items in groups.items():
        items.sort()
        latest_at, latest_pk = items[-1]
        if latest_at <= since:
            continue
        start = latest_at - timedelta(days=days)
        within = [pk for at, pk in items if at > start]
        yield key, latest_pk, within


# ---------------------------------------------------------------------------------------------------- rules


def _person_key() -> Case:
    """One person across petitions: each petition keeps its own petitioner record, linked to the person's other
    records by the identity number's keyed hash; a record without an identity number stands alone."""
    return Case(
        When(petitioner__id_number_hash="", then=Concat(Value("#"), Cast("petitioner_id", CharField()))),
        default=F("petitioner__id_number_hash"),
        output_field=CharField(),
    )


def repeat_person(rule_key: str, params: dict[str, Any], note: str, ctx: RuleContext) -> list[Candidate]:
    """One petitioner (matched by identity: records are linked by the ID number's keyed hash) N times in M days."""
    count, days = params["count"], params["days"]
    start = ctx.since - timedelta(days=days)
    in_window = Q(petition__registered_at__gt=start, petition__registered_at__lte=ctx.now)
    heavy = (
        PetitionParty.objects.filter(in_window)
        .order_by()
        .annotate(person=_person_key())
        .values("person")
        .annotate(n=Count("id"))
        .filter(n__gte=count)
        .values("person")
    )
    rows = list(
        PetitionParty.objects.filter(in_window)
        .annotate(person=_person_key())
        .filter(person__in=heavy)
        .order_by()
        .values_list("person", "petition_id", "petition__registered_at", "petitioner_id")
    )
    record = {(person, petition): petitioner for person, petition, _, petitioner in rows}
    hits = [
        (record[person, latest], latest, within)
        for person, latest, within in _sliding_latest([r[:3] for r in rows], days, ctx.since)
        if len(within) >= count
    ]
    labels = _person_labels(person for person, _, _ in hits)
    facts = _facts(latest for _, latest, _ in hits)
    return [
        _petition_candidate(
            f"{rule_key}:person:{person}:{latest}",
            _with_note(f"信访人{labels.get(person, '某某')}近{days}日内第{len(within)}次信访", note),
            facts[latest],
            {
                "petitioner_id": person,
                "count": len(within),
                "days": days,
                "threshold": count,
                "petitions": within,
            },
        )
        for person, latest, within in hits
        if latest in facts
    ]


def repeat_matter(rule_key: str, params: dict[str, Any], note: str, ctx: RuleContext) -> list[Candidate]:
    """One original case (by its case number) petitioned N times in M days, by whoever."""
    count, days = params["count"], params["days"]
    window = ctx.registered(ctx.since - timedelta(days=days)).exclude(case_number="")
    heavy = (
        window.order_by()
        .values("case_number")
        .annotate(n=Count("id"))
        .filter(n__gte=count)
        .values("case_number")
    )
    rows = list(
        window.filter(case_number__in=heavy).order_by().values_list("case_number", "pk", "registered_at")
    )
    hits = [hit for hit in _sliding_latest(rows, days, ctx.since) if len(hit[2]) >= count]
    facts = _facts(latest for _, latest, _ in hits)
    return [
        _petition_candidate(
            f"{rule_key}:matter:{latest}",
            _with_note(f"原案{case}近{days}日内第{len(within)}次被信访", note),
            facts[latest],
            {
                "case_number": case,
                "count": len(within),
                "days": days,
                "threshold": count,
                "petitions": within,
            },
        )
        for case, latest, within in hits
        if latest in facts
    ]


def group(rule_key: str, params: dict[str, Any], note: str, ctx: RuleContext) -> list[Candidate]:
    """A matter brought by a group: ``group_size`` at least the threshold, or marked 集体访."""
    minimum = params["min_people"]
    rows = (
        ctx.registered()
        .filter(Q(group_size__gte=minimum) | Q(flag_group=True))
        .values(*PETITION_FACTS, "group_size")
    )
    out = []
    for row in rows:
        size = row["group_size"]
        if size >= minimum:
            reason = f"集体访：{size}人共同信访（{minimum}人以上即预警）"
        else:
            reason = f"登记为集体访（登记人数{size}人）"
        out.append(
            _petition_candidate(
                f"{rule_key}:group:{row['pk']}",
                _with_note(reason, note),
                row,
                {"group_size": size, "threshold": minimum},
            )
        )
    return out


def skip_level(rule_key: str, params: dict[str, Any], note: str, ctx: RuleContext) -> list[Candidate]:
    """Petitions marked 越级访, 进京访, 赴省访 (or 非正常访), as the rule selects."""
    flags = params["flags"]
    condition = Q()
    for flag in flags:
        condition |= Q(**{flag: True})
    out = []
    for row in ctx.registered().filter(condition).order_by().values(*PETITION_FACTS, *flags):
        marked = [flag for flag in flags if row[flag]]
        labels = "、".join(SKIP_FLAGS[flag] for flag in marked)
        out.append(
            _petition_candidate(
                f"{rule_key}:skip:{row['pk']}",
                _with_note(f"登记为{labels}（{row['number']}）", note),
                row,
                {"flags": marked},
            )
        )
    return out


def key_person(rule_key: str, params: dict[str, Any], note: str, ctx: RuleContext) -> list[Candidate]:
    """Petitions by a key person (重点人员): the petition's flag, or any of its petitioners marked so.

    Two queries driven by the registration window (flagged petitions; parties whose petitioner is marked), so
    marking a person later still raises their recent petitions.
    """
    window = ctx.registered()
    people: dict[int, list[int]] = defaultdict(list)
    for petition_id, petitioner_id in (
        PetitionParty.objects.filter(
            petition__registered_at__gt=ctx.since,
            petition__registered_at__lte=ctx.now,
            petitioner__is_key_person=True,
        )
        .order_by("petition_id", "position", "id")
        .values_list("petition_id", "petitioner_id")
    ):
        people[petition_id].append(petitioner_id)
    ids = set(window.filter(flag_key_person=True).order_by().values_list("pk", flat=True)) | set(people)
    labels = _person_labels(p for persons in people.values() for p in persons)
    out = []
    for pk, row in sorted(_facts(ids).items()):
        named = [labels[p] for p in people.get(pk, []) if p in labels]
        reason = f"重点人员{'、'.join(named)}信访" if named else "事项标记为重点人员信访"
        out.append(
            _petition_candidate(
                f"{rule_key}:key:{pk}", _with_note(reason, note), row, {"petitioner_ids": people.get(pk, [])}
            )
        )
    return out


def supervised_due(rule_key: str, params: dict[str, Any], note: str, ctx: RuleContext) -> list[Candidate]:
    """Open supervised petitions (督办) whose next deadline falls within N days.

    Selected by the indexed ``due_at`` over every open petition, not only recent ones: old supervised cases
    (积案) are the ones most at risk.
    """
    horizon = ctx.now + timedelta(days=params["days"])
    rows = (
        Petition.objects.filter(
            state__in=OPEN_STATES,
            due_at__gte=ctx.now,
            due_at__lte=horizon,
            supervision_level__in=params["levels"],
        )
        .order_by()
        .values(*PETITION_FACTS, "due_at", "due_kind", "supervision_level")
    )
    out = []
    for row in rows:
        due = row["due_at"]
        kind = str(DueKind(row["due_kind"]).label) if row["due_kind"] in DueKind.values else "办理期限"
        level = SUPERVISION_LEVELS.get(row["supervision_level"], "督办")
        reason = (
            f"{level}事项{row['number']}的{kind}将于{timezone.localtime(due):%Y-%m-%d %H:%M}到期，"
            f"剩余{_remaining(due - ctx.now)}"
        )
        out.append(
            _petition_candidate(
                f"{rule_key}:due:{row['pk']}:{int(due.timestamp())}",
                _with_note(reason, note),
                row,
                {"due_at": due.isoformat(), "days": params["days"]},
            )
        )
    return out


def _remaining(delta: timedelta) -> str:
    hours = int(delta.total_seconds() // 3600)
    if hours >= 24:
        return f"{hours // 24}天{hours % 24}小时" if hours % 24 else f"{hours // 24}天"
    return f"{max(hours, 0)}小时"


def unusual_rise(rule_key: str, params: dict[str, Any], note: str, ctx: RuleContext) -> list[Candidate]:
    """This week's count of a category or region above mean + σ·std of its previous weeks, and at least a minimum.

    Weeks are rolling: week 0 is the 7 days up to ``now``, week i the 7 days before week i−1. One GROUP BY over
    (bucket, week) counts all of them; the statistics (population standard deviation) are computed here.
    """
    weeks, sigma, minimum = params["weeks"], params["sigma"], params["min_count"]
    dimension, level = params["dimension"], params["level"]
    start = ctx.now - WEEK * (weeks + 1)
    week = Case(
        *[When(registered_at__gt=ctx.now - WEEK * (i + 1), then=Value(i)) for i in range(weeks + 1)],
        output_field=IntegerField(),
    )
    width = {"province": 2, "city": 4, "county": 6}[level]
    region = F("problem_region_id") if width == 6 else Substr("problem_region_id", 1, width)
    qs = ctx.registered(start).annotate(week=week, bucket=region)
    keys = ["bucket", "week"]
    if dimension == "category":
        qs = qs.exclude(problem_category="")
        keys.insert(1, "problem_category")
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * (weeks + 1))
    for row in qs.order_by().values(*keys).annotate(n=Count("id")):
        code = row["bucket"].ljust(6, "0")
        counts[(code, row.get("problem_category", ""))][row["week"]] = row["n"]

    hits = []
    for (code, category), series in counts.items():
        current, history = series[0], series[1:]
        mean = statistics.fmean(history)
        std = statistics.pstdev(history)
        threshold = mean + sigma * std
        if current >= minimum and current > threshold:
            hits.append((code, category, current, history, mean, std, threshold))
    if not hits:
        return []
    regions = dict(Region.objects.filter(code__in={h[0] for h in hits}).values_list("code", "name"))
    committees = committees_for(regions)
    iso = timezone.localtime(ctx.now).isocalendar()
    sigma_label = f"{sigma:g}"
    out = []
    for code, category, current, history, mean, std, threshold in hits:
        if code not in regions:
            continue
        subject = regions[code]
        if dimension == "category":
            label = str(ProblemCategory(category).label) if category in ProblemCategory.values else category
            subject = f"{subject}「{label}」类信访"
        reason = (
            f"{subject}本周（近7日）{current}件，前{weeks}周均值{mean:.1f}、标准差{std:.1f}，"
            f"超过均值+{sigma_label}σ={threshold:.1f}"
        )
        out.append(
            Candidate(
                dedupe_key=f"{rule_key}:rise:{dimension}:{code}:{category}:{iso.year}W{iso.week:02d}",
                reason=_with_note(reason, note),
                unit_id=committees.get(code),
                region_id=code,
                category=category,
                data={
                    "dimension": dimension,
                    "level": level,
                    "level_label": LEVELS[level],
                    "current": current,
                    "history": history,
                    "mean": round(mean, 3),
                    "std": round(std, 3),
                    "sigma": sigma,
                    "threshold": round(threshold, 3),
                    "window_start": (ctx.now - WEEK).isoformat(),
                    "window_end": ctx.now.isoformat(),
                },
            )
        )
    return out


def cluster_growth(rule_key: str, params: dict[str, Any], note: str, ctx: RuleContext) -> list[Candidate]:
    """A hot-topic cluster (``topics``: the latest clustering run finished by ``now``) growing fast: at least
    ``min_size`` petitions this period, at least ``min_growth`` more than the period before, and a growth rate
    of at least ``growth_rate`` (a cluster new this period passes the rate). About the smallest region holding
    every member (its 政法委 sees them all), once per cluster label, region and ISO week."""
    try:
        from topics.selectors import growing_clusters
    except ImportError:  # the topics app is not installed
        return []
    clusters = growing_clusters(
        now=ctx.now,
        min_size=params["min_size"],
        min_growth=params["min_growth"],
        growth_rate=params["growth_rate"],
    )
    if not clusters:
        return []
    regions = dict(
        Region.objects.filter(code__in={c.region_id for c in clusters}).values_list("code", "name")
    )
    committees = committees_for(regions)
    iso = timezone.localtime(ctx.now).isocalendar()
    out = []
    for c in clusters:
        label = "、".join(c.keywords[:3]) or f"#{c.pk}"
        rate = f"增长{(c.size - c.previous) / c.previous:.0%}" if c.previous else "为新出现的类案"
        reason = (
            f"{regions.get(c.region_id, c.region_id)}类案「{label}」本期（{c.run.label}）{c.size}件，"
            f"上期{c.previous}件，{rate}（本期≥{params['min_size']}件、增加≥{params['min_growth']}件、"
            f"增长率≥{params['growth_rate']:.0%}即预警）"
        )
        digest = hashlib.sha256(" ".join(sorted(c.keywords[:3])).encode()).hexdigest()[:16]
        out.append(
            Candidate(
                dedupe_key=f"{rule_key}:cluster:{c.region_id}:{digest}:{iso.year}W{iso.week:02d}",
                reason=_with_note(reason, note),
                unit_id=committees.get(c.region_id),
                region_id=c.region_id,
                data={
                    "cluster_id": c.pk,
                    "run_id": c.run_id,
                    "keywords": c.keywords,
                    "size": c.size,
                    "previous": c.previous,
                    "growth": c.size - c.previous,
                    "min_size": params["min_size"],
                    "min_growth": params["min_growth"],
                    "growth_rate": params["growth_rate"],
                    "petitions": c.current_petitions,
                },
            )
        )
    return out


def region_ancestors(code: str) -> list[str]:
    """``620602`` → ``["620602", "620600", "620000"]`` (itself first, without duplicates)."""
    chain = [code, code[:4] + "00", code[:2] + "0000"]
    return list(dict.fromkeys(chain))


def committees_for(codes: Iterable[str]) -> dict[str, int]:
    """The 政法委 responsible for each region: its own, else the nearest one above it."""
    codes = list(codes)
    wanted = {a for code in codes for a in region_ancestors(code)}
    own: dict[str, int] = {}
    for region_id, pk in (
        Unit.objects.filter(type=UnitType.COMMITTEE, is_active=True, region_id__in=wanted)
        .order_by("path")
        .values_list("region_id", "pk")
    ):
        own.setdefault(region_id, pk)
    out = {}
    for code in codes:
        for ancestor in region_ancestors(code):
            if ancestor in own:
                out[code] = own[ancestor]
                break
    return out


RULES: dict[str, RuleFunction] = {
    RuleKind.REPEAT_PERSON: repeat_person,
    RuleKind.REPEAT_MATTER: repeat_matter,
    RuleKind.GROUP: group,
    RuleKind.SKIP_LEVEL: skip_level,
    RuleKind.KEY_PERSON: key_person,
    RuleKind.SUPERVISED_DUE: supervised_due,
    RuleKind.UNUSUAL_RISE: unusual_rise,
    RuleKind.CLUSTER_GROWTH: cluster_growth,
}
assert set(RULES) == set(RuleKind.values)


def evaluate(rule, ctx: RuleContext) -> list[Candidate]:
    """Candidates of one rule (an ``AlertRule``): parameters validated, tightened, then the kind's function."""
    params = validate_params(rule.kind, rule.params)
    params, note = tighten(rule.kind, params, ctx.strict)
    return RULES[rule.kind](f"r{rule.pk}", params, note, ctx)
