"""The seeded time-limit policy, rule precedence and computed deadlines."""

from datetime import UTC, date, datetime, timedelta

import pytest

from core.errors import DomainError
from deadlines import calendar
from deadlines.models import CalendarDay, Counting, DeadlineStatus, Step, TimeLimitRule
from deadlines.policy import NoTimeLimitRule, compute_due, deadline_status, rule_for

pytestmark = pytest.mark.django_db

BEIJING = calendar.CHINA_TZ


def at(y, m, d, hh=10, mm=0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("system", "step", "days", "extension"),
    [
        ("", Step.ACCEPTANCE, 15, 0),
        ("", Step.HANDLING, 60, 30),
        ("", Step.EXTENSION, 30, 0),
        ("", Step.REVIEW_REQUEST, 30, 0),
        ("", Step.REVIEW, 30, 0),
        ("", Step.REREVIEW_REQUEST, 30, 0),
        ("", Step.REREVIEW, 30, 0),
        ("procuratorate", Step.PROCURATORATE_PROCEDURAL_REPLY, 7, 0),
        ("procuratorate", Step.PROCURATORATE_RESULT, 90, 0),
    ],
)
def test_domain_defaults_are_seeded(system, step, days, extension):
    rule = TimeLimitRule.objects.get(system=system, step=step)
    assert (rule.days, rule.extension_days, rule.counting) == (days, extension, Counting.CALENDAR)
    assert rule.note
    assert rule.moderate_overdue_days <= rule.serious_overdue_days


def test_system_specific_rule_comes_before_the_default():
    assert rule_for("court", Step.HANDLING).system == ""
    court = TimeLimitRule.objects.create(
        system="court", step=Step.HANDLING, days=45, counting=Counting.WORKING
    )
    assert rule_for("court", Step.HANDLING) == court
    assert rule_for("police", Step.HANDLING).days == 60
    assert rule_for("", Step.HANDLING).days == 60
    assert rule_for(None, Step.HANDLING).days == 60


def test_procuratorate_rules_apply_only_to_procuratorates():
    assert rule_for("procuratorate", Step.PROCURATORATE_RESULT).days == 90
    assert rule_for("procuratorate", Step.HANDLING).days == 60  # falls back to the default
    with pytest.raises(NoTimeLimitRule) as exc:
        rule_for("court", Step.PROCURATORATE_RESULT)
    assert "办理结果答复" in exc.value.message
    assert exc.value.code == "no_time_limit_rule"


def test_system_and_step_are_unique():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        TimeLimitRule.objects.create(system="", step=Step.HANDLING, days=10)


def test_acceptance_due_ending_on_a_holiday():
    # Registered 2025-09-20: 15 days → Sun Oct 5 (National Day) → Thu 2025-10-09, 23:59:59 Beijing time.
    info = compute_due(at(2025, 9, 20, 22, 0), "court", Step.ACCEPTANCE)
    assert info.start_date == date(2025, 9, 20)
    assert info.due_date == date(2025, 10, 9)
    assert info.due_at == datetime(2025, 10, 9, 23, 59, 59, tzinfo=BEIJING)
    # Warning 3 days before: from 00:00 on 2025-10-06.
    assert info.warn_at == datetime(2025, 10, 6, 0, 0, tzinfo=BEIJING)
    assert info.rule.step == Step.ACCEPTANCE
    assert info.days == 15


def test_start_is_taken_in_beijing_time():
    # 2025-09-19 17:30 UTC is 2025-09-20 01:30 in Beijing: the triggering day is Sep 20.
    info = compute_due(datetime(2025, 9, 19, 17, 30, tzinfo=UTC), "", Step.ACCEPTANCE)
    assert info.start_date == date(2025, 9, 20)
    assert info.due_date == date(2025, 10, 9)


def test_a_plain_date_start_is_accepted():
    info = compute_due(date(2025, 7, 10), "", Step.HANDLING)
    assert info.due_date == date(2025, 9, 8)
    assert info.warn_at == datetime(2025, 8, 29, tzinfo=BEIJING)  # 10 days before Sep 8


def test_thirty_day_extension_of_handling():
    # Accepted 2025-07-10: 60 days end Mon 2025-09-08; with 30 more, day 90 is Oct 8 (holiday) → Oct 9.
    assert compute_due(at(2025, 7, 10), "", Step.HANDLING).due_date == date(2025, 9, 8)
    extended = compute_due(at(2025, 7, 10), "", Step.HANDLING, extra_days=30)
    assert extended.due_date == date(2025, 10, 9)
    assert extended.days == 90
    # The same through the extension step, counted from the original last day.
    assert compute_due(date(2025, 9, 8), "", Step.EXTENSION).due_date == date(2025, 10, 9)


def test_extension_beyond_the_policy_is_refused():
    with pytest.raises(DomainError) as exc:
        compute_due(at(2025, 7, 10), "", Step.HANDLING, extra_days=31)
    assert exc.value.code == "extension_too_long"
    assert "30" in exc.value.message
    with pytest.raises(DomainError) as exc:
        compute_due(at(2025, 7, 10), "", Step.ACCEPTANCE, extra_days=1)
    assert "不得延期" in exc.value.message
    with pytest.raises(DomainError):
        compute_due(at(2025, 7, 10), "", Step.HANDLING, extra_days=-1)


def test_working_day_rule_for_one_system():
    # A province counts acceptance by the courts in 5 working days.
    TimeLimitRule.objects.create(system="court", step=Step.ACCEPTANCE, days=5, counting=Counting.WORKING)
    # From Tue 2025-09-30: Thu 10-09 (1), Fri 10-10 (2), Sat 10-11 调休 (3), Mon 10-13 (4), Tue 10-14 (5).
    info = compute_due(at(2025, 9, 30), "court", Step.ACCEPTANCE)
    assert info.due_date == date(2025, 10, 14)
    # Warning 3 working days before: from Fri 10-10, when 10-11, 10-13 and 10-14 remain.
    assert info.warn_at == datetime(2025, 10, 10, tzinfo=BEIJING)
    # Other systems keep the national 15 calendar days: Sep 30 + 15 = Oct 15.
    assert compute_due(at(2025, 9, 30), "police", Step.ACCEPTANCE).due_date == date(2025, 10, 15)


def test_hearing_time_does_not_count_towards_rereview():
    # 复核 requested 2025-11-03: 30 days → Wed 2025-12-03; a 10-day hearing moves it to Sat 12-13 → Mon 12-15.
    assert compute_due(at(2025, 11, 3), "", Step.REREVIEW).due_date == date(2025, 12, 3)
    assert compute_due(at(2025, 11, 3), "", Step.REREVIEW, excluded_days=10).due_date == date(2025, 12, 15)


def test_warning_never_before_start():
    TimeLimitRule.objects.filter(system="procuratorate", step=Step.PROCURATORATE_PROCEDURAL_REPLY).update(
        warn_days_before=10
    )
    start = at(2025, 11, 3, 9, 30)
    info = compute_due(start, "procuratorate", Step.PROCURATORATE_PROCEDURAL_REPLY)
    assert info.due_date == date(2025, 11, 10)
    assert info.warn_at == start


def test_administrator_override_moves_the_deadline():
    CalendarDay.objects.create(date=date(2025, 10, 9), is_working=False, note="示例：临时休息")
    assert compute_due(at(2025, 9, 20), "", Step.ACCEPTANCE).due_date == date(2025, 10, 10)


def test_deadline_status_grades():
    rule = rule_for("", Step.ACCEPTANCE)  # warn 3, moderate 7, serious 30
    info = compute_due(at(2025, 9, 20), "", Step.ACCEPTANCE)

    def status(now):
        return deadline_status(due_at=info.due_at, warn_at=info.warn_at, rule=rule, now=now)

    assert status(at(2025, 10, 5)) == DeadlineStatus.ON_TIME
    assert status(at(2025, 10, 6, 0, 0)) == DeadlineStatus.WARNING
    assert status(info.due_at) == DeadlineStatus.WARNING
    assert status(info.due_at + timedelta(seconds=1)) == DeadlineStatus.OVERDUE
    assert status(at(2025, 10, 15)) == DeadlineStatus.OVERDUE  # 6 days late
    assert status(at(2025, 10, 16)) == DeadlineStatus.MODERATE  # 7 days late
    assert status(at(2025, 11, 8)) == DeadlineStatus.SERIOUS  # 30 days late


def test_overdue_levels_must_be_ordered():
    from django.core.exceptions import ValidationError

    rule = TimeLimitRule(
        system="court", step=Step.REVIEW, days=30, moderate_overdue_days=10, serious_overdue_days=5
    )
    with pytest.raises(ValidationError):
        rule.full_clean()
