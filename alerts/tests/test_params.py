import pytest
from django.core.exceptions import ValidationError

from alerts.models import AlertRule
from alerts.params import RuleKind, Strictness, default_params, describe_schema, tighten, validate_params


def messages(kind, params) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        validate_params(kind, params)
    return exc.value.messages


def test_defaults_are_filled_in():
    assert validate_params("repeat_person", {}) == {"count": 3, "days": 30}
    assert validate_params("group", {"min_people": 7}) == {"min_people": 7}
    assert validate_params("key_person", {}) == {}
    assert validate_params("unusual_rise", {"dimension": "region"}) == {
        "dimension": "region",
        "level": "county",
        "weeks": 8,
        "sigma": 3.0,
        "min_count": 5,
    }
    assert validate_params("unusual_rise", {"dimension": "category"})["level"] == "province"


def test_choices_are_canonical_and_deduplicated():
    params = validate_params(
        "skip_level", {"flags": ["flag_to_beijing", "flag_skip_level", "flag_to_beijing"]}
    )
    assert params == {"flags": ["flag_skip_level", "flag_to_beijing"]}


@pytest.mark.parametrize(
    ("kind", "params", "expected"),
    [
        ("repeat_person", {"count": 1}, "「count（次数阈值（含本次））」应在 2 到 100 之间，当前为 1。"),
        ("repeat_person", {"count": "3"}, "「count（次数阈值（含本次））」应为整数，当前为 '3'。"),
        ("repeat_person", {"count": True}, "应为整数"),
        ("repeat_person", {"count": 2.5}, "应为整数，当前为 2.5"),
        ("repeat_person", {"times": 3}, "未知参数：times。「重信重访（同一信访人）」规则可用的参数"),
        ("group", [5], "参数应为 JSON 对象"),
        ("skip_level", {"flags": []}, "应为非空列表"),
        ("skip_level", {"flags": ["flag_repeat"]}, "含有无效取值：flag_repeat"),
        ("unusual_rise", {}, "缺少参数「dimension（统计维度）」"),
        ("unusual_rise", {"dimension": "unit"}, "应为以下之一：category、region，当前为 'unit'"),
        ("unusual_rise", {"dimension": "region", "sigma": 0}, "应在 0.5 到 10 之间"),
        ("key_person", {"x": 1}, "可用的参数：无"),
    ],
)
def test_bad_params_are_rejected_in_chinese(kind, params, expected):
    assert any(expected in m for m in messages(kind, params)), messages(kind, params)


def test_default_params_of_a_kind_without_required_params():
    assert default_params("supervised_due") == {"days": 3, "levels": ["province", "city", "county"]}


def test_unknown_kind():
    assert messages("eval", {}) == ["未知的规则类型：eval。"]


def test_every_kind_describes_its_schema():
    for kind in RuleKind.values:
        assert describe_schema(kind).startswith(f"「{RuleKind(kind).label}」")
    assert "count：次数阈值（含本次），整数，2～100，默认 3" in describe_schema("repeat_person")


@pytest.mark.parametrize(
    ("kind", "params", "factor", "changed", "note"),
    [
        ("repeat_person", {"count": 3, "days": 30}, 0.5, {"count": 2}, "次数阈值由3次降为2次"),
        ("repeat_person", {"count": 2, "days": 30}, 0.5, {}, ""),  # never below the floor of 2
        ("group", {"min_people": 5}, 0.5, {"min_people": 3}, "人数阈值由5人降为3人"),
        ("group", {"min_people": 10}, 0.8, {"min_people": 8}, "人数阈值由10人降为8人"),
        ("supervised_due", {"days": 3, "levels": ["city"]}, 0.5, {"days": 6}, "提前预警天数由3日增为6日"),
        (
            "unusual_rise",
            {"dimension": "region", "level": "county", "weeks": 8, "sigma": 3.0, "min_count": 5},
            0.5,
            {"sigma": 1.5, "min_count": 3},
            "标准差倍数由3降为1.5，本周最少件数由5件降为3件",
        ),
        ("key_person", {}, 0.5, {}, ""),
    ],
)
def test_tighten(kind, params, factor, changed, note):
    out, text = tighten(kind, params, Strictness("全国两会", factor))
    assert out == {**params, **changed}
    assert text == (f"敏感时期（全国两会）从严：{note}" if note else "")


def test_no_period_changes_nothing():
    assert tighten("group", {"min_people": 5}, None) == ({"min_people": 5}, "")


@pytest.mark.django_db
def test_seeded_default_rules_are_valid():
    rules = list(AlertRule.objects.all())
    assert {r.kind for r in rules} == set(RuleKind.values)
    for rule in rules:
        assert validate_params(rule.kind, rule.params) == rule.params
        rule.full_clean()
