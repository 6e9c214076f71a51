"""Hearings and consultations through the services: scheduling rules, the 复核 clock stop, tasks, scope."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from core.errors import DomainError, InvalidInput, NotVisible, PermissionDenied
from deadlines.models import Step
from deadlines.policy import compute_due
from handling.models import Assignment, ReviewRequest
from hearings import selectors
from hearings import services as s
from hearings.models import Consultation, Hearing, HearingStatus
from hearings.tests.conftest import refresh
from petitions.models import Event, State

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
PEOPLE = [("deputy", "刘代表", "市人大"), ("lawyer", "陈律师", "某律师事务所"), ("party", "王建国", "")]


def schedule(actor, petition, **overrides):
    values = {
        "actor": actor, "petition": petition, "subject": "复核公开听证",
        "starts_at": dt.datetime(2026, 6, 10, 9, 0, tzinfo=TZ), "ends_on": dt.date(2026, 6, 12),
        "place": "武威市委政法委听证室", "participants": PEOPLE,
    }  # fmt: skip
    values.update(overrides)
    return s.hearing_schedule(**values)


def record(actor, hearing, **overrides):
    values = {"actor": actor, "hearing": hearing, "minutes": "听证笔录……", "panel_opinion": "维持原复查意见",
              "outcome": "upheld", "petitioner_accepted": True}  # fmt: skip
    values.update(overrides)
    return s.hearing_record(**values)


def rereview_deadline(p):
    return Assignment.objects.get(petition=p, kind="rereview").deadline


def test_a_hearing_during_rereview_stops_the_clock_for_its_days(clock, province, rereview):
    p = rereview
    lead = Assignment.objects.get(petition=p, kind="rereview")
    before = lead.deadline
    assert before == compute_due(lead.assigned_at, "committee", Step.REREVIEW).due_date
    hearing = schedule(province.city_committee_head, p)
    assert rereview_deadline(p) == before  # scheduling alone does not move the clock
    clock.move_to(dt.datetime(2026, 6, 12, 18, 0, tzinfo=TZ))
    record(province.city_committee_head, hearing)
    hearing.refresh_from_db()
    assert hearing.status == HearingStatus.HELD and hearing.clock_days == 3
    expected = compute_due(lead.assigned_at, "committee", Step.REREVIEW, excluded_days=3).due_date
    assert rereview_deadline(p) == expected and expected > before
    assert ReviewRequest.objects.get(petition=p, level=2).hearing_days == 3
    p = refresh(p)
    assert p.state == State.UNDER_REREVIEW and p.due_at.astimezone(TZ).date() == expected
    # the hearing's one event is the lifecycle's: it carries the hearing and the new deadline
    event = Event.objects.filter(petition=p).order_by("-id").first()
    assert event.action == "record_hearing" and event.data["hearing"] == hearing.pk
    assert event.data["days"] == 3 and event.data["deadline"] == expected.isoformat()
    assert not Event.objects.filter(petition=p, action="hearing_held").exists()


def test_a_hearing_outside_rereview_leaves_deadlines_alone(clock, province, flow):
    p = flow.in_progress()
    due = p.due_at
    hearing = schedule(province.court_head, p, place="凉州区法院", ends_on=None)
    clock.move_to(dt.datetime(2026, 6, 10, 12, 0, tzinfo=TZ))
    record(province.court_head, hearing, petitioner_accepted=False)
    p = refresh(p)
    assert p.due_at == due
    hearing.refresh_from_db()
    assert hearing.clock_days == 0 and hearing.petitioner_accepted is False
    assert Event.objects.filter(petition=p, action="hearing_held").count() == 1


def test_a_hearing_in_the_past_is_refused(clock, province, rereview):
    events = Event.objects.count()
    with pytest.raises(InvalidInput) as exc:
        schedule(province.city_committee_head, rereview, starts_at=dt.datetime(2026, 5, 31, 9, 0, tzinfo=TZ))
    assert exc.value.errors["starts_at"] == ["听证时间不能早于当前时间：不能安排过去的听证。"]
    assert not Hearing.objects.exists() and Event.objects.count() == events


def test_schedule_needs_place_or_link_participants_and_order_of_days(clock, province, rereview):
    with pytest.raises(InvalidInput) as exc:
        schedule(province.city_committee_head, rereview, place="", video_link="", participants=[],
                 ends_on=dt.date(2026, 6, 9))  # fmt: skip
    assert set(exc.value.errors) == {"place", "participants", "ends_on"}
    with pytest.raises(InvalidInput) as exc:
        schedule(province.city_committee_head, rereview, participants=[("mayor", "某人", "")])
    assert "participants" in exc.value.errors
    hearing = schedule(province.city_committee_head, rereview, place="", video_link="https://meet.example/h1")
    assert hearing.video_link


def test_results_only_after_the_hearing_and_once(clock, province, rereview):
    hearing = schedule(province.city_committee_head, rereview)
    with pytest.raises(InvalidInput) as exc:
        record(province.city_committee_head, hearing)
    assert "尚未举行" in exc.value.errors["minutes"][0]
    clock.move_to(dt.datetime(2026, 6, 13, 9, 0, tzinfo=TZ))
    with pytest.raises(InvalidInput) as exc:
        record(province.city_committee_head, hearing, outcome="", petitioner_accepted=None)
    assert set(exc.value.errors) == {"outcome", "petitioner_accepted"}
    record(province.city_committee_head, hearing)
    with pytest.raises(DomainError):
        record(province.city_committee_head, hearing)
    assert ReviewRequest.objects.get(petition=rereview, level=2).hearing_days == 3


def test_hearings_respect_scope_and_role(clock, province, rereview):
    with pytest.raises(NotVisible):
        schedule(province.ganzhou_clerk, rereview)
    with pytest.raises(PermissionDenied):
        schedule(province.liangzhou_clerk, rereview)
    hearing = schedule(province.city_committee_head, rereview)
    assert list(selectors.hearing_list(province.city_committee_head)) == [hearing]
    assert not selectors.hearing_list(province.ganzhou_clerk).exists()


def test_consultation_with_tasks_in_the_owners_worklist(clock, province, flow):
    p = flow.in_progress()
    consultation = s.consultation_open(
        actor=province.city_committee_head, petition=p, subject="疑难案件会诊", held_on=dt.date(2026, 6, 3),
        units=[province.liangzhou_court, province.liangzhou_police], attendees="法院、公安分管领导",
    )  # fmt: skip
    assert set(consultation.units.all()) == {province.wuwei_committee, province.liangzhou_court,
                                             province.liangzhou_police}  # fmt: skip
    task = s.consultation_add_task(
        actor=province.city_committee_head, consultation=consultation, description="公安补充调查",
        owner_unit=province.liangzhou_police, deadline=dt.date(2026, 6, 20),
    )  # fmt: skip
    assert list(selectors.my_open_tasks(province.police_head)) == [task]
    with pytest.raises(InvalidInput):  # the owner unit must take part
        s.consultation_add_task(actor=province.city_committee_head, consultation=consultation, description="x",
                                owner_unit=province.ganzhou_center, deadline=dt.date(2026, 6, 20))  # fmt: skip
    s.consultation_task_complete(actor=province.police_head, task=task, note="已补充调查")
    assert not selectors.my_open_tasks(province.police_head).exists()
    s.consultation_conclude(
        actor=province.city_committee_head, consultation=consultation, conclusions="依法维持"
    )
    consultation.refresh_from_db()
    assert consultation.status == "concluded"
    actions = list(
        Event.objects.filter(petition=p, action__startswith="consultation_").values_list("action", flat=True)
    )
    assert actions == ["consultation_opened", "consultation_task_set", "consultation_task_done",
                       "consultation_concluded"]  # fmt: skip


def test_consultation_needs_other_units(clock, province, flow):
    p = flow.in_progress()
    with pytest.raises(InvalidInput) as exc:
        s.consultation_open(actor=province.city_committee_head, petition=p, subject="会诊", held_on=None,
                            units=[province.wuwei_committee])  # fmt: skip
    assert set(exc.value.errors) == {"held_on", "units"} and not Consultation.objects.exists()
