"""Fixtures for hearings and consultations: the lifecycle helpers and a petition in 复核."""

import datetime as dt

import pytest

from handling import services as hs
from handling.tests import conftest as lifecycle

clock, flow, refresh = lifecycle.clock, lifecycle.flow, lifecycle.refresh  # the lifecycle's fixtures


@pytest.fixture
def rereview(clock, flow, province):
    """A petition in 复核 at the city 政法委 since 2026-06-01, received by its head."""
    p = flow.delivered(flow.replied(), dt.date(2026, 6, 1))
    hs.petition_request_review(actor=province.liangzhou_handler, petition=p, requested_on=dt.date(2026, 6, 1),
                               reason="不服处理意见")  # fmt: skip
    p = refresh(p)
    hs.petition_receive(actor=province.city_court_head, petition=p)
    p = flow.reply(refresh(p), actor=province.city_court_handler, head=province.city_court_head)
    p = flow.delivered(p, dt.date(2026, 6, 1), actor=province.city_court_handler)
    hs.petition_request_review(actor=province.city_court_handler, petition=p, requested_on=dt.date(2026, 6, 1),
                               reason="仍不服")  # fmt: skip
    p = refresh(p)
    hs.petition_receive(actor=province.city_committee_head, petition=p)
    return refresh(p)
