"""Fixtures for early-warning tests: a fixed clock, rules under test's control, petitions at chosen ages."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from alerts.models import AlertRule, Severity
from alerts.params import validate_params
from conftest import person
from core.validators import id_number_check_char
from petitions.models import Petition

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=TZ)


@pytest.fixture
def clock():
    """A frozen clock at 2026-06-01 09:00 Beijing time."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def id_number(seq: int, region: str = "620602") -> str:
    first17 = f"{region}19850315{seq:03d}"
    return first17 + id_number_check_char(first17)


def people(*specs) -> list:
    """``people((1, "王建国"), (2, "李明"))`` → petitioner data with valid, distinct identity numbers."""
    return [person(name=name, id_number=id_number(seq)) for seq, name in specs]


@pytest.fixture
def rules(db):
    """Switch the seeded default rules off; ``rules.make(kind, **params)`` adds one that is on."""
    AlertRule.objects.update(enabled=False)

    class Rules:
        def make(
            self, kind, *, name=None, severity=Severity.SERIOUS, roles=("unit_head", "reception"), **params
        ):
            return AlertRule.objects.create(
                name=name or f"测试规则{AlertRule.objects.count() + 1}",
                kind=kind,
                params=validate_params(kind, params),
                severity=severity,
                notify_unit_roles=list(roles),
            )

    return Rules()


@pytest.fixture
def petition_at(province, register, clock):
    """Register a petition through the service, then move its registration time ``days``/``hours`` back."""

    def _at(*, days=0.0, hours=0.0, actor=None, unit=None, **kwargs):
        petition = register(actor or province.liangzhou_clerk, unit or province.liangzhou_center, **kwargs)
        at = timezone.now() - dt.timedelta(days=days, hours=hours)
        Petition.objects.filter(pk=petition.pk).update(registered_at=at)
        petition.refresh_from_db()
        return petition

    return _at
