"""In headless Chromium at 375 px: a person books and cancels an appointment without logging in, and the
reception staff see the booking in the day's reception list. No page scrolls sideways."""

import datetime as dt

import pytest
from django.utils import timezone

from core.testing.browser import chromium_page
from organisations.tests.factories import PASSWORD
from reception import services
from reception.models import Booking, BookingStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


def no_sideways_scroll(page):
    extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert extra <= 0, f"{page.url} is {extra}px wider than the window"


def test_book_cancel_and_staff_day_list(live_server, province):
    p = province
    day = timezone.localdate() + dt.timedelta(days=2)
    reception = services.reception_create(
        actor=p.liangzhou_clerk,
        unit=p.liangzhou_center,
        kind="leader_day",
        host="张书记",
        host_title="区委政法委书记",
        date=day,
        start_time=dt.time(9),
        end_time=dt.time(10),
        place="凉州区联合接访中心一楼",
    )
    with chromium_page(live_server.url, viewport=PHONE) as page:
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto("/portal/appointments/")
        no_sideways_scroll(page)
        page.click("text=预约（剩余 2 个时段）")
        page.wait_for_selector("text=选择时段")
        no_sideways_scroll(page)
        page.click("button:has-text('提交预约')")  # nothing chosen: field errors, nothing stored
        page.wait_for_selector(".errorlist")
        assert not Booking.objects.exists()
        page.check("input[name=slot] >> nth=0")
        page.fill("#id_name", "王建国")
        page.fill("#id_phone", "13893512345")
        page.fill("#id_summary", "判决生效后一直未执行。")
        page.click("button:has-text('提交预约')")
        page.wait_for_selector("[data-booking-code]")
        no_sideways_scroll(page)
        code = page.inner_text("[data-booking-code]").strip()
        booking = Booking.objects.get()
        assert code == booking.code

        # staff see it in the day's list
        page.goto("/login/")
        page.fill("#id_username", p.liangzhou_clerk.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        page.goto(f"/reception/?date={day.isoformat()}")
        page.wait_for_selector(f"[data-booking='{code}']")
        assert "王建国" in page.inner_text(f"[data-booking='{code}']")
        no_sideways_scroll(page)
        page.click("button:has-text('退出')")
        page.wait_for_url("**/login/")

        # the person cancels with the code
        page.goto("/portal/appointments/cancel/")
        page.fill("#id_code", code.lower())
        page.click("button:has-text('取消预约')")
        page.wait_for_selector("[data-cancelled]")
        no_sideways_scroll(page)
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CANCELLED
        assert not [e for e in errors if "Content Security Policy" in e], errors
    assert reception.slots.count() == 2
