import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from conftest import VALID_ID
from deadlines import calendar
from handling import services as hs
from portal import services


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def submission(**overrides) -> services.OnlineSubmission:
    values = {
        "name": "王建国",
        "id_number": VALID_ID,
        "phone": "13893512345",
        "problem_region": "620602",
        "title": "不服(2019)甘06民终123号民事判决",
        "facts": "原审认定借款事实错误，证据不足。",
        "demands": "请求依法再审，撤销原判决。",
        "case_number": "(2019)甘06民终123号",
    }
    values.update(overrides)
    return services.OnlineSubmission(**values)


@pytest.fixture
def submit(province):
    def _submit(token="t-1", attachments=(), **overrides):
        petition, _created = services.petition_submit_online(
            submission=submission(**overrides), attachments=attachments, token=token
        )
        return petition

    return _submit


def refresh(p):
    p.refresh_from_db()
    return p


def take_to_reply(province, petition, *, delivered_on=None):
    """Staff screen, accept, receive, reply (and deliver) through the services."""
    hs.petition_screen_online(actor=province.liangzhou_clerk, petition=petition)
    hs.petition_accept(
        actor=province.liangzhou_clerk, petition=refresh(petition), handling_unit=province.liangzhou_court
    )
    hs.petition_receive(
        actor=province.court_head, petition=refresh(petition), handler=province.liangzhou_handler
    )
    hs.petition_record_work(
        actor=province.liangzhou_handler, petition=refresh(petition), kind="interview", note="内部接谈记录XYZ"
    )
    hs.petition_draft_reply(
        actor=province.liangzhou_handler,
        petition=refresh(petition),
        claim="请求撤销原判",
        facts_reasons="经查，原审认定事实清楚。",
        decision="维持原处理意见。",
        legal_basis="《中华人民共和国民事诉讼法》第一百七十七条",
        outcome="explain",
    )
    hs.petition_decide_reply(actor=province.court_head, petition=refresh(petition), approve=True)
    hs.petition_record_delivery(
        actor=province.liangzhou_handler,
        petition=refresh(petition),
        method="electronic",
        status="signed",
        delivered_on=delivered_on or calendar.local_date(timezone.now()),
        opinion="disagree",
    )
    return refresh(petition)


def days_ago(n: int) -> dt.date:
    return calendar.local_date(timezone.now()) - dt.timedelta(days=n)
