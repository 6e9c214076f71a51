"""Every main page at phone (390 px) and laptop (1366 px) width, as the roles that use it: none may be wider
than its window (a page never scrolls sideways; wide tables scroll inside their own box)."""

import pytest

from core.testing.browser import chromium_page
from organisations.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 768}}
PAGES = {  # role → the main pages that role works with
    "liangzhou_clerk": [
        "/", "/petitions/", "/petitions/register/", "/handling/worklists/screening/", "/notifications/",
        "/alerts/", "/ledger/import/", "/deadlines/calculator/", "{detail}",
    ],
    "court_head": ["/", "/handling/worklists/to-receive/", "/handling/worklists/mine/", "/handling/worklists/approvals/"],
    "city_committee_head": ["/", "/petitions/", "/analytics/", "/handling/worklists/overdue/", "{detail}"],
    "province_leader": ["/", "/analytics/", "/petitions/"],
}  # fmt: skip


@pytest.mark.parametrize("width", WIDTHS)
def test_no_main_page_is_wider_than_the_window(live_server, province, register, width):
    petition = register(
        province.liangzhou_clerk,
        province.liangzhou_center,
        title="申请恢复执行凉州区人民法院（2019）甘0602民初1234号民事判决确定的借款本息及迟延履行利息",
    )
    too_wide = []
    with chromium_page(live_server.url, viewport=WIDTHS[width]) as page:
        for role, paths in PAGES.items():
            user = getattr(province, role)
            page.goto("/login/")
            page.fill("#id_username", user.username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{live_server.url}/")
            for path in paths:
                response = page.goto(path.format(detail=f"/petitions/{petition.pk}/"))
                assert response.status == 200, f"{role} {path}: {response.status}"
                extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                if extra > 0:
                    too_wide.append(f"{role} {path}: {extra}px")
            page.click("button:has-text('退出')")
            page.wait_for_url("**/login/")
    assert not too_wide, too_wide
