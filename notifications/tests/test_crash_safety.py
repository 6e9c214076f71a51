"""Crash safety of the sweep: a worker that dies anywhere leaves no reminder without its digest, and the rerun
sends nothing twice (fault injection by monkeypatching a step to raise)."""

import pytest

from handling.tests import conftest as handling_fixtures
from notifications import services, sweep
from notifications.models import Kind, Notification, Reminder
from notifications.tests.test_sweep import at

pytestmark = pytest.mark.django_db(transaction=True)

clock = handling_fixtures.clock
flow = handling_fixtures.flow


class WorkerDied(Exception):
    pass


def _fail_on_call(monkeypatch, module, name, call):
    real = getattr(module, name)
    calls = {"n": 0}

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == call:
            raise WorkerDied(name)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, flaky)


def _assert_every_reminder_has_one_digest(province, count):
    assert Reminder.objects.count() == count
    assert not Reminder.objects.filter(digested_at__isnull=True).exists()
    notes = Notification.objects.filter(kind=Kind.REMINDER)
    # one digest per user of the unit, each listing all of them, not one per attempt
    assert sorted(notes.values_list("user__username", flat=True)) == ["lz_center_head", "lz_clerk"]
    assert {n.title for n in notes} == {f"催办：{count}件事项已逾期"}


@pytest.fixture
def overdue(clock, flow):
    return [flow.registered(title=f"不服民事判决{i}") for i in range(5)]


def test_death_between_batches_leaves_digests_owed_and_the_rerun_sends_them(overdue, province, monkeypatch):
    record = "_record_postgres" if sweep.connection.vendor == "postgresql" else "_record_portable"
    _fail_on_call(monkeypatch, sweep, record, call=2)
    with pytest.raises(WorkerDied):
        sweep.sweep_deadlines(now=at("2026-06-17"), batch_size=2)
    assert Reminder.objects.count() == 2  # the first batch committed
    assert Reminder.objects.filter(digested_at__isnull=True).count() == 2
    assert not Notification.objects.filter(kind=Kind.REMINDER).exists()

    monkeypatch.undo()
    result = sweep.sweep_deadlines(now=at("2026-06-17"), batch_size=2)
    assert result.overdue == 3  # only the rest is recorded now
    _assert_every_reminder_has_one_digest(province, 5)

    again = sweep.sweep_deadlines(now=at("2026-06-17"), batch_size=2)
    assert again.reminders == 0 and again.digests == 0
    assert Notification.objects.filter(kind=Kind.REMINDER).count() == 2


def test_death_while_writing_digests_rolls_them_back_with_their_marks(overdue, province, monkeypatch):
    real = services.notify_users

    def write_then_die(**kwargs):
        real(**kwargs)  # the digest rows are written, then the worker dies before the commit
        assert Notification.objects.exists()
        raise WorkerDied("notify_users")

    monkeypatch.setattr(services, "notify_users", write_then_die)
    with pytest.raises(WorkerDied):
        sweep.sweep_deadlines(now=at("2026-06-17"))
    assert Reminder.objects.count() == 5
    assert Reminder.objects.filter(digested_at__isnull=True).count() == 5  # the claim was rolled back
    assert not Notification.objects.exists()

    monkeypatch.undo()
    sweep.sweep_deadlines(now=at("2026-06-17"))
    _assert_every_reminder_has_one_digest(province, 5)
    sweep.sweep_deadlines(now=at("2026-06-17"))
    _assert_every_reminder_has_one_digest(province, 5)


def test_death_after_the_batches_before_the_digests(overdue, province, monkeypatch):
    _fail_on_call(monkeypatch, sweep, "send_owed_digests", call=1)
    with pytest.raises(WorkerDied):
        sweep.sweep_deadlines(now=at("2026-06-17"))
    assert Reminder.objects.filter(digested_at__isnull=True).count() == 5

    monkeypatch.undo()
    sweep.sweep_deadlines(now=at("2026-06-17"))
    _assert_every_reminder_has_one_digest(province, 5)
