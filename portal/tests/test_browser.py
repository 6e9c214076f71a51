"""In headless Chromium at 375 px: a petitioner submits with an attachment, gets the codes, tracks, sees the
reply once staff replied (through the services), downloads it, rates it and asks for 复查. axe-core (vendored,
test-only) finds no serious or critical violation on any portal page, and no page scrolls sideways."""

from pathlib import Path

import pytest
from django.core.cache import cache

from core.testing.browser import chromium_page
from petitions.models import Petition
from portal import captcha
from portal.tests.conftest import take_to_reply

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).resolve().parents[2] / "core" / "testing" / "vendor" / "axe.min.js").read_text()
PHONE = {"width": 375, "height": 740}


def check(page):
    extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert extra <= 0, f"{page.url} is {extra}px wider than the window"
    page.evaluate(AXE + ";0")  # evaluated through the DevTools protocol: the page's CSP stays strict
    found = page.evaluate(
        """async () => (await axe.run(document)).violations
             .filter(v => v.impact === 'serious' || v.impact === 'critical')
             .map(v => v.id + ' ' + v.nodes.map(n => n.target.join(' ')).join(', '))"""
    )
    assert found == [], f"{page.url}: {found}"


def test_petitioner_submits_tracks_rates_and_asks_for_review(live_server, province, tmp_path):
    attachment = tmp_path / "判决书.pdf"
    attachment.write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF")
    with chromium_page(live_server.url, viewport=PHONE) as page:
        page.goto("/portal/")
        check(page)
        page.click("text=我要信访")
        page.wait_for_selector("#id_name")
        check(page)
        page.fill("#id_name", "王建国")
        page.fill("#id_id_number", "620602198503150017")
        page.fill("#id_phone", "13893512345")
        page.select_option("#id_problem_region", "620602")
        page.fill("#id_case_number", "(2019)甘06民终123号")
        page.fill("#id_title", "不服民事判决")
        page.fill("#id_facts", "原审认定借款事实错误。")
        page.fill("#id_demands", "请求依法再审。")
        page.set_input_files("#id_attachments", str(attachment))
        page.check("#id_consent")
        challenge = page.get_attribute("input[name=captcha_id]", "value")
        page.fill("#id_captcha_answer", cache.get(captcha.PREFIX + challenge))
        page.click("button[type=submit]:has-text('提交')")
        page.wait_for_selector("[data-code]")
        check(page)
        number = page.inner_text("[data-number]").strip()
        code = page.inner_text("[data-code]").strip()
        petition = Petition.objects.get(number=number)
        assert petition.query_code == code and petition.attachments.count() == 1

        page.click("a.btn:has-text('查询办理进展')")
        page.wait_for_selector("#id_number")
        check(page)
        page.fill("#id_number", number)
        page.fill("#id_code", code.lower())
        page.keyboard.press("Enter")  # keyboard only
        page.wait_for_selector("[data-state]")
        assert page.inner_text("[data-state]") == "网上待审核"
        check(page)

        take_to_reply(province, petition)
        page.reload()
        assert page.inner_text("[data-state]") == "已答复"
        assert "内部接谈记录XYZ" not in page.content()
        href = page.get_attribute("[data-reply]", "href")
        download = page.request.get(href)
        assert download.status == 200 and download.body()[:2] == b"PK"  # the .docx
        check(page)

        page.check("input[name=satisfaction_office][value=satisfied]")
        page.check("input[name=satisfaction_unit][value=unsatisfied]")
        page.click("button:has-text('提交评价')")
        page.wait_for_selector("#id_unsatisfied_reason-errors")  # the reason is required, shown beside it
        check(page)
        page.check("input[name=satisfaction_office][value=satisfied]")
        page.check("input[name=satisfaction_unit][value=unsatisfied]")
        page.fill("#id_unsatisfied_reason", "答复没有回应我的主要诉求。")
        page.click("button:has-text('提交评价')")
        page.wait_for_selector("[data-evaluation]")

        page.fill("#id_reason", "答复认定事实错误，申请复查。")
        page.click("button:has-text('申请复查')")
        page.wait_for_selector("text=申请已提交")
        assert page.inner_text("[data-state]") == "复查中"
        check(page)
    petition.refresh_from_db()
    assert petition.satisfaction == "unsatisfied" and petition.review_level == 0
