import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from circulars import assessment
from circulars.admin import IndicatorFormSet
from circulars.models import AssessmentScheme, CountKind, Deduction, Indicator, Veto
from core.errors import InvalidInput

JUNE = (dt.date(2026, 6, 1), dt.date(2026, 6, 30))
pytestmark = pytest.mark.django_db


def scheme(weights=(("settled_rate", 60), ("satisfaction_rate", 40)), deductions=(), vetoes=()):
    s = AssessmentScheme.objects.create(name="年度考核", level="city")
    for metric, weight in weights:
        Indicator.objects.create(scheme=s, metric=metric, weight=weight)
    for kind, each, cap in deductions:
        Deduction.objects.create(scheme=s, kind=kind, points_each=each, cap=cap)
    for kind, threshold in vetoes:
        Veto.objects.create(scheme=s, kind=kind, threshold=threshold)
    return s


def test_score_card_arithmetic():
    s = scheme(deductions=[(CountKind.TO_BEIJING, 2, 3), (CountKind.SKIP_LEVEL, Decimal("0.5"), None)])
    card = assessment.score_card(
        s, {"settled_rate": Decimal("50.0"), "satisfaction_rate": None}, {"to_beijing": 2, "skip_level": 3}
    )
    assert card["earned"] == Decimal("30.00")  # 60 × 50 % + 0 (no data)
    assert card["deducted"] == Decimal("4.50")  # min(2 × 2, 3) + 3 × 0.5
    assert card["total"] == Decimal("25.50")
    notes = [line["note"] for line in card["lines"]]
    assert "本期无数据，不得分" in notes
    assert [line["points"] for line in card["lines"]] == [Decimal("30.00"), Decimal("0.00"), Decimal("-3.00"),
                                                         Decimal("-1.50")]  # fmt: skip


def test_total_never_below_zero_and_veto_zeroes_it():
    s = scheme(deductions=[(CountKind.GROUP, 50, None)], vetoes=[(CountKind.ABNORMAL, 1)])
    values = {"settled_rate": Decimal("100.0"), "satisfaction_rate": Decimal("100.0")}
    assert assessment.score_card(s, values, {"group": 3, "abnormal": 0})["total"] == Decimal("0.00")
    card = assessment.score_card(s, values, {"group": 0, "abnormal": 1})
    assert card["earned"] == Decimal("100.00") and card["total"] == Decimal("0.00")
    assert card["vetoed"] and card["lines"][-1]["kind"] == "veto"
    assert assessment.score_card(s, values, {"group": 0, "abnormal": 0})["total"] == Decimal("100.00")


def test_weights_must_add_up_to_100():
    s = scheme(weights=(("settled_rate", 60), ("satisfaction_rate", 30)))
    with pytest.raises(InvalidInput) as exc:
        assessment.assess(scheme=s, date_from=JUNE[0], date_to=JUNE[1])
    assert "100" in exc.value.message and "90" in exc.value.message


def test_admin_formset_refuses_weights_not_adding_up():
    s = AssessmentScheme.objects.create(name="方案", level="city")
    FormSet = __import__("django.forms", fromlist=["inlineformset_factory"]).inlineformset_factory(
        AssessmentScheme, Indicator, formset=IndicatorFormSet, fields=["metric", "weight"], extra=2
    )
    data = {"indicators-TOTAL_FORMS": "2", "indicators-INITIAL_FORMS": "0",
            "indicators-0-metric": "settled_rate", "indicators-0-weight": "70",
            "indicators-1-metric": "satisfaction_rate", "indicators-1-weight": "20"}  # fmt: skip
    formset = FormSet(data, instance=s, prefix="indicators")
    assert not formset.is_valid()
    assert "当前为90分" in formset.non_form_errors()[0]
    data["indicators-1-weight"] = "30"
    assert FormSet(data, instance=s, prefix="indicators").is_valid()


def test_assess_ranks_the_cities(dataset, province):
    s = scheme(deductions=[(CountKind.TO_BEIJING, 5, None)])
    result = assessment.assess(scheme=s, date_from=JUNE[0], date_to=JUNE[1])
    by_unit = {r["unit"]: r for r in result["rows"]}
    wuwei, zhangye = by_unit[province.wuwei_committee], by_unit[province.zhangye_committee]
    assert wuwei["counts"]["to_beijing"] == 1  # P11
    assert wuwei["deducted"] == Decimal("5.00")
    assert zhangye["total"] == Decimal("0.00")  # no legal cases, no rated cases: no data
    assert [r["rank"] for r in result["rows"]] == sorted(r["rank"] for r in result["rows"])
    assert result["rows"][0]["total"] >= result["rows"][-1]["total"]


def test_assess_command_json(dataset, province, capsys):
    scheme()
    call_command(
        "assess", "--from", "2026-06-01", "--to", "2026-06-30", "--level", "city", "--format", "json"
    )
    data = json.loads(capsys.readouterr().out)
    assert {u["unit"] for u in data["units"]} == {
        province.wuwei_committee.name,
        province.zhangye_committee.name,
    }
