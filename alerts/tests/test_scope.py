"""``visible_alerts`` states the petition scope per alert: it must agree with ``visible_petitions`` for everyone."""

import pytest
from django.utils import timezone

from alerts.models import Alert
from alerts.selectors import visible_alerts
from alerts.tests.conftest import id_number
from conftest import person
from organisations.models import User
from petitions.models import AccessReason, Petition
from petitions.scope import visible_petitions
from petitions.services import grant_access

pytestmark = pytest.mark.django_db


@pytest.fixture
def spread(province, petition_at):
    """Petitions reached through every path of the scope rule, each with an alert."""
    p = province
    made = [
        petition_at(days=1),  # registered by 凉州区联合接访中心
        petition_at(days=1, actor=p.minqin_clerk, unit=p.minqin_center, problem_region="620621"),
        petition_at(days=1, actor=p.ganzhou_clerk, unit=p.ganzhou_center, problem_region="620702"),
        # registered in 甘州区 about 甘州区, but the petitioner lives in 民勤县
        petition_at(
            days=1,
            actor=p.ganzhou_clerk,
            unit=p.ganzhou_center,
            problem_region="620702",
            residence_region="620621",
            petitioners=[person(name="孙七", id_number=id_number(9, "620621"))],
        ),
    ]
    handled = petition_at(days=1, actor=p.ganzhou_clerk, unit=p.ganzhou_center, problem_region="620702")
    grant_access(handled, reason=AccessReason.HANDLING, unit=p.liangzhou_court)
    personal = petition_at(days=1, actor=p.ganzhou_clerk, unit=p.ganzhou_center, problem_region="620702")
    grant_access(personal, reason=AccessReason.PERSONAL, user=p.lawyer)
    made += [handled, personal]
    for i, petition in enumerate(made):
        Alert.objects.create(
            kind="group",
            petition=petition,
            region_id=petition.problem_region_id,
            unit_id=petition.registered_unit_id,
            reason=f"测试{i}",
            dedupe_key=f"t{i}",
            created_at=timezone.now(),
        )
    return made


def test_visible_alerts_agree_with_visible_petitions_for_every_user(spread, province):
    users = [u for u in vars(province).values() if isinstance(u, User)]
    assert len(users) >= 15
    seen_some = 0
    for user in users:
        expected = set(
            visible_petitions(user, Petition.objects.filter(pk__in=[p.pk for p in spread])).values_list(
                "pk", flat=True
            )
        )
        actual = set(visible_alerts(user).values_list("petition_id", flat=True))
        assert actual == expected, user.username
        seen_some += bool(actual)
    assert seen_some >= 10  # the fixture exercises the rule, not only empty scopes


def test_each_path_of_the_rule_is_exercised(spread, province):
    registered, minqin, ganzhou, residence, handled, personal = spread
    assert set(visible_alerts(province.liangzhou_clerk).values_list("petition_id", flat=True)) == {
        registered.pk
    }
    assert handled.pk in visible_alerts(province.court_head).values_list("petition_id", flat=True)
    assert handled.pk in visible_alerts(province.city_court_head).values_list(
        "petition_id", flat=True
    )  # above
    assert set(visible_alerts(province.lawyer).values_list("petition_id", flat=True)) == {personal.pk}
    committee = set(visible_alerts(province.wuwei_supervisor).values_list("petition_id", flat=True))
    assert residence.pk in committee and ganzhou.pk not in committee and minqin.pk in committee
    assert visible_alerts(province.sysadmin).count() == 0
