"""Real dates across official holidays, counted by hand in the comments; and override precedence."""

from datetime import UTC, date, datetime

import pytest

from deadlines import calendar
from deadlines.calendar import CALENDAR, WORKING, due_date

NO_OVERRIDES: dict[date, bool] = {}


def test_schedule_2025_national_day_as_the_package_knows_it():
    # 2025: Oct 1–8 off (国庆节 + 中秋节); Sun Sep 28 and Sat Oct 11 are working days (调休).
    for day in range(1, 9):
        assert not calendar.is_working_day(date(2025, 10, day), NO_OVERRIDES)
    assert calendar.is_working_day(date(2025, 9, 28), NO_OVERRIDES)
    assert calendar.is_working_day(date(2025, 10, 11), NO_OVERRIDES)
    assert not calendar.is_working_day(date(2025, 10, 12), NO_OVERRIDES)


def test_fifteen_working_days_across_2025_national_day():
    # Triggered Fri 2025-09-26 (not counted). Working days after it:
    #  1 Sun 09-28 (调休)  2 Mon 09-29  3 Tue 09-30   — Oct 1–8 off —
    #  4 Thu 10-09  5 Fri 10-10  6 Sat 10-11 (调休)   — Sun 10-12 off —
    #  7 Mon 10-13  8 Tue 10-14  9 Wed 10-15  10 Thu 10-16  11 Fri 10-17   — weekend —
    # 12 Mon 10-20 13 Tue 10-21 14 Wed 10-22  15 Thu 10-23
    assert due_date(date(2025, 9, 26), 15, WORKING, NO_OVERRIDES) == date(2025, 10, 23)
    assert calendar.working_days_between(date(2025, 9, 26), date(2025, 10, 23), NO_OVERRIDES) == 15


def test_schedule_2026_spring_festival_as_the_package_knows_it():
    # 2026: 春节 Feb 15–23 off; Sat Feb 14 and Sat Feb 28 are working days (调休).
    for day in range(15, 24):
        assert not calendar.is_working_day(date(2026, 2, day), NO_OVERRIDES)
    assert calendar.is_working_day(date(2026, 2, 14), NO_OVERRIDES)
    assert calendar.is_working_day(date(2026, 2, 28), NO_OVERRIDES)
    assert calendar.is_working_day(date(2026, 2, 24), NO_OVERRIDES)


def test_fifteen_working_days_across_2026_spring_festival():
    # Triggered Thu 2026-02-12 (not counted). Working days after it:
    #  1 Fri 02-13  2 Sat 02-14 (调休)   — Feb 15–23 off —
    #  3 Tue 02-24  4 Wed 02-25  5 Thu 02-26  6 Fri 02-27  7 Sat 02-28 (调休)   — Sun 03-01 off —
    #  8 Mon 03-02  9 Tue 03-03 10 Wed 03-04 11 Thu 03-05 12 Fri 03-06   — weekend —
    # 13 Mon 03-09 14 Tue 03-10 15 Wed 03-11
    assert due_date(date(2026, 2, 12), 15, WORKING, NO_OVERRIDES) == date(2026, 3, 11)


def test_calendar_days_ending_on_a_holiday_move_to_the_next_working_day():
    # 2025-09-20 + 15 days = Sun 2025-10-05, inside the National Day holiday (Oct 1–8):
    # the period ends on the first working day after it, Thu 2025-10-09.
    assert due_date(date(2025, 9, 20), 15, CALENDAR, NO_OVERRIDES) == date(2025, 10, 9)


def test_calendar_days_ending_on_a_working_weekend_stay_there():
    # 2025-09-13 + 15 days = Sun 2025-09-28, a 调休 working day: the period ends that day.
    assert due_date(date(2025, 9, 13), 15, CALENDAR, NO_OVERRIDES) == date(2025, 9, 28)


def test_calendar_days_ending_on_an_ordinary_weekend():
    # 2025-11-07 (Fri) + 15 days = Sat 2025-11-22 → Mon 2025-11-24.
    assert due_date(date(2025, 11, 7), 15, CALENDAR, NO_OVERRIDES) == date(2025, 11, 24)


def test_sixty_days_plus_a_thirty_day_extension():
    # Accepted 2025-07-10. 60 days: Jul 31 is day 21, Aug 31 day 52, Mon Sep 8 day 60 (a working day).
    assert due_date(date(2025, 7, 10), 60, CALENDAR, NO_OVERRIDES) == date(2025, 9, 8)
    # Extended by 30: day 90 is Wed Oct 8 (Sep 30 is day 82), still the holiday → Thu 2025-10-09.
    assert due_date(date(2025, 7, 10), 90, CALENDAR, NO_OVERRIDES) == date(2025, 10, 9)
    # The same counted as 30 days from the original last day.
    assert due_date(date(2025, 9, 8), 30, CALENDAR, NO_OVERRIDES) == date(2025, 10, 9)


def test_override_wins_over_the_official_schedule():
    # Oct 8 2025 is an official holiday; an administrator makes it a working day.
    overrides = {date(2025, 10, 8): True, date(2025, 9, 29): False}
    assert calendar.is_working_day(date(2025, 10, 8), overrides)
    assert due_date(date(2025, 10, 7), 1, WORKING, overrides) == date(2025, 10, 8)
    # Mon Sep 29 made a rest day: the 2nd working day after Sep 26 becomes Sep 30.
    assert due_date(date(2025, 9, 26), 2, WORKING, overrides) == date(2025, 9, 30)


def test_year_the_package_does_not_know_falls_back_to_monday_to_friday():
    assert not calendar.library_covers(2030)
    assert not calendar.year_is_covered(2030, NO_OVERRIDES)
    # Fri 2030-01-04 → the 1st working day after it is Mon 2030-01-07.
    assert due_date(date(2030, 1, 4), 1, WORKING, NO_OVERRIDES) == date(2030, 1, 7)
    # Once an administrator enters that year, the entries are the only source besides Mon–Fri.
    overrides = {date(2030, 1, 7): False, date(2030, 1, 5): True}
    assert calendar.year_is_covered(2030, overrides)
    assert due_date(date(2030, 1, 4), 1, WORKING, overrides) == date(2030, 1, 5)
    assert due_date(date(2030, 1, 4), 2, WORKING, overrides) == date(2030, 1, 8)
    assert calendar.uncovered_years(date(2029, 12, 20), date(2031, 1, 5), overrides) == [2029, 2031]


def test_covered_years_come_from_the_package():
    assert calendar.year_is_covered(2025, NO_OVERRIDES)
    assert calendar.year_is_covered(2026, NO_OVERRIDES)


def test_days_left_and_non_working_days():
    assert calendar.days_left(date(2025, 10, 9), date(2025, 10, 9)) == 0
    assert calendar.days_left(date(2025, 10, 9), date(2025, 10, 1)) == 8
    assert calendar.days_left(date(2025, 10, 9), date(2025, 10, 12)) == -3
    assert calendar.non_working_days(date(2025, 9, 30), date(2025, 10, 9), NO_OVERRIDES) == [
        date(2025, 10, d) for d in range(1, 9)
    ]


def test_end_of_day_is_beijing_time():
    moment = calendar.end_of_day(date(2025, 10, 9))
    assert moment.isoformat() == "2025-10-09T23:59:59+08:00"
    assert moment.astimezone(UTC) == datetime(2025, 10, 9, 15, 59, 59, tzinfo=UTC)
    assert calendar.local_date(moment) == date(2025, 10, 9)
    # 17:30 UTC is already the next day in Beijing.
    assert calendar.local_date(datetime(2025, 9, 19, 17, 30, tzinfo=UTC)) == date(2025, 9, 20)
    with pytest.raises(ValueError):
        calendar.local_date(datetime(2025, 9, 19, 17, 30))


def test_invalid_arguments_are_refused():
    with pytest.raises(ValueError):
        due_date(date(2025, 1, 1), 0, CALENDAR, NO_OVERRIDES)
    with pytest.raises(ValueError):
        due_date(date(2025, 1, 1), 5, "weekly", NO_OVERRIDES)  # type: ignore[arg-type]


def test_explanation_lists_skipped_and_adjusted_days():
    result = calendar.explain(date(2025, 9, 26), 15, WORKING, NO_OVERRIDES, {})
    assert result.due == date(2025, 10, 23)
    skipped = {n.day: n.reason for n in result.skipped}
    assert skipped[date(2025, 10, 1)] == "国庆节"
    assert skipped[date(2025, 10, 6)] == "中秋"
    assert skipped[date(2025, 9, 27)] == "周末"
    assert len(skipped) == 12  # Sep 27, Oct 1–8, Oct 12, Oct 18–19
    assert [(n.day, n.reason) for n in result.adjusted_working] == [
        (date(2025, 9, 28), "国庆节调休上班"),
        (date(2025, 10, 11), "国庆节调休上班"),
    ]
    assert result.uncovered_years == []


def test_explanation_uses_administrator_notes():
    overrides = {date(2025, 11, 3): False}
    result = calendar.explain(date(2025, 10, 31), 1, WORKING, overrides, {date(2025, 11, 3): "本地防汛停工"})
    assert result.due == date(2025, 11, 4)
    assert [n.reason for n in result.skipped] == ["周末", "周末", "本地防汛停工"]
