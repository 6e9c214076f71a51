"""Pages: public booking and cancelling, rate limit, the staff day list and roster, the register prefill."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client

from petitions.models import Petition
from petitions.tests.test_views import form_data
from reception import services
from reception.models import Booking, BookingStatus, DutyShift

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def staff(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_public_booking_and_cancel(province, leader_day):
    client = Client()
    page = client.get("/portal/appointments/")
    assert page.status_code == 200 and "张书记" in page.content.decode()
    slot = leader_day.slots.first()
    response = client.get(f"/portal/appointments/{leader_day.pk}/")
    assert response.status_code == 200
    response = client.post(
        f"/portal/appointments/{leader_day.pk}/",
        {"slot": slot.pk, "name": "王建国", "phone": "13893512345", "summary": "执行问题"},
        follow=True,
    )
    booking = Booking.objects.get()
    assert booking.code in response.content.decode()
    assert client.get("/portal/appointments/booked/").status_code == 302  # the code is shown once
    again = client.post(
        f"/portal/appointments/{leader_day.pk}/",
        {"slot": slot.pk, "name": "赵六", "phone": "13893512346", "summary": "另一事"},
    )
    assert again.status_code == 400 and "已被预约" in again.content.decode()
    assert "王建国" not in again.content.decode()
    cancelled = client.post("/portal/appointments/cancel/", {"code": booking.code})
    assert cancelled.status_code == 200 and "已取消" in cancelled.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_bad_input_keeps_what_was_typed(province, leader_day):
    response = Client().post(
        f"/portal/appointments/{leader_day.pk}/", {"slot": "", "name": "王建国", "phone": "12", "summary": ""}
    )
    body = response.content.decode()
    assert response.status_code == 400 and "王建国" in body and "电话" in body
    assert not Booking.objects.exists()


def test_slot_of_another_reception_is_refused(province, leader_day, future_day):
    other = services.reception_create(
        actor=province.liangzhou_clerk,
        unit=province.liangzhou_center,
        kind="leader_day",
        host="李",
        date=future_day,
        start_time=dt.time(14),
        end_time=dt.time(15),
        place="二楼",
        published=False,
    )
    response = Client().post(
        f"/portal/appointments/{leader_day.pk}/",
        {"slot": other.slots.first().pk, "name": "王建国", "phone": "13893512345", "summary": "事"},
    )
    assert response.status_code == 400 and not Booking.objects.exists()
    assert Client().get(f"/portal/appointments/{other.pk}/").status_code == 404  # unpublished


def test_cancel_attempts_are_rate_limited(province):
    client = Client()
    statuses = [
        client.post("/portal/appointments/cancel/", {"code": f"GUESS{i:07d}"}).status_code for i in range(21)
    ]
    assert statuses[:20] == [400] * 20 and statuses[20] == 429


def test_staff_see_the_booking_in_the_day_list(province, leader_day):
    booking = services.booking_create(
        slot_id=leader_day.slots.first().pk, name="王建国", phone="13893512345", summary="执行问题"
    )
    body = staff(province.liangzhou_clerk).get(f"/reception/?date={leader_day.date}").content.decode()
    assert booking.code in body and "王建国" in body
    other = staff(province.ganzhou_clerk).get(f"/reception/?date={leader_day.date}").content.decode()
    assert "王建国" not in other and "张书记" not in other


def test_roster_refuses_a_conflict_in_the_form(province, future_day):
    client = staff(province.liangzhou_clerk)
    data = {
        "unit": province.liangzhou_center.pk,
        "date": future_day,
        "period": "am",
        "system": "court",
        "person": province.court_head.pk,
    }
    assert client.post("/reception/roster/", data).status_code == 302
    response = client.post("/reception/roster/", {**data, "system": "police"})
    assert response.status_code == 400 and "已有值班安排" in response.content.decode()
    assert DutyShift.objects.count() == 1
    week = client.get(f"/reception/roster/?week={future_day}").content.decode()
    assert "lz_court_head" in week


def test_registration_starts_from_a_booking_and_links_it(province, leader_day):
    booking = services.booking_create(
        slot_id=leader_day.slots.first().pk, name="王建国", phone="13893512345", summary="判决未执行"
    )
    client = staff(province.liangzhou_clerk)
    form = client.get(f"/petitions/register/?booking={booking.pk}").content.decode()
    assert 'value="王建国"' in form and "判决未执行" in form
    outsider = (
        staff(province.ganzhou_clerk).get(f"/petitions/register/?booking={booking.pk}").content.decode()
    )
    assert "王建国" not in outsider
    data = form_data(province, title="判决未执行", **{"p-0-name": "王建国", "i-TOTAL_FORMS": "0"})
    response = client.post(f"/petitions/register/?booking={booking.pk}", data)
    assert response.status_code == 302
    petition = Petition.objects.get()
    booking.refresh_from_db()
    assert booking.petition == petition and booking.status == BookingStatus.RECEIVED
    detail = client.get(f"/reception/receptions/{leader_day.pk}/").content.decode()
    assert petition.number in detail


def test_lawyer_panel_and_statistics_page(province, register, lawyer):
    p = province
    petition = register(p.liangzhou_clerk, p.liangzhou_center)
    client = staff(p.liangzhou_clerk)
    response = client.post(
        f"/reception/petitions/{petition.pk}/lawyers/", {"lawyer": lawyer.pk, "role": "adviser"}
    )
    assert response.status_code == 302
    lawyer_client = staff(p.lawyer)
    page = lawyer_client.get(f"/petitions/{petition.pk}/")
    assert page.status_code == 200 and "李律师" in page.content.decode()
    stats = client.get("/reception/statistics/")
    assert stats.status_code == 200 and 'data-figure="cases_taken_part"' in stats.content.decode()
    api = client.get("/api/v1/reception/lawyers/").json()
    assert [row["name"] for row in api["results"]] == ["李律师"]
    assert staff(p.ganzhou_clerk).get("/api/v1/reception/lawyers/").json()["results"] == []
