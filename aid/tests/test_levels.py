"""A unit's approval chain (审批层级) set by its 部门负责人: on the budgets page, validated, audited, applied."""

from decimal import Decimal

import pytest
from django.test import Client

from aid import services
from aid.models import AidApprovalLevel
from audit.models import Act, AuditEntry
from core.errors import InvalidInput, PermissionDenied
from organisations.models import Role
from organisations.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def chain(unit):
    return [
        (r.level, r.min_amount, r.role) for r in AidApprovalLevel.objects.filter(unit=unit).order_by("level")
    ]


def test_head_sets_a_chain_and_it_decides_the_steps(desk):
    services.aid_levels_set(
        actor=desk.head, unit=desk.court, steps=[("", Role.UNIT_HEAD), ("30000", Role.LEADER)]
    )
    assert chain(desk.court) == [(1, Decimal("0.00"), Role.UNIT_HEAD), (2, Decimal("30000.00"), Role.LEADER)]
    assert services.required_levels(desk.court, Decimal("29999.99")) == [(1, Role.UNIT_HEAD)]
    assert services.required_levels(desk.court, Decimal("30000")) == [(1, Role.UNIT_HEAD), (2, Role.LEADER)]
    entry = AuditEntry.objects.filter(act=Act.PERMISSION_CHANGE).latest("seq")
    assert entry.actor == desk.head and "司法救助审批层级" in entry.details


@pytest.mark.parametrize(
    ("steps", "field", "message"),
    [
        ([("", "")], "role_1", "请选择审批角色。"),
        ([("", Role.UNIT_HEAD), ("", Role.LEADER)], "amount_2", "请填写金额。"),
        ([("", Role.UNIT_HEAD), ("abc", Role.LEADER)], "amount_2", "请填写有效的金额"),
        ([("", Role.UNIT_HEAD), ("50000", "")], "role_2", "请选择审批角色。"),
        ([("", Role.UNIT_HEAD), ("50000", Role.LEADER), ("50000", Role.LEADER)], "amount_3", "须高于上一级"),
        ([("", Role.UNIT_HEAD), ("50000", Role.HANDLER)], "role_2", "请选择审批角色。"),
    ],
)
def test_bad_chains_are_refused_and_nothing_changes(desk, steps, field, message):
    before = chain(desk.court)
    with pytest.raises(InvalidInput) as refused:
        services.aid_levels_set(actor=desk.head, unit=desk.court, steps=steps)
    assert any(message in e for e in refused.value.errors[field])
    assert chain(desk.court) == before


def test_only_the_units_head_sets_its_chain(desk):
    with pytest.raises(PermissionDenied):
        services.aid_levels_set(actor=desk.handler, unit=desk.court, steps=[("", Role.UNIT_HEAD)])


def test_budgets_page_shows_and_saves_the_chain(desk):
    web = Client()
    web.login(username=desk.head.username, password=PASSWORD)
    page = web.get("/aid/budgets/").content.decode()
    assert 'name="form" value="levels"' in page and "审批层级" in page
    saved = web.post(
        "/aid/budgets/",
        {"form": "levels", "role_1": Role.UNIT_HEAD, "amount_2": "80000", "role_2": Role.OWNER_LEADER},
    )
    assert saved.status_code == 302
    assert chain(desk.court) == [
        (1, Decimal("0.00"), Role.UNIT_HEAD),
        (2, Decimal("80000.00"), Role.OWNER_LEADER),
    ]
    refused = web.post(
        "/aid/budgets/",
        {"form": "levels", "role_1": Role.UNIT_HEAD, "amount_3": "1000", "role_3": Role.LEADER},
    )
    assert refused.status_code == 400 and "请填写金额。" in refused.content.decode()
    assert chain(desk.court)[1][1] == Decimal("80000.00")  # unchanged
    handler = Client()
    handler.login(username=desk.handler.username, password=PASSWORD)
    assert 'value="levels"' not in handler.get("/aid/budgets/").content.decode()
