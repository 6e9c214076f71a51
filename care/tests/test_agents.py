"""代办员: assignment, the agent's worklist, their actions on the timeline, and the scope grant."""

import pytest
from django.test import Client

from care import services as s
from core.errors import InvalidInput, PermissionDenied
from organisations.models import Role
from organisations.tests.factories import make_user
from petitions.models import Event, Petition
from petitions.scope import can_see, visible_petitions

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(province, register):
    petition = register(province.liangzhou_clerk, province.liangzhou_center)
    # an official of 民勤县's committee, who would not otherwise see a 凉州区 petition
    agent = make_user("mq_agent", province.minqin_committee, Role.HANDLER)
    return petition, agent


def test_assigned_agent_sees_the_petition_and_only_while_assigned(setup, province):
    petition, agent = setup
    assert not can_see(agent, petition)
    assignment = s.agent_assign(
        actor=province.liangzhou_center_head, petition=petition, agent=agent, note="陪同"
    )
    assert can_see(agent, petition)
    assert list(visible_petitions(agent)) == [petition]
    c = Client()
    c.force_login(agent)
    assert c.get(f"/petitions/{petition.pk}/").status_code == 200
    worklist = c.get("/care/agents/")
    assert petition.number in worklist.content.decode()
    assert [r["petition"] for r in c.get("/api/v1/care/agents/mine/").json()["results"]] == [petition.pk]
    s.agent_record_action(actor=agent, petition=petition, kind="accompany", note="陪同到法院查询进度")
    event = Event.objects.get(petition=petition, action="agent_action")
    assert event.actor == agent and event.note == "陪同到法院查询进度"
    s.agent_end(actor=province.liangzhou_center_head, assignment=assignment)
    assert not can_see(agent, petition)
    assert c.get(f"/petitions/{petition.pk}/").status_code == 404


def test_the_grant_does_not_widen_anyone_else(setup, province):
    petition, agent = setup
    s.agent_assign(actor=province.liangzhou_center_head, petition=petition, agent=agent)
    other = register_other = Petition.objects.exclude(pk=petition.pk)
    assert not other.exists() or not visible_petitions(agent, register_other).exists()
    assert not can_see(province.minqin_clerk, petition)
    assert not can_see(province.lawyer, petition)


def test_only_heads_assign_and_only_agents_act(setup, province):
    petition, agent = setup
    with pytest.raises(PermissionDenied):
        s.agent_assign(actor=province.liangzhou_clerk, petition=petition, agent=agent)
    with pytest.raises(InvalidInput):
        s.agent_assign(actor=province.liangzhou_center_head, petition=petition, agent=None)
    with pytest.raises(PermissionDenied):
        s.agent_record_action(actor=province.liangzhou_clerk, petition=petition, kind="other", note="x")
    s.agent_assign(actor=province.liangzhou_center_head, petition=petition, agent=agent)
    with pytest.raises(InvalidInput):  # twice
        s.agent_assign(actor=province.liangzhou_center_head, petition=petition, agent=agent)
    with pytest.raises(InvalidInput):
        s.agent_record_action(actor=agent, petition=petition, kind="nope", note="")


@pytest.mark.django_db(transaction=True)
def test_a_grant_and_its_end_refresh_the_agents_cached_figures(setup, province):
    """The holder's statistics and home totals are cached on their data version: a grant changes it at
    commit (and its end again), so the petition shows up in their figures at once."""
    from analytics.cache import scope_version

    petition, agent = setup
    before = scope_version(agent)
    assignment = s.agent_assign(actor=province.liangzhou_center_head, petition=petition, agent=agent)
    granted = scope_version(agent)
    assert granted > before
    s.agent_end(actor=province.liangzhou_center_head, assignment=assignment)
    assert scope_version(agent) > granted
