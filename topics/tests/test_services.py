"""The clustering run: what it stores (clusters, members, growth, regions, units), its period, its parameters,
pruning, the command, the task and the demo."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from core.errors import InvalidInput
from deadlines.calendar import CHINA_TZ
from search.models import PetitionText
from topics import services
from topics.models import Cluster, ClusterRun, Membership
from topics.services import Options, cluster_topics, parse_period
from topics.tests.conftest import age

pytestmark = pytest.mark.django_db


def cluster_of(petition) -> Cluster:
    return Membership.objects.select_related("cluster").get(petition=petition).cluster


def test_run_groups_topics_with_growth_regions_and_units(topic_world):
    w = topic_world
    run = cluster_topics(period="month")
    assert run.is_complete and run.petitions == 10 and run.clusters == 2
    land = cluster_of(w.land_mq)
    assert {m.petition_id for m in land.members.all()} == {p.pk for p in [*w.land_lz, w.land_mq, w.land_old]}
    assert (land.size, land.previous, land.growth) == (4, 1, 3)
    assert land.region_id == "620600"  # 凉州区 and 民勤县: the city holds both
    assert land.regions == {"620602": 3, "620621": 1}
    assert sum(land.units.values()) == 4
    assert any("征地" in k or "补偿" in k for k in land.keywords)
    assert land.first_at <= land.last_at
    old = Membership.objects.get(petition=w.land_old)
    assert not old.current and old.terms
    wages = cluster_of(w.wages_gz[0])
    assert (wages.size, wages.previous, wages.region_id) == (3, 0, "620702")
    assert wages.growth_rate is None and land.growth_rate == 3.0
    assert not Membership.objects.filter(petition__in=w.other).exists()  # unrelated: no cluster


def test_unrelated_topics_are_separate_clusters(topic_world):
    cluster_topics(period="month")
    assert cluster_of(topic_world.land_lz[0]) != cluster_of(topic_world.wages_gz[0])


def test_a_petition_not_yet_indexed_is_segmented_by_the_run(topic_world):
    PetitionText.objects.filter(petition=topic_world.land_lz[0]).delete()
    cluster_topics(period="month")
    assert cluster_of(topic_world.land_lz[0]) == cluster_of(topic_world.land_mq)


def test_only_previous_period_topics_make_no_cluster(topic_world):
    for p in topic_world.wages_gz:
        age(p, 40)
    cluster_topics(period="month")
    assert not Membership.objects.filter(petition__in=topic_world.wages_gz).exists()


def test_periods():
    now = dt.datetime(2026, 12, 6, 10, 0, tzinfo=CHINA_TZ)
    month = parse_period(None, now)
    assert (month.end - month.start).days == 30 and month.start - month.previous_start == dt.timedelta(30)
    assert parse_period("week", now).label == "近7日"
    assert (parse_period("quarter", now).end - parse_period("quarter", now).start).days == 90
    assert (parse_period(" 14D ", now).end - parse_period("14d", now).start).days == 14
    november = parse_period("2026-11", now)
    assert november.start == dt.datetime(2026, 11, 1, tzinfo=CHINA_TZ)
    assert november.end == dt.datetime(2026, 12, 1, tzinfo=CHINA_TZ)
    assert november.previous_start == dt.datetime(2026, 10, 1, tzinfo=CHINA_TZ)
    assert parse_period("2026-12", now).end == now  # the month so far
    assert parse_period("2026-1", now).previous_start == dt.datetime(2025, 12, 1, tzinfo=CHINA_TZ)


@pytest.mark.parametrize(
    "value,message",
    [
        ("0d", "统计天数应在 1 到 366 之间"),
        ("400d", "统计天数应在 1 到 366 之间"),
        ("2026-13", "月份应在 1 到 12 之间"),
        ("1999-12", "超出范围"),
        ("2027-01", "超出范围"),
        ("yearly", "统计期间格式不正确"),
        ("'; DROP TABLE x; --", "统计期间格式不正确"),
        ("中" * 10_000, "统计期间格式不正确"),
    ],
)
def test_bad_periods_are_refused_with_a_message(value, message):
    now = dt.datetime(2026, 12, 6, 10, 0, tzinfo=CHINA_TZ)
    with pytest.raises(InvalidInput) as exc:
        parse_period(value, now)
    assert message in exc.value.errors["period"][0]


def test_bad_options_are_refused_and_nothing_is_stored(topic_world):
    with pytest.raises(InvalidInput) as exc:
        cluster_topics(options=Options(threshold=2.0, neighbours=0, min_size=1))
    assert set(exc.value.errors) == {"threshold", "duplicate", "neighbours", "min_size"}
    assert not ClusterRun.objects.exists()


def test_old_runs_are_pruned(topic_world, monkeypatch):
    monkeypatch.setattr(services, "KEEP_RUNS", 2)
    runs = [cluster_topics(period="month") for _ in range(3)]
    assert list(ClusterRun.objects.order_by("id").values_list("pk", flat=True)) == [runs[1].pk, runs[2].pk]
    assert not Membership.objects.filter(run=runs[0]).exists()


def test_command_prints_the_run_and_refuses_bad_input(topic_world, capsys):
    call_command("cluster_topics", "--period", "week")
    out = capsys.readouterr().out
    assert "近7日" in out and "个类案" in out
    with pytest.raises(CommandError, match="统计期间格式不正确"):
        call_command("cluster_topics", "--period", "yesterday")
    with pytest.raises(CommandError, match="相似度阈值"):
        call_command("cluster_topics", "--threshold", "5")
    with pytest.raises(CommandError, match="--now 格式不正确"):
        call_command("cluster_topics", "--now", "noon")
    call_command("cluster_topics", "--period", "2026-11", "--now", "2026-12-06T10:00")
    assert ClusterRun.objects.filter(label="2026年11月").exists()


def test_task_and_demo(topic_world):
    from topics import demo
    from topics.tasks import cluster_topics_task

    result = cluster_topics_task("month")
    assert result["clusters"] == 2 and result["petitions"] == 10
    lines = []
    demo.seed(lines.append)
    assert "热点类案" in lines[0] and ClusterRun.objects.count() == 2


def test_beat_schedules_the_task(settings):
    assert settings.CELERY_BEAT_SCHEDULE["cluster-topics"]["task"] == "topics.tasks.cluster_topics_task"
    assert timezone.now()  # the schedule is data only: nothing runs here
