"""The campaign's cohort (analytics.selectors.campaign_cohort) honours the filters added here and chosen cases."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from analytics.selectors import active_campaigns, campaign_cohort, campaign_progress
from campaigns import services
from campaigns.models import CampaignCase
from petitions.models import Petition
from supervision.models import Supervision

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d):
    return dt.datetime(y, m, d, 10, tzinfo=TZ)


def ids(qs):
    return set(qs.values_list("pk", flat=True))


def test_unresolved_before_keeps_cases_registered_earlier_and_open_at_that_day(campaign, petitions):
    a, b, c, d = petitions
    Petition.objects.filter(pk__in=[a.pk, b.pk, c.pk]).update(registered_at=at(2025, 1, 1))
    Petition.objects.filter(pk=b.pk).update(closed_at=at(2025, 6, 1))  # finished before: out
    Petition.objects.filter(pk=c.pk).update(closed_at=at(2025, 8, 1))  # finished after: stays in
    Petition.objects.filter(pk=d.pk).update(registered_at=at(2025, 9, 1))  # registered after: out
    campaign.unresolved_before = dt.date(2025, 7, 1)
    campaign.save()
    assert ids(campaign_cohort(campaign)) == {a.pk, c.pk}


def test_supervised_level_keeps_cases_supervised_at_that_level_or_above(campaign, petitions, province):
    a, b, c, _d = petitions
    for petition, level, unit in ((a, "province", province.committee), (b, "county", province.liangzhou_committee),
                                  (c, "city", province.wuwei_committee)):  # fmt: skip
        Supervision.objects.create(
            petition=petition, supervising_unit=unit, supervised_unit=province.liangzhou_court, level=level,
            source="own", instructions="限期办结", deadline=dt.date(2026, 3, 1), last_activity_at=timezone.now(),
            created_by=province.wuwei_supervisor,
        )  # fmt: skip
    campaign.supervised_level = "city"
    campaign.save()
    assert ids(campaign_cohort(campaign)) == {a.pk, c.pk}
    campaign.supervised_level = "province"
    assert ids(campaign_cohort(campaign)) == {a.pk}


def test_chosen_cases_are_the_cohort(campaign, petitions, province):
    campaign.backlog_only = True  # no petition is backlog: the filter alone finds nothing
    campaign.save()
    assert ids(campaign_cohort(campaign)) == set()
    services.campaign_choose_cases(campaign=campaign, actor=province.liangzhou_leader,
                                   petition_ids=[petitions[1].pk, petitions[2].pk])  # fmt: skip
    assert ids(campaign_cohort(campaign)) == {petitions[1].pk, petitions[2].pk}
    campaign.targets.create(due_on=dt.date(2026, 12, 31), metric="settled_rate", target=90)
    [loaded] = [c for c in active_campaigns() if c.pk == campaign.pk]
    progress = campaign_progress(province.liangzhou_leader, loaded, today=dt.date(2026, 6, 1))
    assert progress["total"]["values"]["registered"] == 2
    assert petitions[1].events.filter(action="campaign_case_chosen").count() == 1


def test_choosing_a_case_out_of_scope_saves_nothing(campaign, petitions, province, register):
    other = register(province.minqin_clerk, province.minqin_center, problem_region="620621")
    from core.errors import InvalidInput

    with pytest.raises(InvalidInput) as exc:
        services.campaign_choose_cases(campaign=campaign, actor=province.liangzhou_leader,
                                       petition_ids=[petitions[0].pk, other.pk])  # fmt: skip
    assert "不在您的范围内" in exc.value.message
    assert not CampaignCase.objects.exists()
