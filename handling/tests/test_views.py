"""The lifecycle through the UI: staff open the action forms, post them as a browser would, and read the
petition page (state, buttons, deadline card), the worklists and the navigation badges (DOMAIN §4, §5)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from lxml import html as lxml_html  # lxml is installed with python-docx

from handling.models import TerminationStep
from handling.tests.conftest import TZ, refresh
from organisations.tests.factories import PASSWORD
from petitions.models import Event, State

pytestmark = pytest.mark.django_db
LOGIN_URL = "/login/"

ACTION_LABELS = {
    "review_termination": "终结合议审查",
    "sign_termination": "终结领导签批",
    "approve_termination": "终结审核批准",
}
WORKLIST_LABELS = {
    "screening": "待甄别",
    "to-receive": "待签收",
    "mine": "我承办的",
    "due-soon": "即将到期",
    "overdue": "已逾期",
    "approvals": "待审批",
}


def squash(text: str) -> str:
    return " ".join(text.split())


class Page:
    """A rendered page, read the way a person reads it."""

    def __init__(self, response):
        self.response = response
        self.status = response.status_code
        self.html = response.content.decode()
        self.tree = lxml_html.fromstring(self.html or "<html></html>")

    def texts(self, xpath: str) -> list[str]:
        return [squash(" ".join(e.itertext())) for e in self.tree.xpath(xpath)]

    @property
    def state(self) -> str:
        return self.texts('//div[@class="page-head"]//span[contains(@class, "pill")]')[0]

    @property
    def pills(self) -> list[str]:
        return self.texts('//div[@class="page-head"]//span[contains(@class, "pill")]')

    @property
    def actions(self) -> list[str]:
        return [a.get("data-action") for a in self.tree.xpath('//div[@class="page-head"]//a[@data-action]')]

    @property
    def action_labels(self) -> list[str]:
        return self.texts('//div[@class="page-head"]//a[@data-action]')

    def card(self, title: str) -> str | None:
        cards = self.texts(f'//section[contains(@class, "card")][h2[normalize-space()="{title}"]]')
        return cards[0] if cards else None

    @property
    def deadline(self) -> str | None:
        return self.card("期限")

    @property
    def next_step(self) -> str | None:
        found = self.texts('//*[@data-testid="next-step"]')
        return found[0] if found else None

    @property
    def row_next_steps(self) -> list[str]:
        return self.texts('//table[@class="list"]/tbody/tr//div[contains(@class, "next-step-row")]')

    @property
    def messages(self) -> list[str]:
        return self.texts('//div[@class="messages"]/div')

    @property
    def version(self) -> str:
        (value,) = self.tree.xpath('//form//input[@type="hidden"][@name="version"]/@value')
        return value

    def field_errors(self, name: str) -> list[str]:
        field = f'//*[@name="{name}"]/ancestor::div[contains(concat(" ", @class, " "), " field ")][1]'
        return self.texts(field + '//ul[contains(@class, "errorlist")]/li')

    @property
    def form_errors(self) -> list[str]:
        return self.texts('//section[@id="action-form"]/div[contains(@class, "alert-error")]/div')

    @property
    def badges(self) -> dict[str, int]:
        """Navigation label → badge number (0 when no badge is shown), as the page shows them once it has
        loaded its badges from ``/nav/badges/``."""
        filled = lxml_html.fromstring(
            self.response.client.get(reverse("nav_badges")).content.decode() or "<p/>"
        )
        numbers = {e.get("id"): squash(e.text_content()) for e in filled.xpath('//span[@class="badge"]')}
        result = {}
        for link in self.tree.xpath('//nav[contains(@class, "sidebar")]//a'):
            spans = link.xpath("./span")
            slot = link.xpath('./span[@class="badge"]/@id')
            value = numbers.get(slot[0], "") if slot else ""
            result[squash(spans[0].text_content())] = int(value) if value else 0
        return result

    @property
    def listed_numbers(self) -> list[str]:
        return self.texts('//table[@class="list"]/tbody/tr/td[@class="mono"]/a')


class Desk:
    """One staff member at their desk: logged in with their password, using the pages as a browser would."""

    def __init__(self, user):
        self.user = user
        self.client = Client()
        self.login()

    def login(self):
        assert self.client.login(username=self.user.username, password=PASSWORD)

    def _request(self, method, url, *args, **extra):
        response = getattr(self.client, method)(url, *args, **extra)
        if response.status_code == 302 and response["Location"].startswith(LOGIN_URL):
            self.login()  # sessions last a working day (8 h); the clock moved on: log in again
            response = getattr(self.client, method)(url, *args, **extra)
        return response

    def get(self, url, **extra):
        return self._request("get", url, **extra)

    def post(self, url, data, **extra):
        return self._request("post", url, data, **extra)

    def home(self) -> Page:
        response = self.get(reverse("home"))
        assert response.status_code == 200
        return Page(response)

    def detail(self, petition) -> Page:
        response = self.get(detail_url(petition))
        assert response.status_code == 200, response.status_code
        return Page(response)

    def open_form(self, petition, action) -> Page:
        page = Page(self.get(action_url(petition, action)))
        assert page.status == 200, (page.status, page.messages)
        return page

    def submit(self, petition, action, data, *, version=None) -> Page:
        """Open the form, read its version, post it; the response is not followed."""
        if version is None:  # else: a form opened earlier, posted now
            version = self.open_form(petition, action).version
        payload = {"version": version, **data}
        return Page(self.post(action_url(petition, action), payload))

    def do(self, petition, action, **data) -> Page:
        """Take the action successfully and return the petition page it redirects to."""
        posted = self.submit(petition, action, data)
        assert posted.status == 302, (posted.status, posted.form_errors, _all_field_errors(posted))
        assert posted.response["Location"] == detail_url(petition)
        page = self.detail(petition)
        assert any(m.startswith("已完成：") for m in page.messages), page.messages
        return page

    def worklist(self, name) -> Page:
        response = self.get(reverse("handling:worklist", args=[name]))
        assert response.status_code == 200
        return Page(response)


def _all_field_errors(page: Page) -> list[str]:
    return page.texts('//ul[contains(@class, "errorlist")]/li')


def detail_url(petition):
    return reverse("petitions:detail", args=[petition.pk])


def states(petition) -> list[str]:
    return [e.state_after for e in petition.events.order_by("at", "id") if e.state_after != e.state_before]


def action_url(petition, action):
    return reverse("handling:action", args=[petition.pk, action])


def on(clock, day: str, hour: int = 9):
    clock.move_to(dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=TZ))


@pytest.fixture
def desks(province):
    """``desks.clerk`` etc.: one logged-in client per staff member, created on first use."""

    class Desks:
        _users = {
            "clerk": province.liangzhou_clerk,
            "center_head": province.liangzhou_center_head,
            "court_head": province.court_head,
            "handler": province.liangzhou_handler,
            "city_court_head": province.city_court_head,
            "city_handler": province.city_court_handler,
            "city_committee_head": province.city_committee_head,
            "police_head": province.police_head,
            "reviewer": province.province_reviewer,
            "owner": province.province_owner,
            "supervisor": province.province_supervisor,
            "minqin_clerk": province.minqin_clerk,
        }

        def __getattr__(self, name):
            desk = Desk(self._users[name])
            setattr(self, name, desk)
            return desk

    return Desks()


def reply_form(**overrides):
    data = {
        "claim": "请求撤销原判决",
        "facts_reasons": "经查，原审认定事实清楚，证据确实充分，适用法律正确。",
        "decision": "维持原处理意见，不予支持再审请求。",
        "legal_basis": "《中华人民共和国民事诉讼法》第二百一十一条",
        "outcome": "explain",
    }
    data.update(overrides)
    return data


def delivery_form(on_day: str):
    return {"method": "in_person", "status": "signed", "delivered_on": on_day, "opinion": "disagree"}


# ---------------------------------------------------------------------------------------------- end states


def test_settled_then_archived(clock, flow, province, desks):
    p = flow.registered()  # 2026-06-01 09:00

    page = desks.clerk.detail(p)
    assert page.state == "登记"
    assert page.actions == ["accept", "transfer_out", "decline", "divert"]
    assert page.action_labels == ["受理并交办", "转送信访部门", "不予受理", "导入法律程序"]
    assert "受理告知期限 2026-06-16" in page.deadline and "剩余 15 天" in page.deadline
    assert (
        page.next_step == "下一步 待 凉州区联合接访中心 接访员/部门负责人/督办员 受理并交办，期限 2026-06-16"
    )
    assert desks.court_head.get(detail_url(p)).status_code == 404  # not yet the court's case

    # 受理并交办 to the district court: 60 days from the day of acceptance (2026-07-31, a Friday)
    page = desks.clerk.do(p, "accept", handling_unit=province.liangzhou_court.pk, instructions="请依法办理")
    assert page.state == "交办" and page.actions == []
    assert "办理期限（待签收） 2026-07-31" in page.deadline and "剩余 60 天" in page.deadline
    assert page.next_step == "下一步 待 凉州区人民法院 接访员/承办人/部门负责人 签收，期限 2026-07-31"
    page = desks.court_head.detail(p)
    assert page.actions == ["receive", "return"]
    assert "办理期限（待签收） 2026-07-31" in page.deadline
    assert desks.handler.detail(p).actions == ["receive"]  # a handler may 签收 but not 退回

    on(clock, "2026-06-02")
    page = desks.court_head.do(p, "receive", handler=province.liangzhou_handler.pk)
    assert page.state == "办理中"
    assert page.actions == ["assign", "handle", "draft_reply"]
    assert "办理期限 2026-07-31" in page.deadline and "剩余 59 天" in page.deadline
    line = "待 凉州区人民法院 承办人/部门负责人 拟写答复意见书，期限 2026-07-31"
    assert page.next_step == "下一步 " + line
    assert Page(desks.court_head.get(reverse("petitions:list"))).row_next_steps == [
        line
    ]  # the list says it too
    assert "lz_handler" in page.card("办理情况")
    assert desks.clerk.detail(p).actions == []
    page = desks.handler.do(p, "handle", kind="interview", note="接谈信访人，听取诉求。")
    assert page.actions == ["handle", "request_extension", "draft_reply"]
    assert "接谈信访人，听取诉求。" in page.card("办理记录")

    # 延期: the handler asks, the head approves; the limit grows by 30 days (2026-08-30 is a Sunday)
    on(clock, "2026-06-05")
    page = desks.handler.do(p, "request_extension", days="30", reason="需调取二审卷宗")
    assert page.actions == ["handle", "draft_reply"]  # one pending request at a time
    page = desks.court_head.detail(p)
    assert page.actions == ["assign", "handle", "decide_extension", "draft_reply"]
    assert page.badges["待审批"] == 1
    assert p.number in desks.court_head.worklist("approvals").listed_numbers
    form = desks.court_head.open_form(p, "decide_extension")  # the head sees what is asked
    assert "申请延长 30日" in form.card("审批延期") and "需调取二审卷宗" in form.card("审批延期")
    page = desks.court_head.do(p, "decide_extension", approve="1", notice="因需调取卷宗，办理期限延长30日。")
    assert page.state == "办理中" and "decide_extension" not in page.actions
    assert "办理期限 2026-08-31" in page.deadline and "剩余 87 天" in page.deadline
    assert "已延期30日" in page.card("办理情况")
    assert page.badges["待审批"] == 0

    # 答复: drafted by the handler, signed by the head
    on(clock, "2026-06-15")
    page = desks.handler.do(p, "draft_reply", **reply_form())
    assert "draft_reply" not in page.actions
    page = desks.court_head.detail(p)
    assert page.actions == ["assign", "handle", "decide_reply"] and page.badges["待审批"] == 1
    form = desks.court_head.open_form(p, "decide_reply")  # the head reads the draft before signing it
    assert "维持原处理意见，不予支持再审请求。" in form.card("审批答复意见书")
    assert "处理结果 解释说明" in form.card("审批答复意见书")
    page = desks.court_head.do(p, "decide_reply", approve="1")
    assert page.state == "已答复" and page.actions == ["record_delivery"]
    assert page.next_step == "下一步 待 凉州区人民法院 接访员/承办人/部门负责人 登记送达"
    assert page.deadline is None  # the staff clock stopped; the petitioner's starts at delivery
    assert "下载意见书" in page.card("办理情况")
    assert p.number in desks.handler.worklist("mine").listed_numbers  # 送达 is still the court's work

    # 送达 on 2026-06-16: 复查 may be asked until 2026-07-16
    on(clock, "2026-06-16")
    page = desks.handler.do(p, "record_delivery", **delivery_form("2026-06-16"))
    assert page.state == "已答复" and page.actions == ["follow_up", "request_review", "waive_review"]
    assert "信访人可申请复查至 2026-07-16" in page.deadline and "还有 30 天" in page.deadline

    on(clock, "2026-06-20")
    page = desks.handler.do(
        p, "follow_up", method="phone", visited_on="2026-06-20", informed="on", received="on",
        carried_out="on", satisfaction_office="satisfied", satisfaction_unit="basically",
    )  # fmt: skip
    assert page.state == "已回访" and page.actions == ["request_review", "waive_review"]
    assert page.next_step == "下一步 待 凉州区人民法院 部门负责人 办结"  # the handler is told who acts now
    assert desks.handler.worklist("mine").row_next_steps == ["待 凉州区人民法院 部门负责人 办结"]
    assert desks.court_head.detail(p).actions == ["close", "request_review", "waive_review"]

    page = desks.court_head.do(
        p, "close", settled="1", form="written_pledge", principle="explained", note="信访人书面承诺息诉罢访"
    )
    assert page.pills[:2] == ["办结", "已结已息"]
    assert page.actions == ["request_review", "waive_review"]  # no 归档 while the petitioner may ask for 复查
    assert "信访人可申请复查至 2026-07-16" in page.deadline and "还有 26 天" in page.deadline
    assert p.number not in desks.handler.worklist("mine").listed_numbers
    assert desks.clerk.detail(p).actions == []
    assert page.next_step == "下一步 待 信访人 决定是否申请复查，可至 2026-07-16"

    on(clock, "2026-07-17")  # the 复查 window ran out the day before
    page = desks.clerk.detail(p)
    assert page.actions == ["archive"]
    assert page.next_step == "下一步 待 凉州区联合接访中心 接访员/部门负责人 归档"
    page = desks.clerk.do(p, "archive", note="卷宗已整理归档")
    assert page.next_step is None
    assert page.pills[:2] == ["归档", "已结已息"]
    assert page.actions == [] and page.deadline is None
    assert desks.court_head.detail(p).actions == [] and desks.handler.detail(p).actions == []
    assert states(p) == [
        "registered",
        "assigned",
        "in_progress",
        "replied",
        "followed_up",
        "closed",
        "archived",
    ]


def test_transferred_out(clock, flow, province, desks):
    p = flow.registered()
    page = desks.clerk.do(
        p, "transfer_out", to_unit=province.liangzhou_bureau.pk, reason="反映征地补偿标准，属普通信访",
        notice="请到凉州区信访局反映，电话0935-1234567。",
    )  # fmt: skip
    assert page.state == "转送信访部门"
    assert page.deadline is None
    assert page.actions == ["archive"]
    assert "转送信访部门 → 凉州区信访局" in page.card("办理情况")
    assert "请到凉州区信访局反映" in page.card("办理情况")
    assert desks.center_head.detail(p).actions == ["archive"]
    assert p.number not in desks.clerk.worklist("screening").listed_numbers


def test_declined(clock, flow, province, desks):
    p = flow.registered()
    page = desks.clerk.do(p, "decline", reason="已经终审且无新证据", notice="依法不予受理，可依法申请再审。")
    assert page.state == "不予受理"
    assert page.deadline is None and page.actions == ["archive"]
    assert "已经终审且无新证据" in page.card("办理记录")
    assert states(p) == ["registered", "declined"]


def test_diverted_then_closed_with_the_outcome(clock, flow, province, desks):
    p = flow.registered()
    page = desks.clerk.do(
        p, "divert", procedure="retrial", to_unit=province.wuwei_court.pk, reason="属申请再审范围",
        notice="请向武威市中级人民法院申请再审。",
    )  # fmt: skip
    assert page.state == "导入法律程序"
    assert page.actions == ["record_diversion_outcome"]
    assert page.deadline is None
    assert "申请再审" in page.card("办理情况") and "武威市中级人民法院" in page.card("办理情况")
    page = desks.city_court_head.detail(p)  # the court that takes the procedure sees the case, acts in it
    assert page.state == "导入法律程序" and page.actions == []

    on(clock, "2026-08-20")
    page = desks.clerk.do(p, "record_diversion_outcome", outcome="再审审查后驳回再审申请", settled="on")
    assert page.pills[:2] == ["办结", "已结已息"]
    assert page.actions == ["archive"]
    assert "再审审查后驳回再审申请" in page.card("办理情况")
    assert states(p) == ["registered", "diverted", "closed"]


def _to_replied(desks, province, p):
    desks.clerk.do(p, "accept", handling_unit=province.liangzhou_court.pk)
    desks.court_head.do(p, "receive", handler=province.liangzhou_handler.pk)
    desks.handler.do(p, "draft_reply", **reply_form())
    return desks.court_head.do(p, "decide_reply", approve="1")


def test_terminated_after_review_and_rereview_then_archived(clock, flow, province, desks):
    p = flow.registered()
    page = _to_replied(desks, province, p)
    assert page.state == "已答复"

    on(clock, "2026-06-03")
    page = desks.handler.do(p, "record_delivery", **delivery_form("2026-06-03"))
    assert "信访人可申请复查至 2026-07-03" in page.deadline

    # 复查 by the court above (武威中院), 30 days from the request
    on(clock, "2026-06-10")
    page = desks.handler.do(p, "request_review", requested_on="2026-06-10", reason="不服处理意见，申请复查")
    assert page.state == "复查中" and "request_review" not in page.actions
    page = desks.city_court_head.detail(p)
    assert page.actions == ["receive"]
    assert "复查期限 2026-07-10" in page.deadline and "剩余 30 天" in page.deadline
    assert page.badges["待签收"] == 1
    page = desks.city_court_head.do(p, "receive", handler=province.city_court_handler.pk)
    assert page.state == "复查中" and "复查期限 2026-07-10" in page.deadline
    assert desks.handler.detail(p).actions == []  # the district court is done with it
    desks.city_handler.do(p, "draft_reply", **reply_form(decision="复查维持原处理意见。"))
    page = desks.city_court_head.do(p, "decide_reply", approve="1")
    assert page.state == "已答复" and page.deadline is None

    on(clock, "2026-06-20")
    page = desks.city_handler.do(p, "record_delivery", **delivery_form("2026-06-20"))
    assert "信访人可申请复核至 2026-07-20" in page.deadline
    assert page.actions == ["follow_up", "request_rereview", "waive_review"]

    # 复核 by the city 政法委; a 3-day hearing does not count (30 + 3 days from 2026-06-25)
    on(clock, "2026-06-25")
    page = desks.city_handler.do(p, "request_rereview", requested_on="2026-06-25", reason="仍不服，申请复核")
    assert page.state == "复核中"
    page = desks.city_committee_head.do(p, "receive")
    assert page.state == "复核中" and "record_hearing" in page.actions
    assert "复核期限 2026-07-27" in page.deadline  # day 30 is Saturday 2026-07-25: the next working day
    on(clock, "2026-07-02")
    page = desks.city_committee_head.do(
        p, "record_hearing", held_from="2026-06-29", held_to="2026-07-01", note="公开听证，人大代表、律师参加"
    )
    assert "复核期限 2026-07-28" in page.deadline
    desks.city_committee_head.do(p, "draft_reply", **reply_form(decision="复核维持复查意见。"))
    page = desks.city_committee_head.do(p, "decide_reply", approve="1")
    assert page.state == "已答复"
    on(clock, "2026-07-10")
    page = desks.city_committee_head.do(p, "record_delivery", **delivery_form("2026-07-10"))
    assert page.deadline is None  # after 复核 there is no further window
    assert page.actions == ["follow_up", "propose_termination"]

    # 终结: proposal → 合议审查 → 领导签批 → 省级审核批准, each by its own person, each in their 待审批
    page = desks.city_committee_head.do(
        p, "propose_termination", reasons="已经复查复核，原处理正确，依法答复"
    )
    assert page.state == "已答复" and "propose_termination" not in page.actions
    assert p.number not in desks.city_committee_head.worklist("approvals").listed_numbers
    for desk, action, waiting in (
        (desks.reviewer, "review_termination", "已提请"),
        (desks.owner, "sign_termination", "已审查"),
        (desks.supervisor, "approve_termination", "领导已签批"),
    ):
        assert waiting in desks.clerk.detail(p).card("办理情况")
        others = {desks.reviewer, desks.owner, desks.supervisor} - {desk}
        for other in others:
            assert action not in other.detail(p).actions
            assert p.number not in other.worklist("approvals").listed_numbers
        page = desk.detail(p)
        assert page.actions == [action] and page.badges["待审批"] == 1
        assert page.state == "已答复"
        assert p.number in desk.worklist("approvals").listed_numbers
        file = desk.open_form(p, action).card(ACTION_LABELS[action])
        assert "已经复查复核，原处理正确，依法答复" in file and "承办单位提请" in file  # the file so far
        page = desk.do(p, action, approve="1", comment="同意")
    assert page.state == "终结" and page.actions == []
    assert page.pills[:2] == ["终结", "已结已息"]
    records = page.card("办理情况")
    for step in ("承办单位提请", "合议审查", "领导签批", "省级审核批准"):
        assert step in records
    assert TerminationStep.objects.count() == 4
    assert desks.city_committee_head.detail(p).actions == ["archive"]

    page = desks.clerk.do(p, "archive")
    assert page.state == "归档" and page.actions == []
    assert states(p)[-3:] == ["replied", "terminated", "archived"]


def test_a_review_request_takes_the_case_away_from_the_unit_that_replied(clock, flow, province, desks):
    p = flow.delivered(flow.replied(), dt.date(2026, 6, 1))
    page = desks.handler.do(p, "request_review", requested_on="2026-06-01", reason="不服处理意见")
    assert page.state == "复查中"
    assert page.actions == []


# ---------------------------------------------------------------------------------------------- deadlines


def test_overdue_petition_shows_days_overdue_and_is_listed(clock, flow, province, desks):
    p = flow.in_progress()  # due 2026-07-31
    on(clock, "2026-07-25")
    page = desks.handler.detail(p)
    assert "剩余 6 天（临期）" in page.deadline
    assert page.badges["即将到期"] == 1 and page.badges["已逾期"] == 0
    assert desks.handler.worklist("due-soon").listed_numbers == [p.number]

    on(clock, "2026-08-03")
    page = desks.handler.detail(p)
    assert "办理期限 2026-07-31" in page.deadline and "已逾期 3 天" in page.deadline
    assert page.badges["已逾期"] == 1 and page.badges["即将到期"] == 0
    assert desks.handler.worklist("overdue").listed_numbers == [p.number]
    assert desks.court_head.worklist("overdue").listed_numbers == [p.number]
    assert desks.minqin_clerk.worklist("overdue").listed_numbers == []


# ---------------------------------------------------------------------------------------------- refusals


def test_an_action_in_the_wrong_state_is_refused_and_changes_nothing(clock, flow, province, desks):
    p = flow.registered()
    before = (p.version, Event.objects.filter(petition=p).count())

    response = desks.center_head.get(action_url(p, "close"))
    assert response.status_code == 302 and response["Location"] == detail_url(p)
    page = desks.center_head.detail(p)
    assert "当前状态为“登记”，不能执行“办结”。" in page.messages
    assert page.state == "登记"

    posted = Page(desks.center_head.post(action_url(p, "close"), {
        "version": p.version, "settled": "1", "form": "written_pledge", "principle": "resolved",
    }))  # fmt: skip
    assert posted.status == 400
    assert posted.form_errors == ["当前状态为“登记”，不能执行“办结”。"]
    p = refresh(p)
    assert (p.version, Event.objects.filter(petition=p).count()) == before and p.state == State.REGISTERED


def test_a_refused_button_reloads_the_page_instead_of_nesting_it(clock, flow, province, desks):
    p = flow.accepted()  # the clerk's page still shows 受理并交办 from before
    response = desks.clerk.get(action_url(p, "accept"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Redirect"] == detail_url(p)
    assert "当前状态为“交办”，不能执行“受理并交办”。" in desks.clerk.detail(p).messages


def test_an_action_the_user_may_not_take_is_refused(clock, flow, province, desks):
    p = flow.accepted()
    response = desks.handler.get(action_url(p, "return"))  # a handler may 签收, only the head 退回
    assert response.status_code == 302
    assert "您所在单位或岗位不能对该事项执行“退回”。" in desks.handler.detail(p).messages
    assert refresh(p).state == State.ASSIGNED


def test_outside_scope_is_404(clock, flow, province, desks):
    p = flow.registered()
    for desk in (desks.minqin_clerk, desks.police_head, desks.court_head):
        assert desk.get(action_url(p, "accept")).status_code == 404
        response = desk.post(
            action_url(p, "accept"), {"version": p.version, "handling_unit": province.minqin_center.pk}
        )
        assert response.status_code == 404
    assert desks.clerk.get(reverse("handling:action", args=[p.pk, "no_such_action"])).status_code == 404
    assert refresh(p).state == State.REGISTERED and Event.objects.filter(petition=p).count() == 1


def test_a_stale_form_is_refused(clock, flow, province, desks):
    p = flow.registered()
    stale = desks.clerk.open_form(p, "decline").version
    desks.center_head.do(p, "accept", handling_unit=province.liangzhou_court.pk)
    p = refresh(p)
    events = Event.objects.filter(petition=p).count()

    posted = desks.clerk.submit(p, "decline", {"reason": "重复信访", "notice": "不予受理"}, version=stale)
    assert posted.status == 400
    assert any("页面已过期" in e for e in posted.form_errors), posted.form_errors
    p = refresh(p)
    assert p.state == State.ASSIGNED and Event.objects.filter(petition=p).count() == events
    assert not p.screenings.filter(outcome="declined").exists()


def test_bad_input_is_shown_next_to_the_field(clock, flow, province, desks):
    p = flow.accepted()
    posted = desks.court_head.submit(p, "return", {"reason": "  "})
    assert posted.status == 400
    assert posted.field_errors("reason") == ["请填写退回理由。"]
    assert refresh(p).state == State.ASSIGNED

    desks.court_head.do(p, "receive")
    posted = desks.handler.submit(p, "request_extension", {"days": "31", "reason": "案情复杂"})
    assert posted.status == 400
    assert posted.field_errors("days") == ["延期最多30日，本件已延期0日，还可申请30日。"]
    assert posted.tree.xpath('//textarea[@name="reason"]/text()') == ["\n案情复杂"]  # the input is kept


def test_review_request_on_day_31_is_refused_next_to_the_date(clock, flow, province, desks):
    p = flow.delivered(flow.replied(), dt.date(2026, 6, 1))  # day 30 = 2026-07-01
    on(clock, "2026-07-05")
    posted = desks.handler.submit(p, "request_review", {"requested_on": "2026-07-02", "reason": "不服"})
    assert posted.status == 400
    (error,) = posted.field_errors("requested_on")
    assert error.startswith("已超过申请期限") and "最迟2026-07-01" in error and "第31日" in error
    assert refresh(p).state == State.REPLIED

    page = desks.handler.do(p, "request_review", requested_on="2026-07-01", reason="不服")
    assert page.state == "复查中"


# ---------------------------------------------------------------------------------------------- worklists


def test_worklists_list_the_right_petitions_and_the_navigation_counts_them(
    clock, flow, province, desks, register
):
    registered = flow.registered(title="待甄别的事项")
    minqin = register(
        province.minqin_clerk, province.minqin_center, title="民勤县的事项", problem_region="620621"
    )
    to_receive = flow.accepted(title="待签收的事项")
    handling = flow.in_progress(title="办理中的事项")
    due_soon = flow.registered(title="即将到期的事项")
    overdue = flow.registered(title="将要逾期的事项")
    for p, deadline in ((due_soon, "2026-06-12"), (overdue, "2026-06-03")):
        desks.clerk.do(p, "accept", handling_unit=province.liangzhou_court.pk, deadline=deadline)
        desks.court_head.do(p, "receive", handler=province.liangzhou_handler.pk)
    desks.handler.do(handling, "request_extension", days="10", reason="需补充调查")

    on(clock, "2026-06-05")
    expected = {
        desks.clerk: {
            "screening": [registered], "to-receive": [], "due-soon": [due_soon], "overdue": [overdue],
        },
        desks.minqin_clerk: {"screening": [minqin], "to-receive": [], "due-soon": [], "overdue": []},
        desks.court_head: {
            "screening": [], "to-receive": [to_receive], "mine": [overdue, due_soon, handling],
            "due-soon": [due_soon], "overdue": [overdue], "approvals": [handling],
        },
        desks.handler: {
            "to-receive": [to_receive], "mine": [overdue, due_soon, handling], "due-soon": [due_soon],
            "overdue": [overdue],
        },
        desks.police_head: {
            "screening": [], "to-receive": [], "mine": [], "due-soon": [], "overdue": [], "approvals": [],
        },
    }  # fmt: skip
    for desk, lists in expected.items():
        nav = desk.home().badges
        shown = {name for name, label in WORKLIST_LABELS.items() if label in nav}
        assert shown == set(lists), (desk.user, shown)
        for name, petitions in lists.items():
            page = desk.worklist(name)
            assert sorted(page.listed_numbers) == sorted(p.number for p in petitions), (desk.user, name)
            assert nav[WORKLIST_LABELS[name]] == len(petitions), (desk.user, name)
            assert f"共 {len(petitions)} 件" in page.html

    (row,) = desks.handler.worklist("overdue").texts("//tbody/tr")
    assert "2026-06-03 办理期限 已逾期" in row
    (row,) = desks.court_head.worklist("to-receive").texts("//tbody/tr")
    assert "2026-07-31 办理期限（待签收）" in row and "已逾期" not in row
    assert "已逾期 2 天" in desks.handler.detail(overdue).deadline
    assert "剩余 7 天（临期）" in desks.handler.detail(due_soon).deadline


# ---------------------------------------------------------------------------------------------- htmx


def test_action_buttons_load_the_form_into_the_page(clock, flow, province, desks):
    p = flow.registered()
    page = desks.clerk.detail(p)
    (button,) = page.tree.xpath('//a[@data-action="accept"]')
    assert button.get("hx-get") == action_url(p, "accept")
    assert page.tree.xpath(f'//*[@id="{button.get("hx-target").lstrip("#")}"]')  # the target exists
    fragment = desks.clerk.get(button.get("hx-get"), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert "<html" not in html and 'id="action-form"' in html
    form = Page(fragment)
    assert form.tree.xpath("//form/@action") == [action_url(p, "accept")]
    assert form.version == str(p.version)


def test_the_next_step_line_and_the_actions_share_one_look_at_the_lifecycle(flow, desks, monkeypatch):
    from handling import selectors

    p = flow.in_progress()
    loaded = []
    active = selectors.active_assignments
    monkeypatch.setattr(
        selectors, "active_assignments", lambda petition: loaded.append(1) or active(petition)
    )
    page = desks.handler.detail(p)
    assert page.next_step and page.actions  # both shown …
    assert len(loaded) == 1  # … from one load of the assignments
