import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from handling import services as hs
from petitions.models import Petition

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def clock():
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0, tzinfo=TZ), tick=False) as traveller:
        yield traveller


@pytest.fixture
def case(province, register, clock):
    """A petition accepted and received by 凉州区人民法院 (in progress)."""
    p = register(province.liangzhou_clerk, province.liangzhou_center)
    hs.petition_accept(actor=province.liangzhou_clerk, petition=p, handling_unit=province.liangzhou_court)
    p = Petition.objects.get(pk=p.pk)
    hs.petition_receive(actor=province.court_head, petition=p, handler=province.liangzhou_handler)
    return Petition.objects.get(pk=p.pk)


@pytest.fixture
def plan(province, case):
    from supervision import services

    return services.plan_create(
        actor=province.wuwei_supervisor, petition=case, owner_leader=province.city_committee_head,
        owner_officer=province.court_head, measures="依法释法明理，协调救助。", target_date=dt.date(2026, 7, 1),
        analysis={"history_facts": "2019年民事纠纷", "crux": "执行款未到位"},
    )  # fmt: skip


@pytest.fixture
def sup(province, case):
    from supervision import services

    return services.supervision_open(
        actor=province.wuwei_supervisor, petition=case, level="city", source="own",
        instructions="请于期限内化解并报告。", deadline=dt.date(2026, 6, 20), report_interval_days=7,
    )  # fmt: skip
