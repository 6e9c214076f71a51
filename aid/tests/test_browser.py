"""In headless Chromium at phone width (390 px): one case's judicial aid — application (a bad amount first),
review, approval by the unit head, payment — and no page scrolls sideways."""

import pytest
from django.utils import timezone

from aid.models import AidApplication, AidBudget
from core.testing.browser import chromium_page
from organisations.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_aid_application_to_payment_at_phone_width(live_server, desk):
    with chromium_page(live_server.url, viewport=PHONE) as page:

        def fits():
            extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert extra <= 0, f"{page.url} is {extra}px wider than the window"

        def log_in(user):
            page.context.clear_cookies()
            page.goto("/login/")
            page.fill("#id_username", user.username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{live_server.url}/")

        log_in(desk.handler)
        page.goto(f"/petitions/{desk.petition.pk}/")
        fits()
        page.click("#aid-panel >> text=登记司法救助申请")
        page.wait_for_selector("#id_applicant_name")
        fits()
        page.fill("#id_applicant_name", "王建国")
        page.select_option("#id_relation", "self")
        page.fill("#id_harm", "交通事故致残，肇事者无力赔偿")
        page.fill("#id_hardship", "丧失劳动能力，家庭无其他收入")
        page.fill("#id_amount", "38000.555")
        page.click("button:has-text('提交申请')")
        page.wait_for_selector("text=金额最多保留两位小数（精确到分）。")
        fits()
        assert not AidApplication.objects.exists()
        page.fill("#id_amount", "38000.50")
        page.click("button:has-text('提交申请')")
        page.wait_for_selector("#aid-status:has-text('待审查')")
        fits()
        application = AidApplication.objects.get()

        page.select_option("#id_approve", "1")
        page.fill("#id_opinion", "符合司法救助条件")
        page.click("button:has-text('提交审查')")
        page.wait_for_selector("#aid-status:has-text('审批中')")
        fits()

        log_in(desk.head)
        page.goto(f"/aid/{application.pk}/")
        page.select_option("#id_approve", "1")
        page.fill("#id_comment", "同意救助")
        page.click("button:has-text('提交审批')")
        page.wait_for_selector("#aid-status:has-text('已批准待发放')")
        fits()

        log_in(desk.handler)
        page.goto(f"/aid/{application.pk}/")
        page.fill("#id_paid_on", timezone.localdate().isoformat())
        page.select_option("#id_method", "bank")
        page.fill("#id_voucher_number", "JZ-2026-0001")
        page.click("button:has-text('登记发放')")
        page.wait_for_selector("#aid-status:has-text('已发放')")
        fits()
        page.goto("/aid/budgets/")
        page.wait_for_selector("text=961999.50")
        fits()
    budget = AidBudget.objects.get()
    assert budget.paid == budget.granted and str(budget.paid) == "38000.50"
