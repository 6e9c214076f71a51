"""Reads of hot topics, always inside the caller's data scope (``petitions.scope``).

A user is shown a cluster only if they may see at least one of its petitions, and every figure of it — this
period's and the previous period's counts, growth, time span, regions, units, example petitions and even the
keywords — is recounted from the members they may see (``visible_petition_ids``: the scope's own rule,
``visible_petitions``, applied to the run's petition ids). The province-wide figures on the ``Cluster`` row are used as they are only when the
user sees every member; otherwise its keywords are rebuilt from the visible members' own terms, so no word of a
petition outside the scope reaches the page.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404

from analytics.selectors import can_view_statistics
from organisations.models import Region, Unit
from organisations.selectors import staff_context
from petitions.models import Petition
from petitions.scope import visible_petitions
from topics import clustering
from topics.models import Cluster, ClusterRun, Membership

LIST_EXAMPLES = 3


def can_view_topics(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return can_view_statistics(staff_context(user))


def latest_run() -> ClusterRun | None:
    return ClusterRun.objects.filter(finished_at__isnull=False).order_by("-id").first()


@dataclass
class ClusterView:
    """A cluster as one user may see it: every figure counted over the members in their scope."""

    cluster: Cluster
    size: int
    previous: int
    first_at: datetime | None
    last_at: datetime | None
    keywords: list[str] = field(default_factory=list)
    regions: list[tuple[str, int]] = field(default_factory=list)
    units: list[tuple[str, int]] = field(default_factory=list)
    examples: list[Petition] = field(default_factory=list)
    complete: bool = False  # the user sees every member

    @property
    def pk(self) -> int:
        return self.cluster.pk

    @property
    def growth(self) -> int:
        return self.size - self.previous

    @property
    def growth_rate(self) -> float | None:
        return (self.size - self.previous) / self.previous if self.previous else None

    @property
    def growth_percent(self) -> int | None:
        rate = self.growth_rate
        return None if rate is None else round(rate * 100)

    @property
    def label(self) -> str:
        return " ".join(self.keywords) or f"#{self.cluster.pk}"

    def as_dict(self, *, examples: bool = True) -> dict:
        data = {
            "id": self.cluster.pk,
            "run": self.cluster.run_id,
            "kind": self.cluster.kind,
            "kind_label": str(self.cluster.get_kind_display()),
            "keywords": self.keywords,
            "size": self.size,
            "previous": self.previous,
            "growth": self.growth,
            "growth_rate": None if self.growth_rate is None else round(self.growth_rate, 4),
            "first_at": self.first_at.isoformat() if self.first_at else None,
            "last_at": self.last_at.isoformat() if self.last_at else None,
            "regions": [{"name": n, "count": c} for n, c in self.regions],
            "units": [{"name": n, "count": c} for n, c in self.units],
            "complete": self.complete,
        }
        if examples:
            data["examples"] = [
                {
                    "id": p.pk,
                    "number": p.number,
                    "title": p.title,
                    "registered_at": p.registered_at.isoformat(),
                }
                for p in self.examples
            ]
        return data


class Ranking(list):
    """``ranking``'s rows, with the ids of the run's petitions the user may see (``decorate`` reuses them)."""

    visible: set[int] = frozenset()


def ranking(user, run: ClusterRun | None, order: str = "size") -> "Ranking":
    """One row per cluster of ``run`` with a member the user sees: ``cluster_id``, ``size`` (this period),
    ``previous``, ``growth``, ``first_at``, ``last_at`` — counted inside the scope, ranked by ``order``.

    The run's members are read by the run's index and checked against the scope as a literal list of petition
    ids, so the cost follows the size of the run, not the number of petitions kept (a join with the scope's
    condition lets the planner hash every petition of the province once the run is large)."""
    if run is None or not can_view_topics(user):
        return Ranking()
    rows = list(
        Membership.objects.filter(run=run)
        .order_by()
        .values_list("cluster_id", "petition_id", "current", "registered_at")
    )
    visible = visible_petition_ids(user, [r[1] for r in rows])
    result = Ranking(_rank([r for r in rows if r[1] in visible], order))
    result.visible = visible
    return result


def _stats(rows) -> dict[int, dict]:
    """Per cluster: members this period (``size``) and before (``previous``), growth, this period's time span."""
    stats: dict[int, dict] = {}
    for cluster_id, _petition_id, current, at in rows:
        row = stats.setdefault(
            cluster_id,
            {"cluster_id": cluster_id, "size": 0, "previous": 0, "first_at": None, "last_at": None},
        )
        if current:
            row["size"] += 1
            row["first_at"] = at if row["first_at"] is None else min(row["first_at"], at)
            row["last_at"] = at if row["last_at"] is None else max(row["last_at"], at)
        else:
            row["previous"] += 1
    for row in stats.values():
        row["growth"] = row["size"] - row["previous"]
    return stats


def _rank(rows, order: str) -> list[dict]:
    out = [row for row in _stats(rows).values() if row["size"] > 0]
    if order == "growth":
        out.sort(key=lambda r: (-r["growth"], -r["size"], r["cluster_id"]))
    else:
        out.sort(key=lambda r: (-r["size"], -r["growth"], r["cluster_id"]))
    return out


def decorate(
    user, rows, examples: int = LIST_EXAMPLES, units: bool = True, visible: set[int] | None = None
) -> list[ClusterView]:
    """``ranking`` rows as ``ClusterView`` objects with their keywords, regions, units and newest example
    petitions — all from the visible members; a fixed number of queries whatever the number of rows."""
    rows = list(rows)
    if not rows:
        return []
    ids = [r["cluster_id"] for r in rows]
    clusters = Cluster.objects.in_bulk(ids)
    if not can_view_topics(user):
        return []
    members = list(
        Membership.objects.filter(cluster_id__in=ids)
        .order_by("cluster_id", "-registered_at", "-petition_id")
        .values_list("cluster_id", "petition_id", "current", "region_code", "unit_id", "terms")
    )
    # which of them the user may see: the scope's own rule on a literal list of ids (an index probe per id),
    # never a join the planner could turn into a hash of every petition
    if visible is None:
        visible = getattr(rows, "visible", None)
    if visible is None:
        visible = visible_petition_ids(user, [m[1] for m in members])
    members = [m for m in members if m[1] in visible]
    by_cluster: dict[int, list[tuple]] = {}
    for row in members:
        by_cluster.setdefault(row[0], []).append(row)
    example_ids = {cid: [m[1] for m in ms if m[2]][:examples] for cid, ms in by_cluster.items()}
    petitions = Petition.objects.only("pk", "number", "title", "registered_at", "state").in_bulk(
        [pk for pks in example_ids.values() for pk in pks]
    )
    region_codes = {m[3] for m in members if m[3] and m[2]}
    region_names = dict(Region.objects.filter(code__in=region_codes).values_list("code", "name"))
    unit_ids = {m[4] for m in members if m[4] and m[2]} if units else set()
    unit_names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name")) if unit_ids else {}
    views = []
    for row in rows:
        cluster = clusters[row["cluster_id"]]
        ms = by_cluster.get(cluster.pk, [])
        current = [m for m in ms if m[2]]
        complete = len(ms) == cluster.size + cluster.previous
        views.append(
            ClusterView(
                cluster=cluster,
                size=row["size"],
                previous=row["previous"],
                first_at=row["first_at"],
                last_at=row["last_at"],
                keywords=list(cluster.keywords) if complete else member_keywords(m[5] for m in ms),
                regions=[
                    (region_names.get(code, code), n)
                    for code, n in Counter(m[3] for m in current if m[3]).most_common()
                ],
                units=[
                    (unit_names.get(uid, ""), n)
                    for uid, n in Counter(m[4] for m in current if m[4]).most_common()
                    if uid in unit_names
                ],
                examples=[petitions[pk] for pk in example_ids.get(cluster.pk, []) if pk in petitions],
                complete=complete,
            )
        )
    return views


ID_CHUNK = 5000


def visible_petition_ids(user, ids) -> set[int]:
    ids = list(ids)
    found: set[int] = set()
    for i in range(0, len(ids), ID_CHUNK):
        found.update(
            visible_petitions(user, Petition.objects.filter(pk__in=ids[i : i + ID_CHUNK]))
            .order_by()
            .values_list("pk", flat=True)
        )
    return found


def member_keywords(terms, limit: int = clustering.KEYWORDS) -> list[str]:
    """A label from members' own key terms (each member's first term weighs most)."""
    score: Counter = Counter()
    for line in terms:
        words = (line or "").split()
        for rank, word in enumerate(words):
            score[word] += len(words) - rank
    ranked = sorted(score.items(), key=lambda item: (-item[1], item[0]))
    return clustering.pick_labels(ranked, limit)


def get_visible_cluster(user, pk) -> ClusterView:
    """The cluster ``pk`` as the user may see it; 404 when it has no member in their scope (or does not exist)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    cluster = Cluster.objects.filter(pk=pk).select_related("run").first()
    if cluster is None or not can_view_topics(user):
        raise Http404
    members = list(
        Membership.objects.filter(cluster=cluster)
        .order_by()
        .values_list("cluster_id", "petition_id", "current", "registered_at")
    )
    visible = visible_petition_ids(user, [m[1] for m in members])
    stats = _stats(m for m in members if m[1] in visible)  # a cluster with only earlier members still shows
    if not stats:
        raise Http404
    view = decorate(user, [stats[cluster.pk]], examples=10, visible=visible)[0]
    view.cluster = cluster
    return view


def cluster_petitions(user, view: ClusterView) -> QuerySet:
    """The cluster's petitions the user may see, newest first (the detail page's table)."""
    from petitions.selectors import petition_list

    return petition_list(user).filter(
        pk__in=Membership.objects.filter(cluster_id=view.pk).values("petition_id")
    )


def cluster_petition_ids(value) -> QuerySet:
    """For the petition list's ``cluster`` filter: the ids of the cluster's members (the list is scoped)."""
    return Membership.objects.filter(cluster_id=value).values("petition_id")


def top_clusters(user, limit: int = 5) -> tuple[ClusterRun | None, list[ClusterView]]:
    """The dashboard's panel: the latest run's largest clusters within the user's scope."""
    run = latest_run()
    if run is None or not can_view_topics(user):
        return run, []
    rows = ranking(user, run)
    return run, decorate(user, rows[:limit], examples=0, units=False, visible=rows.visible)


MAX_ALERT_PETITIONS = 1000
STALE_RUN_DAYS = 7


def growing_clusters(*, now: datetime, min_size: int, min_growth: int, growth_rate: float) -> list[Cluster]:
    """For the early-warning rule (unscoped: the alert is shown to the 政法委 of the cluster's region, who sees
    every member): the clusters of the latest run finished by ``now`` (and not older than a week) with at least
    ``min_size`` members this period, ``min_growth`` more than the period before and a growth rate of at least
    ``growth_rate`` (a new cluster passes the rate). Each gets ``current_petitions``: its members' ids this
    period."""
    from datetime import timedelta

    run = (
        ClusterRun.objects.filter(
            finished_at__isnull=False,
            period_end__lte=now,
            period_end__gt=now - timedelta(days=STALE_RUN_DAYS),
        )
        .order_by("-period_end", "-id")
        .first()
    )
    if run is None:
        return []
    candidates = list(
        Cluster.objects.filter(run=run, size__gte=min_size, growth__gte=min_growth, region__isnull=False)
        .select_related("run")
        .order_by("-size", "id")
    )
    clusters = [c for c in candidates if c.previous == 0 or c.growth / c.previous >= growth_rate]
    members: dict[int, list[int]] = {}
    for cluster_id, petition_id in (
        Membership.objects.filter(cluster__in=clusters, current=True)
        .order_by("cluster_id", "registered_at", "petition_id")
        .values_list("cluster_id", "petition_id")
    ):
        members.setdefault(cluster_id, []).append(petition_id)
    for c in clusters:
        c.current_petitions = members.get(c.pk, [])[:MAX_ALERT_PETITIONS]
    return clusters
