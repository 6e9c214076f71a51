"""Campaign progress (DOMAIN §6): the campaign's scope is its cohort; each stage is judged as of its date."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from analytics.models import Campaign, CampaignTarget
from analytics.selectors import PROVINCE, active_campaigns, campaign_cohort, campaign_progress
from organisations.tests.factories import make_user

pytestmark = pytest.mark.django_db
MID_MARCH = dt.date(2026, 3, 15)


def _progress(who, campaign, **kwargs):
    [loaded] = [c for c in active_campaigns() if c.pk == campaign.pk]
    return campaign_progress(who, loaded, today=MID_MARCH, **kwargs)


def test_the_cohort_is_the_scope_not_the_registration_date(backlog_campaign, province, register):
    register(province.liangzhou_clerk, province.liangzhou_center)  # not backlog: outside the campaign
    assert campaign_cohort(backlog_campaign).count() == 50  # all registered in 2023, long before the campaign


def test_shares_of_settlement_forms_in_the_campaign(backlog_campaign):
    from analytics.metrics import aggregate
    from analytics.selectors import settlement_forms

    values = aggregate(
        campaign_cohort(backlog_campaign), ["settled_pledge", "settled_termination", "settled_other"]
    )
    assert [(r["count"], r["share"]) for r in settlement_forms(values)] == [
        (15, D("37.5")),
        (23, D("57.5")),
        (2, D("5.0")),
    ]


def test_stage_targets_are_judged_as_of_their_date(backlog_campaign, province):
    progress = _progress(province.wuwei_supervisor, backlog_campaign)
    stages = [(s["due_on"].isoformat(), s["value"], s["achieved"], s["passed"]) for s in progress["stages"]]
    assert stages == [
        ("2026-01-31", D("60.0"), False, True),  # 30 of 50 settled by 01-31: below 65 %
        ("2026-02-28", D("70.0"), False, True),  # 35 of 50 by 02-28: below 85 %
        ("2026-03-31", D("80.0"), False, False),  # the current stage: 40 of 50 now
        ("2026-04-30", D("80.0"), False, False),
    ]
    assert progress["current"] == 2
    assert progress["total"]["values"]["registered"] == 50


def test_progress_per_child_unit(backlog_campaign, province):
    """Below a 政法委 the units are places: 凉州区委政法委 answers for its county's court and police alike."""
    progress = _progress(province.wuwei_supervisor, backlog_campaign)
    units = {u["label"]: [(s["value"], s["achieved"]) for s in u["stages"]] for u in progress["units"]}
    assert units == {
        "凉州区委政法委": [  # 20 + 10 by 01-20, 5 on 02-20, 5 on 03-10, 10 open
            (D("60.0"), False),
            (D("70.0"), False),
            (D("80.0"), False),
            (D("80.0"), False),
        ],
        "民勤县委政法委": [(None, False)] * 4,
        "武威市委政法委（本级）": [(None, False)]
        * 4,  # 武威中院 and the city's other units handle none of them
    }
    assert [u["label"] for u in progress["units"]][0] == "凉州区委政法委"  # best current value first


def test_progress_respects_scope(backlog_campaign, province):
    zhangye = make_user("zy_leader", province.zhangye_committee, "leader")
    progress = _progress(zhangye, backlog_campaign)
    assert progress["total"]["values"]["registered"] == 0
    assert _progress(PROVINCE, backlog_campaign)["total"]["values"]["registered"] == 50


def test_inactive_campaigns_are_not_shown(backlog_campaign):
    backlog_campaign.active = False
    backlog_campaign.save()
    assert active_campaigns() == []


def test_campaign_validation():
    campaign = Campaign(name="x", starts_on=dt.date(2026, 2, 1), ends_on=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError) as exc:
        campaign.full_clean()
    assert "ends_on" in exc.value.message_dict
    target = CampaignTarget(campaign=Campaign(pk=1), due_on=dt.date(2026, 1, 31), target=D("120"))
    with pytest.raises(ValidationError):
        target.full_clean(exclude=["campaign"])
    assert (
        str(CampaignTarget(due_on=dt.date(2026, 1, 31), target=D("65.0"))) == "2026-01-31 息诉罢访率 ≥ 65.0%"
    )


def test_a_campaign_limited_to_a_unit_is_shown_only_where_the_scope_meets_it(province):
    from analytics.selectors import UnitScope

    minqin = Campaign.objects.create(
        name="民勤县清积",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 6, 30),
        unit=province.minqin_committee,
    )
    CampaignTarget.objects.create(
        campaign=minqin, metric="settled_rate", target=D("60"), due_on=minqin.ends_on
    )

    def shown(who):
        return minqin in active_campaigns(who)

    assert shown(PROVINCE) and shown(province.wuwei_supervisor) and shown(province.province_leader)
    assert shown(province.minqin_clerk) and shown(UnitScope(province.minqin_center))
    assert not shown(province.liangzhou_leader)  # a sibling county's committee
    assert not shown(province.liangzhou_center_head) and not shown(UnitScope(province.liangzhou_committee))
    assert not shown(province.lawyer)
