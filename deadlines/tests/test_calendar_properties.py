"""Properties of the counting rules, checked against an independent oracle of working days."""

from datetime import date, timedelta

import chinese_calendar
from hypothesis import given, settings
from hypothesis import strategies as st

from deadlines import calendar

PROFILE = settings(max_examples=200, deadline=None, database=None)
RULES = st.sampled_from([calendar.CALENDAR, calendar.WORKING])


def oracle_working(d: date, overrides: dict[date, bool]) -> bool:
    """Override, else the package's official schedule, else Monday–Friday for years the package lacks."""
    if d in overrides:
        return overrides[d]
    try:
        return chinese_calendar.is_workday(d)
    except NotImplementedError:
        return d.weekday() < 5


@st.composite
def starts_and_overrides(draw):
    """A start date spanning the package's covered years and beyond, with overrides near it."""
    start = draw(st.dates(min_value=date(2002, 6, 1), max_value=date(2029, 6, 30)))
    offsets = draw(st.dictionaries(st.integers(min_value=-5, max_value=220), st.booleans(), max_size=25))
    return start, {start + timedelta(days=o): working for o, working in offsets.items()}


DAYS = st.integers(min_value=1, max_value=150)


@PROFILE
@given(case=starts_and_overrides(), days=DAYS, rule=RULES)
def test_due_date_is_never_before_the_day_after_start(case, days, rule):
    start, overrides = case
    assert calendar.due_date(start, days, rule, overrides) >= start + timedelta(days=1)


@PROFILE
@given(case=starts_and_overrides(), days=DAYS)
def test_working_rule_lands_on_the_nth_working_day(case, days):
    start, overrides = case
    due = calendar.due_date(start, days, calendar.WORKING, overrides)
    assert oracle_working(due, overrides)
    counted = sum(
        oracle_working(start + timedelta(days=i), overrides) for i in range(1, (due - start).days + 1)
    )
    assert counted == days
    assert calendar.working_days_between(start, due, overrides) == days


@PROFILE
@given(case=starts_and_overrides(), days=DAYS)
def test_calendar_rule_extends_only_over_non_working_days(case, days):
    start, overrides = case
    due = calendar.due_date(start, days, calendar.CALENDAR, overrides)
    last = start + timedelta(days=days)
    assert due >= last
    assert oracle_working(due, overrides)
    assert all(not oracle_working(last + timedelta(days=i), overrides) for i in range((due - last).days))
    assert calendar.days_left(due, start) >= days


@PROFILE
@given(case=starts_and_overrides(), days=DAYS, rule=RULES)
def test_due_date_is_monotonic_in_days(case, days, rule):
    start, overrides = case
    shorter = calendar.due_date(start, days, rule, overrides)
    longer = calendar.due_date(start, days + 1, rule, overrides)
    if rule == calendar.WORKING:
        assert shorter < longer
    else:
        assert shorter <= longer


@PROFILE
@given(case=starts_and_overrides(), days=DAYS, rule=RULES)
def test_overrides_are_respected(case, days, rule):
    start, overrides = case
    for d, working in overrides.items():
        assert calendar.is_working_day(d, overrides) is working
    due = calendar.due_date(start, days, rule, overrides)
    # Declaring the due day a rest day pushes the deadline later; it never stays or moves earlier.
    assert calendar.due_date(start, days, rule, {**overrides, due: False}) > due


@PROFILE
@given(case=starts_and_overrides(), n=st.integers(min_value=0, max_value=60))
def test_add_working_days_backwards_undoes_forwards(case, n):
    start, overrides = case
    first = calendar.add_working_days(start, 1, overrides)
    assert calendar.add_working_days(calendar.add_working_days(first, n, overrides), -n, overrides) == first


@PROFILE
@given(
    a=st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 12, 31)),
    b=st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 12, 31)),
    c=st.dates(min_value=date(2020, 1, 1), max_value=date(2028, 12, 31)),
)
def test_working_days_between_is_additive_and_antisymmetric(a, b, c):
    assert calendar.working_days_between(a, b, {}) == -calendar.working_days_between(b, a, {})
    assert calendar.working_days_between(a, b, {}) + calendar.working_days_between(b, c, {}) == (
        calendar.working_days_between(a, c, {})
    )
    assert calendar.days_left(a, b) == -calendar.days_left(b, a)


@PROFILE
@given(case=starts_and_overrides(), days=DAYS, rule=RULES, warn=st.integers(min_value=0, max_value=10))
def test_warning_date_leaves_exactly_the_threshold(case, days, rule, warn):
    start, overrides = case
    due = calendar.due_date(start, days, rule, overrides)
    warn_day = calendar.warning_date(due, warn, rule, overrides)
    assert warn_day <= due
    if rule == calendar.WORKING:
        assert calendar.working_days_between(warn_day, due, overrides) == warn
        # The day before the warning day still had more than the threshold left.
        assert calendar.working_days_between(warn_day - timedelta(days=1), due, overrides) > warn
    else:
        assert calendar.days_left(due, warn_day) == warn
