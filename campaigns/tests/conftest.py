import datetime as dt

import pytest

from analytics.models import Campaign


@pytest.fixture
def campaign(province):
    """凉州区's campaign over all of 2026, run by 凉州区委政法委."""
    return Campaign.objects.create(name="凉州区清积专项活动", starts_on=dt.date(2026, 1, 1),
                                   ends_on=dt.date(2026, 12, 31), backlog_only=False,
                                   unit=province.liangzhou_committee)  # fmt: skip


@pytest.fixture
def petitions(province, register):
    return [register(province.liangzhou_clerk, province.liangzhou_center) for _ in range(4)]
