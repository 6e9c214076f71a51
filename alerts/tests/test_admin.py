"""The admin validates each kind's parameters and the sensitive periods, with Chinese messages."""

import pytest
from django.urls import reverse

from alerts.forms import AlertRuleForm
from alerts.models import AlertRule, SensitivePeriod
from organisations.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser("root", "root@example.com", "test-pass-123")
    client.force_login(user)
    return client


def rule_data(**overrides):
    data = {
        "name": "重信重访（测试）",
        "kind": "repeat_person",
        "enabled": "on",
        "severity": "2",
        "params": '{"count": 3, "days": 30}',
        "notify_unit_roles": ["unit_head", "reception"],
        "description": "",
    }
    data.update(overrides)
    return data


def test_admin_saves_valid_params_normalised(admin_client):
    response = admin_client.post(
        reverse("admin:alerts_alertrule_add"),
        rule_data(kind="unusual_rise", params='{"dimension": "region"}'),
    )
    assert response.status_code == 302, response.content.decode()
    rule = AlertRule.objects.get(name="重信重访（测试）")
    assert rule.params == {"dimension": "region", "level": "county", "weeks": 8, "sigma": 3.0, "min_count": 5}
    assert rule.notify_unit_roles == ["unit_head", "reception"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ('{"count": 1, "days": 30}', "「count（次数阈值（含本次））」应在 2 到 100 之间，当前为 1。"),
        ('{"count": 3, "weeks": 8}', "未知参数：weeks。"),
        ('{"count": "3"}', "应为整数"),
        ("{'count': 3}", "参数不是有效的 JSON"),
        ("[3, 30]", "参数应为 JSON 对象"),
    ],
)
def test_admin_rejects_bad_params_in_chinese(admin_client, params, message):
    response = admin_client.post(reverse("admin:alerts_alertrule_add"), rule_data(params=params))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AlertRule.objects.filter(name="重信重访（测试）").exists()


def test_changing_the_kind_revalidates_the_params(admin_client):
    rule = AlertRule.objects.get(kind="group")
    url = reverse("admin:alerts_alertrule_change", args=[rule.pk])
    response = admin_client.post(
        url, rule_data(name=rule.name, kind="skip_level", params='{"min_people": 5}')
    )
    assert response.status_code == 200
    assert "未知参数：min_people。" in response.content.decode()
    rule.refresh_from_db()
    assert rule.kind == "group"


def test_form_requires_dimension_for_unusual_rise():
    form = AlertRuleForm(data=rule_data(kind="unusual_rise", params="{}"))
    assert not form.is_valid()
    assert form.errors["params"] == ["缺少参数「dimension（统计维度）」。"]


def test_admin_pages_render(admin_client):
    assert "count：次数阈值" in admin_client.get(reverse("admin:alerts_alertrule_add")).content.decode()
    assert admin_client.get(reverse("admin:alerts_alertrule_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:alerts_sensitiveperiod_add")).status_code == 200
    assert admin_client.get(reverse("admin:alerts_alertrun_changelist")).status_code == 200


def test_sensitive_period_end_before_start_is_rejected(admin_client):
    response = admin_client.post(
        reverse("admin:alerts_sensitiveperiod_add"),
        {"name": "全国两会", "starts_on": "2026-03-05", "ends_on": "2026-03-01", "threshold_factor": "0.5"},
    )
    assert response.status_code == 200
    assert "结束日期不能早于开始日期。" in response.content.decode()
    response = admin_client.post(
        reverse("admin:alerts_sensitiveperiod_add"),
        {"name": "全国两会", "starts_on": "2026-03-01", "ends_on": "2026-03-15", "threshold_factor": "1.5"},
    )
    assert response.status_code == 200
    assert SensitivePeriod.objects.count() == 0
    response = admin_client.post(
        reverse("admin:alerts_sensitiveperiod_add"),
        {"name": "全国两会", "starts_on": "2026-03-01", "ends_on": "2026-03-15", "threshold_factor": "0.5"},
    )
    assert response.status_code == 302
