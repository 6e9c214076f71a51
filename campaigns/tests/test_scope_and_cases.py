"""The scope by filter and the chosen cases: validation (nothing saved on bad input), who may, the scope of the
actor (another unit's case refused as if it did not exist), the record of each change and the timeline events."""

import datetime as dt

import pytest

from analytics.models import Campaign
from campaigns import selectors, services
from campaigns.models import CampaignCase, ScopeChange
from core.errors import InvalidInput, PermissionDenied
from petitions.models import Event, Petition, Tag

pytestmark = pytest.mark.django_db
D = dt.date


def scope(**values):
    return {"backlog_only": False, "tag": None, "system": "", "problem_category": "", "registered_from": None,
            "registered_to": None, "unresolved_before": None, "supervised_level": "", **values}  # fmt: skip


def snapshot(campaign):
    campaign.refresh_from_db()
    return services.scope_of(campaign)


# ------------------------------------------------------------------------------------------------ scope by filter


def test_scope_set_is_saved_recorded_and_changes_the_cohort(campaign, province, petitions):
    leader = province.liangzhou_leader
    Petition.objects.filter(pk=petitions[0].pk).update(is_backlog=True)
    tag = Tag.objects.create(name="执行难")
    petitions[0].tags.add(tag)
    assert selectors.cohort_size(leader, campaign) == 4
    saved = services.campaign_scope_set(campaign=campaign, actor=leader, **scope(backlog_only=True, tag=tag))
    assert saved.backlog_only is True and selectors.cohort_size(leader, saved) == 1
    change = ScopeChange.objects.get()
    assert change.changed_by == leader
    assert change.before["backlog_only"] is False and change.after == {**change.before, "backlog_only": True,
                                                                       "tag": tag.pk}  # fmt: skip
    [shown] = selectors.scope_changes(campaign)
    assert "仅积案：否 → 是" in shown.lines and "专题标签：不限 → 执行难" in shown.lines


def test_the_same_scope_again_records_nothing(campaign, province):
    services.campaign_scope_set(
        campaign=campaign, actor=province.liangzhou_leader, **scope(supervised_level="city")
    )
    services.campaign_scope_set(
        campaign=campaign, actor=province.liangzhou_leader, **scope(supervised_level="city")
    )
    assert ScopeChange.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"supervised_level": "village"}, "supervised_level", "督办层级应为中央、省、市或县"),
        ({"system": "army"}, "system", "责任系统无效"),
        ({"problem_category": "<script>"}, "problem_category", "问题类别无效"),
        ({"tag": "执行难"}, "tag", "专题标签不存在"),
        ({"backlog_only": "yes"}, "backlog_only", "应为是或否"),
        (
            {"registered_from": D(2026, 5, 1), "registered_to": D(2026, 4, 1)},
            "registered_to",
            "不能早于登记日期自",
        ),
        ({"unresolved_before": D(2027, 1, 1)}, "unresolved_before", "之间"),
        ({"unresolved_before": D(1900, 1, 1)}, "unresolved_before", "1949-10-01"),
        ({"unresolved_before": "2026-01-01"}, "unresolved_before", "不是有效日期"),
        ({"registered_from": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)}, "registered_from", "不是有效日期"),
        (
            {"registered_from": D(2026, 3, 1), "unresolved_before": D(2026, 3, 1)},
            "unresolved_before",
            "应晚于",
        ),
    ],
)
def test_bad_scope_is_a_chinese_field_error_and_saves_nothing(campaign, province, values, field, message):
    before = snapshot(campaign)
    with pytest.raises(InvalidInput) as exc:
        services.campaign_scope_set(campaign=campaign, actor=province.liangzhou_leader, **scope(**values))
    assert field in exc.value.errors and message in exc.value.errors[field][0]
    assert snapshot(campaign) == before and not ScopeChange.objects.exists()


def test_a_province_wide_campaign_needs_a_condition(province):
    campaign = Campaign.objects.create(name="全省清积", starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31))
    with pytest.raises(InvalidInput) as exc:
        services.campaign_scope_set(campaign=campaign, actor=province.province_supervisor, **scope())
    assert "至少设置一个范围条件" in exc.value.message
    services.campaign_scope_set(campaign=campaign, actor=province.province_supervisor,
                                **scope(supervised_level="province"))  # fmt: skip
    assert snapshot(campaign)["supervised_level"] == "province"


def test_only_the_running_committee_sets_the_scope(campaign, province):
    for outsider in (province.minqin_clerk, province.liangzhou_center_head, province.court_head):
        with pytest.raises(PermissionDenied):
            services.campaign_scope_set(campaign=campaign, actor=outsider, **scope(backlog_only=True))
    assert not ScopeChange.objects.exists()
    services.campaign_scope_set(
        campaign=campaign, actor=province.wuwei_supervisor, **scope(backlog_only=True)
    )


def test_a_preview_changes_nothing(campaign, province, petitions):
    Petition.objects.filter(pk=petitions[0].pk).update(is_backlog=True)
    values = services.campaign_scope_clean(campaign=campaign, **scope(backlog_only=True))
    preview = services.scope_applied(campaign, values)
    assert selectors.filter_size(province.liangzhou_leader, preview) == 1
    assert selectors.filter_size(province.liangzhou_leader, campaign) == 4
    assert campaign.backlog_only is False and snapshot(campaign)["backlog_only"] is False


# ------------------------------------------------------------------------------------------------ chosen cases


def test_choosing_records_who_and_when_and_one_event_per_new_case(campaign, province, petitions):
    leader = province.liangzhou_leader
    first = services.campaign_choose_cases(campaign=campaign, actor=leader, petition_ids=[petitions[0].pk])
    again = services.campaign_choose_cases(campaign=campaign, actor=leader,
                                           petition_ids=[petitions[0].pk, str(petitions[1].pk)])  # fmt: skip
    assert [c.petition_id for c in first] == [petitions[0].pk] and [c.petition_id for c in again] == [
        petitions[1].pk
    ]
    row = CampaignCase.objects.get(petition=petitions[0])
    assert row.added_by == leader and row.added_at is not None
    event = Event.objects.get(petition=petitions[0], action="campaign_case_chosen")
    assert event.actor == leader and event.unit == province.liangzhou_committee
    assert event.data["campaign"] == campaign.pk
    assert selectors.cohort_size(leader, campaign) == 2 and selectors.chosen_count(campaign) == 2
    assert [c.petition_id for c in selectors.chosen_cases(leader, campaign)] == [
        petitions[1].pk,
        petitions[0].pk,
    ]


def test_another_units_case_is_refused_like_one_that_does_not_exist(campaign, province, petitions, register):
    other = register(province.minqin_clerk, province.minqin_center, problem_region="620621")
    messages = []
    for pk in (other.pk, 987654321):
        with pytest.raises(InvalidInput) as exc:
            services.campaign_choose_cases(campaign=campaign, actor=province.liangzhou_leader,
                                           petition_ids=[petitions[0].pk, pk])  # fmt: skip
        messages.append(exc.value.message.replace(str(pk), "N"))
    assert messages[0] == messages[1] == "案件 N 不存在或不在您的范围内。"
    assert other.number not in messages[0] and other.title not in messages[0]
    assert (
        not CampaignCase.objects.exists() and not Event.objects.filter(action="campaign_case_chosen").exists()
    )


def test_a_case_outside_the_campaigns_unit_is_refused(campaign, province, petitions, register):
    """The city's supervisor sees 民勤县's case, but 凉州区's campaign takes only 凉州区's."""
    other = register(province.minqin_clerk, province.minqin_center, problem_region="620621")
    with pytest.raises(InvalidInput) as exc:
        services.campaign_choose_cases(
            campaign=campaign, actor=province.wuwei_supervisor, petition_ids=[other.pk]
        )
    assert "不在本活动的单位范围" in exc.value.message
    assert other.pk not in {p.pk for p in selectors.candidate_petitions(province.wuwei_supervisor, campaign)}
    assert petitions[0].pk in {
        p.pk for p in selectors.candidate_petitions(province.wuwei_supervisor, campaign)
    }
    assert not CampaignCase.objects.exists()


@pytest.mark.parametrize(
    ("ids", "message"),
    [([], "请至少选择一件案件"), (["abc"], "案件编号无效"), ([0], "案件编号无效"), (["9" * 30], "案件编号无效"),
     ("12", "请选择案件"), (list(range(1, 202)), "一次最多选择200件")],
)  # fmt: skip
def test_bad_ids_are_refused(campaign, province, ids, message):
    with pytest.raises(InvalidInput) as exc:
        services.campaign_choose_cases(campaign=campaign, actor=province.liangzhou_leader, petition_ids=ids)
    assert message in exc.value.message


def test_only_the_running_committee_chooses_and_removes(campaign, province, petitions):
    with pytest.raises(PermissionDenied):
        services.campaign_choose_cases(
            campaign=campaign, actor=province.liangzhou_clerk, petition_ids=[petitions[0].pk]
        )
    services.campaign_choose_cases(
        campaign=campaign, actor=province.liangzhou_leader, petition_ids=[petitions[0].pk]
    )
    with pytest.raises(PermissionDenied):
        services.campaign_unchoose_cases(campaign=campaign, actor=province.liangzhou_clerk,
                                         petition_ids=[petitions[0].pk])  # fmt: skip
    assert CampaignCase.objects.count() == 1


def test_removing_records_an_event_and_the_filter_applies_again(campaign, province, petitions):
    leader = province.liangzhou_leader
    Petition.objects.filter(pk=petitions[3].pk).update(is_backlog=True)
    campaign = services.campaign_scope_set(campaign=campaign, actor=leader, **scope(backlog_only=True))
    services.campaign_choose_cases(
        campaign=campaign, actor=leader, petition_ids=[petitions[0].pk, petitions[1].pk]
    )
    assert selectors.cohort_size(leader, campaign) == 2
    assert (
        services.campaign_unchoose_cases(campaign=campaign, actor=leader, petition_ids=[petitions[0].pk]) == 1
    )
    event = Event.objects.get(petition=petitions[0], action="campaign_case_removed")
    assert event.actor == leader and event.data["added_by"] == leader.pk
    assert selectors.cohort_size(leader, campaign) == 1
    services.campaign_unchoose_cases(campaign=campaign, actor=leader, petition_ids=[petitions[1].pk])
    assert {p.pk for p in Petition.objects.filter(campaign_choices__campaign=campaign)} == set()
    assert selectors.cohort_size(leader, campaign) == 1  # the backlog case, by the filter


def test_removing_a_case_not_chosen_or_not_visible_saves_nothing(campaign, province, petitions, register):
    leader = province.liangzhou_leader
    other = register(province.minqin_clerk, province.minqin_center, problem_region="620621")
    services.campaign_choose_cases(campaign=campaign, actor=leader, petition_ids=[petitions[0].pk])
    with pytest.raises(InvalidInput) as exc:
        services.campaign_unchoose_cases(
            campaign=campaign, actor=leader, petition_ids=[petitions[0].pk, petitions[1].pk]
        )
    assert exc.value.message == f"案件 {petitions[1].number} 不是本活动的选定案件。"
    with pytest.raises(InvalidInput) as exc:
        services.campaign_unchoose_cases(
            campaign=campaign, actor=leader, petition_ids=[petitions[0].pk, other.pk]
        )
    assert "不存在或不在您的范围内" in exc.value.message
    assert (
        CampaignCase.objects.count() == 1
        and not Event.objects.filter(action="campaign_case_removed").exists()
    )
