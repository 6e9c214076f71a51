"""司法救助 rules: exact amounts, the approval chain by thresholds, the budget arithmetic and its lock."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from aid import services as s
from aid.models import AidApplication, AidBudget, AidDecision, AidStatus
from core.errors import DomainError, InvalidInput, NotVisible, PermissionDenied
from petitions.models import Event

pytestmark = pytest.mark.django_db


def apply(desk, amount="12000.50", **kw):
    values = {
        "actor": desk.handler,
        "petition": desk.petition,
        "unit": desk.court,
        "applicant_name": "王建国",
        "relation": "self",
        "harm": "交通事故致残，肇事者无力赔偿",
        "hardship": "家庭无其他收入来源",
        "amount": amount,
    }
    values.update(kw)
    return s.aid_apply(**values)


def through(desk, application, *approvers, granted=None):
    s.aid_review(
        actor=desk.handler,
        application=application,
        approve=True,
        opinion="符合救助条件",
        amount_granted=granted,
    )
    for approver in approvers:
        s.aid_approve(actor=approver, application=application, approve=True, comment="同意")
    application.refresh_from_db()
    return application


def test_small_amount_needs_only_the_head(desk):
    a = through(desk, apply(desk, "12000.50"), desk.head)
    assert a.status == AidStatus.APPROVED
    desk.budget.refresh_from_db()
    assert desk.budget.granted == Decimal("12000.50") and desk.budget.remaining == Decimal("987999.50")
    assert [e.action for e in Event.objects.filter(petition=desk.petition, action__startswith="aid_")] == [
        "aid_applied",
        "aid_reviewed",
        "aid_approved",
    ]


def test_thresholds_add_levels_in_order(desk):
    assert s.required_levels(desk.court, Decimal("49999.99")) == [(1, "unit_head")]
    assert s.required_levels(desk.court, Decimal("50000.00")) == [(1, "unit_head"), (2, "owner_leader")]
    assert [r for _l, r in s.required_levels(desk.court, Decimal("200000"))] == [
        "unit_head",
        "owner_leader",
        "leader",
    ]
    a = apply(desk, "60000")
    s.aid_review(actor=desk.handler, application=a, approve=True, opinion="符合")
    with pytest.raises(PermissionDenied, match="部门负责人"):  # the owner cannot skip the first level
        s.aid_approve(actor=desk.owner, application=a, approve=True, comment="同意")
    s.aid_approve(actor=desk.head, application=a, approve=True, comment="同意")
    a.refresh_from_db()
    assert a.status == AidStatus.APPROVING  # 60,000 also needs the owner leader
    desk.budget.refresh_from_db()
    assert desk.budget.granted == 0
    s.aid_approve(actor=desk.owner, application=a, approve=True, comment="同意")
    a.refresh_from_db()
    assert a.status == AidStatus.APPROVED


def test_reviewed_lower_amount_decides_the_chain(desk):
    a = apply(desk, "60000")
    a = through(desk, a, desk.head, granted="45000.00")  # below 50,000: the head alone
    assert a.status == AidStatus.APPROVED and a.amount_granted == Decimal("45000.00")


def test_unit_without_levels_is_approved_by_its_head(province, register):
    from handling import services as handling

    p = province
    petition = register(p.liangzhou_clerk, p.liangzhou_center)
    handling.petition_accept(actor=p.liangzhou_clerk, petition=petition, handling_unit=p.liangzhou_court)
    assert s.required_levels(p.liangzhou_center, Decimal("1")) == [(1, "unit_head")]


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("100.001", "最多保留两位小数"),
        ("12,000.555", "最多保留两位小数"),
        ("0", "必须大于零"),
        ("-5", "必须大于零"),
        ("abc", "有效的金额"),
        ("", "请填写金额"),
        (100.5, "精确的十进制数"),
        ("1000000.01", "超过本单位"),
    ],
)
def test_bad_amounts_are_refused_and_nothing_saved(desk, amount, message):
    events = Event.objects.count()
    with pytest.raises(InvalidInput) as exc:
        apply(desk, amount)
    assert any(message in m for m in exc.value.errors["amount"])
    assert AidApplication.objects.count() == 0 and Event.objects.count() == events


def test_amount_with_trailing_zero_places_is_exact(desk):
    a = apply(desk, "12000.500")
    assert a.amount_requested == Decimal("12000.50")


def test_over_remaining_budget_is_refused_at_final_approval(desk):
    first = apply(desk, "600000")
    second = apply(desk, "500000")  # each fits the budget when asked
    s.aid_review(actor=desk.handler, application=second, approve=True, opinion="符合")
    through(desk, first, desk.head, desk.owner, desk.leader)
    desk.budget.refresh_from_db()
    assert desk.budget.remaining == Decimal("400000.00")
    s.aid_approve(actor=desk.head, application=second, approve=True, comment="同意")
    s.aid_approve(actor=desk.owner, application=second, approve=True, comment="同意")
    decisions, events = AidDecision.objects.count(), Event.objects.count()
    with pytest.raises(InvalidInput, match="超过本单位.*预算余额 400,000.00 元"):
        s.aid_approve(actor=desk.leader, application=second, approve=True, comment="同意")
    second.refresh_from_db()
    desk.budget.refresh_from_db()
    assert second.status == AidStatus.APPROVING and desk.budget.granted == Decimal("600000.00")
    assert AidDecision.objects.count() == decisions and Event.objects.count() == events  # nothing saved


def test_review_over_remaining_is_refused(desk):
    AidBudget.objects.filter(pk=desk.budget.pk).update(amount=Decimal("10000.00"))
    with pytest.raises(InvalidInput) as exc:
        apply(desk, "10000.01")
    assert "余额 10,000.00 元" in exc.value.errors["amount"][0]


def test_no_budget_no_application(desk):
    AidBudget.objects.all().delete()
    with pytest.raises(InvalidInput) as exc:
        apply(desk)
    assert "尚未设置" in exc.value.errors["amount"][0]


def test_refusal_needs_a_reason_and_is_recorded(desk):
    a = apply(desk)
    with pytest.raises(InvalidInput):
        s.aid_review(actor=desk.handler, application=a, approve=False, opinion=" ")
    s.aid_review(actor=desk.handler, application=a, approve=False, opinion="不属于司法救助范围")
    a.refresh_from_db()
    assert a.status == AidStatus.REFUSED and a.refusal_reason == "不属于司法救助范围"
    assert Event.objects.filter(
        petition=desk.petition, action="aid_refused", note="不属于司法救助范围"
    ).exists()
    with pytest.raises(DomainError):
        s.aid_approve(actor=desk.head, application=a, approve=True, comment="同意")


def test_refusal_during_approval_grants_nothing(desk):
    a = apply(desk, "60000")
    s.aid_review(actor=desk.handler, application=a, approve=True, opinion="符合")
    s.aid_approve(actor=desk.head, application=a, approve=True, comment="同意")
    s.aid_approve(actor=desk.owner, application=a, approve=False, comment="已获其他救助")
    a.refresh_from_db()
    desk.budget.refresh_from_db()
    assert a.status == AidStatus.REFUSED and desk.budget.granted == 0


def test_one_person_signs_one_step(desk):
    a = apply(desk, "60000")
    s.aid_review(actor=desk.head, application=a, approve=True, opinion="符合")
    with pytest.raises(PermissionDenied, match="两个环节"):
        s.aid_approve(actor=desk.head, application=a, approve=True, comment="同意")


def test_payment_records_and_budget_sums(desk):
    a = through(desk, apply(desk, "12000.50"), desk.head)
    with pytest.raises(InvalidInput) as exc:
        s.aid_pay(
            actor=desk.handler,
            application=a,
            paid_on=timezone.localdate() + dt.timedelta(days=1),
            method="x",
            voucher_number="",
        )
    assert set(exc.value.errors) == {"paid_on", "method", "voucher_number"}
    payment = s.aid_pay(
        actor=desk.handler,
        application=a,
        paid_on=timezone.localdate(),
        method="bank",
        voucher_number="JZ-2026-001",
    )
    a.refresh_from_db()
    desk.budget.refresh_from_db()
    assert a.status == AidStatus.PAID and payment.amount == Decimal("12000.50")
    assert desk.budget.paid == Decimal("12000.50") and desk.budget.granted == Decimal("12000.50")
    with pytest.raises(DomainError):
        s.aid_pay(
            actor=desk.handler, application=a, paid_on=timezone.localdate(), method="bank", voucher_number="2"
        )


def test_sixty_three_cases_sum_exactly(desk):
    """63 cases adding to 2,190,601.00 元: 62 × 34,771.45 + 34,771.10, summed as decimals, never floats."""
    AidBudget.objects.filter(pk=desk.budget.pk).update(amount=Decimal("3000000.00"))
    desk.court.aid_levels.all().delete()
    amounts = ["34771.45"] * 62 + ["34771.10"]
    for amount in amounts:
        through(desk, apply(desk, amount), desk.head)
    desk.budget.refresh_from_db()
    assert desk.budget.granted == Decimal("2190601.00")
    from analytics.metrics import tool_figures, tool_figures_json, tool_figures_text

    figures = tool_figures(start=timezone.localdate().replace(month=1, day=1), end=timezone.localdate())
    assert figures["aid_granted"] == 63 and figures["aid_granted_amount"] == Decimal("2190601.00")
    assert tool_figures_json(figures)["aid_granted_amount"]["value"] == "2190601.00"
    assert "批准救助金额：2,190,601.00 元" in tool_figures_text(figures)


def test_outsiders_cannot_apply_or_act(desk, province):
    with pytest.raises(NotVisible):
        apply(desk, actor=province.minqin_clerk, unit=province.minqin_center)
    a = apply(desk)
    with pytest.raises(NotVisible):
        s.aid_review(actor=province.ganzhou_clerk, application=a, approve=True, opinion="x")
    with pytest.raises(PermissionDenied):  # sees the petition but is not of the deciding unit
        s.aid_review(actor=province.liangzhou_clerk, application=a, approve=True, opinion="x")


def test_budget_cannot_fall_below_granted(desk):
    through(desk, apply(desk, "12000.50"), desk.head)
    with pytest.raises(InvalidInput) as exc:
        s.aid_budget_set(actor=desk.head, unit=desk.court, year=desk.year, amount="12000.49")
    assert "不能低于已批准的金额 12,000.50 元" in exc.value.errors["amount"][0]
    budget = s.aid_budget_set(actor=desk.head, unit=desk.court, year=desk.year, amount="12000.50")
    assert budget.remaining == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_final_approvals_cannot_overspend(province, register):
    """Two approvals that each fit the remaining budget but not together: the budget row lock lets one through."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL")
    from aid.models import AidApprovalLevel
    from core.testing.concurrency import run_concurrently
    from handling import services as handling
    from organisations.models import Role
    from organisations.tests.factories import make_user

    p = province
    petition = register(p.liangzhou_clerk, p.liangzhou_center)
    handling.petition_accept(actor=p.liangzhou_clerk, petition=petition, handling_unit=p.liangzhou_court)
    AidBudget.objects.create(
        unit=p.liangzhou_court, year=timezone.localdate().year, amount=Decimal("100000.00")
    )
    AidApprovalLevel.objects.create(unit=p.liangzhou_court, level=1, min_amount=0, role=Role.UNIT_HEAD)
    second_head = make_user("lz_court_head2", p.liangzhou_court, Role.UNIT_HEAD)
    apps = []
    for _ in range(2):
        a = s.aid_apply(
            actor=p.liangzhou_handler, petition=petition, unit=p.liangzhou_court, applicant_name="甲",
            relation="self", harm="伤", hardship="困难", amount="60000.00",
        )  # fmt: skip
        s.aid_review(actor=p.liangzhou_handler, application=a, approve=True, opinion="符合")
        apps.append(a)
    heads = [p.court_head, second_head]
    errors = run_concurrently(
        lambda i: s.aid_approve(actor=heads[i], application=apps[i], approve=True, comment="同意"), 2
    )
    assert len(errors) == 1 and isinstance(errors[0], InvalidInput)
    budget = AidBudget.objects.get()
    assert budget.granted == Decimal("60000.00")
    assert AidApplication.objects.filter(status=AidStatus.APPROVED).count() == 1
