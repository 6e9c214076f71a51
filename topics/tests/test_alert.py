"""Early warning: the rule kind 类案快速增长 fires for a cluster growing past its thresholds, once a week, about the
cluster's region (seen by the 政法委 that sees every member), stricter in a sensitive period."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alerts.models import Alert, AlertRule, SensitivePeriod
from alerts.params import Strictness, default_params, tighten, validate_params
from alerts.selectors import visible_alerts
from alerts.services import run_early_warning
from topics.models import Membership
from topics.services import cluster_topics

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule(db):
    AlertRule.objects.update(enabled=False)
    return AlertRule.objects.create(
        name="类案增长（测试）",
        kind="cluster_growth",
        params={"min_size": 4, "min_growth": 2, "growth_rate": 1.0},
        notify_unit_roles=["supervisor"],
    )


def test_default_rule_is_seeded():
    rule = AlertRule.objects.get(kind="cluster_growth")
    assert rule.enabled and validate_params(rule.kind, rule.params) == default_params("cluster_growth")


def test_growing_cluster_raises_one_alert_for_its_region(topic_world, rule):
    w = topic_world
    cluster_topics(period="month")
    result = run_early_warning(now=timezone.now() + dt.timedelta(minutes=1))
    assert result.counts[rule.name] == {"candidates": 1, "created": 1}  # 甘州区's 3 are below min_size
    alert = Alert.objects.get(kind="cluster_growth")
    land = Membership.objects.get(petition=w.land_mq).cluster
    assert alert.region_id == "620600" and alert.petition_id is None
    assert alert.unit.name == "武威市委政法委"
    assert "本期（近30日）4件" in alert.reason and "上期1件" in alert.reason and "增长300%" in alert.reason
    assert alert.data["cluster_id"] == land.pk
    assert set(alert.data["petitions"]) == {p.pk for p in [*w.land_lz, w.land_mq]}
    p = w.province
    assert visible_alerts(p.wuwei_supervisor).filter(pk=alert.pk).exists()
    assert not visible_alerts(p.liangzhou_leader).filter(pk=alert.pk).exists()  # 民勤县's petition is in it
    again = run_early_warning(now=timezone.now() + dt.timedelta(minutes=2))
    assert again.created == 0  # the same cluster, the same week: nothing twice
    client = Client()
    client.force_login(p.wuwei_supervisor)
    page = client.get(reverse("alerts:petitions", args=[alert.pk])).content.decode()
    assert "该类案本期您可查看的事项共 4 件" in page and w.land_mq.number in page
    assert w.land_old.number not in page


def test_thresholds_hold_it_back(topic_world, rule):
    cluster_topics(period="month")
    rule.params = {"min_size": 4, "min_growth": 2, "growth_rate": 3.5}
    rule.save()
    assert run_early_warning(now=timezone.now() + dt.timedelta(minutes=1)).created == 0
    rule.params = {"min_size": 3, "min_growth": 3, "growth_rate": 0}
    rule.save()
    run_early_warning(now=timezone.now() + dt.timedelta(minutes=1))
    assert Alert.objects.filter(kind="cluster_growth").count() == 2  # 3 new in 甘州区, +3 in 武威市


def test_no_run_or_a_stale_run_raises_nothing(topic_world, rule):
    assert run_early_warning().created == 0
    cluster_topics(period="month")
    assert run_early_warning(now=timezone.now() + dt.timedelta(days=8)).created == 0


def test_sensitive_period_makes_it_stricter(topic_world, rule):
    params = validate_params("cluster_growth", {"min_size": 10, "min_growth": 5})
    tightened, note = tighten("cluster_growth", params, Strictness("两会", 0.5))
    assert (tightened["min_size"], tightened["min_growth"]) == (5, 3) and "两会" in note
    rule.params = {"min_size": 8, "min_growth": 6, "growth_rate": 1.0}
    rule.save()
    cluster_topics(period="month")
    today = timezone.localdate()
    SensitivePeriod.objects.create(name="两会", starts_on=today, ends_on=today + dt.timedelta(days=3))
    run_early_warning(now=timezone.now() + dt.timedelta(minutes=1))
    assert "敏感时期（两会）从严" in Alert.objects.get(kind="cluster_growth").reason


@pytest.mark.parametrize(
    "params,message",
    [
        ({"min_size": 1}, "min_size"),
        ({"min_growth": "many"}, "应为整数"),
        ({"growth_rate": -1}, "growth_rate"),
        ({"speed": 3}, "未知参数"),
    ],
)
def test_bad_params_are_refused(params, message):
    with pytest.raises(ValidationError) as exc:
        validate_params("cluster_growth", params)
    assert message in " ".join(exc.value.messages)
