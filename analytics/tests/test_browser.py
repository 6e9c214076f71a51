"""End to end in headless Chromium: a leader opens the dashboard; the charts draw and the figures show."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from core.testing.browser import chromium_page
from organisations.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_sees_the_charts_and_the_headline_figures(live_server, province, register):
    last_year = dt.date.today().year - 1
    for day in (3, 4, 5):
        register(
            province.liangzhou_clerk,
            province.liangzhou_center,
            registered_at=dt.datetime(last_year, 3, day, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
        )
    with chromium_page(live_server.url) as page:
        page.goto("/login/")
        page.fill("#id_username", province.province_leader.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

        page.click("nav >> text=统计分析")
        page.wait_for_url("**/analytics/")
        page.select_option("#id_preset", "last_year")
        page.click("button:has-text('统计')")
        page.wait_for_selector("text=统计期间 " + f"{last_year}-01-01")
        for chart in ("trend", "system", "channel", "category", "settlement_form"):
            page.wait_for_selector(f"#chart-{chart} canvas")
        assert page.inner_text("#stat-registered .value") == "3"
        assert page.get_attribute("#stat-settled_rate", "title") == "已结已息 ÷ 应化解件数。"
        page.click("section:has(#trend-title) details summary")
        assert page.locator("section:has(#trend-title) details table tbody tr").count() == 12
