"""In headless Chromium, one case through the handling tools by the people who do each step, through the UI
only: 评查 with a finding → 责任追究 from that review → 听证 scheduled, then (two days later) its result recorded
→ 司法救助 applied for (over the budget first), reviewed, approved up a two-level chain and paid. Every step is
checked on the petition's timeline and in its panels and the tools' pages; at phone width (390 px) no page
scrolls sideways, and the finished petition page is checked at 1366 px too. Last, ``manage.py report`` for the
month counts this one case in the review, accountability, hearing and aid figures (and shows mediation's).

The clock runs (it ticks) from Monday 2026-06-01 09:00 Beijing time, so that the hearing can be held after it
was scheduled and the aid budget's year is fixed."""

import datetime as dt
import json
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from aid.models import AidApplication, AidApprovalLevel, AidBudget, AidStatus
from core.testing.browser import chromium_page
from handling import services as handling
from hearings.models import Hearing, HearingStatus
from organisations.models import Role
from organisations.tests.factories import PASSWORD, make_user
from petitions.models import CourtInstance
from quality.models import Accountability, ReviewedCase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TZ = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 6, 1, 9, 0, tzinfo=TZ)
HEARING_AT = dt.datetime(2026, 6, 3, 9, 0, tzinfo=TZ)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def running_clock():
    """Requested before the data fixtures, so that the petition is registered in the walk's time."""
    with time_machine.travel(START, tick=True) as traveller:
        yield traveller


@pytest.fixture
def case(running_clock, province, register):
    """A petition about a 凉州区人民法院 一审 judgment, accepted for handling by that court, whose aid chain is
    configured: its 部门负责人 signs every grant, its 包案领导 as well from 50,000.00 元."""
    p = province
    petition = register(p.liangzhou_clerk, p.liangzhou_center)
    CourtInstance.objects.create(petition=petition, instance="first", case_number="(2019)甘0602民初123号",
                                 court_name="凉州区人民法院", judge="张法官")  # fmt: skip
    handling.petition_accept(actor=p.liangzhou_clerk, petition=petition, handling_unit=p.liangzhou_court)
    for level, amount, role in [(1, "0", Role.UNIT_HEAD), (2, "50000", Role.OWNER_LEADER)]:
        AidApprovalLevel.objects.create(
            unit=p.liangzhou_court, level=level, min_amount=Decimal(amount), role=role
        )
    petition.refresh_from_db()
    return petition


@pytest.fixture
def court_owner(province):
    """凉州区人民法院's 包案领导: the aid chain's second signer."""
    return make_user("lz_court_owner", province.liangzhou_court, Role.OWNER_LEADER)


class Walk:
    def __init__(self, page, live_server, petition):
        self.page, self.url, self.petition = page, live_server.url, petition

    def check_width(self):
        extra = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert extra <= 0, f"{self.page.url} is {extra}px wider than the window"

    def log_in(self, user):
        """A fresh session for each person (the clock may have jumped past the last one's idle limit)."""
        self.page.context.clear_cookies()
        self.page.goto("/login/")
        self.page.fill("#id_username", user.username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(f"{self.url}/")

    def go(self, path):
        self.page.goto(path)
        self.check_width()

    def click(self, selector):
        """Follow a link: waits for the next page itself (a lazy panel's link may be clicked while the page is
        still settling, and the next step must not start on the old page)."""
        with self.page.expect_navigation():
            self.page.click(selector)
        self.check_width()

    def submit(self, done, button="#tool-form button[type=submit]"):
        self.page.click(button)
        self.page.wait_for_selector(f"text={done}")
        self.check_width()

    def petition_page(self):
        self.go(f"/petitions/{self.petition.pk}/")

    def timeline(self) -> str:
        return self.page.locator("ol.timeline").inner_text()

    def row(self) -> str:
        """The petition's row in a tool's list."""
        return self.page.locator("table.list tbody tr", has_text=self.petition.number).inner_text()

    def panel(self, name) -> str:
        return self.page.locator(f"#{name}-panel").inner_text()


def test_one_case_through_review_accountability_hearing_and_aid(
    live_server, running_clock, province, case, court_owner
):
    p = province
    with chromium_page(live_server.url, viewport=PHONE) as page:
        walk = Walk(page, live_server, case)

        # 评查: the province's reviewer reviews the 一审 case, with a finding on the facts, and grades it 三类
        walk.log_in(p.province_reviewer)
        walk.petition_page()
        walk.click("#quality-panel >> text=启动案件评查")
        page.fill("#id_subject", "重复信访案件质量评查")
        page.check("input[name=instances]")
        walk.submit("已启动案件评查。")
        review_url = page.url
        walk.click("text=评定等次")
        page.check("input[name=grade][value=third]")
        page.fill("#id_finding_facts", "认定借款交付事实的证据不足。")
        page.check("#id_problem_facts")
        page.fill("#id_conclusion", "事实认定错误，评为三类案件。")
        walk.submit("已评定等次。")
        assert "认定借款交付事实的证据不足。" in page.content()
        reviewed = ReviewedCase.objects.get(review__petition=case)
        assert reviewed.grade == "third" and reviewed.case_number == "(2019)甘0602民初123号"

        # 责任追究, opened from that review: the handling judge of the reviewed court, 诫勉谈话
        walk.click("a.btn:has-text('责任追究')")
        page.select_option("#id_unit", label="凉州区人民法院")
        page.select_option(
            "#id_officer", label=f"{p.liangzhou_handler.full_name}（{p.liangzhou_handler.username}）"
        )
        page.fill("#id_error", "未查明借款交付事实即作出判决。")
        page.select_option("#id_sanction", "admonishment")
        page.fill("#id_decision_body", "凉州区纪委监委")
        page.fill("#id_decided_on", "2026-06-01")
        walk.submit("已登记责任追究。")
        record = Accountability.objects.get(petition=case)
        assert record.review_id == reviewed.review_id and record.officer == p.liangzhou_handler
        walk.go(review_url)
        assert "诫勉谈话" in page.locator("section:has(h2:text-is('责任追究'))").inner_text()
        walk.go("/quality/accountability/")
        assert "诫勉谈话" in walk.row()
        walk.petition_page()
        assert "三类" in walk.panel("quality") and "诫勉谈话" in walk.panel("quality")
        assert all(label in walk.timeline() for label in ("启动案件评查", "评定评查等次", "责任追究"))

        # 听证: the province's supervisor schedules it for Wednesday with a deputy and the petitioner
        walk.log_in(p.province_supervisor)
        walk.petition_page()
        walk.click("#hearings-panel >> text=安排听证")
        page.fill("#id_subject", "不服一审判决信访事项公开听证")
        page.fill("#id_starts_at", "2026-06-03T09:00")
        page.fill("#id_place", "凉州区联合接访中心听证室")
        page.select_option("#id_kind_0", "deputy")
        page.fill("#id_name_0", "刘代表")
        page.select_option("#id_kind_1", "party")
        page.fill("#id_name_1", "王建国")
        walk.submit("已安排听证。")
        hearing_url = page.url
        assert "登记听证结果" in page.content()
        walk.petition_page()
        assert "不服一审判决信访事项公开听证" in walk.panel("hearings") and "安排听证" in walk.timeline()

        # … and records its result once it has been held (Wednesday 11:00)
        running_clock.move_to(HEARING_AT + dt.timedelta(hours=2))
        walk.log_in(p.province_supervisor)
        walk.go(hearing_url)
        walk.click("a.btn:has-text('登记听证结果')")
        page.fill("#id_minutes", "听证员询问双方，信访人陈述了借款交付经过。")
        page.fill("#id_panel_opinion", "原判认定事实清楚，建议维持，并对信访人开展司法救助。")
        page.select_option("#id_outcome", "upheld")
        page.check("input[name=petitioner_accepted][value='1']")
        walk.submit("已登记听证结果。")
        hearing = Hearing.objects.get(petition=case)
        assert hearing.status == HearingStatus.HELD and hearing.petitioner_accepted is True
        assert "维持原处理意见" in page.content()
        walk.go("/hearings/")
        assert "不服一审判决信访事项公开听证" in walk.row() and "已举行" in walk.row()
        walk.petition_page()
        assert "维持原处理意见" in walk.panel("hearings") and "登记听证结果" in walk.timeline()

        # 司法救助: the court's head sets this year's budget …
        walk.log_in(p.court_head)
        walk.go("/aid/budgets/")
        page.fill("#id_year", "2026")
        page.fill("#id_amount", "60000.00")
        walk.submit("已保存年度预算。", button="button:has-text('保存')")

        # … the handler applies: more than the budget's remainder is refused, nothing saved; then 52,000.00
        walk.log_in(p.liangzhou_handler)
        walk.petition_page()
        walk.click("#aid-panel >> text=登记司法救助申请")
        page.fill("#id_applicant_name", "王建国")
        page.select_option("#id_relation", "self")
        page.fill("#id_harm", "借款无法追回，因病丧失劳动能力")
        page.fill("#id_hardship", "家庭无其他收入，子女在读")
        page.fill("#id_amount", "80000.00")
        walk.submit("超过本单位 2026 年度司法救助预算余额", button="button:has-text('提交申请')")
        assert not AidApplication.objects.exists()
        page.fill("#id_amount", "52000.00")
        walk.submit("已登记司法救助申请。", button="button:has-text('提交申请')")
        assert page.locator("#aid-status").inner_text() == "待审查"
        aid_url = page.url
        page.select_option("#id_approve", "1")
        page.fill("#id_opinion", "符合司法救助条件")
        walk.submit("已保存。", button="button:has-text('提交审查')")
        assert page.locator("#aid-status").inner_text() == "审批中"

        # the two signatures the amount needs: the head (every grant), then the 包案领导 (from 50,000.00 元)
        walk.log_in(p.court_head)
        walk.go(aid_url)
        assert "本环节：部门负责人" in page.content()
        page.select_option("#id_approve", "1")
        page.fill("#id_comment", "同意救助")
        walk.submit("已保存。", button="button:has-text('提交审批')")
        assert page.locator("#aid-status").inner_text() == "审批中" and "本环节：包案领导" in page.content()
        walk.log_in(court_owner)
        walk.go(aid_url)
        page.select_option("#id_approve", "1")
        page.fill("#id_comment", "同意")
        walk.submit("已保存。", button="button:has-text('提交审批')")
        assert page.locator("#aid-status").inner_text() == "已批准待发放"

        # the handler records the payment
        walk.log_in(p.liangzhou_handler)
        walk.go(aid_url)
        page.fill("#id_paid_on", "2026-06-03")
        page.select_option("#id_method", "bank")
        page.fill("#id_voucher_number", "JZ-2026-0001")
        walk.submit("已保存。", button="button:has-text('登记发放')")
        assert page.locator("#aid-status").inner_text() == "已发放" and "JZ-2026-0001" in page.content()
        walk.go("/aid/budgets/")
        assert "8000.00" in page.locator("table.list").first.inner_text()  # 60,000.00 − 52,000.00 remaining

        walk.go("/aid/")
        assert "王建国" in walk.row() and "已发放" in walk.row()
        walk.petition_page()
        assert "已发放" in walk.panel("aid")
        timeline = walk.timeline()
        for label in ("启动案件评查", "评定评查等次", "责任追究", "安排听证", "登记听证结果", "司法救助申请",
                      "司法救助审查", "司法救助审批", "司法救助金发放"):  # fmt: skip
            assert label in timeline, label

        # the finished petition page at desktop width, as its supervisor sees it
        page.set_viewport_size(DESKTOP)
        walk.log_in(p.province_supervisor)
        walk.petition_page()
        assert all(walk.panel(name) for name in ("quality", "hearings"))
        assert "司法救助金发放" in walk.timeline()

    application = AidApplication.objects.get()
    assert application.status == AidStatus.PAID and application.decisions.count() == 3
    budget = AidBudget.objects.get(unit=p.liangzhou_court, year=2026)
    assert (budget.granted, budget.paid, budget.remaining) == (Decimal("52000.00"), Decimal("52000.00"),
                                                               Decimal("8000.00"))  # fmt: skip

    # the month's report counts this case in every tool's figures
    out = StringIO()
    call_command("report", "--from", "2026-06-01", "--to", "2026-06-30", stdout=out)
    report = json.loads(out.getvalue())
    quality, tools = report["quality"]["values"], report["tools"]
    assert (quality["reviewed_cases"], quality["grade_third"], quality["grade_third_share"]) == (1, 1, 100.0)
    assert (quality["sanctioned_people"], quality["sanctioned_cases"]) == (1, 1)
    assert (quality["hearings_held"], quality["hearings_accepted"]) == (1, 1)
    assert tools["mediations"]["value"] == 0
    assert (tools["aid_granted"]["value"], tools["aid_paid"]["value"]) == (1, 1)
    assert tools["aid_paid_amount"] == {"label": "发放救助金额", "unit": "元", "value": "52000.00"}
