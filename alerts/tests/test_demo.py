"""The demo shows early warning working: the seed command runs the rules once, and the embedded default runs
them periodically in the development server the way it runs the deadline sweep."""

import threading

import pytest
from django.core.management import call_command

from alerts.models import Alert
from core.periodic import run_every


@pytest.mark.django_db
def test_seed_command_runs_early_warning_once(capsys):
    call_command("seed", "--petitions", "1500")
    out = capsys.readouterr().out
    assert "预警：已按" in out
    assert Alert.objects.exists()
    alert = Alert.objects.first()
    assert alert.reason  # each alert says why


def test_periodic_runner_survives_a_failing_run_and_stops_on_request():
    calls = []
    stop = threading.Event()

    def job():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database briefly unavailable")
        if len(calls) == 3:
            stop.set()
        return {"ok": True}

    run_every("test-job", job, 0.01, stop=stop)
    assert len(calls) == 3  # the failure was logged, the next runs went on, and it stopped when asked
