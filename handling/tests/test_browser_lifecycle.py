"""End to end in headless Chromium: reception accepts a registered petition, the court's head receives it."""

import pytest
from playwright.sync_api import expect

from core.testing.browser import chromium_page
from organisations.tests.factories import PASSWORD
from petitions.models import State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = None  # a directory (e.g. "/tmp") keeps screenshots of the pages while developing


def log_in(page, live_server, user):
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def test_reception_accepts_and_the_court_receives(live_server, province, register):
    petition = register(province.liangzhou_clerk, province.liangzhou_center)
    with chromium_page(live_server.url) as page:
        log_in(page, live_server, province.liangzhou_clerk)
        page.click("nav >> text=待甄别")
        page.click(f"text={petition.number}")
        page.wait_for_url(f"**/petitions/{petition.pk}/")
        assert page.locator(".page-head .pill").first.inner_text() == "登记"
        shot(page, "1-registered")

        page.click("[data-action=accept]")  # htmx loads the form into the page
        page.wait_for_selector("#action-panel #id_handling_unit")
        page.select_option("#id_handling_unit", label="凉州区人民法院")
        page.fill("#id_instructions", "请依法审查，按期答复。")
        shot(page, "2-accept-form")
        page.click("#action-form button[type=submit]")
        page.wait_for_selector("text=已完成：受理并交办。")
        assert page.locator(".page-head .pill").first.inner_text() == "交办"
        assert page.locator("[data-action]").count() == 0  # nothing more for reception to do
        page.click("button:has-text('退出')")

        log_in(page, live_server, province.court_head)
        to_receive = page.locator("nav a", has_text="待签收")
        expect(to_receive.locator(".badge")).to_have_text("1")  # filled in once the page has loaded
        to_receive.click()
        page.click(f"text={petition.number}")
        page.wait_for_url(f"**/petitions/{petition.pk}/")
        assert page.locator(".page-head .pill").first.inner_text() == "交办"
        page.click("[data-action=receive]")
        page.wait_for_selector("#action-panel #id_handler")
        page.select_option("#id_handler", label=str(province.liangzhou_handler))
        shot(page, "3-receive-form")
        page.click("#action-form button[type=submit]")
        page.wait_for_selector("text=已完成：签收。")
        assert page.locator(".page-head .pill").first.inner_text() == "办理中"
        page.wait_for_load_state("networkidle")
        expect(page.locator("nav a", has_text="待签收").locator(".badge")).to_be_hidden()
        shot(page, "4-in-progress")

    petition.refresh_from_db()
    assert petition.state == State.IN_PROGRESS and petition.handling_unit == province.liangzhou_court
