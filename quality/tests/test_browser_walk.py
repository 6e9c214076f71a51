"""In headless Chromium at phone width (390 px): one case walked through review → accountability → hearing by the
people who do each step, with a refused input on the way. No page it opens scrolls sideways."""

import datetime as dt

import pytest
from django.utils import timezone

from core.testing.browser import chromium_page
from hearings.models import Hearing
from organisations.tests.factories import PASSWORD
from petitions.models import CourtInstance
from quality.models import Accountability, ReviewedCase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


class Walk:
    def __init__(self, page, live_server):
        self.page, self.url = page, live_server.url

    def check_width(self):
        extra = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert extra <= 0, f"{self.page.url} is {extra}px wider than the window"

    def log_in(self, user):
        self.page.goto("/login/")
        self.page.fill("#id_username", user.username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(f"{self.url}/")

    def log_out(self):
        self.page.click("button:has-text('退出')")
        self.page.wait_for_url("**/login/")

    def go(self, path):
        self.page.goto(path)
        self.check_width()

    def click(self, selector):
        self.page.click(selector)
        self.page.wait_for_load_state()
        self.check_width()

    def submit(self, done):
        self.page.click("#tool-form button[type=submit]")
        self.page.wait_for_selector(f"text={done}")
        self.check_width()


def test_walk_review_accountability_hearing(live_server, province, register):
    petition = register(province.liangzhou_clerk, province.liangzhou_center)
    CourtInstance.objects.create(petition=petition, instance="first", case_number="(2019)甘0602民初123号",
                                 court_name="凉州区人民法院", judge="张法官")  # fmt: skip
    today = timezone.localdate()
    with chromium_page(live_server.url, viewport=PHONE) as page:
        walk = Walk(page, live_server)

        # 评查: the province's reviewer reviews the original 一审 case and grades it 三类
        walk.log_in(province.province_reviewer)
        walk.go(f"/petitions/{petition.pk}/")
        walk.click("#quality-panel >> text=启动案件评查")
        page.fill("#id_subject", "重复信访案件质量评查")
        page.check("input[name=instances]")
        walk.submit("已启动案件评查。")
        walk.click("text=评定等次")
        page.check("input[name=grade][value=third]")
        page.fill("#id_finding_facts", "认定借款事实证据不足。")
        page.check("#id_problem_facts")
        page.fill("#id_conclusion", "事实认定错误，评为三类案件。")
        walk.submit("已评定等次。")
        assert ReviewedCase.objects.get().get_grade_display() == "三类"

        # 责任追究: without a decision date it is refused with a clear message, then recorded
        walk.click("a.btn:has-text('责任追究')")
        page.select_option("#id_unit", label="凉州区人民法院")
        page.select_option(
            "#id_officer",
            label=f"{province.liangzhou_handler.full_name}（{province.liangzhou_handler.username}）",
        )
        page.fill("#id_error", "未查明借款交付事实即作出判决。")
        page.select_option("#id_sanction", "admonishment")
        page.fill("#id_decision_body", "凉州区纪委监委")
        page.click("#tool-form button[type=submit]")
        page.wait_for_selector("text=请填写处理决定日期。")
        walk.check_width()
        assert not Accountability.objects.exists()
        page.fill("#id_decided_on", today.isoformat())
        walk.submit("已登记责任追究。")
        assert Accountability.objects.get().officer == province.liangzhou_handler
        walk.go(f"/petitions/{petition.pk}/")
        assert "诫勉谈话" in page.locator("#quality-panel").inner_text()
        walk.log_out()

        # 听证: the supervisor schedules a hearing; one in the past is refused
        walk.log_in(province.province_supervisor)
        walk.go(f"/petitions/{petition.pk}/")
        walk.click("#hearings-panel >> text=安排听证")
        page.fill("#id_subject", "不服一审判决信访事项公开听证")
        page.fill("#id_starts_at", f"{(today - dt.timedelta(days=1)).isoformat()}T09:00")
        page.fill("#id_place", "凉州区联合接访中心听证室")
        page.select_option("#id_kind_0", "deputy")
        page.fill("#id_name_0", "刘代表")
        page.select_option("#id_kind_1", "party")
        page.fill("#id_name_1", "王建国")
        page.click("#tool-form button[type=submit]")
        page.wait_for_selector("text=听证时间不能早于当前时间：不能安排过去的听证。")
        walk.check_width()
        assert not Hearing.objects.exists()
        page.fill("#id_starts_at", f"{(today + dt.timedelta(days=7)).isoformat()}T09:00")
        walk.submit("已安排听证。")
        assert "人大代表" in page.content() and "刘代表" in page.content()
        notice = page.request.get(page.locator("text=下载听证通知书").get_attribute("href"))
        assert notice.status == 200 and notice.body()[:2] == b"PK"
        walk.go(f"/petitions/{petition.pk}/")
        timeline = page.content()
        for label in ("启动案件评查", "评定评查等次", "责任追究", "安排听证"):
            assert label in timeline
