"""A small, hand-counted dataset built through the real services (handling.services), plus a campaign fixture.

June 2026, at 2026-06-01 09:00 Beijing (the clock does not tick, so every step of one day happens at the same
instant), unless noted. Registered by 凉州区联合接访中心 for a problem in 凉州区 (620602) unless noted:

  P1  registered only; marked backlog                      P7  replied on time, rated 不满意, closed 已结未息
  P2  accepted, received: in progress (due 2026-07-31)     P8  accepted; replied on 2026-08-05 (late), rated
  P3  transferred to the petition bureau                       基本满意, closed settled 其他方式 on 2026-08-05
  P4  declined                                             P9  same person and case number as P6: 重信重访
  P5  diverted to a retrial; outcome recorded, settled     P10 reply, 复查, 复核, then 依法终结 (four signatures)
  P6  replied on time, rated 满意, closed 书面保证          P11 online, a group of 6, 进京访
  PM  民勤县 (620621), registered by 民勤县联合接访中心       PZ  甘州区 (620702, 张掖市), video, by 甘州区中心

Outside June: Y1, Y2 registered 2025-06-10 (同比 base) and M1 registered 2026-05-20 (环比 base).
Figures are computed at 2026-08-05 09:00, when P1, P9, P11, PM, PZ (acceptance due 06-16) and P2 (handling
due 07-31) are overdue.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from analytics.models import Campaign, CampaignTarget
from handling import services as s
from handling.tests.conftest import clock, flow, refresh  # noqa: F401  (fixtures shared with handling)
from petitions.models import Petition, SettlementForm, SettlementState, State, Tag

TZ = ZoneInfo("Asia/Shanghai")
COMPUTED_AT = dt.datetime(2026, 8, 5, 9, 0, tzinfo=TZ)
JUNE = (dt.date(2026, 6, 1), dt.date(2026, 6, 30))


@dataclass
class Dataset:
    petitions: dict[str, Petition]
    tags: dict[str, Tag]


def _follow_up(province, p, satisfaction, reason=""):
    s.petition_follow_up(
        actor=province.liangzhou_handler,
        petition=p,
        method="phone",
        visited_on=dt.date(2026, 6, 1),
        informed=True,
        received=True,
        carried_out=True,
        satisfaction_office="satisfied",
        satisfaction_unit=satisfaction,
        unsatisfied_reason=reason,
    )
    return refresh(p)


def _terminate(steps, province, p):
    """复查 → 复核 → 依法终结, through every step of the approval chain (as in handling's lifecycle test)."""
    p = steps.delivered(p, dt.date(2026, 6, 1))
    s.petition_request_review(
        actor=province.liangzhou_handler, petition=p, requested_on=dt.date(2026, 6, 1), reason="不服处理意见"
    )
    s.petition_receive(actor=province.city_court_head, petition=refresh(p))
    p = steps.reply(refresh(p), actor=province.city_court_handler, head=province.city_court_head)
    p = steps.delivered(p, dt.date(2026, 6, 1), actor=province.city_court_handler)
    s.petition_request_review(
        actor=province.city_court_handler, petition=p, requested_on=dt.date(2026, 6, 1), reason="仍不服"
    )
    s.petition_receive(actor=province.city_committee_head, petition=refresh(p))
    p = steps.reply(refresh(p), actor=province.city_committee_head, head=province.city_committee_head)
    p = steps.delivered(p, dt.date(2026, 6, 1), actor=province.city_committee_head)
    s.petition_propose_termination(
        actor=province.city_committee_head, petition=p, reasons="原处理正确，程序穷尽"
    )
    s.petition_review_termination(
        actor=province.province_reviewer, petition=refresh(p), approve=True, comment="合议同意"
    )
    s.petition_sign_termination(
        actor=province.province_owner, petition=refresh(p), approve=True, comment="同意终结"
    )
    s.petition_approve_termination(
        actor=province.province_supervisor, petition=refresh(p), approve=True, comment="批准终结"
    )
    return refresh(p)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached figures must not leak between tests (rolled-back tests reuse ids and data versions)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def dataset(clock, flow, province, register):  # noqa: F811
    tags = {name: Tag.objects.create(name=name) for name in ("执行难", "征地")}
    court = {"responsible_system": "court"}
    p = {}
    p["P1"] = flow.registered(is_backlog=True)
    p["P2"] = flow.in_progress()
    p["P3"] = flow.registered()
    s.petition_transfer_out(
        actor=province.liangzhou_clerk, petition=p["P3"], to_unit=province.liangzhou_bureau,
        reason="属普通信访", notice="请到凉州区信访局反映。",
    )  # fmt: skip
    p["P4"] = flow.registered()
    s.petition_decline(actor=province.liangzhou_clerk, petition=p["P4"], reason="已终审", notice="不予受理。")
    p["P5"] = flow.registered()
    s.petition_divert(
        actor=province.liangzhou_clerk, petition=p["P5"], procedure="retrial", to_unit=province.wuwei_court,
        reason="属申请再审范围", notice="请向武威中院申请再审。",
    )  # fmt: skip
    s.petition_record_diversion_outcome(
        actor=province.liangzhou_clerk, petition=refresh(p["P5"]), outcome="再审改判", settled=True
    )
    p["P6"] = flow.replied(
        case_number="(2024)甘0602民初88号", problem_category="judgment", tags=[tags["执行难"]], **court
    )
    p["P6"] = _follow_up(province, flow.delivered(p["P6"], dt.date(2026, 6, 1)), "satisfied")
    s.petition_close(
        actor=province.court_head,
        petition=p["P6"],
        settled=True,
        form="written_pledge",
        principle="explained",
    )
    p["P7"] = flow.replied(problem_category="enforcement", tags=[tags["执行难"], tags["征地"]], **court)
    p["P7"] = _follow_up(province, flow.delivered(p["P7"], dt.date(2026, 6, 1)), "unsatisfied", "未解决")
    s.petition_close(actor=province.court_head, petition=p["P7"], settled=False, principle="explained")
    p["P8"] = flow.in_progress(**court)
    p["P9"] = flow.registered(case_number="(2024)甘0602民初88号")
    p["P10"] = _terminate(flow, province, flow.replied(**court))
    p["P11"] = flow.registered(channel="online", group_size=6, flags={"flag_to_beijing": True})
    p["PM"] = register(province.minqin_clerk, province.minqin_center, problem_region="620621")
    p["PZ"] = register(
        province.ganzhou_clerk, province.ganzhou_center, problem_region="620702", channel="video"
    )
    p["Y1"] = flow.registered(registered_at=dt.datetime(2025, 6, 10, 10, 0, tzinfo=TZ))
    p["Y2"] = flow.registered(registered_at=dt.datetime(2025, 6, 10, 11, 0, tzinfo=TZ))
    p["M1"] = flow.registered(registered_at=dt.datetime(2026, 5, 20, 10, 0, tzinfo=TZ))

    clock.move_to(COMPUTED_AT)  # P8 is answered late, then closed
    p["P8"] = flow.reply(p["P8"])
    p["P8"] = _follow_up(province, flow.delivered(p["P8"], dt.date(2026, 8, 5)), "basically")
    s.petition_close(
        actor=province.court_head, petition=p["P8"], settled=True, form="other", principle="resolved"
    )
    return Dataset({k: refresh(v) for k, v in p.items()}, tags)


@pytest.fixture
def backlog_campaign(province, register):
    """The campaign example: 50 backlog cases, 40 settled (15 书面保证, 23 批准终结, 2 其他方式), 10 open.

    Registering goes through the service; the outcomes are then written directly to the marker fields the
    handling services set (building 23 approval chains would test handling, not statistics):
      凉州区人民法院 handles 25: 20 settled by 2026-01-20, 5 on 2026-03-10;
      凉州区公安局  handles 25: 10 settled by 2026-01-20, 5 on 2026-02-20, 10 still open.
    Stage targets: 65 % by 01-31, 85 % by 02-28, 90 % by 03-31, 95 % by 04-30.
    """
    forms = [SettlementForm.WRITTEN_PLEDGE] * 15 + [SettlementForm.APPROVED_TERMINATION] * 23
    forms += [SettlementForm.OTHER] * 2
    plan = (
        [(province.liangzhou_court, dt.date(2026, 1, 20))] * 20
        + [(province.liangzhou_court, dt.date(2026, 3, 10))] * 5
        + [(province.liangzhou_police, dt.date(2026, 1, 20))] * 10
        + [(province.liangzhou_police, dt.date(2026, 2, 20))] * 5
    )
    petitions = []
    for index in range(50):
        p = register(
            province.liangzhou_clerk,
            province.liangzhou_center,
            is_backlog=True,
            registered_at=dt.datetime(2023, 3, 1, 9, 0, tzinfo=TZ),
        )
        p.screening_outcome = "accepted"
        p.is_legal = True
        if index < 40:
            unit, closed_on = plan[index]
            form = forms[index]
            p.handling_unit = unit
            p.settlement_state = SettlementState.SETTLED
            p.settlement_form = form
            p.closed_at = dt.datetime.combine(closed_on, dt.time(10, 0), tzinfo=TZ)
            p.state = State.TERMINATED if form == SettlementForm.APPROVED_TERMINATION else State.CLOSED
            if form == SettlementForm.APPROVED_TERMINATION:
                p.terminated_at = p.closed_at
        else:
            p.handling_unit = province.liangzhou_police
            p.state = State.IN_PROGRESS
        p.save()
        petitions.append(p)
    campaign = Campaign.objects.create(
        name="2026年积案化解专项活动", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 4, 30)
    )
    for due, target in ((dt.date(2026, 1, 31), 65), (dt.date(2026, 2, 28), 85), (dt.date(2026, 3, 31), 90)):
        CampaignTarget.objects.create(campaign=campaign, due_on=due, target=target)
    CampaignTarget.objects.create(campaign=campaign, due_on=dt.date(2026, 4, 30), target=95)
    return campaign
