"""End to end in headless Chromium under the site's real Content-Security-Policy: each role signs in, opens every
page of its navigation and the pages reached from them (detail, htmx panels, charts, admin), and the browser
reports no CSP violation, no console error and no page error."""

import datetime as dt

import pytest

from alerts.models import Alert, AlertRule
from alerts.services import run_early_warning
from analytics.models import Campaign, CampaignTarget
from core.testing.browser import chromium_page
from notifications.models import Notification
from organisations.models import User
from organisations.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Collected in the page itself: an init script is injected by the browser, not by the page, so the CSP under
# test does not apply to it.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " in " +
    e.sourceFile + ":" + e.lineNumber + " " + (e.sample || ""));
});
"""


class Watcher:
    def __init__(self, page):
        self.page = page
        self.problems: list[str] = []
        page.add_init_script(WATCH)
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def console(self, message):
        if message.location.get("url", "").endswith("/favicon.ico"):
            return  # the browser asks for one on its own; the site has none
        if message.type == "error" or "Content Security Policy" in message.text:
            self.problems.append(f"console {message.type}: {message.text} ({message.location})")

    def check(self, where: str) -> None:
        self.page.wait_for_load_state("load")
        violations = self.page.evaluate("window.__violations || []")
        self.problems.extend(f"{where}: {v}" for v in violations)
        assert not self.problems, "\n".join(self.problems)

    def visit(self, path: str) -> None:
        response = self.page.goto(path)
        assert response.status == 200, f"{path}: {response.status}"
        csp = response.headers["content-security-policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        self.check(path)


def sign_in(page, user, password=PASSWORD):
    page.context.clear_cookies()
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def nav_links(page) -> list[str]:
    return page.eval_on_selector_all("nav.sidebar a", "links => links.map(a => a.getAttribute('href'))")


def test_every_main_page_runs_under_the_strict_csp(live_server, province, register):
    petition = register(province.liangzhou_clerk, province.liangzhou_center, group_size=6)
    AlertRule.objects.update(enabled=False)
    AlertRule.objects.create(name="集体访", kind="group", params={"min_people": 5})
    run_early_warning()
    alert = Alert.objects.get()
    Notification.objects.create(
        user=province.liangzhou_clerk, kind="info", title="新的交办", body="请于期限内办理。\n第二行"
    )
    today = dt.date.today()
    campaign = Campaign.objects.create(
        name="积案化解专项活动",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=60),
        backlog_only=False,
    )
    CampaignTarget.objects.create(campaign=campaign, due_on=today + dt.timedelta(days=30), target=60)
    admin = User.objects.create_superuser("csp_admin", password=PASSWORD)

    with chromium_page(live_server.url) as page:
        watcher = Watcher(page)
        watcher.visit("/login/")

        # reception: every page of the navigation, the detail page and its htmx panels
        sign_in(page, province.liangzhou_clerk)
        seen = set()
        for href in nav_links(page):
            watcher.visit(href)
            seen.add(href)
        assert {
            "/",
            "/petitions/",
            "/petitions/register/",
            "/ledger/import/",
            "/deadlines/calculator/",
        } <= seen
        assert any(h.startswith("/handling/worklists/") for h in seen) and "/notifications/" in seen

        watcher.visit(f"/petitions/{petition.pk}/")
        with page.expect_response(lambda r: "/reveal/" in r.url) as reveal:
            page.click("button[title^='查看完整信息'] >> nth=0")  # htmx POST: reveal a masked field
        assert reveal.value.status == 200
        page.click("[data-action=accept]")  # htmx GET: the action form appears in the page
        page.wait_for_selector("#action-panel #id_handling_unit")
        watcher.check("detail with htmx panels")

        # the list filters through htmx and keeps them in the URL; the export link carries them (data-current-query)
        watcher.visit("/petitions/")
        page.fill("#id_q", "判决")
        page.click("button:has-text('查询')")
        page.wait_for_url("**/petitions/?*q=*")
        with page.expect_download() as download:
            page.click("a:has-text('导出台账')")
        assert "q=" in download.value.url
        assert page.evaluate("localStorage.getItem('htmx-history-cache')") is None  # no personal data kept
        watcher.check("list search and export")

        watcher.visit("/alerts/")
        page.click(f"#alert-{alert.pk} >> text=关闭")  # htmx GET: the close form replaces the row
        page.wait_for_selector(f"#alert-{alert.pk} >> textarea[name=note]")
        watcher.check("alert close form")

        watcher.visit("/notifications/")
        assert page.locator("tr.unread .note-body").count() == 1

        watcher.visit("/deadlines/calculator/")
        page.fill("#id_start", "2025-09-26")
        page.fill("#id_days", "15")
        page.check("#calculator input[type=radio] >> nth=0")
        page.click("#calculator button[type=submit]")
        page.wait_for_selector("#due-heading")
        watcher.check("deadline calculator")

        # the language switch submits itself (data-autosubmit)
        page.select_option("#lang-switch", "en")
        page.wait_for_selector("html[lang=en]")
        page.select_option("#lang-switch", "zh-hans")
        page.wait_for_selector("html[lang=zh-CN]")
        watcher.check("language switch")

        # the other roles: every page of their navigation (worklists, alerts, the dashboard with its campaign)
        for user in (
            province.liangzhou_handler,
            province.court_head,
            province.wuwei_supervisor,
            province.province_leader,
            province.province_reviewer,
        ):
            sign_in(page, user)
            for href in nav_links(page):
                watcher.visit(href)
                seen.add(href)
        assert {"/alerts/", "/analytics/"} <= seen

        # the dashboard draws its charts and tooltips, and the campaign's progress bars, under the CSP
        watcher.visit("/analytics/")
        page.wait_for_selector("#chart-trend canvas")
        page.hover("#chart-trend canvas")
        page.hover("#chart-settlement_form canvas")
        assert page.locator(".progress-track .progress-bar").count() >= 1
        watcher.check("dashboard charts")

        # the admin
        sign_in(page, admin)
        for path in (
            "/admin/",
            "/admin/organisations/user/",
            f"/admin/organisations/user/{province.liangzhou_clerk.pk}/change/",
            "/admin/organisations/user/add/",
            "/admin/analytics/campaign/",
            f"/admin/analytics/campaign/{campaign.pk}/change/",
        ):
            watcher.visit(path)
        page.goto("/admin/analytics/campaign/add/")
        page.click("text=今天")  # the admin's calendar shortcut runs under the CSP
        watcher.check("admin calendar")
