"""Phases, inspections with rectification tasks, and typical cases: each rule, bad input saves nothing."""

import datetime as dt

import pytest

from campaigns import selectors, services
from campaigns.models import Inspection, Phase, RectificationTask, TypicalCase
from core.errors import DomainError, InvalidInput, PermissionDenied

pytestmark = pytest.mark.django_db
D = dt.date


def _phases(campaign, actor, *items):
    return services.phases_set(campaign=campaign, actor=actor,
                               phases=[{"kind": k, "starts_on": s, "ends_on": e} for k, s, e in items])  # fmt: skip


def test_phases_in_order_and_the_current_one(campaign, province):
    _phases(campaign, province.liangzhou_leader, ("mobilise", D(2026, 1, 1), D(2026, 1, 31)),
            ("resolve", D(2026, 2, 1), D(2026, 9, 30)), ("inspect", D(2026, 10, 1), D(2026, 11, 30)),
            ("commend", D(2026, 12, 1), D(2026, 12, 31)))  # fmt: skip
    assert selectors.current_phase(campaign, D(2026, 10, 5)).kind == "inspect"
    assert selectors.current_phase(campaign, D(2027, 1, 5)) is None


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([("mobilise", D(2025, 12, 1), D(2026, 1, 31))], "应在活动期间"),
        (
            [("mobilise", D(2026, 1, 1), D(2026, 2, 10)), ("resolve", D(2026, 2, 1), D(2026, 3, 1))],
            "不能重叠",
        ),
        (
            [("resolve", D(2026, 1, 1), D(2026, 1, 31)), ("mobilise", D(2026, 2, 1), D(2026, 3, 1))],
            "不能重叠或颠倒",
        ),
        ([("resolve", D(2026, 3, 1), D(2026, 2, 1))], "结束日期不能早于开始日期"),
        ([], "请至少填写一个阶段"),
    ],
)
def test_bad_phases_save_nothing(campaign, province, items, message):
    _phases(campaign, province.liangzhou_leader, ("commend", D(2026, 12, 1), D(2026, 12, 31)))
    with pytest.raises(InvalidInput) as exc:
        _phases(campaign, province.liangzhou_leader, *items)
    assert message in exc.value.message
    assert list(Phase.objects.values_list("kind", flat=True)) == ["commend"]


def test_only_the_running_committee_sets_phases(campaign, province):
    with pytest.raises(PermissionDenied):
        _phases(campaign, province.minqin_clerk, ("mobilise", D(2026, 1, 1), D(2026, 1, 31)))
    with pytest.raises(PermissionDenied):
        _phases(campaign, province.liangzhou_center_head, ("mobilise", D(2026, 1, 1), D(2026, 1, 31)))
    _phases(
        campaign, province.wuwei_supervisor, ("mobilise", D(2026, 1, 1), D(2026, 1, 31))
    )  # the city above


def _inspect(campaign, province, petition=None, **overrides):
    values = {
        "campaign": campaign, "actor": province.liangzhou_leader, "kind": "unannounced",
        "inspecting_unit": province.liangzhou_committee, "inspected_unit": province.liangzhou_center,
        "inspected_on": D(2026, 3, 1), "findings": "接访登记不全", "petition_id": petition and petition.pk,
        "tasks": [{"description": "补齐登记", "owner": province.liangzhou_center_head,
                   "owner_unit": province.liangzhou_center, "deadline": D(2026, 3, 15)}],
    }  # fmt: skip
    values.update(overrides)
    return services.inspection_record(**values)


def test_inspection_with_a_task_in_the_owners_worklist(campaign, province, petitions):
    inspection = _inspect(campaign, province, petitions[0])
    assert inspection.petition.events.filter(action="campaign_inspection").count() == 1
    head = province.liangzhou_center_head
    assert selectors.my_rectification_task_count(head) == 1
    task = inspection.tasks.get()
    with pytest.raises(InvalidInput) as exc:
        services.rectification_complete(task=task, actor=head, note="  ")
    assert exc.value.message == "请填写整改情况。"
    with pytest.raises(PermissionDenied):
        services.rectification_complete(task=task, actor=province.liangzhou_leader, note="已整改")
    services.rectification_complete(task=task, actor=head, note="已补齐")
    assert selectors.my_rectification_task_count(head) == 0
    assert petitions[0].events.filter(action="campaign_rectified").count() == 1
    with pytest.raises(DomainError):
        services.rectification_complete(task=task, actor=head, note="再次")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"findings": ""}, "请填写发现问题。"),
        ({"inspected_on": D(2027, 1, 1)}, "检查日期应在活动期间之内。"),
        ({"kind": "bogus"}, "请选择检查方式。"),
        ({"inspected_unit": "minqin_center"}, "被检查单位应在检查单位的辖区内。"),
        (
            {
                "tasks": [
                    {
                        "description": "补齐",
                        "owner": "liangzhou_clerk_other",
                        "owner_unit": "liangzhou_center",
                        "deadline": D(2026, 3, 15),
                    }
                ]
            },
            "整改责任人应为整改单位的工作人员。",
        ),  # fmt: skip
        (
            {
                "tasks": [
                    {
                        "description": "补齐",
                        "owner": "liangzhou_center_head",
                        "owner_unit": "liangzhou_center",
                        "deadline": D(2026, 2, 1),
                    }
                ]
            },
            "整改期限不能早于检查日期。",
        ),  # fmt: skip
        ({"petition_id": 999999}, "案件不存在或不在您的范围内。"),
    ],
)
def test_bad_inspections_save_nothing(campaign, province, overrides, message):
    def resolve(value):
        if value == "liangzhou_clerk_other":
            return province.minqin_clerk
        return getattr(province, value) if isinstance(value, str) and hasattr(province, value) else value

    overrides = {k: resolve(v) for k, v in overrides.items()}
    for task in overrides.get("tasks", []):
        task.update({k: resolve(v) for k, v in task.items() if k in ("owner", "owner_unit")})
    with pytest.raises(InvalidInput) as exc:
        _inspect(campaign, province, **overrides)
    assert exc.value.message == message
    assert not Inspection.objects.exists() and not RectificationTask.objects.exists()


def test_another_county_cannot_inspect(campaign, province):
    with pytest.raises(PermissionDenied):
        _inspect(campaign, province, actor=province.minqin_clerk, inspecting_unit=province.minqin_committee)


def _submit(campaign, province, petition, **overrides):
    values = {"campaign": campaign, "actor": province.liangzhou_center_head, "unit": province.liangzhou_center,
              "petition_id": petition.pk, "title": "多年积案一朝化解", "summary": "摘要", "what_worked": "领导包案"}  # fmt: skip
    values.update(overrides)
    return services.typical_case_submit(**values)


def test_typical_case_submitted_and_reviewed(campaign, province, petitions):
    case = _submit(campaign, province, petitions[0])
    assert petitions[0].events.filter(action="typical_case_submitted").count() == 1
    with pytest.raises(PermissionDenied):
        services.typical_case_review(case=case, actor=province.liangzhou_center_head, selected=True)
    with pytest.raises(InvalidInput) as exc:
        services.typical_case_review(case=case, actor=province.liangzhou_leader, selected=False, reason=" ")
    assert exc.value.message == "退回时请填写理由。"
    services.typical_case_review(
        case=case, actor=province.liangzhou_leader, selected=False, reason="经验不突出"
    )
    case.refresh_from_db()
    assert (case.status, case.review_reason) == ("returned", "经验不突出")
    with pytest.raises(DomainError):
        services.typical_case_review(case=case, actor=province.liangzhou_leader, selected=True)
    selected = _submit(campaign, province, petitions[1])
    services.typical_case_review(case=selected, actor=province.wuwei_supervisor, selected=True)
    assert TypicalCase.objects.get(pk=selected.pk).status == "selected"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "请填写标题。"),
        ({"what_worked": ""}, "请填写经验做法。"),
        ({"petition_id": "abc"}, "案件不存在或不在您的范围内。"),
    ],
)
def test_bad_typical_cases_save_nothing(campaign, province, petitions, overrides, message):
    with pytest.raises(InvalidInput) as exc:
        _submit(campaign, province, petitions[0], **overrides)
    assert exc.value.message == message
    assert not TypicalCase.objects.exists()


def test_typical_cases_come_from_county_units_and_their_own_cases(campaign, province, petitions, register):
    with pytest.raises(PermissionDenied):  # a city unit
        _submit(campaign, province, petitions[0], actor=province.city_court_head, unit=province.wuwei_court)
    other = register(province.minqin_clerk, province.minqin_center, problem_region="620621")
    with pytest.raises(InvalidInput):  # another county's petition
        _submit(campaign, province, other)
    _submit(campaign, province, petitions[0])
    with pytest.raises(InvalidInput) as exc:
        _submit(campaign, province, petitions[0])
    assert exc.value.message == "该案件已经报送过典型案例。"
    assert TypicalCase.objects.count() == 1
