"""Every metric against the hand-counted dataset (see conftest), and the arithmetic of rates and shares."""

from decimal import Decimal as D

import pytest

from analytics import metrics
from analytics.metrics import BY_KEY, METRICS, change, compare, derive, merge, point_change, rate, shares
from analytics.selectors import PROVINCE, StatsFilter, cohort, summary

from .conftest import JUNE

pytestmark = pytest.mark.django_db

# June 2026, whole province, computed at 2026-08-05 09:00 — counted by hand from the table in conftest.py
EXPECTED = {
    "registered": 13,  # P1–P11, PM, PZ
    "accepted": 5,  # P2, P6, P7, P8, P10
    "transferred_out": 1,  # P3
    "declined": 1,  # P4
    "diverted": 1,  # P5
    "pending_screening": 5,  # P1, P9, P11, PM, PZ
    "legal": 6,  # accepted + diverted
    "closed": 5,  # P5, P6, P7, P8, P10
    "settled": 4,  # P5, P6, P8, P10
    "unsettled": 1,  # P7
    "open": 1,  # P2
    "settled_pledge": 1,  # P6
    "settled_termination": 1,  # P10
    "settled_other": 2,  # P5 (diversion outcome), P8
    "closed_timed": 3,  # P6, P7, P8 (P5 diverted and P10 terminated were never closed against a limit)
    "closed_on_time": 2,  # P6, P7
    "overdue_open": 6,  # P1, P9, P11, PM, PZ (acceptance 06-16), P2 (handling 07-31)
    "overdue_closed": 1,  # P8
    "accepted_on_time": 8,  # every screening decision was taken the day of registration
    "screened": 8,  # P2–P8, P10
    "replied": 4,  # P6, P7, P8, P10
    "replied_on_time": 3,  # P6, P7, P10
    "rated": 3,  # P6, P7, P8
    "satisfied": 2,  # P6 满意, P8 基本满意
    "settled_first_time": 3,  # P5, P6, P8 (P10 went through 复查/复核)
    "repeat": 1,  # P9
    "group": 1,  # P11
    "skip_level": 1,  # P11 进京访
    "to_beijing": 1,
    "online": 1,  # P11
    "video": 1,  # PZ
    "backlog": 1,  # P1
    "terminated": 1,  # P10
    "handling_time_total": D("65.0"),  # P8: 06-01 → 08-05; the others closed the day they were registered
    "handling_time_max": D("65.0"),
    "handling_time_avg": D("13.0"),  # 65 ÷ 5
    "settled_rate": D("66.7"),  # 4 ÷ 6
    "settled_pledge_share": D("25.0"),
    "settled_termination_share": D("25.0"),
    "settled_other_share": D("50.0"),
    "close_rate": D("83.3"),  # 5 ÷ 6
    "on_time_close_rate": D("66.7"),  # 2 ÷ 3
    "timely_acceptance_rate": D("100.0"),
    "on_time_reply_rate": D("75.0"),  # 3 ÷ 4
    "participation_rate": D("75.0"),  # 3 ÷ 4
    "satisfaction_rate": D("66.7"),  # 2 ÷ 3
    "first_time_rate": D("60.0"),  # 3 ÷ 5
    "repeat_rate": D("7.7"),  # 1 ÷ 13
    "online_share": D("7.7"),
    "video_share": D("7.7"),
}


def test_the_expected_table_covers_every_metric():
    assert set(EXPECTED) == set(BY_KEY), "add the hand-counted value of a new metric to EXPECTED"


def test_every_metric_on_the_hand_counted_dataset(dataset):
    f = StatsFilter(*JUNE)
    assert metrics.aggregate(cohort(PROVINCE, f)) == EXPECTED
    assert summary(PROVINCE, f)["values"] == EXPECTED  # grouped by day, merged: the same figures


def test_markers_the_services_set(dataset):
    p = dataset.petitions
    assert p["P9"].flag_repeat and p["P9"].related_to == p["P6"]
    assert (
        p["P10"].terminated_at
        and p["P10"].review_level == 2
        and p["P10"].settlement_form == "approved_termination"
    )
    assert p["P8"].replied_on_time is False and p["P8"].closed_on_time is False
    assert p["P5"].settlement_form == "other" and p["P5"].closed_on_time is None


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (1, 8, D("12.5")),
        (2, 3, D("66.7")),
        (1, 3, D("33.3")),
        (1, 16, D("6.3")),  # 6.25: half-up, not to even
        (1, 40, D("2.5")),
        (5, 5, D("100.0")),
        (0, 7, D("0.0")),
        (3, 0, None),
    ],
)
def test_rates_round_half_up_to_one_decimal(numerator, denominator, expected):
    assert rate(numerator, denominator) == expected


def test_campaign_shares_37_5_57_5_5():
    assert shares({"pledge": 15, "termination": 23, "other": 2}) == {
        "pledge": D("37.5"),
        "termination": D("57.5"),
        "other": D("5.0"),
    }


def test_shares_always_add_up_to_100():
    parts = shares({"a": 1, "b": 1, "c": 1})
    assert sum(parts.values()) == D("100.0") and sorted(parts.values()) == [D("33.3"), D("33.3"), D("33.4")]
    assert shares({"a": 0, "b": 0}) == {"a": D("0.0"), "b": D("0.0")}


def test_change_and_points():
    assert change(13, 2) == D("550.0")
    assert change(61, 101) == D("-39.6")
    assert change(5, 0) is None and change(None, 3) is None
    assert point_change(D("66.7"), D("60.0")) == D("6.7")
    assert compare(D("66.7"), D("60.0"), "settled_rate") == D("6.7")  # rates: percentage points
    assert compare(12, 10, "registered") == D("20.0")  # counts: percent


def test_merge_is_exact_for_counts_sums_and_maxima():
    import datetime as dt

    rows = [
        {
            "registered": 2,
            "handling_time_total": dt.timedelta(days=3),
            "handling_time_max": dt.timedelta(days=2),
        },
        {"registered": 5, "handling_time_total": None, "handling_time_max": None},
        {
            "registered": 1,
            "handling_time_total": dt.timedelta(days=1),
            "handling_time_max": dt.timedelta(days=9),
        },
    ]
    keys = ["registered", "handling_time_total", "handling_time_max"]
    assert derive(merge(rows, keys), keys) == {
        "registered": 8,
        "handling_time_total": D("4.0"),
        "handling_time_max": D("9.0"),
    }


def test_every_metric_has_a_label_and_definition_and_valid_parts():
    for metric in METRICS:
        assert str(metric.label) and str(metric.definition).endswith("。")
        if metric.is_derived:
            assert BY_KEY[metric.numerator].is_raw and BY_KEY[metric.denominator].type == "count"
        else:
            assert metric.count is not None
