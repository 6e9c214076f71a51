"""End to end in headless Chromium: a reception officer registers a petition and finds it in the list."""

import pytest

from conftest import VALID_ID
from core.testing.browser import chromium_page
from organisations.tests.factories import PASSWORD
from petitions.models import Petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reception_officer_registers_a_petition_and_finds_it_in_the_list(live_server, province):
    with chromium_page(live_server.url) as page:
        page.goto("/login/")
        page.fill("#id_username", province.liangzhou_clerk.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

        page.click("text=登记")
        page.wait_for_url("**/petitions/register/")
        page.select_option("#id_channel", "visit")
        page.fill("#id_p-0-name", "赵淑兰")
        page.fill("#id_p-0-id_number", "620602198503150018")  # wrong check digit first
        page.fill("#id_p-0-phone", "13893512345")
        page.fill("#id_title", "申请恢复执行凉州区法院民事判决")
        page.fill("#id_demands", "请求法院恢复执行，尽快兑现判决确定的借款本息。")
        page.fill("#id_facts", "判决生效已两年，被执行人名下车辆未被查控，执行款至今未到位。")
        # 问题发生地 is picked by name: the clerk's own county is preset; change it to 张掖市甘州区
        assert page.input_value("#id_problem_region_county") == "620602"
        page.select_option("#id_problem_region_city", label="张掖市")
        page.wait_for_selector("#id_problem_region_county option:has-text('甘州区')", state="attached")
        page.select_option("#id_problem_region_county", label="甘州区")
        page.click("button:has-text('保存登记')")
        page.wait_for_selector("text=身份证号校验位不正确")
        assert Petition.objects.count() == 0

        page.fill("#id_p-0-id_number", VALID_ID)
        page.click("button:has-text('保存登记')")
        page.wait_for_selector("text=登记成功")
        number = Petition.objects.get().number
        assert Petition.objects.get().problem_region_id == "620702"  # the stored value is the code
        assert page.locator(f"text={number}").count() >= 1
        assert page.locator("text=620***********0017").count() == 1

        page.click("nav >> text=事项台账")
        page.wait_for_url("**/petitions/")
        page.fill("#id_q", "恢复执行")
        page.click("button:has-text('查询')")
        page.wait_for_selector(f"#results >> text={number}")
        assert page.locator("#results tbody tr").count() == 1
