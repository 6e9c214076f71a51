import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from handling import services as s

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def clock():
    """A controllable clock starting 2026-06-01 09:00 Beijing time."""
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0, tzinfo=TZ), tick=False) as traveller:
        yield traveller


@pytest.fixture
def flow(province, register):
    """Helpers that take a petition along the happy path, step by step."""

    class Flow:
        def registered(self, **kwargs):
            return register(province.liangzhou_clerk, province.liangzhou_center, **kwargs)

        def accepted(self, **kwargs):
            p = self.registered(**kwargs)
            s.petition_accept(
                actor=province.liangzhou_clerk, petition=p, handling_unit=province.liangzhou_court
            )
            return refresh(p)

        def in_progress(self, **kwargs):
            p = self.accepted(**kwargs)
            s.petition_receive(actor=province.court_head, petition=p, handler=province.liangzhou_handler)
            return refresh(p)

        def replied(self, *, actor=None, head=None, **kwargs):
            p = self.in_progress(**kwargs)
            return self.reply(p)

        def reply(self, p, *, actor=None, head=None):
            s.petition_draft_reply(
                actor=actor or province.liangzhou_handler,
                petition=p,
                claim="请求撤销原判",
                facts_reasons="经查，原审认定事实清楚，证据确实充分。",
                decision="维持原处理意见。",
                legal_basis="《中华人民共和国民事诉讼法》第一百七十七条",
                outcome="explain",
            )
            s.petition_decide_reply(actor=head or province.court_head, petition=refresh(p), approve=True)
            return refresh(p)

        def delivered(self, p, on, *, actor=None):
            s.petition_record_delivery(
                actor=actor or province.liangzhou_handler,
                petition=p,
                method="in_person",
                status="signed",
                delivered_on=on,
                opinion="disagree",
            )
            return refresh(p)

    return Flow()


def refresh(petition):
    petition.refresh_from_db()
    return petition
