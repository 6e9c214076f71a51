"""Demo data of judicial aid: a court's yearly budget with a two-level chain, and applications at each step
(paid, approved, refused, waiting for review), all through the services. Deterministic; seconds."""

from decimal import Decimal

from django.utils import timezone

from aid import services
from aid.models import AidApplication, AidApprovalLevel, AidBudget
from organisations.models import Membership, Role, Unit, UnitLevel, UnitType
from petitions.scope import visible_petitions


def demo_desk():
    """The court of the demo accounts (else the first county, city, then province court by place in the tree)
    with a head and a handler, and petitions it handles."""
    from demo.structure import DEMO_ACCOUNTS

    demo_units = {a.unit_code for a in DEMO_ACCOUNTS}  # where the demo accounts work comes first
    courts = Unit.objects.filter(type=UnitType.COURT, is_active=True).order_by("path")
    order = [UnitLevel.COUNTY, UnitLevel.CITY, UnitLevel.PROVINCE]
    ranked = sorted(
        courts,
        key=lambda u: (u.code not in demo_units, order.index(u.level) if u.level in order else 9, u.path),
    )
    for unit in ranked:
        members = Membership.objects.filter(unit=unit, user__is_active=True).order_by("user_id")
        head = next((m.user for m in members if m.role == Role.UNIT_HEAD), None)
        handler = next((m.user for m in members if m.role == Role.HANDLER), None)
        if head and handler and head != handler:
            petitions = list(visible_petitions(handler).filter(handling_unit=unit).order_by("id")[:8])
            if petitions:
                return unit, head, handler, petitions
    return None


CASES = [
    (
        "张秀英",
        "self",
        "交通肇事致左腿残疾，肇事者被判刑后无力赔偿",
        "丧失劳动能力，独自抚养两名子女",
        "38000.00",
        "paid",
    ),
    (
        "李桂兰",
        "spouse",
        "丈夫被故意伤害致死，民事赔偿未执行到位",
        "家中无其他收入来源，住房困难",
        "62000.50",
        "approved",
    ),
    ("王德明", "self", "劳务纠纷执行不能", "有固定收入，生活尚可维持", "15000.00", "refused"),
    ("赵建华", "parent", "儿子被伤害致重伤，医疗费用巨大", "为治疗已负债十余万元", "45000.00", "submitted"),
]


def seed(log=print) -> int:
    if AidApplication.objects.exists():
        return 0
    desk = demo_desk()
    if desk is None:
        log("司法救助：没有同时配有部门负责人和承办人的法院，跳过。")
        return 0
    unit, head, handler, petitions = desk
    year = timezone.localdate().year
    AidBudget.objects.create(unit=unit, year=year, amount=Decimal("500000.00"))
    AidApprovalLevel.objects.get_or_create(
        unit=unit, level=1, defaults={"min_amount": 0, "role": Role.UNIT_HEAD}
    )
    created = 0
    for (name, relation, harm, hardship, amount, outcome), petition in zip(CASES, petitions, strict=False):
        a = services.aid_apply(
            actor=handler,
            petition=petition,
            unit=unit,
            applicant_name=name,
            relation=relation,
            harm=harm,
            hardship=hardship,
            amount=amount,
        )
        created += 1
        if outcome == "submitted":
            continue
        if outcome == "refused":
            services.aid_review(
                actor=handler, application=a, approve=False, opinion="申请人生活尚可维持，不符合救助条件"
            )
            continue
        services.aid_review(
            actor=handler, application=a, approve=True, opinion="符合司法救助条件，建议按申请金额救助"
        )
        services.aid_approve(actor=head, application=a, approve=True, comment="同意救助")
        if outcome == "paid":
            services.aid_pay(
                actor=handler,
                application=a,
                paid_on=timezone.localdate(),
                method="bank",
                voucher_number=f"JZ-{year}-0001",
            )
    log(f"司法救助：{unit.name} {year} 年度预算 500,000.00 元，救助申请 {created} 件。")
    return created
