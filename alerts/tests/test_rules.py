"""Each rule on a small dataset, with hand-computed thresholds and the sensitive-period strictness."""

import datetime as dt

import pytest
from django.utils import timezone

from alerts.models import SensitivePeriod
from alerts.params import Strictness
from alerts.rules import RuleContext, anonymised_name, committees_for, evaluate, region_ancestors
from alerts.services import active_sensitive_period
from alerts.tests.conftest import id_number, people
from conftest import person
from petitions.models import Petition, Petitioner, State

pytestmark = pytest.mark.django_db

STRICT = Strictness("全国两会", 0.5)


def ctx(strict=None, days=90) -> RuleContext:
    return RuleContext(now=timezone.now(), days=days, strict=strict)


def wang(**kwargs):
    return people((1, "王建国"), **kwargs)


# ---------------------------------------------------------------------------------------- repeat_person


def test_repeat_person_counts_one_identity_within_the_window(rules, petition_at):
    rule = rules.make("repeat_person", count=3, days=30)
    petition_at(days=20, petitioners=wang())
    petition_at(days=10, petitioners=wang())
    latest = petition_at(hours=2, petitioners=wang())
    # 李明: three petitions, but the first is 40 days before the latest, so only 2 within 30 days
    li = people((2, "李明"))
    petition_at(days=40, petitioners=li)
    petition_at(days=5, petitioners=li)
    petition_at(days=1, petitioners=li)

    (c,) = evaluate(rule, ctx())
    assert c.petition_id == latest.pk
    assert c.reason == "信访人王某某（身份证尾号" + id_number(1)[-4:] + "）近30日内第3次信访"
    assert c.unit_id == latest.registered_unit_id
    assert c.dedupe_key == f"r{rule.pk}:person:{latest.parties.get().petitioner_id}:{latest.pk}"
    assert c.data["count"] == 3
    assert (
        Petitioner.objects.filter(name="王建国").count() == 3
    )  # one record per petition, matched by ID hash


def test_repeat_person_counts_co_petitioners_of_group_petitions(rules, petition_at):
    rule = rules.make("repeat_person", count=2, days=30)
    petition_at(days=3, petitioners=people((1, "王建国"), (2, "李明")))
    petition_at(days=1, petitioners=people((2, "李明")))
    (c,) = evaluate(rule, ctx())
    assert c.reason.startswith("信访人李某（身份证尾号")
    assert c.reason.endswith("近30日内第2次信访")


def test_repeat_person_ignores_a_latest_petition_outside_the_run_window(rules, petition_at):
    rule = rules.make("repeat_person", count=2, days=30)
    petition_at(days=50, petitioners=wang())
    petition_at(days=45, petitioners=wang())
    assert evaluate(rule, ctx(days=30)) == []
    assert len(evaluate(rule, ctx(days=90))) == 1


def test_repeat_person_is_stricter_in_a_sensitive_period(rules, petition_at):
    rule = rules.make("repeat_person", count=3, days=30)
    petition_at(days=10, petitioners=wang())
    petition_at(days=1, petitioners=wang())
    assert evaluate(rule, ctx()) == []
    (c,) = evaluate(rule, ctx(STRICT))
    assert c.reason.endswith("近30日内第2次信访；敏感时期（全国两会）从严：次数阈值由3次降为2次")


# ---------------------------------------------------------------------------------------- repeat_matter


def test_repeat_matter_groups_by_case_number_across_people(rules, petition_at):
    rule = rules.make("repeat_matter", count=3, days=30)
    case = "(2019)甘06民终123号"
    petition_at(days=20, petitioners=people((1, "王建国")), case_number=case)
    petition_at(days=10, petitioners=people((2, "李明")), case_number=case)
    latest = petition_at(days=1, petitioners=people((3, "张三丰")), case_number=case)
    petition_at(days=1, petitioners=people((4, "赵四")), case_number="(2020)甘06民终9号")
    (c,) = evaluate(rule, ctx())
    assert c.petition_id == latest.pk
    assert c.reason == f"原案{case}近30日内第3次被信访"


# ---------------------------------------------------------------------------------------- group


def test_group_by_size_or_flag(rules, petition_at):
    rule = rules.make("group", min_people=5)
    big = petition_at(days=2, group_size=7)
    small = petition_at(days=2, group_size=3)
    flagged = petition_at(days=2, group_size=2)
    Petition.objects.filter(pk=flagged.pk).update(flag_group=True)
    found = {c.petition_id: c.reason for c in evaluate(rule, ctx())}
    assert found == {
        big.pk: "集体访：7人共同信访（5人以上即预警）",
        flagged.pk: "登记为集体访（登记人数2人）",
    }
    strict = {c.petition_id: c.reason for c in evaluate(rule, ctx(STRICT))}
    assert (
        strict[small.pk]
        == "集体访：3人共同信访（3人以上即预警）；敏感时期（全国两会）从严：人数阈值由5人降为3人"
    )


def test_group_outside_the_window_is_ignored(rules, petition_at):
    rule = rules.make("group", min_people=5)
    petition_at(days=100, group_size=9)
    assert evaluate(rule, ctx()) == []


# ---------------------------------------------------------------------------------------- skip_level


def test_skip_level_reports_the_selected_flags(rules, petition_at):
    rule = rules.make("skip_level", flags=["flag_skip_level", "flag_to_beijing", "flag_to_province"])
    beijing = petition_at(days=1, flags={"flag_to_beijing": True, "flag_skip_level": True})
    petition_at(days=1, flags={"flag_abnormal": True})
    petition_at(days=1)
    (c,) = evaluate(rule, ctx())
    assert c.petition_id == beijing.pk
    assert c.reason == f"登记为越级访、进京访（{beijing.number}）"
    assert c.data["flags"] == ["flag_skip_level", "flag_to_beijing"]


# ---------------------------------------------------------------------------------------- key_person


def test_key_person_by_petitioner_or_flag(rules, petition_at):
    rule = rules.make("key_person")
    by_person = petition_at(
        days=1, petitioners=[person(name="王建国", id_number=id_number(1), is_key_person=True)]
    )
    by_flag = petition_at(days=1, petitioners=people((2, "李明")))
    Petition.objects.filter(pk=by_flag.pk).update(flag_key_person=True)
    petition_at(days=1, petitioners=people((3, "张三丰")))
    found = {c.petition_id: c.reason for c in evaluate(rule, ctx())}
    assert found == {
        by_person.pk: f"重点人员王某某（身份证尾号{id_number(1)[-4:]}）信访",
        by_flag.pk: "事项标记为重点人员信访",
    }


def test_key_person_marked_after_registration_still_counts(rules, petition_at):
    rule = rules.make("key_person")
    p = petition_at(days=1, petitioners=people((5, "钱多多")))
    assert evaluate(rule, ctx()) == []
    Petitioner.objects.filter(parties__petition=p).update(is_key_person=True)
    (c,) = evaluate(rule, ctx())
    assert c.petition_id == p.pk and c.reason.startswith("重点人员钱某某")


# ---------------------------------------------------------------------------------------- supervised_due


def test_supervised_due_within_days_on_open_supervised_cases(rules, petition_at):
    rule = rules.make("supervised_due", days=3)
    now = timezone.now()

    def supervised(due_in, level="city", state=State.IN_PROGRESS, days=1):
        p = petition_at(days=days)
        Petition.objects.filter(pk=p.pk).update(
            supervision_level=level, due_at=now + due_in, due_kind="handling", state=state
        )
        return p

    soon = supervised(dt.timedelta(days=2))
    old = supervised(dt.timedelta(hours=5), level="province", days=400)  # registered long ago: still checked
    supervised(dt.timedelta(days=5))
    supervised(dt.timedelta(days=1), level="")
    supervised(dt.timedelta(days=1), state=State.CLOSED)
    supervised(-dt.timedelta(days=1))  # already overdue: the deadline sweep's 催办, not this rule
    found = {c.petition_id: c.reason for c in evaluate(rule, ctx())}
    assert set(found) == {soon.pk, old.pk}
    assert found[soon.pk] == f"市级督办事项{soon.number}的办理期限将于2026-06-03 09:00到期，剩余2天"
    assert found[old.pk].endswith("剩余5小时")
    strict = evaluate(rule, ctx(STRICT))
    assert len(strict) == 3
    assert all(c.reason.endswith("敏感时期（全国两会）从严：提前预警天数由3日增为6日") for c in strict)


def test_supervised_due_keys_change_with_a_new_deadline(rules, petition_at):
    rule = rules.make("supervised_due", days=3)
    p = petition_at(days=1)
    Petition.objects.filter(pk=p.pk).update(
        supervision_level="county", due_at=timezone.now() + dt.timedelta(days=1)
    )
    (first,) = evaluate(rule, ctx())
    Petition.objects.filter(pk=p.pk).update(due_at=timezone.now() + dt.timedelta(days=2))
    (second,) = evaluate(rule, ctx())
    assert first.dedupe_key != second.dedupe_key


# ---------------------------------------------------------------------------------------- unusual_rise


def weekly(petition_at, counts, **kwargs):
    """``counts[i]`` petitions in rolling week i (0 = the last 7 days), spread inside each week."""
    for week, n in enumerate(counts):
        for j in range(n):
            petition_at(days=7 * week + 1 + j % 5, hours=1, **kwargs)


def test_unusual_rise_by_category_hand_computed(rules, petition_at, province):
    rule = rules.make("unusual_rise", dimension="category", level="province", weeks=8, sigma=3, min_count=5)
    # history 1,2,1,2,1,2,1,2: mean 1.5, population standard deviation 0.5, threshold 1.5 + 3 × 0.5 = 3.0
    weekly(petition_at, [5, 1, 2, 1, 2, 1, 2, 1, 2], problem_category="enforcement")
    # another category, flat: 2 every week
    weekly(petition_at, [2] * 9, problem_category="police")
    (c,) = evaluate(rule, ctx())
    assert c.petition_id is None
    assert c.region_id == "620000"
    assert c.category == "enforcement"
    assert c.unit_id == province.committee.pk
    assert c.reason == "甘肃省「执行问题」类信访本周（近7日）5件，前8周均值1.5、标准差0.5，超过均值+3σ=3.0"
    assert c.data["history"] == [1, 2, 1, 2, 1, 2, 1, 2]
    assert (c.data["mean"], c.data["std"], c.data["threshold"]) == (1.5, 0.5, 3.0)


def test_unusual_rise_minimum_count_guard(rules, petition_at):
    rule = rules.make("unusual_rise", dimension="category", weeks=8, sigma=3, min_count=5)
    # 4 > 3.0 = mean + 3σ, but fewer than the minimum of 5
    weekly(petition_at, [4, 1, 2, 1, 2, 1, 2, 1, 2], problem_category="enforcement")
    assert evaluate(rule, ctx()) == []
    # a sensitive period halves the minimum (5 → 3) and σ (3 → 1.5): threshold 1.5 + 1.5 × 0.5 = 2.25
    (c,) = evaluate(rule, ctx(STRICT))
    assert c.reason == (
        "甘肃省「执行问题」类信访本周（近7日）4件，前8周均值1.5、标准差0.5，超过均值+1.5σ=2.2；"
        "敏感时期（全国两会）从严：标准差倍数由3降为1.5，本周最少件数由5件降为3件"
    )


def test_unusual_rise_not_above_mean_plus_three_sigma(rules, petition_at):
    rule = rules.make("unusual_rise", dimension="region", weeks=8, sigma=3, min_count=5)
    # history 0,0,0,0,6,6,6,6: mean 3, σ 3, threshold 12; this week 6
    weekly(petition_at, [6, 0, 0, 0, 0, 6, 6, 6, 6])
    assert evaluate(rule, ctx()) == []


def test_unusual_rise_by_county_goes_to_its_committee(rules, petition_at, province):
    rule = rules.make("unusual_rise", dimension="region", weeks=8, sigma=3, min_count=5)
    weekly(petition_at, [6, 1, 2, 1, 2, 1, 2, 1, 2])
    weekly(
        petition_at,
        [1, 1, 1, 1, 1, 1, 1, 1, 1],
        actor=province.minqin_clerk,
        unit=province.minqin_center,
        problem_region="620621",
    )
    (c,) = evaluate(rule, ctx())
    assert c.region_id == "620602"
    assert c.unit_id == province.liangzhou_committee.pk
    assert c.reason == "凉州区本周（近7日）6件，前8周均值1.5、标准差0.5，超过均值+3σ=3.0"
    iso = timezone.localtime(timezone.now()).isocalendar()
    assert c.dedupe_key == f"r{rule.pk}:rise:region:620602::{iso.year}W{iso.week:02d}"


def test_unusual_rise_by_city_level(rules, petition_at, province):
    rule = rules.make("unusual_rise", dimension="region", level="city", weeks=8, sigma=3, min_count=5)
    weekly(petition_at, [3, 1, 0, 1, 0, 1, 0, 1, 0])
    weekly(
        petition_at,
        [3, 0, 1, 0, 1, 0, 1, 0, 1],
        actor=province.minqin_clerk,
        unit=province.minqin_center,
        problem_region="620621",
    )
    # 武威市 per week: 6, then 1 every week: mean 1, σ 0, threshold 1
    (c,) = evaluate(rule, ctx())
    assert (c.region_id, c.unit_id) == ("620600", province.wuwei_committee.pk)
    assert c.reason.startswith("武威市本周（近7日）6件，前8周均值1.0、标准差0.0")


# ---------------------------------------------------------------------------------------- helpers


def test_anonymised_name():
    assert anonymised_name("王建国") == "王某某"
    assert anonymised_name("李明") == "李某"
    assert anonymised_name("欧阳娜娜") == "欧某某"
    assert anonymised_name("") == "某某"


def test_committees_for_walks_up_to_the_nearest(province):
    assert region_ancestors("620602") == ["620602", "620600", "620000"]
    assert region_ancestors("620000") == ["620000"]
    found = committees_for(["620602", "620702", "620000"])
    assert found["620602"] == province.liangzhou_committee.pk
    assert found["620702"] == province.zhangye_committee.pk  # no 甘州区 committee: the city's
    assert found["620000"] == province.committee.pk


def test_active_sensitive_period_is_the_strictest(clock):
    today = timezone.localdate()
    SensitivePeriod.objects.create(name="春节", starts_on=today, ends_on=today, threshold_factor="0.8")
    SensitivePeriod.objects.create(
        name="全国两会", starts_on=today - dt.timedelta(days=2), ends_on=today, threshold_factor="0.5"
    )
    SensitivePeriod.objects.create(
        name="已过", starts_on=today - dt.timedelta(days=9), ends_on=today - dt.timedelta(days=1)
    )
    assert active_sensitive_period(timezone.now()).name == "全国两会"
    assert active_sensitive_period(timezone.now() + dt.timedelta(days=1)) is None
