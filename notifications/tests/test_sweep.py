"""The deadline sweep: reminder levels, the ledger that keeps reruns silent, and digest notifications."""

import datetime as dt
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F, Value

from deadlines.models import Step, TimeLimitRule
from deadlines.policy import deadline_status, rule_for
from handling.tests import conftest as handling_fixtures
from handling.tests.conftest import TZ, refresh
from notifications.apps import embedded_sweep_wanted
from notifications.models import Kind, Notification, Reminder, ReminderLevel
from notifications.sweep import DIGEST_LIMIT, KIND_STEP, run_periodically, sweep_deadlines
from notifications.tasks import sweep_deadlines_task
from petitions.models import DueKind, Petition, State

pytestmark = pytest.mark.django_db

# the lifecycle fixtures: a controllable clock (2026-06-01 09:00 Beijing) and the happy-path helpers
clock = handling_fixtures.clock
flow = handling_fixtures.flow

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")


def at(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=TZ)


def reminders(petition=None):
    qs = Reminder.objects.all() if petition is None else Reminder.objects.filter(petition=petition)
    return list(qs.order_by("sent_at", "id").values_list("level", flat=True))


def digests(user=None):
    qs = Notification.objects.filter(kind=Kind.REMINDER)
    return qs.filter(user=user) if user is not None else qs


def expected_level(petition, now: dt.datetime) -> str:
    rule = rule_for(petition.responsible_system, KIND_STEP[petition.due_kind])
    return deadline_status(due_at=petition.due_at, warn_at=petition.warn_at, rule=rule, now=now)


# ---------------------------------------------------------------------------------------------- levels


def test_registered_petition_is_quiet_until_its_warning_day(clock, flow):
    p = flow.registered()  # 2026-06-01: acceptance due 2026-06-16, warning from 2026-06-13 (3 days before)
    assert p.warn_at == at("2026-06-13", 0)
    result = sweep_deadlines(now=at("2026-06-12", 23))
    assert result.reminders == 0 and result.examined == 0
    assert reminders() == [] and not digests().exists()


def test_warning_reminder_and_one_digest_per_unit_user(clock, flow, province):
    p = flow.registered()
    clock.move_to(at("2026-06-13"))
    result = sweep_deadlines()
    assert (result.warning, result.overdue, result.moderate, result.serious) == (1, 0, 0, 0)
    assert result.examined == 1 and result.digests == 1 and result.notifications == 2
    assert Reminder.objects.get(petition=p).due_at == p.due_at
    assert reminders(p) == [ReminderLevel.WARNING]
    # 接访员 and 部门负责人 of the registering unit (no handling unit yet); not the lawyer of the same unit
    assert {n.user for n in digests()} == {province.liangzhou_clerk, province.liangzhou_center_head}
    note = digests(province.liangzhou_clerk).get()
    assert note.title == "临期提醒：1件事项即将到期"
    assert note.unit == province.liangzhou_center and note.petition_id == p.pk
    assert f"{p.number}　期限 2026-06-16" in note.body


def test_rerunning_the_sweep_sends_nothing(clock, flow):
    flow.registered()
    clock.move_to(at("2026-06-14"))
    assert sweep_deadlines().warning == 1
    clock.move_to(at("2026-06-14", 18))
    again = sweep_deadlines()
    assert again.reminders == 0 and again.digests == 0 and again.examined == 0
    assert len(reminders()) == 1 and digests().count() == 2


def test_levels_follow_the_rule_thresholds_as_time_passes(clock, flow, province):
    p = flow.registered()
    steps = [
        ("2026-06-13", ReminderLevel.WARNING),
        ("2026-06-16", None),  # still the warning level on the due day
        ("2026-06-17", ReminderLevel.OVERDUE),  # 1 day overdue
        ("2026-06-22", None),  # 6 days overdue: still "overdue"
        ("2026-06-23", ReminderLevel.MODERATE),  # 7 days: moderate_overdue_days of the acceptance rule
        ("2026-07-15", None),  # 29 days
        ("2026-07-16", ReminderLevel.SERIOUS),  # 30 days: serious_overdue_days
        ("2026-09-01", None),
    ]
    sent = []
    for day, level in steps:
        now = at(day)
        result = sweep_deadlines(now=now)
        assert result.reminders == (1 if level else 0), day
        if level:
            sent.append(level)
            assert level == expected_level(p, now)
            assert getattr(result, level) == 1
    assert reminders(p) == sent
    titles = list(digests(province.liangzhou_clerk).order_by("id").values_list("title", flat=True))
    assert titles == [
        "临期提醒：1件事项即将到期",
        "催办：1件事项已逾期",
        "催办：1件事项逾期较长",
        "催办：1件事项严重逾期",
    ]


def test_the_due_moment_itself_is_not_overdue(clock, flow):
    p = flow.registered()
    assert sweep_deadlines(now=p.due_at).warning == 1
    assert sweep_deadlines(now=p.due_at + dt.timedelta(seconds=1)).overdue == 1


def test_a_first_sweep_late_records_only_the_level_reached(clock, flow):
    p = flow.registered()
    result = sweep_deadlines(now=at("2026-08-01"))
    assert (result.warning, result.overdue, result.moderate, result.serious) == (0, 0, 0, 1)
    assert reminders(p) == [ReminderLevel.SERIOUS]


def test_system_rule_thresholds_apply_to_the_petitions_system(clock, flow):
    TimeLimitRule.objects.create(
        system="court",
        step=Step.ACCEPTANCE,
        days=15,
        warn_days_before=3,
        moderate_overdue_days=2,
        serious_overdue_days=3,
    )
    court = flow.registered()
    Petition.objects.filter(pk=court.pk).update(responsible_system="court")
    court = refresh(court)
    other = flow.registered(title="不服行政处罚决定")
    now = at("2026-06-19")  # 3 days overdue
    sweep_deadlines(now=now)
    assert reminders(court) == [ReminderLevel.SERIOUS] == [expected_level(court, now)]
    assert reminders(other) == [ReminderLevel.OVERDUE] == [expected_level(other, now)]


def test_handling_deadline_goes_to_the_handling_unit(clock, flow, province):
    p = flow.accepted()  # assigned to 凉州区人民法院, 60 days to 2026-07-31
    assert p.due_kind == DueKind.ASSIGNMENT and p.handling_unit == province.liangzhou_court
    sweep_deadlines(now=at("2026-08-01"))
    assert reminders(p) == [ReminderLevel.OVERDUE]
    assert Reminder.objects.get(petition=p).unit == province.liangzhou_court
    assert {n.user for n in digests()} == {province.court_head, province.liangzhou_handler}


def test_missing_warning_time_is_still_swept_when_overdue(clock, flow):
    p = flow.registered()
    Petition.objects.filter(pk=p.pk).update(warn_at=None, due_kind="")
    assert sweep_deadlines(now=at("2026-06-16", 12)).reminders == 0
    result = sweep_deadlines(now=at("2026-06-17"))
    assert result.overdue == 1 and reminders(p) == [ReminderLevel.OVERDUE]


def test_closed_petitions_and_petitions_without_deadline_get_nothing(clock, flow):
    closed, terminated, no_deadline = (flow.registered(title=f"事项{i}") for i in range(3))
    Petition.objects.filter(pk=closed.pk).update(state=State.CLOSED)
    Petition.objects.filter(pk=terminated.pk).update(state=State.TERMINATED)
    Petition.objects.filter(pk=no_deadline.pk).update(due_at=None, warn_at=None, due_kind="")
    result = sweep_deadlines(now=at("2026-08-01"))
    assert result.reminders == 0 and reminders() == [] and not digests().exists()


def test_a_new_deadline_starts_its_levels_again(clock, flow):
    p = flow.registered()
    sweep_deadlines(now=at("2026-06-17"))
    new_due = at("2026-07-31", 0).replace(hour=23, minute=59, second=59)
    Petition.objects.filter(pk=p.pk).update(
        due_at=new_due, warn_at=at("2026-07-21", 0), due_kind=DueKind.HANDLING
    )
    assert sweep_deadlines(now=at("2026-06-18")).reminders == 0
    assert sweep_deadlines(now=at("2026-07-22")).warning == 1
    assert set(Reminder.objects.filter(petition=p).values_list("due_at", "level")) == {
        (p.due_at, ReminderLevel.OVERDUE),
        (new_due, ReminderLevel.WARNING),
    }


# ---------------------------------------------------------------------------------------------- digests


def test_many_petitions_in_one_unit_make_one_notification_per_user(clock, flow, province):
    count = DIGEST_LIMIT + 5
    petitions = [flow.registered(title=f"不服民事判决{i}") for i in range(count)]
    result = sweep_deadlines(now=at("2026-06-17"), batch_size=7)  # four batches
    assert result.overdue == count and result.examined == count and result.batches == 4
    assert result.digests == 1 and result.notifications == 2
    assert digests().count() == 2  # clerk and head, not 2 × 25
    note = digests(province.liangzhou_center_head).get()
    assert note.title == f"催办：{count}件事项已逾期"
    assert note.petition is None
    lines = note.body.splitlines()
    assert len(lines) == 1 + DIGEST_LIMIT + 1
    assert lines[-1] == f"……等{count}件"
    listed = {line.split("　")[0] for line in lines[1:-1]}
    assert listed <= {p.number for p in petitions} and len(listed) == DIGEST_LIMIT


def test_one_digest_per_unit_and_level(clock, flow, province):
    flow.registered(title="甲")
    flow.registered(title="乙")
    late = flow.accepted(title="丙")
    Petition.objects.filter(pk=late.pk).update(due_at=at("2026-06-10", 0), warn_at=at("2026-06-05", 0))
    sweep_deadlines(now=at("2026-06-14"))
    assert sorted(digests(province.liangzhou_clerk).values_list("title", flat=True)) == [
        "临期提醒：2件事项即将到期"
    ]
    assert list(digests(province.court_head).values_list("title", flat=True)) == ["催办：1件事项已逾期"]


def test_serious_overdue_also_goes_to_the_superior_committee_supervisors(clock, flow, province):
    p = flow.registered()
    sweep_deadlines(now=at("2026-07-16"))
    # 凉州区委政法委 has no 督办员, so the next committee up (武威市委政法委) is told
    note = digests(province.wuwei_supervisor).get()
    assert note.title == "督办提醒：1件事项严重逾期"
    assert note.unit == province.wuwei_committee and note.petition_id == p.pk
    assert "凉州区联合接访中心：1件" in note.body
    assert not digests(province.province_supervisor).exists()


def test_digest_email_is_sent_after_commit(
    clock, flow, province, mailoutbox, django_capture_on_commit_callbacks
):
    province.liangzhou_clerk.email = "clerk@example.org"
    province.liangzhou_clerk.save(update_fields=["email"])
    flow.registered()
    with django_capture_on_commit_callbacks(execute=True):
        sweep_deadlines(now=at("2026-06-13"))
    assert [m.to for m in mailoutbox] == [["clerk@example.org"]]
    assert mailoutbox[0].subject == "临期提醒：1件事项即将到期"


# ---------------------------------------------------------------------------------------------- entry points


def test_celery_task_runs_the_sweep(clock, flow):
    flow.registered()
    counts = sweep_deadlines_task.delay(now="2026-06-17T09:00:00+08:00").get()
    assert counts["overdue"] == 1 and counts["reminders"] == 1
    assert sweep_deadlines_task.delay(now="2026-06-17T10:00:00").get()["reminders"] == 0


def test_management_command_prints_the_counts(clock, flow):
    flow.registered()
    out = io.StringIO()
    call_command("sweep_deadlines", "--now", "2026-06-23T09:00", stdout=out)
    assert "逾期较长1件" in out.getvalue()
    assert Reminder.objects.get().level == ReminderLevel.MODERATE


def test_run_periodically_stops_when_told(clock, flow, monkeypatch):
    monkeypatch.setattr("notifications.sweep.connections.close_all", lambda: None)
    flow.registered()
    clock.move_to(at("2026-06-13"))
    stop = threading.Event()
    seen = []

    def done(result):
        seen.append(result.warning)
        stop.set()

    run_periodically(3600, stop=stop, on_result=done)
    assert seen == [1]


def test_embedded_sweeper_never_starts_under_tests(monkeypatch, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    monkeypatch.setenv("RUN_MAIN", "true")
    monkeypatch.setattr("sys.argv", ["manage.py", "runserver"])
    assert embedded_sweep_wanted() is False  # pytest is loaded
    monkeypatch.delitem(__import__("sys").modules, "pytest")
    assert embedded_sweep_wanted() is True
    monkeypatch.setattr("sys.argv", ["manage.py", "migrate"])
    assert embedded_sweep_wanted() is False
    monkeypatch.setenv("RUN_MAIN", "false")
    monkeypatch.setattr("sys.argv", ["manage.py", "runserver"])
    assert embedded_sweep_wanted() is False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setenv("RUN_MAIN", "true")
    assert embedded_sweep_wanted() is False


# ---------------------------------------------------------------------------------------------- concurrency


@postgres_only
def test_a_level_recorded_meanwhile_by_another_worker_is_not_reported_again(clock, flow):
    """The selection's anti-join can miss a reminder committed after its snapshot: ON CONFLICT catches it."""
    from notifications.sweep import _record_postgres

    p = flow.registered()
    Reminder.objects.create(petition=p, due_at=p.due_at, level=ReminderLevel.OVERDUE)

    def selection(level):
        return (
            Petition.objects.filter(pk=p.pk)
            .annotate(level=Value(level), resp_unit=F("registered_unit"))
            .values_list("pk", "due_at", "number", "due_at", "resp_unit", "level")
        )

    with transaction.atomic():
        again = _record_postgres(selection(ReminderLevel.OVERDUE))
        later = _record_postgres(selection(ReminderLevel.MODERATE))
    assert (again.found, again.counts, again.items) == (1, [], [])
    assert later.found == 1 and later.counts == [(p.registered_unit_id, ReminderLevel.MODERATE, 1)]
    assert [(i.petition_id, i.number, i.due) for i in later.items] == [
        (p.pk, p.number, "2026-06-16T23:59:59")
    ]
    assert reminders(p) == [ReminderLevel.OVERDUE, ReminderLevel.MODERATE]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_rows_locked_by_another_worker_are_skipped(clock, flow):
    from django.db import connections

    busy, free = flow.registered(title="甲"), flow.registered(title="乙")
    locked, release, finished = threading.Event(), threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                list(Petition.objects.select_for_update().filter(pk=busy.pk))
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()
            finished.set()

    thread = threading.Thread(target=other_worker)
    thread.start()
    assert locked.wait(10)
    try:
        first = sweep_deadlines(now=at("2026-06-17"))
    finally:
        release.set()
        thread.join(10)
    assert finished.is_set()
    assert first.overdue == 1 and reminders(free) == [ReminderLevel.OVERDUE] and reminders(busy) == []
    second = sweep_deadlines(now=at("2026-06-17", 10))
    assert second.overdue == 1 and reminders(busy) == [ReminderLevel.OVERDUE]
