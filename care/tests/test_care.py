"""稳控帮扶: a task for the locality's 政法委 when a matter is terminated or comes back; plan, visits, sweep."""

import datetime as dt

import pytest
from django.utils import timezone

from care import services as s
from care.models import CareStatus, CareTask
from core.errors import InvalidInput, PermissionDenied
from handling import services as h
from handling.tests.conftest import clock, flow  # noqa: F401  fixtures
from petitions.models import Event, Petition, State

pytestmark = pytest.mark.django_db


def refresh(p):
    p.refresh_from_db()
    return p


def terminate(flow, province):  # noqa: F811
    """Reply, 复查, 复核, then the four-step termination chain (as in handling's lifecycle test)."""
    p = flow.delivered(flow.replied(), dt.date(2026, 6, 1))
    h.petition_request_review(
        actor=province.liangzhou_handler, petition=p, requested_on=dt.date(2026, 6, 1), reason="不服"
    )
    p = refresh(p)
    h.petition_receive(actor=province.city_court_head, petition=p)
    p = flow.reply(refresh(p), actor=province.city_court_handler, head=province.city_court_head)
    p = flow.delivered(p, dt.date(2026, 6, 1), actor=province.city_court_handler)
    h.petition_request_review(
        actor=province.city_court_handler, petition=p, requested_on=dt.date(2026, 6, 1), reason="仍不服"
    )
    p = refresh(p)
    h.petition_receive(actor=province.city_committee_head, petition=p)
    p = flow.reply(refresh(p), actor=province.city_committee_head, head=province.city_committee_head)
    p = flow.delivered(p, dt.date(2026, 6, 1), actor=province.city_committee_head)
    h.petition_propose_termination(actor=province.city_committee_head, petition=p, reasons="已复查复核")
    h.petition_review_termination(
        actor=province.province_reviewer, petition=refresh(p), approve=True, comment="同意"
    )
    h.petition_sign_termination(
        actor=province.province_owner, petition=refresh(p), approve=True, comment="同意"
    )
    return p


def test_termination_opens_a_care_task_at_the_petitioners_locality(clock, flow, province):  # noqa: F811
    # the problem arose in 凉州区 but the petitioner lives in 民勤县: 人案分离 — 民勤县委政法委 looks after them
    p = terminate(flow, province)
    Petition.objects.filter(pk=p.pk).update(residence_region_id="620621")
    assert not CareTask.objects.exists()
    h.petition_approve_termination(
        actor=province.province_supervisor, petition=refresh(p), approve=True, comment="批准"
    )
    p = refresh(p)
    assert p.state == State.TERMINATED
    task = CareTask.objects.get()
    assert task.committee == province.minqin_committee and task.reason == "terminated"
    assert task.status == CareStatus.OPEN
    assert Event.objects.filter(petition=p, action="care_task_opened", data__task=task.pk).exists()
    # the locality sees the matter and its task
    from care.selectors import care_task_list
    from organisations.models import Role
    from organisations.tests.factories import make_user

    grid_chief = make_user("mq_committee_head", province.minqin_committee, Role.UNIT_HEAD)
    assert list(care_task_list(grid_chief)) == [task]


def test_rejected_termination_opens_nothing(clock, flow, province):  # noqa: F811
    p = terminate(flow, province)
    h.petition_approve_termination(
        actor=province.province_supervisor, petition=refresh(p), approve=False, comment="不批"
    )
    assert not CareTask.objects.exists()


def test_a_terminated_matter_that_comes_back_opens_a_task(clock, flow, province):  # noqa: F811
    first = flow.registered(case_number="(2019)甘06民终123号")
    Petition.objects.filter(pk=first.pk).update(terminated_at=first.registered_at, state=State.TERMINATED)
    again = flow.registered(case_number="(2019)甘06民终123号")
    h.petition_decline(actor=province.liangzhou_clerk, petition=again, reason="已依法终结", notice="不再受理")
    task = CareTask.objects.get()
    assert task.petition == again and task.reason == "returned"
    assert task.committee == province.liangzhou_committee  # residence falls back to where the problem arose


def test_an_ordinary_decline_opens_nothing(clock, flow, province):  # noqa: F811
    p = flow.registered()
    h.petition_decline(
        actor=province.liangzhou_clerk, petition=p, reason="不属于涉法涉诉", notice="请到信访局"
    )
    assert not CareTask.objects.exists()


@pytest.fixture
def task(province, register):
    from petitions.models import Petition as P

    p = register(province.liangzhou_clerk, province.liangzhou_center)
    P.objects.filter(pk=p.pk).update(state=State.TERMINATED)
    return s.care_task_open(petition=p, reason="terminated")


def test_plan_visits_and_overdue_sweep(task, province):
    head = province.city_committee_head  # 武威市委政法委, above 凉州区
    today = timezone.localdate()
    with pytest.raises(InvalidInput) as exc:
        s.care_task_plan(
            actor=head, task=task, responsible_name="", responsible_kind="x", visit_interval_days=0,
            first_visit_on=today - dt.timedelta(days=1), plan="",
        )  # fmt: skip
    assert set(exc.value.errors) == {
        "responsible_name",
        "responsible_kind",
        "visit_interval_days",
        "first_visit_on",
        "plan",
    }
    s.care_task_plan(
        actor=head, task=task, responsible_name="李网格", responsible_kind="grid", visit_interval_days=30,
        first_visit_on=today, plan="每月走访，了解生活状况",
    )  # fmt: skip
    assert s.care_flag_overdue(today=today) == 0
    later = today + dt.timedelta(days=3)
    assert s.care_flag_overdue(today=later) == 1
    assert s.care_flag_overdue(today=later) == 0  # a rerun flags nothing twice
    task.refresh_from_db()
    assert task.overdue_flagged_for == today
    assert Event.objects.filter(petition=task.petition, action="care_visit_overdue").count() == 1
    s.care_visit_log(
        actor=head, task=task, visited_on=today, mode="face", situation="情绪稳定", help_given="协调低保"
    )
    task.refresh_from_db()
    assert task.next_visit_on == today + dt.timedelta(days=30) and task.overdue_flagged_for is None
    assert s.care_flag_overdue(today=later) == 0


def test_only_the_locality_committee_manages(task, province):
    with pytest.raises(PermissionDenied):
        s.care_task_close(actor=province.liangzhou_center_head, task=task, note="x")  # sees it, not a 政法委
    with pytest.raises(InvalidInput):
        s.care_task_close(actor=province.city_committee_head, task=task, note="")
    s.care_task_close(actor=province.city_committee_head, task=task, note="已息诉罢访")
    task.refresh_from_db()
    assert task.status == CareStatus.CLOSED


def test_future_visit_is_refused(task, province):
    with pytest.raises(InvalidInput) as exc:
        s.care_visit_log(
            actor=province.city_committee_head, task=task, visited_on=timezone.localdate() + dt.timedelta(days=1),
            mode="face", situation="x", help_given="",
        )  # fmt: skip
    assert "不能晚于今天" in exc.value.errors["visited_on"][0]
