"""Demo data of the portal: online submissions waiting for screening, and one taken to a reply and rated, all
through the portal's and the lifecycle's own services. Deterministic: fixed submission tokens, so a rerun
finds the same petitions."""

from django.utils import timezone

from core.validators import id_number_check_char
from deadlines import calendar
from handling import services as hs
from organisations.models import Membership, Role, Unit, UnitType
from petitions.models import State
from portal import services
from portal.models import Evaluation

SUBMISSIONS = [
    ("张秀兰", "不服区法院民间借贷纠纷一审判决", "原审未采信借条原件，认定借款未实际交付，与事实不符。", "请求依法再审，改判被告归还借款。"),
    ("李德明", "执行案件立案两年未执行到位", "法院立案执行后，被执行人名下车辆未被查封，执行款至今未到位。", "请求督促法院依法执行。"),
    ("马玉芳", "对公安机关不予立案决定不服", "本人被他人打伤，派出所出具不予立案通知书，理由不充分。", "请求依法立案侦查。"),
]  # fmt: skip


def _id_number(region: str, i: int) -> str:
    first17 = f"{region}1970010{i + 1}{i:03d}"[:17]
    return first17 + id_number_check_char(first17)


def _member(unit, role):
    m = Membership.objects.filter(unit=unit, role=role, user__is_active=True).select_related("user")
    m = m.order_by("user__username").first()
    return m.user if m else None


def seed(log=print) -> int:
    center = (
        Unit.objects.filter(type=UnitType.RECEPTION_CENTER, memberships__role=Role.RECEPTION, is_active=True)
        .exclude(region__code__endswith="00")
        .order_by("region_id", "path")
        .first()
    )
    if center is None:
        log("网上信访：没有可审核的联合接访中心，跳过。")
        return 0
    region = center.region_id
    petitions = []
    for i, (name, title, facts, demands) in enumerate(SUBMISSIONS):
        petition, _created = services.petition_submit_online(
            submission=services.OnlineSubmission(
                name=name,
                id_number=_id_number(region, i),
                phone=f"1389351{i:04d}",
                problem_region=region,
                title=title,
                facts=facts,
                demands=demands,
            ),
            token=f"demo-portal-{i}",
        )
        petitions.append(petition)
    replied = _take_to_reply(petitions[0])
    log(
        f"网上信访：{len(petitions)} 件网上提交（{center.name}审核），其中 {petitions[0].number} 已答复并评价"
        if replied
        else f"网上信访：{len(petitions)} 件网上提交待{center.name}审核"
    )
    return len(petitions)


def _take_to_reply(petition) -> bool:
    petition.refresh_from_db()
    if Evaluation.objects.filter(petition=petition).exists():
        return True
    receiving = petition.registered_unit
    clerk = _member(receiving, Role.RECEPTION)
    court = Unit.objects.filter(region_id=receiving.region_id, type=UnitType.COURT, is_active=True).first()
    head, handler = (_member(court, Role.UNIT_HEAD), _member(court, Role.HANDLER)) if court else (None, None)
    if petition.state != State.ONLINE_PENDING or not (clerk and head and handler):
        return False
    hs.petition_screen_online(actor=clerk, petition=petition)
    hs.petition_accept(actor=clerk, petition=petition, handling_unit=court)
    hs.petition_receive(actor=head, petition=petition, handler=handler)
    hs.petition_draft_reply(
        actor=handler,
        petition=petition,
        claim="请求依法再审，改判被告归还借款。",
        facts_reasons="经调阅原审卷宗，原审对借款交付事实的认定有证据支持。",
        decision="原判决认定事实清楚，适用法律正确，信访人可依法申请再审。",
        legal_basis="《中华人民共和国民事诉讼法》第二百一十条",
        outcome="explain",
    )
    hs.petition_decide_reply(actor=head, petition=petition, approve=True)
    hs.petition_record_delivery(
        actor=handler,
        petition=petition,
        method="electronic",
        status="signed",
        delivered_on=calendar.local_date(timezone.now()),
        opinion="agree",
    )
    services.petition_evaluate_online(
        petition=petition, satisfaction_office="satisfied", satisfaction_unit="basically"
    )
    return True
