"""The campaign's scope and chosen-cases pages in headless Chromium, at phone (390 px) and laptop (1366 px)
width: a committee leader previews and saves a scope, chooses a case by its checkbox and removes it; no page is
wider than the window, and under the site's Content-Security-Policy the browser reports no violation or error."""

import pytest

from campaigns.models import CampaignCase
from core.testing.browser import chromium_page
from organisations.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline"));
});
"""


@pytest.mark.parametrize("width", [390, 1366])
def test_scope_and_cases_pages_fit_and_keep_the_policy(live_server, campaign, province, petitions, width):
    problems: list[str] = []
    user = province.liangzhou_leader

    def check(where: str) -> None:
        page.wait_for_load_state("load")
        extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if extra > 0:
            problems.append(f"{where}: {extra}px wider than the window")
        problems.extend(f"{where}: {v}" for v in page.evaluate("window.__violations || []"))

    with chromium_page(live_server.url, viewport={"width": width, "height": 844}) as page:
        page.add_init_script(WATCH)
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error"
                and not m.location.get("url", "").endswith("/favicon.ico") else None)  # fmt: skip
        page.goto("/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"/campaigns/{campaign.pk}/")
        check("detail")
        page.click("a:has-text('按条件设置范围')")
        page.wait_for_url(f"**/campaigns/{campaign.pk}/scope/")
        check("scope")
        page.select_option("#id_supervised_level", "county")
        page.click("button[name=preview]")
        page.wait_for_load_state("load")
        assert "预览，未保存" in page.content()
        check("scope preview")
        page.check("#id_backlog_only")
        page.click("button:has-text('保存范围')")
        page.wait_for_url(f"**/campaigns/{campaign.pk}/")
        assert "活动范围已保存" in page.content()
        page.goto(f"/campaigns/{campaign.pk}/cases/")
        check("cases")
        page.check(f"#add-{petitions[0].pk}")
        page.click("button:has-text('加入所选及填写的案件')")
        page.wait_for_url(f"**/campaigns/{campaign.pk}/cases/")
        check("cases after adding")
        assert list(CampaignCase.objects.values_list("petition_id", flat=True)) == [petitions[0].pk]
        page.check(f"#remove-{petitions[0].pk}")
        page.click("button:has-text('移出所选案件')")
        page.wait_for_url(f"**/campaigns/{campaign.pk}/cases/")
        assert not CampaignCase.objects.exists()
    assert not problems, problems
