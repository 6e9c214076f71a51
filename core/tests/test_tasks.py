"""Celery tasks: late acknowledgement, retries with backoff, and a lasting failure recorded for administrators
(run eagerly, as CELERY_TASK_ALWAYS_EAGER does without a broker)."""

import pytest
from celery import shared_task
from django.contrib.admin.sites import site
from django.urls import reverse

from alerts.tasks import run_early_warning_task
from core.models import FailedTask
from core.selectors import failed_tasks_recent
from core.tasks import ReliableTask
from notifications.tasks import sweep_deadlines_task
from xinfang.celery import app

pytestmark = pytest.mark.django_db(transaction=True)

calls = {"n": 0}


class Broken(RuntimeError):
    pass


@shared_task(name="core.tests.always_fails", max_retries=3)
def always_fails(petition_number, *, reason=""):
    calls["n"] += 1
    raise Broken(f"无法处理 {petition_number}")


@shared_task(name="core.tests.fails_once")
def fails_once():
    calls["n"] += 1
    if calls["n"] == 1:
        raise Broken("暂时失败")
    return "ok"


@pytest.fixture(autouse=True)
def _eager():
    """Eager, as without a broker; exceptions are not propagated mid-way so retries run as on a worker."""
    before = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, False
    calls["n"] = 0
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before


@pytest.mark.parametrize("task", [sweep_deadlines_task, run_early_warning_task, always_fails])
def test_every_task_is_acknowledged_late_and_retried_with_backoff(task):
    assert isinstance(task, ReliableTask)
    assert task.acks_late is True
    assert task.reject_on_worker_lost is True
    assert Exception in task.autoretry_for
    assert task.retry_backoff and task.max_retries >= 3


def test_settings_acknowledge_late_and_check_connections(settings):
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_a_passing_retry_records_nothing():
    assert fails_once.delay().get() == "ok"
    assert calls["n"] == 2
    assert not FailedTask.objects.exists()


def test_a_task_that_fails_for_good_is_recorded_once_with_its_attempts():
    result = always_fails.delay("620602-2026-000001", reason="测试")
    assert result.failed()
    with pytest.raises(Broken):
        result.get()
    assert calls["n"] == 4  # the first run and three retries
    failed = FailedTask.objects.get()
    assert failed.task_name == "core.tests.always_fails"
    assert failed.args == ["620602-2026-000001"]
    assert failed.kwargs == {"reason": "测试"}
    assert failed.exception == "Broken: 无法处理 620602-2026-000001"
    assert "raise Broken" in failed.traceback
    assert failed.attempts == 4
    assert list(failed_tasks_recent()) == [failed]


def test_idempotent_sweep_task_run_twice_does_the_work_once(province):
    first = sweep_deadlines_task.delay().get()
    second = sweep_deadlines_task.delay().get()
    assert second["reminders"] == 0 and second["digests"] == 0
    assert first["reminders"] >= 0


def test_administrators_see_failed_tasks_in_the_admin(client, province):
    assert always_fails.delay("X").failed()
    assert FailedTask in site._registry
    admin_user = province.sysadmin
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    page = client.get(reverse("admin:core_failedtask_changelist"))
    assert page.status_code == 200
    assert "core.tests.always_fails" in page.content.decode()
    assert client.get(reverse("admin:core_failedtask_add")).status_code == 403
