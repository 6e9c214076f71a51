"""Errors answer in the product's own words and layout (Chinese), never Django's English debug page."""

import pytest
from django.test import RequestFactory
from django.views import defaults

from organisations.models import Role, UnitType
from organisations.tests.factories import make_unit, make_user

pytestmark = pytest.mark.django_db


def test_unknown_page_anonymous_gets_the_product_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在或您无权查看" in body and "涉法涉诉信访工作平台" in body
    assert "Page not found" not in body and "Traceback" not in body


def test_unknown_page_staff_gets_the_404_inside_the_layout(client):
    unit = make_unit("620602", UnitType.COURT, "凉州区人民法院")
    user = make_user("court", unit, Role.HANDLER)
    client.force_login(user)
    response = client.get("/petitions/999999/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "不在您所在单位的数据范围内" in body and 'class="sidebar"' in body


def test_server_error_page_renders_without_a_request_context():
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "系统出错，请稍后重试" in body and "Server Error" not in body


def test_csrf_failure_is_the_product_403(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "请求无法验证" in response.content.decode()


def test_admin_speaks_the_product_and_greets_by_full_name(client):
    from organisations.models import User

    admin_user = User.objects.create_superuser("root", password="x" * 16, full_name="王建国")
    client.force_login(admin_user)
    body = client.get("/admin/").content.decode()
    assert "涉法涉诉信访工作平台 管理" in body
    assert "王建国" in body


def test_icons_are_inline_svg_not_emoji():
    from django.template import Context, Template

    html = Template('{% load icons %}{% icon "paperclip" %}|{% icon "alert" label="预警" %}').render(
        Context()
    )
    plain, labelled = html.split("|")
    assert plain.startswith("<svg") and 'aria-hidden="true"' in plain and "📎" not in plain
    assert 'aria-label="预警"' in labelled and "style" not in html


def test_administrator_home_shows_configuration_health(client):
    from organisations.models import User

    committee = make_unit("620000", UnitType.COMMITTEE, "甘肃省委政法委")
    make_unit("620602", UnitType.COURT, "凉州区人民法院")  # nobody works there yet
    User.objects.create_user("newcomer", password="x" * 16)  # no role yet
    admin_user = make_user("sysadmin", committee, Role.SYSADMIN)
    client.force_login(admin_user)
    body = client.get("/").content.decode()
    assert "系统配置状况" in body
    assert "未分配岗位角色的账号" in body and "newcomer" in body
    assert "没有工作人员的单位" in body and "凉州区人民法院" in body
    assert "时限规则" in body and "工作日历已覆盖的年份" in body
    assert "范围内信访事项" not in body  # not four zeros


def test_login_page_has_the_language_switch(client):
    from django.urls import reverse

    body = client.get(reverse("login")).content.decode()
    assert 'id="lang-switch"' in body and "English" in body and "简体中文" in body
    response = client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    assert "Law-Related Petition Work Platform" in client.get(reverse("login")).content.decode()
