"""The suggestion panel and the overview page in headless Chromium: under the strict CSP, one click confirms, and
neither page is wider than a phone's or a laptop's window."""

import pytest

from core.testing.browser import chromium_page
from core.tests.test_browser_csp import Watcher, sign_in
from textmodels.models import Decision, Source
from textmodels.tests.helpers import make_model

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_panel_and_overview_in_the_browser(live_server, province, register, width, tmp_path):
    make_model(source=Source.DEMO)
    petition = register(
        province.liangzhou_clerk,
        province.liangzhou_center,
        title="派出所不予立案，民警违法扣押车辆",
        facts="报警后无人出警，公安机关殴打，刑事案件久拖不侦。",
    )
    with chromium_page(live_server.url, viewport={"width": width, "height": 900}) as page:
        watcher = Watcher(page)
        sign_in(page, province.liangzhou_clerk)
        watcher.visit(f"/petitions/{petition.pk}/")
        page.locator("#suggest-title").wait_for(state="visible")  # the panel loads after the page (htmx)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        page.screenshot(path=str(tmp_path / f"panel-{width}.png"), full_page=True)
        page.locator("form[action$='/confirm/'] button:has-text('采纳')").first.click()
        page.wait_for_load_state("load")
        watcher.check("after confirm")
        assert Decision.objects.filter(petition=petition, accepted=True).count() == 1
        page.get_by_text("已采纳建议").first.wait_for(state="visible")
        watcher.visit("/textmodels/")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert "起始模型" in page.content()
