"""The demo seed fills quality review, accountability, hearings and consultations through their services."""

import pytest
from django.core.management import call_command

from hearings.models import Consultation, Hearing, HearingStatus
from petitions.models import Event
from quality.models import Accountability, Review, ReviewKind


@pytest.mark.django_db
def test_seed_command_fills_the_tools(capsys):
    call_command("seed", "--petitions", "1500")
    out = capsys.readouterr().out
    assert "案件评查：评查 24 件" in out and "听证与会诊：已举行听证" in out
    assert Review.objects.filter(kind=ReviewKind.QUALITY).count() == 24
    assert Review.objects.filter(kind=ReviewKind.LOOKBACK).exists()
    assert Accountability.objects.exists() and Consultation.objects.exists()
    assert Hearing.objects.filter(status=HearingStatus.HELD).exists()
    assert Hearing.objects.filter(status=HearingStatus.SCHEDULED).exists()
    assert Event.objects.filter(action="quality_case_graded").exists()
