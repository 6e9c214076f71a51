"""End to end in headless Chromium: script payloads stored in a petition are shown as text, never run.

The payloads go into the title, the petitioner's name, the demands and facts, a handling note and the
instructions of the assignment (the timeline), then the list, the detail page with its timeline and the search
are opened. Each payload sets ``window.__xss`` and opens a dialog if it ever runs.
"""

import pytest

from conftest import person, registration
from core.testing.browser import chromium_page
from handling import services as handling
from organisations.tests.factories import PASSWORD
from petitions.models import Petition
from petitions.services import petition_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCRIPT = "<script>window.__xss=1;alert('xss')</script>"
IMG = "<img src=x onerror=\"window.__xss=1;alert('xss')\">"
SVG = '<svg onload="window.__xss=1"></svg>'
LINK = "javascript:window.__xss=1;alert('xss')"
ATTR = '" autofocus onfocus="window.__xss=1" x="'


def test_stored_script_payloads_are_rendered_inert(live_server, province):
    p = province
    petition = petition_register(
        actor=p.liangzhou_clerk,
        unit=p.liangzhou_center,
        data=registration(
            title=f"标题{SCRIPT}{IMG}", demands=f"诉求{IMG}{LINK}", facts=f"事实{SVG}{ATTR}{SCRIPT}"
        ),
        petitioners=[person(name=f"王{SCRIPT}"[:50])],
    )
    handling.petition_accept(
        actor=p.liangzhou_clerk, petition=petition, handling_unit=p.liangzhou_court, instructions=f"交办{IMG}"
    )
    petition.refresh_from_db()
    handling.petition_receive(actor=p.court_head, petition=petition, handler=p.liangzhou_handler)
    petition.refresh_from_db()
    handling.petition_record_work(
        actor=p.liangzhou_handler, petition=petition, kind="interview", note=f"接谈{SCRIPT}{LINK}{SVG}"
    )
    petition = Petition.objects.get(pk=petition.pk)
    dialogs: list[str] = []

    with chromium_page(live_server.url) as page:
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto("/login/")
        page.fill("#id_username", p.liangzhou_handler.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

        pages = {
            "首页": "/",
            "事项列表": "/petitions/",
            "检索": "/petitions/?q=%3Cscript%3E",
            "详情与办理记录": f"/petitions/{petition.pk}/",
        }
        for label, url in pages.items():
            page.goto(url)
            page.wait_for_load_state("networkidle")
            text = page.inner_text("body")
            assert petition.number in text, label
            assert "<script>window.__xss=1" in text, f"{label}: the payload is not shown as text"
            assert page.evaluate("window.__xss") is None, f"{label}: a payload ran"
            assert page.locator("img[src=x], svg[onload], [onfocus], [onerror]").count() == 0, label
            assert page.locator("a[href^='javascript:' i]").count() == 0, label
            scripts = page.eval_on_selector_all("script", "nodes => nodes.map(n => n.textContent).join(' ')")
            assert "__xss" not in scripts, label
        detail = page.inner_text("body")
        for shown in (f"诉求{IMG}", f"接谈{SCRIPT}", f"交办{IMG}", ATTR.strip()):
            assert shown.split("window")[0] in detail
        assert "接谈" in detail and LINK in detail  # the timeline note, as text
        page.wait_for_timeout(300)  # a late onerror would fire by now
        assert page.evaluate("window.__xss") is None
    assert dialogs == []
