"""Writes of hot topics: the batch run that clusters a period's petitions (``manage.py cluster_topics``, the
Celery beat task ``topics.tasks.cluster_topics_task`` and the embedded default's periodic thread all call
``cluster_topics``).

A run reads the petitions registered in the period and in the period of the same length before it, with the
words the search index already holds for them (``search.models.PetitionText``; a petition not yet indexed is
segmented here with the same ``search.text.words``), clusters them (``topics.clustering``) and stores the run,
its clusters and their members in one transaction, then drops runs beyond ``KEEP_RUNS``. Nothing about a petition
changes, so no petition timeline event is written; the run row is the record (who asked is the scheduler).
"""

import calendar
import datetime as dt
import re
import time
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.errors import InvalidInput
from deadlines.calendar import CHINA_TZ
from organisations.models import Region
from petitions.models import Petition
from search import text
from topics import clustering
from topics.models import Cluster, ClusterRun, Membership

PERIODS = {"week": (7, "近7日"), "month": (30, "近30日"), "quarter": (90, "近90日")}
DEFAULT_PERIOD = "month"
MAX_DAYS = 366
KEEP_RUNS = 30
BATCH = 2000
PERIOD_HELP = "week（近7日）、month（近30日，默认）、quarter（近90日）、天数如 14d，或自然月如 2026-11"


@dataclass(frozen=True)
class Period:
    """The run's period ``(start, end]`` and the one before it ``(previous_start, start]``."""

    label: str
    start: dt.datetime
    end: dt.datetime
    previous_start: dt.datetime


def _refuse(message: str):
    raise InvalidInput({"period": [message]}, message=message)


def parse_period(value: str | None, now: dt.datetime | None = None) -> Period:
    """``week``, ``month``, ``quarter``, ``Nd`` (the last N days up to ``now``) or ``YYYY-MM`` (a calendar month,
    Beijing time; the month before is its previous period). Anything else is refused with a message."""
    now = now or timezone.now()
    raw = (value or DEFAULT_PERIOD).strip().lower()
    if len(raw) > 20:
        _refuse(f"统计期间格式不正确，可用：{PERIOD_HELP}。")
    if raw in PERIODS:
        days, label = PERIODS[raw]
        return _rolling(now, days, label)
    if m := re.fullmatch(r"(\d{1,4})d", raw):
        days = int(m.group(1))
        if not 1 <= days <= MAX_DAYS:
            _refuse(f"统计天数应在 1 到 {MAX_DAYS} 之间，当前为 {days}。")
        return _rolling(now, days, f"近{days}日")
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", raw):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            _refuse(f"月份应在 1 到 12 之间，当前为 {month}。")
        today = timezone.localdate(now, CHINA_TZ)
        if not 2000 <= year <= today.year or (year, month) > (today.year, today.month):
            _refuse(f"统计月份 {year}-{month:02d} 超出范围：应在 2000-01 到 {today:%Y-%m} 之间。")
        start = dt.datetime(year, month, 1, tzinfo=CHINA_TZ)
        last = calendar.monthrange(year, month)[1]
        end = min(start + dt.timedelta(days=last), now)
        previous = (start - dt.timedelta(days=1)).replace(day=1)
        return Period(f"{year}年{month}月", start, end, previous)
    _refuse(f"统计期间格式不正确：{raw[:20]}。可用：{PERIOD_HELP}。")


def _rolling(now: dt.datetime, days: int, label: str) -> Period:
    length = dt.timedelta(days=days)
    return Period(label, now - length, now, now - 2 * length)


def _region_of(codes: set[str], known: set[str]) -> str | None:
    """The smallest region holding every code: the county, else the city, else the province (if it exists)."""
    codes = {c for c in codes if c}
    if not codes:
        return None
    for width in (6, 4, 2):
        prefixes = {c[:width] for c in codes}
        if len(prefixes) == 1:
            candidate = prefixes.pop().ljust(6, "0")
            if candidate in known:
                return candidate
    return None


def _documents(period: Period) -> list[dict]:
    rows = list(
        Petition.objects.filter(registered_at__gt=period.previous_start, registered_at__lte=period.end)
        .order_by("registered_at", "pk")
        .values_list(
            "pk",
            "registered_at",
            "problem_region_id",
            "handling_unit_id",
            "registered_unit_id",
            "case_number",
            "search_text__head",
            "search_text__body",
        )
    )
    missing = [r[0] for r in rows if r[6] is None and r[7] is None]
    fallback: dict[int, str] = {}
    for i in range(0, len(missing), BATCH):  # not indexed yet: segmented here, as the index would
        for pk, title, demands, facts in Petition.objects.filter(pk__in=missing[i : i + BATCH]).values_list(
            "pk", "title", "demands", "facts"
        ):
            head = text.join(text.words(title))
            fallback[pk] = f"{head} {head} {text.join(text.words(demands + ' ' + facts))}"
    docs = []
    for pk, at, region, handling, registered, case, head, body in rows:
        words = fallback.get(pk) or f"{head or ''} {head or ''} {body or ''}"  # the head (title) counts twice
        docs.append(
            {
                "pk": pk,
                "at": at,
                "region": region or "",
                "unit": handling or registered,
                "case": text.case_token(case) if (case or "").strip() else "",
                "words": words,
            }
        )
    return docs


@dataclass
class Options:
    threshold: float = clustering.THRESHOLD
    duplicate: float = clustering.DUPLICATE
    neighbours: int = clustering.NEIGHBOURS
    min_cohesion: float = clustering.MIN_COHESION
    min_size: int = clustering.MIN_SIZE

    def validate(self) -> None:
        errors = {}
        if not 0.05 <= self.threshold <= 0.95:
            errors["threshold"] = [f"相似度阈值应在 0.05 到 0.95 之间，当前为 {self.threshold}。"]
        if not self.threshold <= self.duplicate <= 0.99:
            errors["duplicate"] = [f"近似重复阈值应在相似度阈值到 0.99 之间，当前为 {self.duplicate}。"]
        if not 1 <= self.neighbours <= 100:
            errors["neighbours"] = [f"近邻数应在 1 到 100 之间，当前为 {self.neighbours}。"]
        if not 0.0 <= self.min_cohesion <= 0.95:
            errors["min_cohesion"] = [f"最低紧密度应在 0 到 0.95 之间，当前为 {self.min_cohesion}。"]
        if not 2 <= self.min_size <= 1000:
            errors["min_size"] = [f"最少件数应在 2 到 1000 之间，当前为 {self.min_size}。"]
        if errors:
            raise InvalidInput(errors)


def cluster_topics(
    *, period: str | Period | None = None, now: dt.datetime | None = None, options: Options | None = None
) -> ClusterRun:
    """Cluster the period's petitions (with the period before, for growth) and store the run. Returns it."""
    started = time.monotonic()
    if not isinstance(period, Period):
        period = parse_period(period, now)
    options = options or Options()
    options.validate()
    docs = _documents(period)
    result = clustering.cluster_documents(
        [clustering.Doc(text=d["words"], case=d["case"]) for d in docs],
        threshold=options.threshold,
        duplicate=options.duplicate,
        neighbours=options.neighbours,
        min_cohesion=options.min_cohesion,
        min_size=options.min_size,
    )
    computed = time.monotonic() - started
    known = set(Region.objects.values_list("code", flat=True))
    with transaction.atomic():
        run = ClusterRun.objects.create(
            label=period.label,
            period_start=period.start,
            period_end=period.end,
            previous_start=period.previous_start,
            petitions=len(docs),
            params={**options.__dict__, "features": result.features, "cluster_seconds": round(computed, 3)},
        )
        clusters, members = [], []
        for group in result.groups:
            rows = [docs[i] for i in group.members]
            current = [r for r in rows if r["at"] > period.start]
            if not current:
                continue  # a topic of the previous period only: nothing hot now
            cluster = Cluster(
                run=run,
                kind=group.kind,
                keywords=group.keywords,
                size=len(current),
                previous=len(rows) - len(current),
                growth=len(current) - (len(rows) - len(current)),
                first_at=min(r["at"] for r in current),
                last_at=max(r["at"] for r in current),
                region_id=_region_of({r["region"] for r in rows}, known),
                regions=dict(Counter(r["region"] for r in current if r["region"]).most_common()),
                units={str(k): v for k, v in Counter(r["unit"] for r in current if r["unit"]).most_common()},
                cohesion=group.cohesion,
            )
            clusters.append(cluster)
            members.append((cluster, group))
        Cluster.objects.bulk_create(clusters, batch_size=BATCH)
        Membership.objects.bulk_create(
            [
                Membership(
                    run=run,
                    cluster=cluster,
                    petition_id=docs[i]["pk"],
                    current=docs[i]["at"] > period.start,
                    registered_at=docs[i]["at"],
                    region_code=docs[i]["region"],
                    unit_id=docs[i]["unit"],
                    terms=" ".join(terms)[:200],
                    similarity=similarity,
                )
                for cluster, group in members
                for i, similarity, terms in zip(
                    group.members, group.similarity, group.member_terms, strict=True
                )
            ],
            batch_size=BATCH,
        )
        ClusterRun.objects.filter(pk=run.pk).update(
            clusters=len(clusters), finished_at=timezone.now(), elapsed=time.monotonic() - started
        )
        stale = list(ClusterRun.objects.order_by("-id").values_list("pk", flat=True)[KEEP_RUNS:])
        if stale:
            ClusterRun.objects.filter(pk__in=stale).delete()
    run.refresh_from_db()
    return run
