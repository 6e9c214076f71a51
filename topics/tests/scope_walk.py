"""The topics app in the scope walk (core/tests/test_scope_walker.py): its ``pk`` names a cluster.

``build`` makes a run with two clusters: one of 民勤县's petition only (walked by id: 404 for everyone outside
民勤县), and one mixing it with 凉州区's own petition, whose stored keywords carry ``MARK`` — 凉州区's staff see
that cluster on the list pages, labelled and counted from their own petition only, never with 民勤县's words."""

from django.utils import timezone

PK_OF = {"topics:detail": "clusters", "api-topics-cluster": "clusters"}


def build(world) -> dict[str, list[int]]:
    from core.testing.world import MARK
    from topics.models import Cluster, ClusterRun, MatchKind, Membership

    now = timezone.now()
    day = timezone.timedelta(days=1)
    run = ClusterRun.objects.create(
        label="近30日",
        period_start=now - 30 * day,
        period_end=now + day,
        previous_start=now - 60 * day,
        finished_at=now,
        petitions=2,
        clusters=2,
    )
    sibling, own = world.petition, world.own

    def cluster(run, members, region):
        c = Cluster.objects.create(
            run=run,
            kind=MatchKind.TOPIC,
            keywords=[f"民勤{MARK}", f"判决{MARK}"],
            size=len(members),
            previous=0,
            growth=len(members),
            first_at=now,
            last_at=now,
            region_id=region,
            regions={"620621": 1},
            units={},
        )
        for p, terms in members:
            Membership.objects.create(
                run=run,
                cluster=c,
                petition=p,
                current=True,
                registered_at=p.registered_at,
                region_code=p.problem_region_id,
                unit_id=p.handling_unit_id or p.registered_unit_id,
                terms=terms,
            )
        return c

    walked = cluster(run, [(sibling, f"民勤{MARK} 判决{MARK}")], "620621")
    latest = ClusterRun.objects.create(
        label="近7日",
        period_start=now - 7 * day,
        period_end=now + day,
        previous_start=now - 14 * day,
        finished_at=now,
    )
    cluster(latest, [(sibling, f"民勤{MARK} 判决{MARK}"), (own, "执行款 执行")], "620600")
    return {"clusters": [walked.pk]}
