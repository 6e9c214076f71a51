"""In headless Chromium at phone width (390 px): a city 政法委 supervisor puts a backlog case under 包案 and 督办,
the county court reports progress, the deadline passes and the escalation sweep fires, both ledgers export, and
the supervisor issues the month's circular, whose ranking is the one the statistics screen computes."""

import datetime as dt

import pytest
from django.utils import timezone

from analytics import selectors as stats
from circulars.models import Circular
from core.testing.browser import chromium_page
from handling import services as hs
from organisations.tests.factories import PASSWORD
from petitions.models import Petition
from supervision import services
from supervision.models import Escalation, OwnershipPlan, Supervision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page):
    extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert extra <= 0, f"{page.url} is {extra}px wider than the window"


def log_in(page, base, user):
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def log_out(page):
    page.context.clear_cookies()


def test_supervise_report_escalate_export(live_server, province, register):
    p = register(province.liangzhou_clerk, province.liangzhou_center)
    Petition.objects.filter(pk=p.pk).update(is_backlog=True)
    hs.petition_accept(actor=province.liangzhou_clerk, petition=p, handling_unit=province.liangzhou_court)
    hs.petition_receive(actor=province.court_head, petition=Petition.objects.get(pk=p.pk),
                        handler=province.liangzhou_handler)  # fmt: skip
    today = timezone.localdate()
    with chromium_page(live_server.url, viewport=PHONE) as page:
        log_in(page, live_server.url, province.wuwei_supervisor)
        page.goto(f"/petitions/{p.pk}/")
        no_sideways_scroll(page)
        page.click("#supervision-panel >> text=落实包案")
        page.select_option("#id_owner_leader", str(province.city_committee_head.pk))
        page.select_option("#id_owner_officer", str(province.court_head.pk))
        page.fill("#id_measures", "释法明理，协调救助。")
        page.fill("#id_target_date", (today + dt.timedelta(days=30)).isoformat())
        page.fill("#id_crux", "执行款未到位")
        no_sideways_scroll(page)
        page.click("button:has-text('提交')")
        page.wait_for_selector("text=已落实包案。")
        page.click("#supervision-panel >> a.btn:has-text('督办')")
        page.select_option("#id_level", "city")
        page.select_option("#id_source", "instruction")
        page.fill("#id_deadline", (today + dt.timedelta(days=5)).isoformat())
        page.fill("#id_instructions", "请于期限内化解并每周报告。")
        page.check("#id_rectification")
        page.click("button:has-text('提交')")
        page.wait_for_selector("text=已督办。")
        sup = Supervision.objects.get()
        assert OwnershipPlan.objects.get().crux == "执行款未到位" and sup.rectification
        log_out(page)

        log_in(page, live_server.url, province.court_head)
        page.goto(f"/supervision/{sup.pk}/")
        no_sideways_scroll(page)
        page.fill("#id_period_start", today.isoformat())
        page.fill("#id_period_end", today.isoformat())
        page.fill("#id_text", "已约见信访人，协调救助资金。")
        page.click("#reports button:has-text('报送')")
        page.wait_for_selector("text=已报送。")
        log_out(page)

        first, _second = services.escalation_days()
        assert services.sweep_escalations(on=sup.deadline + dt.timedelta(days=first + 1)) == 1
        assert Escalation.objects.get().notified_unit == province.wuwei_committee

        log_in(page, live_server.url, province.wuwei_supervisor)
        page.goto("/supervision/board/")
        no_sideways_scroll(page)
        assert p.number in page.locator("#board").inner_text()
        page.goto(f"/supervision/{sup.pk}/")
        assert "第1级" in page.locator("#escalations").inner_text()
        page.goto("/supervision/board/")
        for label in ("导出督办台账", "导出包案责任分解表"):
            with page.expect_download() as info:
                page.click(f"text={label}")
            assert info.value.suggested_filename.endswith(".xlsx")

        page.goto("/circulars/")
        page.select_option("#id_issuer", str(province.wuwei_committee.pk))
        page.select_option("#id_kind", "monthly")
        page.fill("#id_day", today.isoformat())
        page.click("#issue-form button:has-text('生成并签发')")
        page.wait_for_selector("#circular-ranking")
        no_sideways_scroll(page)
        shown = page.eval_on_selector_all(
            "#circular-ranking tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))"
        )
        circular = Circular.objects.get()
        f = stats.StatsFilter(date_from=circular.period_from, date_to=circular.period_to)
        screen = stats.dashboard(
            province.wuwei_supervisor, f, ranking_metric="settled_rate", ranking_level="children"
        )
        expected = [[str(r["rank"] or "—"), r["label"]] for r in screen["ranking"]["rows"]]
        assert [row[:2] for row in shown] == expected and expected
