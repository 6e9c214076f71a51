"""Reception rules: conflicts refused, bookings, lawyers' access through assignment."""

import datetime as dt

import pytest
from celery import current_app
from django.db import connection
from django.utils import timezone

from core.errors import InvalidInput, NotVisible
from core.tasks import ReliableTask
from core.testing.concurrency import run_concurrently
from petitions.events import action_label
from petitions.models import Event, Petition
from petitions.scope import visible_petitions
from reception import selectors, services
from reception.models import Booking, BookingStatus, Slot
from reception.tasks import send_booking_reminders_task

pytestmark = pytest.mark.django_db


def test_one_person_twice_at_once_is_refused(province, future_day):
    p = province
    services.duty_add(
        actor=p.liangzhou_clerk,
        unit=p.liangzhou_center,
        date=future_day,
        period="am",
        system="court",
        person=p.court_head,
    )
    with pytest.raises(InvalidInput) as exc:
        services.duty_add(
            actor=p.liangzhou_clerk,
            unit=p.liangzhou_center,
            date=future_day,
            period="am",
            system="police",
            person=p.court_head,
        )
    assert "person" in exc.value.errors
    # the afternoon is another half-day
    services.duty_add(
        actor=p.liangzhou_clerk,
        unit=p.liangzhou_center,
        date=future_day,
        period="pm",
        system="court",
        person=p.court_head,
    )


def test_lawyer_double_booking_is_refused(province, future_day, lawyer):
    p = province
    services.duty_add(
        actor=p.liangzhou_clerk,
        unit=p.liangzhou_center,
        date=future_day,
        period="am",
        system="lawyer",
        lawyer=lawyer,
    )
    with pytest.raises(InvalidInput) as exc:
        services.duty_add(
            actor=p.liangzhou_clerk,
            unit=p.liangzhou_center,
            date=future_day,
            period="am",
            system="lawyer",
            lawyer=lawyer,
        )
    assert "lawyer" in exc.value.errors


def test_roster_of_another_county_cannot_be_written(province, future_day):
    with pytest.raises(NotVisible):
        services.duty_add(
            actor=province.liangzhou_clerk,
            unit=province.minqin_center,
            date=future_day,
            period="am",
            system="court",
            person=province.liangzhou_clerk,
        )


def test_reception_cuts_slots_and_books_one_person_per_slot(province, leader_day):
    slots = list(leader_day.slots.all())
    assert len(slots) == 2
    booking = services.booking_create(
        slot_id=slots[0].pk, name="王建国", phone="13893512345", summary="执行问题"
    )
    assert len(booking.code) == 12 and booking.status == BookingStatus.BOOKED
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, name FROM reception_booking WHERE id = %s", [booking.pk])
        stored = cursor.fetchone()
    assert "13893512345" not in stored[0] and "王建国" not in stored[1]  # encrypted at rest
    assert booking.phone_hash and booking.phone_hash != "13893512345"
    with pytest.raises(InvalidInput) as exc:
        services.booking_create(slot_id=slots[0].pk, name="赵六", phone="13893512346", summary="另一事")
    assert "已被预约" in exc.value.errors["slot"][0]
    assert [s.pk for s in selectors.open_slots(leader_day)] == [slots[1].pk]


def test_cancel_with_the_code_frees_the_slot(province, leader_day):
    slot = leader_day.slots.first()
    booking = services.booking_create(slot_id=slot.pk, name="王建国", phone="13893512345", summary="执行问题")
    with pytest.raises(InvalidInput):
        services.booking_cancel(code="WRONGCODE234")
    services.booking_cancel(code=booking.code.lower())
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    with pytest.raises(InvalidInput):
        services.booking_cancel(code=booking.code)  # only once
    again = services.booking_create(slot_id=slot.pk, name="赵六", phone="13893512346", summary="另一事")
    assert again.status == BookingStatus.BOOKED


def test_past_slot_is_refused(province, leader_day):
    slot = leader_day.slots.first()
    later = slot.starts_at + dt.timedelta(minutes=1)
    with pytest.raises(InvalidInput) as exc:
        services.booking_create(slot_id=slot.pk, name="王建国", phone="13893512345", summary="事", now=later)
    assert "已过" in exc.value.errors["slot"][0]


def test_bad_booking_input_is_refused_with_field_errors(province, leader_day):
    with pytest.raises(InvalidInput) as exc:
        services.booking_create(slot_id=leader_day.slots.first().pk, name="", phone="123", summary="")
    assert set(exc.value.errors) == {"name", "phone", "summary"}
    assert not Booking.objects.exists()


def test_reminders_are_sent_once_the_day_before(province, leader_day, caplog):
    slot = leader_day.slots.first()
    services.booking_create(slot_id=slot.pk, name="王建国", phone="13893512345", summary="执行问题")
    assert services.booking_send_reminders(now=slot.starts_at - dt.timedelta(days=2)) == 0
    with caplog.at_level("INFO", logger="reception.sms"):
        assert services.booking_send_reminders(now=slot.starts_at - dt.timedelta(hours=3)) == 1
    assert "138****2345" in caplog.text and "13893512345" not in caplog.text
    assert services.booking_send_reminders(now=slot.starts_at - dt.timedelta(hours=2)) == 0


def test_reminders_run_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["reception-reminders"]
    assert entry["task"] == send_booking_reminders_task.name and entry["task"] in current_app.tasks
    assert isinstance(send_booking_reminders_task, ReliableTask) and entry["schedule"] > 0
    assert send_booking_reminders_task.run() == 0  # nothing booked: nothing sent


def test_a_lawyer_sees_only_assigned_petitions(province, register, lawyer):
    p = province
    assigned = register(p.liangzhou_clerk, p.liangzhou_center, title="指派给律师的事项")
    other = register(p.liangzhou_clerk, p.liangzhou_center, title="未指派的事项")
    assert not visible_petitions(p.lawyer).exists()
    assignment = services.lawyer_assign(
        actor=p.liangzhou_clerk, lawyer=lawyer, petition=assigned, role="adviser"
    )
    assert set(visible_petitions(p.lawyer)) == {assigned}
    assert other not in visible_petitions(p.lawyer)
    event = Event.objects.filter(petition=assigned, action="lawyer_assigned").get()
    assert action_label(event.action) == "指派律师"
    services.advice_record(
        actor=p.lawyer, assignment=assignment, date=timezone.localdate(), persons=2, content="建议申请再审"
    )
    services.lawyer_unassign(actor=p.liangzhou_clerk, assignment=assignment)
    assert not visible_petitions(p.lawyer).exists()


def test_at_most_two_agents_per_petitioner(province, register, lawyer):
    p = province
    petition = register(p.liangzhou_clerk, p.liangzhou_center)
    second = services.lawyer_create(
        actor=p.liangzhou_clerk,
        unit=p.liangzhou_center,
        name="钱律师",
        firm="所二",
        licence_number="16206201810012346",
    )
    third = services.lawyer_create(
        actor=p.liangzhou_clerk,
        unit=p.liangzhou_center,
        name="孙律师",
        firm="所三",
        licence_number="16206201810012347",
    )
    services.lawyer_assign(actor=p.liangzhou_clerk, lawyer=lawyer, petition=petition, role="agent")
    services.lawyer_assign(actor=p.liangzhou_clerk, lawyer=second, petition=petition, role="agent")
    with pytest.raises(InvalidInput) as exc:
        services.lawyer_assign(actor=p.liangzhou_clerk, lawyer=third, petition=petition, role="agent")
    assert "两名" in exc.value.errors["role"][0]
    services.lawyer_assign(actor=p.liangzhou_clerk, lawyer=third, petition=petition, role="adviser")


def test_assignment_needs_the_petition_in_scope(province, register, lawyer):
    p = province
    minqin = register(p.minqin_clerk, p.minqin_center, problem_region="620621")
    with pytest.raises(NotVisible):
        services.lawyer_assign(actor=p.liangzhou_clerk, lawyer=lawyer, petition=minqin, role="adviser")
    assert not visible_petitions(p.lawyer).exists()


def test_figures_for_a_period(province, register, lawyer, future_day):
    p = province
    petition = register(p.liangzhou_clerk, p.liangzhou_center)
    shift = services.duty_add(
        actor=p.liangzhou_clerk,
        unit=p.liangzhou_center,
        date=future_day,
        period="am",
        system="lawyer",
        lawyer=lawyer,
    )
    services.duty_set_received(actor=p.liangzhou_clerk, shift=shift, persons=4)
    a = services.lawyer_assign(actor=p.liangzhou_clerk, lawyer=lawyer, petition=petition, role="adviser")
    services.advice_record(actor=p.lawyer, assignment=a, date=future_day, persons=2, content="意见")
    today = timezone.localdate()
    figures = selectors.lawyer_figures(p.liangzhou_center_head, today, future_day)
    assert figures == {"lawyers_active": 1, "duty_sessions": 1, "persons_received": 6, "cases_taken_part": 1}
    assert selectors.lawyer_figures(p.ganzhou_clerk, today, future_day)["duty_sessions"] == 0


def test_bookings_for_petition_show_the_public_part(province, register, leader_day):
    p = province
    petition = register(p.liangzhou_clerk, p.liangzhou_center)
    booking = services.booking_create(
        slot_id=leader_day.slots.first().pk, name="王建国", phone="13893512345", summary="执行"
    )
    services.reception_link_petition(
        actor=p.liangzhou_clerk, reception=leader_day, petition=petition, booking=booking
    )
    rows = selectors.bookings_for_petition(petition)
    assert rows and rows[0]["kind"] == "领导接待日" and rows[0]["status"] == "已接待"
    assert "王建国" not in str(rows) and "13893512345" not in str(rows)
    assert Event.objects.filter(petition=petition, action="reception_linked").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent sessions")
def test_two_people_booking_one_slot_at_once_get_one_booking():
    from conftest import Province

    p = Province()
    day = timezone.localdate() + dt.timedelta(days=2)
    r = services.reception_create(
        actor=p.liangzhou_clerk,
        unit=p.liangzhou_center,
        kind="leader_day",
        host="张",
        date=day,
        start_time=dt.time(9),
        end_time=dt.time(9, 30),
        place="一楼",
    )
    slot = Slot.objects.get(reception=r)
    errors = run_concurrently(
        lambda i: services.booking_create(
            slot_id=slot.pk, name=f"人{i}", phone=f"1389351234{i}", summary="事"
        ),
        4,
    )
    assert Booking.objects.filter(slot=slot).count() == 1
    assert len(errors) == 3 and all(isinstance(e, InvalidInput) for e in errors)
    Petition.objects.all().delete()


def test_the_portal_tracking_page_shows_the_petitioners_appointments(province, register, leader_day):
    from portal.tracking import render_sections
    from reception.panels import portal_bookings

    p = province
    petition = register(p.liangzhou_clerk, p.liangzhou_center)
    assert portal_bookings(petition) is None
    booking = services.booking_create(
        slot_id=leader_day.slots.first().pk, name="王建国", phone="13893512345", summary="执行"
    )
    services.reception_link_petition(
        actor=p.liangzhou_clerk, reception=leader_day, petition=petition, booking=booking
    )
    html = "".join(render_sections(petition))
    assert "我的预约" in html and "领导接待日" in html and "已接待" in html
    assert "王建国" not in html and "13893512345" not in html
