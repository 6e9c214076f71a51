"""Periods, 同比/环比, breakdowns, rankings and — above all — scope: nobody counts what they may not see."""

import datetime as dt
from decimal import Decimal as D

import pytest

from analytics import selectors as sel
from analytics.selectors import PROVINCE, StatsFilter, UnitScope, breakdown, cohort, summary, unit_ranking
from core.errors import InvalidInput
from organisations.models import Role
from organisations.tests.factories import make_user
from petitions.models import Petition
from petitions.scope import visible_petitions

from .conftest import JUNE

pytestmark = pytest.mark.django_db
d = dt.date


def test_a_period_that_ends_before_it_starts_is_refused_in_chinese():
    with pytest.raises(InvalidInput) as exc:
        StatsFilter(d(2026, 3, 1), d(2026, 2, 1))
    assert exc.value.message == "开始日期（2026-03-01）不能晚于结束日期（2026-02-01）。"
    assert "date_to" in exc.value.errors


def test_a_period_longer_than_five_years_is_refused():
    StatsFilter(d(2021, 1, 1), d(2025, 12, 31))  # exactly five years
    with pytest.raises(InvalidInput, match="不能超过5年"):
        StatsFilter(d(2021, 1, 1), d(2026, 1, 1))


def test_filters_are_validated():
    with pytest.raises(InvalidInput) as exc:
        StatsFilter(d(2026, 1, 1), d(2026, 1, 31), region="62", system="army", channel="pigeon")
    assert set(exc.value.errors) == {"region", "system", "channel"}


@pytest.mark.parametrize(
    ("period", "before", "last_year"),
    [
        ((d(2026, 6, 1), d(2026, 6, 30)), (d(2026, 5, 1), d(2026, 5, 31)), (d(2025, 6, 1), d(2025, 6, 30))),
        ((d(2026, 1, 1), d(2026, 3, 31)), (d(2025, 10, 1), d(2025, 12, 31)), (d(2025, 1, 1), d(2025, 3, 31))),
        (
            (d(2025, 1, 1), d(2025, 12, 31)),
            (d(2024, 1, 1), d(2024, 12, 31)),
            (d(2024, 1, 1), d(2024, 12, 31)),
        ),
        ((d(2026, 3, 15), d(2026, 3, 24)), (d(2026, 3, 5), d(2026, 3, 14)), (d(2025, 3, 15), d(2025, 3, 24))),
        (
            (d(2024, 2, 29), d(2024, 2, 29)),
            (d(2024, 2, 28), d(2024, 2, 28)),
            (d(2023, 2, 28), d(2023, 2, 28)),
        ),
    ],
)
def test_comparison_periods(period, before, last_year):
    f = StatsFilter(*period)
    assert (f.previous_period().date_from, f.previous_period().date_to) == before
    assert (f.previous_year().date_from, f.previous_year().date_to) == last_year


def test_year_on_year_and_month_on_month(dataset):
    result = summary(PROVINCE, StatsFilter(*JUNE))
    assert result["values"]["registered"] == 13
    yoy, mom = result["previous_year"], result["previous_period"]
    assert (yoy["from"], yoy["to"]) == (d(2025, 6, 1), d(2025, 6, 30))
    assert yoy["values"]["registered"] == 2 and yoy["change"]["registered"] == D("550.0")  # (13 − 2) ÷ 2
    assert (mom["from"], mom["to"]) == (d(2026, 5, 1), d(2026, 5, 31))
    assert mom["values"]["registered"] == 1 and mom["change"]["registered"] == D("1200.0")
    assert yoy["change"]["settled"] is None  # no base a year earlier
    assert yoy["change"]["settled_rate"] is None


def test_the_seed_example_of_a_year_on_year_fall():
    assert sel.compare_values(61, 101, "registered") == D("-39.6")
    assert sel.compare_values(D("70.0"), D("66.7"), "settled_rate") == D("3.3")  # percentage points


def _registered(user):
    return summary(user, StatsFilter(*JUNE))["values"]["registered"]


def test_a_county_leader_sees_only_the_county(dataset, province):
    assert _registered(province.liangzhou_leader) == 11  # P1–P11: not 民勤 (PM), not 张掖 (PZ)
    assert _registered(province.wuwei_supervisor) == 12  # the city: + 民勤
    assert _registered(province.province_leader) == 13
    regions = {r["key"] for r in breakdown(province.liangzhou_leader, StatsFilter(*JUNE), "region")}
    assert regions == {"620602"}
    assert _registered(province.lawyer) == 0  # lawyers see only cases granted to them
    assert _registered(province.sysadmin) == 0


def test_the_cohort_is_exactly_the_visible_petitions_for_everyone(dataset, province):
    """The bounded scope sub-queries change nothing: same petitions as visible_petitions, for every user."""
    f = StatsFilter(d(2025, 1, 1), d(2026, 12, 31))
    period = Petition.objects.filter(sel.period_q([(f.date_from, f.date_to)]))
    users = [v for v in vars(province).values() if hasattr(v, "username")]
    for user in users:
        expected = set(visible_petitions(user, period).values_list("pk", flat=True))
        assert set(cohort(user, f).values_list("pk", flat=True)) == expected, user.username


def test_the_scope_sub_queries_are_bounded_and_come_last(province):
    f = StatsFilter(*JUNE)
    qs = sel.bounded(visible_petitions(province.wuwei_supervisor, Petition.objects.all()), 10, 99)
    sql = str(qs.query)
    # visible_petitions probes the access rows with correlated EXISTS (good for a page of 25); over a period
    # that is one index probe per petition of the province, so the statistics read the subtree's access rows
    # of the id range once, as a hashed IN, and the plain region tests of a 政法委 come first.
    assert "EXISTS" not in sql
    # both access sub-queries (the subtree's units, personal grants) are bounded
    assert sql.count('"petition_id" >= 10') == 2 and sql.count('"petition_id" <= 99') == 2
    assert '"petitions_petition"."id" IN (SELECT U0."petition_id"' in sql
    assert sql.index('"problem_region_id" >=') < sql.index("petitions_petitionaccess")  # cheap tests first
    assert cohort(province.wuwei_supervisor, f).count() == 0  # nothing registered: no bounds, empty


def test_unit_scope_is_what_a_member_of_the_unit_sees(dataset, province):
    f = StatsFilter(d(2025, 1, 1), d(2026, 12, 31))
    period = Petition.objects.filter(sel.period_q([(f.date_from, f.date_to)]))
    for unit in (
        province.wuwei_committee,
        province.liangzhou_committee,
        province.wuwei_court,
        province.minqin_center,
    ):
        member = make_user(f"member_{unit.pk}", unit, Role.UNIT_HEAD)
        expected = set(visible_petitions(member, period).values_list("pk", flat=True))
        assert set(cohort(UnitScope(unit), f).values_list("pk", flat=True)) == expected, unit.name


def _by_key(rows, field="registered"):
    return {r["key"]: r[field] for r in rows}


def test_breakdowns(dataset, province):
    f = StatsFilter(*JUNE)
    assert _by_key(breakdown(PROVINCE, f, "system")) == {"court": 4, "": 9}
    assert _by_key(breakdown(PROVINCE, f, "channel")) == {"visit": 11, "online": 1, "video": 1}
    assert _by_key(breakdown(PROVINCE, f, "category")) == {"judgment": 1, "enforcement": 1, "": 11}
    tags = dataset.tags
    assert _by_key(breakdown(PROVINCE, f, "tag")) == {tags["执行难"].pk: 2, tags["征地"].pk: 1, None: 11}
    assert _by_key(breakdown(PROVINCE, f, "region")) == {"620602": 11, "620621": 1, "620702": 1}
    assert _by_key(breakdown(PROVINCE, f, "city")) == {"620600": 12, "620700": 1}
    assert _by_key(breakdown(PROVINCE, f, "registered_unit")) == {
        province.liangzhou_center.pk: 11,
        province.minqin_center.pk: 1,
        province.ganzhou_center.pk: 1,
    }
    handling = _by_key(breakdown(PROVINCE, f, "handling_unit"))
    assert handling == {
        province.liangzhou_court.pk: 4,  # P2, P6, P7, P8
        province.wuwei_court.pk: 1,  # P5 (retrial)
        province.wuwei_committee.pk: 1,  # P10 (复核)
        None: 7,
    }
    months = breakdown(PROVINCE, StatsFilter(d(2026, 5, 1), d(2026, 7, 31)), "month")
    assert [(r["key"], r["registered"]) for r in months] == [("2026-05", 1), ("2026-06", 13), ("2026-07", 0)]
    assert months[1]["label"] == "2026年6月" and months[1]["settled_rate"] == D("66.7")
    forms = breakdown(PROVINCE, f, "settlement_form")
    assert [(r["key"], r["count"], r["share"]) for r in forms] == [
        ("written_pledge", 1, D("25.0")),
        ("approved_termination", 1, D("25.0")),
        ("other", 2, D("50.0")),
    ]
    with pytest.raises(InvalidInput):
        breakdown(PROVINCE, f, "weather")


def test_filters_narrow_the_cohort(dataset, province):
    def count(**kwargs):
        return summary(PROVINCE, StatsFilter(*JUNE, **kwargs))["values"]["registered"]

    assert count(region="620600") == 12 and count(region="620621") == 1
    assert (
        count(system="court") == 4
        and count(channel="online") == 1
        and count(problem_category="judgment") == 1
    )
    assert count(tag=dataset.tags["执行难"]) == 2
    assert count(unit=province.wuwei_court) == 5  # registered or handled within 武威中院's subtree: P2, P5–P8
    assert count(unit=province.minqin_committee) == 1


def test_the_dashboard_rolls_up_to_the_same_figures_as_each_breakdown(dataset, province):
    f = StatsFilter(*JUNE)
    for who in (PROVINCE, province.wuwei_supervisor, province.liangzhou_leader):
        data = sel.dashboard(who, f, ranking_level="handling", with_campaigns=False)
        assert data["values"] == summary(who, f)["values"]
        for key in ("system", "channel", "category", "region"):
            assert data[key] == breakdown(who, f, key), key
        assert data["settlement_form"] == breakdown(who, f, "settlement_form")
        assert data["ranking"] == unit_ranking(who, f, level="handling")
    assert sel.dashboard(PROVINCE, f)["city"] == breakdown(PROVINCE, f, "city")
    for who in (PROVINCE, province.liangzhou_leader):
        for period in (f, StatsFilter(d(2026, 5, 15), d(2026, 8, 4))):
            report = sel.report(who, period)
            for key, rows in report["breakdowns"].items():
                assert rows == breakdown(who, period, key), key
            assert report["ranking"] == unit_ranking(who, period, level="handling")
    assert sel.dashboard(province.wuwei_supervisor, f)["city"] == []  # one city: the county table suffices


def test_trend_by_day_for_a_short_period_and_by_month_otherwise(dataset):
    f = StatsFilter(*JUNE)
    data = sel.dashboard(PROVINCE, f, with_campaigns=False)
    assert data["trend"]["granularity"] == "day" and len(data["trend"]["labels"]) == 30
    assert data["trend"]["current"][0]["registered"] == 13
    assert data["trend"]["previous_year"][9]["registered"] == 2  # 2025-06-10, shown against 2026-06-10
    year = sel.dashboard(PROVINCE, StatsFilter(d(2026, 1, 1), d(2026, 12, 31)), with_campaigns=False)
    assert year["trend"]["granularity"] == "month" and year["trend"]["labels"][4:6] == ["2026-05", "2026-06"]
    assert [r["registered"] for r in year["trend"]["current"][4:6]] == [1, 13]


def test_unit_ranking_of_handling_units_and_of_child_units(dataset, province):
    f = StatsFilter(*JUNE)
    ranking = unit_ranking(PROVINCE, f, "settled_rate", level="handling")
    rows = {r["label"]: (r["rank"], r["settled_rate"]) for r in ranking["rows"]}
    assert rows == {
        "武威市中级人民法院": (1, D("100.0")),  # P5 settled
        "武威市委政法委": (1, D("100.0")),  # P10 terminated
        "凉州区人民法院": (3, D("50.0")),  # P6, P8 of P2, P6, P7, P8
    }
    assert {r["label"] for r in ranking["best"]} == {"武威市中级人民法院", "武威市委政法委"}
    assert [r["label"] for r in ranking["laggards"]] == ["凉州区人民法院"]
    children = unit_ranking(province.wuwei_supervisor, f, "settled_rate", level="children")
    by_child = {r["label"]: (r["rank"], r["settled_rate"], r["legal"]) for r in children["rows"]}
    assert by_child == {  # below a 政法委 by place: the county's units, and the city's own (本级)
        "武威市委政法委（本级）": (1, D("100.0"), 2),  # P5 (武威中院, retrial) and P10 (terminated)
        "凉州区委政法委": (2, D("50.0"), 4),  # P2, P6, P7, P8 handled by 凉州区法院
        "民勤县委政法委": (None, None, 0),  # PM is not screened yet
    }
    county = unit_ranking(province.liangzhou_leader, f, "settled_rate", level="children")
    assert {r["label"]: r["legal"] for r in county["rows"]} == {"凉州区人民法院": 4}  # its region's units
    court = unit_ranking(province.city_court_head, f, "settled_rate", level="children")
    assert {r["label"]: r["legal"] for r in court["rows"]} == {
        "凉州区人民法院": 4
    }  # by subtree; P5 is its own
    overdue = unit_ranking(PROVINCE, f, "overdue_open", level="handling")
    assert overdue["rows"][0]["overdue_open"] == 0 and overdue["rows"][-1]["label"] == "凉州区人民法院"


def test_rank_numbers_share_ties_and_name_the_laggards():
    rows = [
        {"label": n, "registered": 1, "settled_rate": v}
        for n, v in zip("ABCDEF", [90, 80, 90, 70, None, 60], strict=True)
    ]
    result = sel.rank(rows, "settled_rate")
    assert [(r["label"], r["rank"]) for r in result["rows"]] == [
        ("A", 1), ("C", 1), ("B", 3), ("D", 4), ("F", 5), ("E", None),
    ]  # fmt: skip
    assert [r["label"] for r in result["best"]] == ["A", "C"]
    assert [r["label"] for r in result["laggards"]] == ["B", "D", "F"]
