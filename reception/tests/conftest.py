import datetime as dt

import pytest
from django.utils import timezone

from reception import services


@pytest.fixture
def future_day():
    return timezone.localdate() + dt.timedelta(days=3)


@pytest.fixture
def leader_day(province, future_day):
    return services.reception_create(
        actor=province.liangzhou_clerk,
        unit=province.liangzhou_center,
        kind="leader_day",
        host="张书记",
        host_title="区委政法委书记",
        date=future_day,
        start_time=dt.time(9),
        end_time=dt.time(10),
        place="凉州区联合接访中心一楼",
        topics="涉法涉诉信访",
    )


@pytest.fixture
def lawyer(province):
    return services.lawyer_create(
        actor=province.liangzhou_clerk,
        unit=province.liangzhou_center,
        name="李律师",
        firm="甘肃凉州律师事务所",
        licence_number="16206201810012345",
        specialities="民事、行政",
        user=province.lawyer,
    )
