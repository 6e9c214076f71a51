"""End to end in headless Chromium: a reception officer acknowledges and closes an alert over htmx."""

import pytest

from alerts.models import Alert, AlertRule, AlertStatus
from alerts.services import run_early_warning
from core.testing.browser import chromium_page
from organisations.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_acknowledge_and_close_an_alert(live_server, province, register):
    AlertRule.objects.update(enabled=False)
    AlertRule.objects.create(name="集体访（浏览器测试）", kind="group", params={"min_people": 5})
    register(province.liangzhou_clerk, province.liangzhou_center, group_size=6)
    run_early_warning()
    alert = Alert.objects.get()
    row = f"#alert-{alert.pk}"

    with chromium_page(live_server.url) as page:
        page.goto("/login/")
        page.fill("#id_username", province.liangzhou_clerk.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

        page.click("nav >> text=预警")
        page.wait_for_url("**/alerts/")
        assert page.locator(f"{row} >> text=集体访：6人共同信访").count() == 1

        page.click(f"{row} >> button:has-text('确认')")
        page.wait_for_selector(f"{row} >> text=已确认")
        assert page.url.endswith("/alerts/")  # swapped in place, no navigation

        page.click(f"{row} >> text=关闭")
        page.wait_for_selector(f"{row} >> textarea[name=note]")
        page.fill(f"{row} >> textarea[name=note]", "已约谈信访代表，稳控到位")
        page.click(f"{row} >> button:has-text('关闭预警')")
        page.wait_for_selector(f"{row} >> text=已约谈信访代表，稳控到位")

    alert.refresh_from_db()
    assert alert.status == AlertStatus.CLOSED
    assert alert.acknowledged_by == province.liangzhou_clerk == alert.closed_by
