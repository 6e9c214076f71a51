"""The alert list, its scope, acknowledge/close over htmx, aggregate links, the nav badge and the dashboard panel."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from alerts.models import Alert, AlertStatus
from alerts.selectors import open_alert_count, open_alerts_for, visible_alerts
from alerts.services import run_early_warning
from alerts.tests.conftest import id_number
from conftest import person
from core import navigation
from organisations.selectors import staff_context

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def alerts(rules, petition_at, province):
    """A group alert in 凉州区, one in 民勤县, and an aggregate (unusual rise) alert for 凉州区."""
    rules.make("group", min_people=5)
    rules.make("unusual_rise", dimension="region", weeks=8, sigma=3, min_count=5, roles=())
    liangzhou = petition_at(days=1, group_size=6, title="凉州区集体访")
    for _ in range(5):
        petition_at(days=2)
    minqin = petition_at(
        days=1,
        actor=province.minqin_clerk,
        unit=province.minqin_center,
        group_size=7,
        problem_region="620621",
        petitioners=[person(name="孙七", id_number=id_number(9, "620621"), address="甘肃省武威市民勤县")],
    )
    run_early_warning()

    class Alerts:
        lz = Alert.objects.get(petition=liangzhou)
        mq = Alert.objects.get(petition=minqin)
        rise = Alert.objects.get(petition__isnull=True)

    return Alerts


def test_scope_of_the_list(client, alerts, province):
    assert set(visible_alerts(province.liangzhou_clerk)) == {alerts.lz}
    assert set(visible_alerts(province.minqin_clerk)) == {alerts.mq}
    assert set(visible_alerts(province.liangzhou_leader)) == {alerts.lz, alerts.rise}  # county committee
    assert set(visible_alerts(province.wuwei_supervisor)) == {alerts.lz, alerts.mq, alerts.rise}
    assert set(visible_alerts(province.ganzhou_clerk)) == set()
    assert set(visible_alerts(province.sysadmin)) == set()

    client.force_login(province.liangzhou_clerk)
    response = client.get(reverse("alerts:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert alerts.lz.reason in body
    assert reverse("petitions:detail", args=[alerts.lz.petition_id]) in body
    assert f'id="alert-{alerts.mq.pk}"' not in body
    assert f'id="alert-{alerts.rise.pk}"' not in body


def test_another_countys_alert_is_404_everywhere(client, alerts, province):
    client.force_login(province.minqin_clerk)
    for name in ("acknowledge", "close", "petitions"):
        url = reverse(f"alerts:{name}", args=[alerts.lz.pk])
        assert client.post(url, {"note": "x"}).status_code == 404
    assert client.get(reverse("alerts:close", args=[alerts.lz.pk])).status_code == 404
    alerts.lz.refresh_from_db()
    assert alerts.lz.status == AlertStatus.OPEN


def test_acknowledge_over_htmx_returns_the_row(client, alerts, province):
    client.force_login(province.liangzhou_clerk)
    url = reverse("alerts:acknowledge", args=[alerts.lz.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith(f'<tr id="alert-{alerts.lz.pk}">')
    assert "已确认" in body and "lz_clerk" in body
    alerts.lz.refresh_from_db()
    assert alerts.lz.status == AlertStatus.ACKNOWLEDGED
    # a second acknowledge explains itself inside the row
    again = client.post(url, **HTMX).content.decode()
    assert "该预警已被处理，请刷新页面。" in again


def test_close_with_a_note_over_htmx(client, alerts, province):
    client.force_login(province.liangzhou_center_head)
    url = reverse("alerts:close", args=[alerts.lz.pk])
    form = client.get(url, **HTMX).content.decode()
    assert 'name="note"' in form and "关闭预警" in form
    missing = client.post(url, {"note": ""}, **HTMX).content.decode()
    assert "请填写处理说明。" in missing
    done = client.post(url, {"note": "已化解，信访人书面承诺息访"}, **HTMX).content.decode()
    assert "已关闭" in done and "已化解，信访人书面承诺息访" in done
    alerts.lz.refresh_from_db()
    assert (alerts.lz.status, alerts.lz.closed_by) == (AlertStatus.CLOSED, province.liangzhou_center_head)


def test_close_without_htmx_redirects(client, alerts, province):
    client.force_login(province.liangzhou_clerk)
    url = reverse("alerts:close", args=[alerts.lz.pk])
    assert "处理说明" in client.get(url).content.decode()
    response = client.post(url, {"note": "已处理"})
    assert response.status_code == 302 and response["Location"] == reverse("alerts:list")


def test_a_role_that_may_not_act_sees_no_buttons_and_is_refused(client, alerts, province):
    client.force_login(province.liangzhou_leader)
    body = client.get(reverse("alerts:list")).content.decode()
    assert alerts.lz.reason in body
    assert reverse("alerts:acknowledge", args=[alerts.lz.pk]) not in body
    assert client.post(reverse("alerts:acknowledge", args=[alerts.lz.pk])).status_code == 403
    assert client.get(reverse("alerts:close", args=[alerts.lz.pk])).status_code == 403


def test_filters(client, alerts, province):
    client.force_login(province.wuwei_supervisor)
    url = reverse("alerts:list")
    assert client.get(url, {"kind": "unusual_rise"}).content.decode().count('<tr id="alert-') == 1
    assert client.get(url, {"kind": "group"}).content.decode().count('<tr id="alert-') == 2
    Alert.objects.filter(pk=alerts.mq.pk).update(status=AlertStatus.CLOSED)
    assert client.get(url).content.decode().count('<tr id="alert-') == 2  # open by default
    assert client.get(url, {"status": "closed"}).content.decode().count('<tr id="alert-') == 1
    assert client.get(url, {"status": ""}).content.decode().count('<tr id="alert-') == 3
    partial = client.get(url, {"status": ""}, **HTMX).content.decode()
    assert "<html" not in partial and partial.count('<tr id="alert-') == 3


def test_aggregate_alert_links_to_the_petitions_it_counted(client, alerts, province):
    assert alerts.rise.get_absolute_url() == reverse("alerts:petitions", args=[alerts.rise.pk])
    client.force_login(province.wuwei_supervisor)
    response = client.get(alerts.rise.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert alerts.rise.reason in body
    assert "共 6 件" in body  # the group petition and five more, all in 凉州区 this week
    assert body.count('href="/petitions/') >= 6
    # a region's rise also links the ledger, filtered to the region and the week
    assert (
        'href="/petitions/?region=620602&amp;registered_from=2026-05-25&amp;registered_to=2026-06-01"' in body
    )
    client.force_login(province.liangzhou_clerk)  # not a committee: the aggregate is not theirs
    assert client.get(alerts.rise.get_absolute_url()).status_code == 404


def test_list_queries_do_not_grow_with_the_number_of_alerts(
    client, alerts, province, petition_at, django_assert_max_num_queries
):
    client.force_login(province.wuwei_supervisor)
    url = reverse("alerts:list")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        petition_at(days=1, group_size=8)
    run_early_warning()
    assert Alert.objects.count() == 9
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('<tr id="alert-') == 9


def test_nav_badge_counts_open_visible_alerts(client, alerts, province):
    assert open_alert_count(province.liangzhou_clerk) == 1
    assert open_alert_count(province.wuwei_supervisor) == 3
    items = navigation.build(province.wuwei_supervisor, staff_context(province.wuwei_supervisor), "/alerts/")
    (entry,) = [i for s in items for i in s["items"] if i["url"] == "/alerts/"]
    assert (entry["label"], entry["active"]) == ("预警", True)
    counts = navigation.counts(province.wuwei_supervisor, staff_context(province.wuwei_supervisor))
    assert counts[entry["badge_id"]] == 3
    Alert.objects.filter(pk=alerts.lz.pk).update(status=AlertStatus.ACKNOWLEDGED)
    assert open_alert_count(province.wuwei_supervisor) == 2
    sysadmin_items = navigation.build(province.sysadmin, staff_context(province.sysadmin), "/")
    assert all(i["url"] != "/alerts/" for s in sysadmin_items for i in s["items"])


def test_dashboard_panel(alerts, province):
    top = open_alerts_for(province.wuwei_supervisor, limit=2)
    assert len(top) == 2
    assert top[0].severity >= top[1].severity
    assert open_alerts_for(province.minqin_clerk) == [alerts.mq]

    request = RequestFactory().get("/")
    request.user = province.liangzhou_clerk
    html = Template("{% load alert_tags %}{% alerts_dashboard_panel limit=5 %}").render(
        Context({"request": request})
    )
    assert alerts.lz.reason in html and alerts.mq.reason not in html
    assert reverse("petitions:detail", args=[alerts.lz.petition_id]) in html
    request.user = province.ganzhou_clerk
    empty = Template("{% load alert_tags %}{% alerts_dashboard_panel %}").render(
        Context({"request": request})
    )
    assert "暂无待处理的预警。" in empty
