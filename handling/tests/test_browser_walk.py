"""In headless Chromium at phone (390 px) and laptop (1366 px) width: one petition walked from 登记 to 办结 by the
people who do each step. At every step the page says who acts next, and no page it opens scrolls sideways."""

import pytest
from django.utils import timezone

from core.testing.browser import chromium_page
from organisations.tests.factories import PASSWORD
from petitions.models import Petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}


class Walk:
    def __init__(self, page, live_server, viewport):
        self.page, self.url, self.narrow = page, live_server.url, viewport["width"] < 900
        self.opened = []

    def check_width(self):
        extra = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        self.opened.append(self.page.url)
        assert extra <= 0, f"{self.page.url} is {extra}px wider than the window"

    def log_in(self, user):
        self.page.goto("/login/")
        self.check_width()
        self.page.fill("#id_username", user.username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(f"{self.url}/")
        self.check_width()

    def log_out(self):
        self.page.click("button:has-text('退出')")
        self.page.wait_for_url("**/login/")

    def nav(self, label):
        if self.narrow:  # the navigation is folded into the menu button
            assert not self.page.locator("nav.sidebar").is_visible()
            self.page.click("[data-nav-toggle]")
        self.page.click(f"nav.sidebar >> text={label}")
        self.page.wait_for_load_state()
        self.check_width()

    def open(self, petition):
        self.page.goto(f"/petitions/{petition.pk}/")
        self.check_width()

    def next_step(self) -> str:
        return self.page.locator("[data-testid=next-step]").inner_text()

    def act(self, action, fill, done):
        self.page.click(f"[data-action={action}]")
        self.page.wait_for_selector("#action-form")
        self.check_width()
        fill(self.page)
        self.page.click("#action-form button[type=submit]")
        self.page.wait_for_selector(f"text=已完成：{done}。")
        self.check_width()


@pytest.mark.parametrize("width", WIDTHS)
def test_walk_from_registration_to_closing(live_server, province, width):
    today = timezone.localdate().isoformat()
    with chromium_page(live_server.url, viewport=WIDTHS[width]) as page:
        walk = Walk(page, live_server, WIDTHS[width])

        # 登记: reception registers the petition
        walk.log_in(province.liangzhou_clerk)
        walk.nav("登记")
        page.fill("#id_p-0-name", "赵淑兰")
        page.fill("#id_title", "申请恢复执行凉州区法院民事判决")
        page.fill("#id_demands", "请求法院恢复执行。")
        page.fill("#id_facts", "判决生效已两年，执行款至今未到位。")
        page.click("button:has-text('保存登记')")
        page.wait_for_selector("text=登记成功")
        walk.check_width()
        petition = Petition.objects.get()
        walk.open(petition)
        assert "待 凉州区联合接访中心" in walk.next_step() and "受理并交办" in walk.next_step()
        walk.nav("事项台账")
        assert "受理并交办" in page.locator("table.list .next-step-row").first.inner_text()

        walk.open(petition)
        walk.act("accept", lambda p: (
            p.select_option("#id_handling_unit", label="凉州区人民法院"),
            p.fill("#id_instructions", "请依法审查，按期答复。"),
        ), "受理并交办")  # fmt: skip
        assert "待 凉州区人民法院" in walk.next_step() and "签收" in walk.next_step()
        walk.log_out()

        # 签收, 答复 drafted by the court
        walk.log_in(province.court_head)
        walk.nav("待签收")
        walk.open(petition)
        walk.act(
            "receive", lambda p: p.select_option("#id_handler", label=str(province.liangzhou_handler)), "签收"
        )
        assert "拟写答复意见书" in walk.next_step()
        walk.act("draft_reply", lambda p: (
            p.fill("#id_claim", "请求恢复执行"),
            p.fill("#id_facts_reasons", "经查，被执行人有财产可供执行。"),
            p.fill("#id_decision", "恢复执行。"),
            p.fill("#id_legal_basis", "《中华人民共和国民事诉讼法》"),
            p.check("input[name=outcome][value=support]"),
        ), "拟写答复意见书")  # fmt: skip
        assert "部门负责人 审批答复意见书" in walk.next_step()
        walk.act("decide_reply", lambda p: p.check("input[name=approve][value='1']"), "审批答复意见书")
        assert "登记送达" in walk.next_step()
        walk.act("record_delivery", lambda p: p.fill("#id_delivered_on", today), "登记送达")
        assert "回访" in walk.next_step()
        walk.act("follow_up", lambda p: (
            p.fill("#id_visited_on", today),
            p.check("#id_informed"),
            p.check("#id_received"),
            p.check("#id_carried_out"),
        ), "回访")  # fmt: skip
        assert "部门负责人 办结" in walk.next_step()
        walk.act("close", lambda p: (
            p.check("input[name=settled][value='1']"),
            p.select_option("#id_form", "written_pledge"),
        ), "办结")  # fmt: skip
        assert "待 信访人 决定是否申请复查" in walk.next_step()
        walk.nav("我承办的")
        assert len(walk.opened) >= 15
