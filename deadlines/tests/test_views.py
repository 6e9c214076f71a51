"""The 期限计算器 page: full page, htmx partial, errors and the uncovered-year warning."""

import pytest
from django.urls import reverse

from organisations.models import User

pytestmark = pytest.mark.django_db

URL = "/deadlines/calculator/"


@pytest.fixture
def staff_client(client):
    user = User.objects.create_user(username="calc", password="test-pass-123", full_name="计算员")
    client.force_login(user)
    return client


def test_url_name():
    assert reverse("deadlines:calculator") == URL


def test_login_required(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_empty_form(staff_client):
    response = staff_client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "期限计算器" in body
    assert 'name="start"' in body
    assert "data-due" not in body


def test_working_days_across_national_day(staff_client):
    response = staff_client.get(URL, {"start": "2025-09-26", "days": "15", "counting": "working"})
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["result"].due.isoformat() == "2025-10-23"
    assert 'data-due="2025-10-23"' in body
    assert "国庆节" in body and "中秋" in body
    assert "国庆节调休上班" in body
    assert "尚未录入" not in body


def test_post_works_too(staff_client):
    response = staff_client.post(URL, {"start": "2025-09-20", "days": "15", "counting": "calendar"})
    assert response.status_code == 200
    assert 'data-due="2025-10-09"' in response.content.decode()


def test_htmx_request_gets_the_partial(staff_client):
    response = staff_client.get(
        URL, {"start": "2025-09-20", "days": "15", "counting": "calendar"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith('<div id="calculator">')
    assert 'data-due="2025-10-09"' in body


def test_invalid_input_shows_errors(staff_client):
    response = staff_client.get(URL, {"start": "2025-02-30", "days": "0", "counting": "working"})
    assert response.status_code == 200
    assert response.context["result"] is None
    form = response.context["form"]
    assert set(form.errors) == {"start", "days"}


def test_uncovered_year_warns(staff_client):
    response = staff_client.get(URL, {"start": "2031-03-02", "days": "10", "counting": "working"})
    body = response.content.decode()
    assert "alert alert-warning" in body
    assert "2031年度节假日安排尚未录入" in body


def test_admin_pages_load(admin_client):
    from deadlines.models import CalendarDay

    CalendarDay.objects.create(date="2031-01-01", is_working=False, note="元旦")
    CalendarDay.objects.create(date="2032-02-11", is_working=False, note="春节")
    assert admin_client.get("/admin/deadlines/calendarday/").status_code == 200
    response = admin_client.get("/admin/deadlines/calendarday/", {"year": "2031"})
    assert response.status_code == 200
    assert "元旦" in response.content.decode()
    assert "春节" not in response.content.decode()
    assert admin_client.get("/admin/deadlines/timelimitrule/").status_code == 200
