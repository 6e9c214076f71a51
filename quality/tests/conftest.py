"""Fixtures for quality review tests: the lifecycle helpers and a petition with its original cases."""

import pytest

from handling.tests import conftest as lifecycle
from petitions.models import CourtInstance

clock, flow, refresh = lifecycle.clock, lifecycle.flow, lifecycle.refresh  # the lifecycle's fixtures


@pytest.fixture
def petition(province, register):
    """A petition registered by 凉州区's centre about a 凉州区人民法院 judgment (一审) and its 二审."""
    p = register(province.liangzhou_clerk, province.liangzhou_center)
    CourtInstance.objects.create(
        petition=p, instance="first", case_number="(2019)甘0602民初123号", court_name="凉州区人民法院",
        judge="张法官",
    )  # fmt: skip
    CourtInstance.objects.create(
        petition=p, instance="second", case_number="(2020)甘06民终45号", court_name="武威市中级人民法院",
        judge="李法官",
    )  # fmt: skip
    return p
