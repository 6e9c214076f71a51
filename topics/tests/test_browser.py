"""The hot-topics pages in headless Chromium: at phone (390 px) and laptop (1366 px) width none is wider than the
window, and under the site's Content-Security-Policy the browser reports no violation and no error."""

import pytest

from core.testing.browser import chromium_page
from organisations.tests.factories import PASSWORD
from topics.models import Membership
from topics.services import cluster_topics

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline"));
});
"""


@pytest.mark.parametrize("width", [390, 1366])
def test_topic_pages_fit_the_window_and_keep_the_policy(live_server, topic_world, width):
    cluster_topics(period="month")
    land = Membership.objects.get(petition=topic_world.land_mq).cluster
    user = topic_world.province.province_leader
    problems = []
    with chromium_page(live_server.url, viewport={"width": width, "height": 844}) as page:
        page.add_init_script(WATCH)
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on(
            "console",
            lambda m: (
                problems.append(m.text)
                if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico")
                else None
            ),
        )
        page.goto("/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        for path in ("/topics/", f"/topics/{land.pk}/", "/topics/?order=growth", "/analytics/"):
            response = page.goto(path)
            assert response.status == 200, path
            page.wait_for_load_state("load")
            extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if extra > 0:
                problems.append(f"{path}: {extra}px wider than the window")
            problems.extend(f"{path}: {v}" for v in page.evaluate("window.__violations || []"))
        page.goto("/topics/")
        page.click(f"a[href='/topics/{land.pk}/']")
        page.wait_for_url(f"**/topics/{land.pk}/")
        page.click("text=在事项台账中查看")
        page.wait_for_url(f"**/petitions/?cluster={land.pk}")
        assert page.locator("table.list tbody tr").count() == 5
    assert not problems, problems
