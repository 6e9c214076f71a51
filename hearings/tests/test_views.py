"""Hearing and consultation pages and API: the past refused with a message, the notice, scope and roles."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from hearings.models import Consultation, Hearing
from hearings.tests.test_services import schedule
from organisations.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_schedule_page_refuses_the_past_and_saves_nothing(clock, province, rereview):
    c = client_for(province.city_committee_head)
    data = {
        "subject": "听证",
        "starts_at": "2026-05-30T09:00",
        "place": "听证室",
        "kind_0": "deputy",
        "name_0": "刘代表",
    }
    response = c.post(reverse("hearings:hearing_create", args=[rereview.pk]), data)
    assert response.status_code == 400
    assert "听证时间不能早于当前时间：不能安排过去的听证。" in response.content.decode()
    assert not Hearing.objects.exists()
    response = c.post(
        reverse("hearings:hearing_create", args=[rereview.pk]), {**data, "starts_at": "2026-06-10T09:00"}
    )
    hearing = Hearing.objects.get()
    assert response["Location"] == reverse("hearings:hearing_detail", args=[hearing.pk])
    assert hearing.participants.get().get_kind_display() == "人大代表"


def test_record_page_stops_the_rereview_clock(clock, province, rereview):
    hearing = schedule(province.city_committee_head, rereview)
    clock.move_to(dt.datetime(2026, 6, 12, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    c = client_for(province.city_committee_head)
    response = c.post(reverse("hearings:hearing_record", args=[hearing.pk]),
                      {"minutes": "笔录", "panel_opinion": "维持", "outcome": "upheld", "petitioner_accepted": "1"})  # fmt: skip
    assert response.status_code == 302
    page = c.get(reverse("hearings:hearing_detail", args=[hearing.pk])).content.decode()
    assert "听证3日不计入复核期限" in page and "接受" in page


def test_notice_is_a_docx_for_those_who_see_the_petition(clock, province, rereview):
    hearing = schedule(province.city_committee_head, rereview)
    response = client_for(province.city_committee_head).get(
        reverse("hearings:hearing_notice", args=[hearing.pk])
    )
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert "attachment" in response["Content-Disposition"]
    assert (
        client_for(province.ganzhou_clerk)
        .get(reverse("hearings:hearing_notice", args=[hearing.pk]))
        .status_code
        == 404
    )


def test_scope_and_role(clock, province, rereview):
    hearing = schedule(province.city_committee_head, rereview)
    outsider = client_for(province.ganzhou_clerk)
    assert outsider.get(reverse("hearings:hearing_detail", args=[hearing.pk])).status_code == 404
    assert outsider.get(reverse("hearing-detail", args=[hearing.pk])).status_code == 404
    assert outsider.get(reverse("hearing-list")).json()["count"] == 0
    clerk = client_for(province.liangzhou_clerk)
    assert clerk.get(reverse("hearings:hearing_create", args=[rereview.pk])).status_code == 403


def test_api_schedules_with_structured_errors(clock, province, rereview):
    c = client_for(province.city_committee_head)
    payload = {"petition": rereview.pk, "subject": "听证", "starts_at": "2026-05-01T09:00:00+08:00", "place": "听证室",
               "participants": [{"kind": "lawyer", "name": "陈律师"}]}  # fmt: skip
    refused = c.post(reverse("hearing-list"), payload, content_type="application/json")
    assert refused.status_code == 400 and "starts_at" in refused.json()["error"]["fields"]
    payload["starts_at"] = "2026-06-20T09:00:00+08:00"
    created = c.post(reverse("hearing-list"), payload, content_type="application/json")
    assert created.status_code == 201 and created.json()["participants"][0]["kind_label"] == "律师"


def test_consultation_pages(clock, province, flow):
    p = flow.in_progress()
    c = client_for(province.city_committee_head)
    response = c.post(reverse("hearings:consultation_create", args=[p.pk]), {"subject": "", "held_on": ""})
    assert response.status_code == 400 and "请填写会诊议题。" in response.content.decode()
    response = c.post(reverse("hearings:consultation_create", args=[p.pk]), {
        "subject": "会诊", "held_on": "2026-06-02", "units": [province.liangzhou_court.pk, province.liangzhou_police.pk]})  # fmt: skip
    consultation = Consultation.objects.get()
    c.post(reverse("hearings:consultation_task_create", args=[consultation.pk]),
           {"description": "补充调查", "owner_unit": province.liangzhou_police.pk, "deadline": "2026-06-20"})  # fmt: skip
    page = client_for(province.police_head).get(reverse("hearings:my_tasks")).content.decode()
    assert "补充调查" in page
