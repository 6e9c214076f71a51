"""Dates outside a sane window are refused with a message everywhere, never an OverflowError (500)."""

import datetime as dt

import pytest
from django import forms
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework import serializers

from conftest import person, registration
from core.errors import InvalidInput
from organisations.tests.factories import PASSWORD
from petitions.models import Event, Petition
from petitions.services import petition_register
from petitions.tests.test_views import form_data

pytestmark = pytest.mark.django_db


class AnyNewForm(forms.Form):
    day = forms.DateField()
    moment = forms.DateTimeField(required=False)


class AnyNewSerializer(serializers.Serializer):
    day = serializers.DateField()
    moment = serializers.DateTimeField(required=False)


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "3000-01-01", "9999-12-31"])
def test_every_form_and_api_date_field_refuses_dates_outside_the_window(day):
    form = AnyNewForm({"day": day, "moment": f"{day} 00:00"})
    assert not form.is_valid()
    assert "应在1900-01-01至2999-12-31之间" in form.errors["day"][0] and "moment" in form.errors
    api = AnyNewSerializer(data={"day": day, "moment": f"{day}T00:00:00"})
    assert not api.is_valid() and set(api.errors) == {"day", "moment"}
    assert AnyNewForm({"day": "2026-03-01"}).is_valid()


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        ("0001-01-01T00:00", "日期应在1900-01-01至2999-12-31之间，当前为0001-01-01。"),
        ("1949-09-30T23:59", "登记时间应在1949-10-01至"),
        ("9999-12-31T23:59", "日期应在1900-01-01至2999-12-31之间，当前为9999-12-31。"),
    ],
)
def test_registration_time_outside_1949_to_tomorrow_is_refused_with_a_message(
    client, province, moment, message
):
    client.login(username=province.liangzhou_clerk.username, password=PASSWORD)
    response = client.post(reverse("petitions:register"), form_data(province, registered_at=moment))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert Petition.objects.count() == Event.objects.count() == 0


def test_the_registration_service_refuses_a_time_outside_the_window(province):
    far = dt.datetime(1, 1, 1, tzinfo=dt.UTC)
    with pytest.raises(InvalidInput) as exc:
        petition_register(
            actor=province.liangzhou_clerk,
            unit=province.liangzhou_center,
            data=registration(registered_at=far),
            petitioners=[person()],
        )
    assert "登记时间应在1949-10-01至" in exc.value.errors["registered_at"][0]
    assert Petition.objects.count() == 0
    later = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(InvalidInput):
        petition_register(
            actor=province.liangzhou_clerk,
            unit=province.liangzhou_center,
            data=registration(registered_at=later),
            petitioners=[person()],
        )


@pytest.mark.parametrize("start", ["9999-12-25", "0001-01-01", "1949-09-30", "2101-01-01"])
def test_the_deadline_calculator_refuses_a_start_outside_its_window(client, province, start):
    client.login(username=province.liangzhou_clerk.username, password=PASSWORD)
    response = client.get(
        reverse("deadlines:calculator"), {"start": start, "days": 15, "counting": "calendar"}
    )
    assert response.status_code == 200
    assert f"起算日应在1949-10-01至2100-12-31之间，当前为{start}。" in response.content.decode()
    with pytest.raises(CommandError, match="起算日应在1949-10-01至2100-12-31之间"):
        call_command("deadline", "--from", start, "--days", "15")


def test_the_calculator_still_counts_at_the_ends_of_its_window(capsys):
    call_command("deadline", "--from", "2100-12-31", "--days", "3650", "--working")
    assert capsys.readouterr().out.strip() > "2110-01-01"
    call_command("deadline", "--from", "1949-10-01", "--days", "15")
    assert capsys.readouterr().out.strip() in ("1949-10-16", "1949-10-17")  # last day on a Sunday moves on


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-25"])
def test_statistics_refuse_dates_outside_the_window(client, province, day):
    client.force_login(province.province_leader)
    response = client.get("/api/v1/statistics/", {"from": day, "to": "2026-01-01"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]
    page = client.get("/analytics/", {"preset": "custom", "date_from": day, "date_to": "2026-01-01"})
    assert page.status_code in (200, 400)
    with pytest.raises(CommandError):
        call_command("report", "--from", day, "--to", "2026-01-01")


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_list_export_and_api_filters_never_fail_on_far_dates(client, province, register, day):
    register(province.liangzhou_clerk, province.liangzhou_center)
    client.force_login(province.city_committee_head)
    for url in ("/petitions/", "/ledger/export.xlsx", "/api/v1/petitions/"):
        for name in ("registered_from", "registered_to"):
            response = client.get(url, {name: day})
            assert response.status_code in (200, 302, 400), (url, name, response.status_code)
