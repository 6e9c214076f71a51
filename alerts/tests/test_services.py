"""The run: inserts, idempotent reruns, one digest per unit, broken rules; acknowledging and closing."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from alerts.models import Alert, AlertRule, AlertRun, AlertStatus, SensitivePeriod
from alerts.services import alert_acknowledge, alert_close, run_early_warning
from alerts.tasks import run_early_warning_task
from alerts.tests.conftest import people
from core.errors import InvalidInput, NotVisible, PermissionDenied
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_run_inserts_alerts_and_reruns_insert_nothing(rules, petition_at, province):
    group_rule = rules.make("group", name="集体访", min_people=5)
    repeat_rule = rules.make("repeat_person", name="重信重访", count=2, days=30)
    big = petition_at(days=3, group_size=6)
    petition_at(days=5, petitioners=people((1, "王建国")))
    latest = petition_at(days=1, petitioners=people((1, "王建国")))

    first = run_early_warning()
    assert first.counts == {
        "集体访": {"candidates": 1, "created": 1},
        "重信重访": {"candidates": 1, "created": 1},
    }
    assert first.created == 2 and first.errors == []
    assert set(Alert.objects.values_list("rule_id", "petition_id")) == {
        (group_rule.pk, big.pk),
        (repeat_rule.pk, latest.pk),
    }
    alert = Alert.objects.get(rule=repeat_rule)
    assert alert.status == AlertStatus.OPEN
    assert alert.unit == province.liangzhou_center
    assert alert.region_id == "620602"
    assert alert.created_at == timezone.now()

    second = run_early_warning()
    assert second.created == 0
    assert second.counts["集体访"] == {"candidates": 1, "created": 0}
    assert Alert.objects.count() == 2
    assert AlertRun.objects.count() == 2
    assert AlertRun.objects.order_by("pk").last().counts == second.counts


def test_one_digest_per_unit_per_run(rules, petition_at, province):
    rules.make("group", min_people=5, roles=("unit_head", "reception"))
    rules.make("skip_level", flags=["flag_to_beijing"], roles=("unit_head",))
    petition_at(days=2, group_size=6)
    petition_at(days=2, group_size=8, flags={"flag_to_beijing": True})
    petition_at(days=1, actor=province.minqin_clerk, unit=province.minqin_center, group_size=5)

    result = run_early_warning()
    assert result.created == 4
    assert result.notified_units == 2
    # 凉州区联合接访中心: its 接访员 and 部门负责人, one digest each listing all three alerts
    clerk = Notification.objects.get(user=province.liangzhou_clerk)
    head = Notification.objects.get(user=province.liangzhou_center_head)
    assert clerk.title == head.title == "预警提示：本单位新增3条预警"
    assert clerk.body.count("\n") == 2 and "【越级访、进京访、赴省访】" in clerk.body
    assert clerk.unit == province.liangzhou_center
    assert Notification.objects.filter(user=province.minqin_clerk).count() == 1
    assert Notification.objects.filter(user=province.lawyer).count() == 0  # not a notified role

    run_early_warning()  # nothing new: nobody is notified again
    assert Notification.objects.count() == 3

    petition_at(hours=1, group_size=9)
    result = run_early_warning()
    assert result.created == 1
    latest = Notification.objects.filter(user=province.liangzhou_clerk).order_by("-pk").first()
    assert latest.title == "预警提示：本单位新增1条预警"
    assert latest.petition is not None  # a digest of one alert links its petition


def test_rule_without_roles_raises_alerts_but_notifies_nobody(rules, petition_at):
    rules.make("group", min_people=5, roles=())
    petition_at(days=2, group_size=6)
    result = run_early_warning()
    assert (result.created, result.notified_units) == (1, 0)
    assert Notification.objects.count() == 0


def test_a_broken_rule_is_reported_and_the_others_still_run(rules, petition_at):
    rules.make("group", name="好规则", min_people=5)
    bad = rules.make("repeat_person", name="坏规则")
    AlertRule.objects.filter(pk=bad.pk).update(params={"count": "__import__('os')"})
    petition_at(days=2, group_size=6)
    result = run_early_warning()
    assert result.counts == {"好规则": {"candidates": 1, "created": 1}}
    assert len(result.errors) == 1 and result.errors[0].startswith("坏规则：")
    assert "应为整数" in result.errors[0]


def test_aggregate_alert_is_raised_for_the_region_committee(rules, petition_at, province):
    rules.make("unusual_rise", dimension="region", weeks=8, sigma=3, min_count=5, roles=("leader",))
    for _ in range(6):
        petition_at(days=1)
    petition_at(days=20)
    (alert,) = run_early_warning().counts.values()
    assert alert == {"candidates": 1, "created": 1}
    row = Alert.objects.get()
    assert (row.petition_id, row.region_id, row.unit) == (None, "620602", province.liangzhou_committee)
    assert Notification.objects.get().user == province.liangzhou_leader
    assert run_early_warning().created == 0  # same ISO week


def test_sensitive_period_is_recorded_on_the_run(rules, petition_at):
    rules.make("group", min_people=5)
    today = timezone.localdate()
    SensitivePeriod.objects.create(name="国庆", starts_on=today, ends_on=today + dt.timedelta(days=6))
    petition_at(days=1, group_size=3)
    result = run_early_warning()
    assert result.sensitive_period == "国庆"
    assert Alert.objects.get().reason.endswith("敏感时期（国庆）从严：人数阈值由5人降为3人")


def test_the_default_rules_run(petition_at):
    petition_at(days=1, group_size=6, flags={"flag_to_province": True})
    result = run_early_warning()
    assert result.errors == []
    assert len(result.counts) == AlertRule.objects.filter(enabled=True).count() == 9
    assert result.created == 2  # 集体访 and 越级访/赴省访


def test_command_prints_counts_and_elapsed(rules, petition_at):
    rules.make("group", name="集体访", min_people=5)
    petition_at(days=2, group_size=6)
    out = StringIO()
    call_command("early_warning", "--days", "30", stdout=out)
    text = out.getvalue()
    assert "集体访：候选 1 条，新增 1 条" in text
    assert "共新增 1 条预警" in text and "用时" in text and "秒" in text


def test_task_returns_the_counts(rules, petition_at):
    rules.make("group", name="集体访", min_people=5)
    petition_at(days=2, group_size=6)
    result = run_early_warning_task(days=30)
    assert result["counts"] == {"集体访": {"candidates": 1, "created": 1}}
    assert result["created"] == 1


# ------------------------------------------------------------------------------------ acknowledge and close


@pytest.fixture
def alert(rules, petition_at):
    rules.make("group", min_people=5)
    petition_at(days=1, group_size=6)
    run_early_warning()
    return Alert.objects.get()


def test_acknowledge_then_close_with_a_note(alert, province):
    alert = alert_acknowledge(alert=alert, actor=province.liangzhou_clerk)
    assert alert.status == AlertStatus.ACKNOWLEDGED
    assert (alert.acknowledged_by, alert.acknowledged_at) == (province.liangzhou_clerk, timezone.now())
    with pytest.raises(InvalidInput):
        alert_acknowledge(alert=alert, actor=province.liangzhou_center_head)

    with pytest.raises(InvalidInput) as exc:
        alert_close(alert=alert, actor=province.liangzhou_center_head, note="  ")
    assert exc.value.errors == {"note": ["请填写处理说明。"]}
    alert = alert_close(alert=alert, actor=province.liangzhou_center_head, note="已约谈信访代表，稳控到位。")
    assert alert.status == AlertStatus.CLOSED
    assert alert.closed_by == province.liangzhou_center_head
    assert alert.note == "已约谈信访代表，稳控到位。"
    with pytest.raises(InvalidInput):
        alert_close(alert=alert, actor=province.liangzhou_clerk, note="再次关闭")


def test_close_directly_from_open(alert, province):
    alert = alert_close(alert=alert, actor=province.wuwei_supervisor, note="督办员核实后关闭")
    assert alert.status == AlertStatus.CLOSED and alert.acknowledged_by is None


def test_only_acting_roles_in_scope_may_act(alert, province):
    with pytest.raises(PermissionDenied):  # sees it (leader of the county committee) but may not act
        alert_acknowledge(alert=alert, actor=province.liangzhou_leader)
    with pytest.raises(NotVisible):  # another county
        alert_acknowledge(alert=alert, actor=province.minqin_clerk)
    with pytest.raises(NotVisible):
        alert_close(alert=alert, actor=province.ganzhou_clerk, note="x")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN
