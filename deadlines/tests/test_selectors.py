"""The override table as the calendar sees it: precedence, caching and invalidation."""

from datetime import date

import pytest
from django.core.cache import cache

from deadlines import calendar, policy, selectors
from deadlines.models import CalendarDay, Step, TimeLimitRule

pytestmark = pytest.mark.django_db


def test_database_override_is_used_when_none_is_passed():
    assert not calendar.is_working_day(date(2025, 10, 8))
    CalendarDay.objects.create(date=date(2025, 10, 8), is_working=True, note="临时调整")
    assert calendar.is_working_day(date(2025, 10, 8))
    assert calendar.due_date(date(2025, 10, 7), 1, calendar.WORKING) == date(2025, 10, 8)


def test_database_override_makes_an_unknown_year_covered():
    assert not calendar.year_is_covered(2031)
    CalendarDay.objects.create(date=date(2031, 1, 1), is_working=False, note="元旦")
    assert calendar.year_is_covered(2031)
    assert not calendar.is_working_day(date(2031, 1, 1))


def test_notes_between_dates():
    CalendarDay.objects.create(date=date(2031, 1, 1), is_working=False, note="元旦")
    CalendarDay.objects.create(date=date(2031, 1, 4), is_working=True)
    CalendarDay.objects.create(date=date(2031, 2, 1), is_working=False, note="春节")
    assert selectors.override_notes(date(2031, 1, 1), date(2031, 1, 31)) == {date(2031, 1, 1): "元旦"}


@pytest.fixture
def outside_transaction(monkeypatch):
    """Behave as a request outside any transaction does, where the tables are cached."""
    monkeypatch.setattr(selectors, "_in_transaction", lambda: False)
    cache.clear()
    yield
    cache.clear()  # what this test cached of its rolled-back rows goes with them


def test_outside_a_transaction_the_table_is_cached(outside_transaction, django_assert_num_queries):
    CalendarDay.objects.create(date=date(2031, 1, 1), is_working=False)
    with django_assert_num_queries(1):
        assert selectors.calendar_overrides() == {date(2031, 1, 1): False}
    with django_assert_num_queries(0):
        assert selectors.calendar_overrides() == {date(2031, 1, 1): False}


def test_saving_or_deleting_an_override_drops_the_cache(
    outside_transaction, django_capture_on_commit_callbacks
):
    assert selectors.calendar_overrides() == {}
    with django_capture_on_commit_callbacks(execute=True):
        day = CalendarDay.objects.create(date=date(2031, 1, 1), is_working=False)
    assert selectors.calendar_overrides() == {date(2031, 1, 1): False}
    day.is_working = True
    day.save()
    assert selectors.calendar_overrides() == {date(2031, 1, 1): True}
    CalendarDay.objects.filter(pk=day.pk).delete()
    assert selectors.calendar_overrides() == {}


def test_inside_a_transaction_the_table_is_read_afresh(django_assert_num_queries):
    with django_assert_num_queries(2):
        selectors.calendar_overrides()
        selectors.calendar_overrides()


def test_outside_a_transaction_the_rules_are_cached(outside_transaction, django_assert_num_queries):
    with django_assert_num_queries(1):  # every rule, once
        rule = policy.rule_for("court", Step.ACCEPTANCE)
    with django_assert_num_queries(0):
        assert policy.rule_for("court", Step.ACCEPTANCE) == rule
        assert policy.rule_for("", Step.HANDLING).step == Step.HANDLING


def test_editing_or_adding_a_rule_drops_the_cached_rules(outside_transaction):
    rule = policy.rule_for("", Step.ACCEPTANCE)
    rule.days += 1
    rule.save()
    assert policy.rule_for("", Step.ACCEPTANCE).days == rule.days
    assert policy.rule_for("police", Step.ACCEPTANCE).pk == rule.pk  # the default rule serves the system
    own = TimeLimitRule.objects.create(system="police", step=Step.ACCEPTANCE, days=7)
    assert policy.rule_for("police", Step.ACCEPTANCE).pk == own.pk
    own.delete()
    assert policy.rule_for("police", Step.ACCEPTANCE).pk == rule.pk


def test_inside_a_transaction_the_rules_are_read_afresh(django_assert_num_queries):
    with django_assert_num_queries(2):
        policy.rule_for("court", Step.ACCEPTANCE)
        policy.rule_for("court", Step.ACCEPTANCE)
