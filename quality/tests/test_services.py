"""Quality review, 逢访必查, rectification and accountability rules, through the services."""

import datetime as dt

import pytest

from core.errors import InvalidInput, NotVisible, PermissionDenied
from organisations.models import Role
from organisations.tests.factories import make_user
from petitions.models import Event
from quality import services as s
from quality.models import Accountability, Grade, RectificationTask, Review, ReviewedCase, ReviewStatus

pytestmark = pytest.mark.django_db

FINDINGS = {
    "facts": {"text": "事实认定清楚", "has_problem": False},
    "procedure": {"text": "超审限", "has_problem": True},
}


def open_review(province, petition):
    return s.review_open(
        actor=province.province_reviewer, petition=petition, subject="重复信访案件评查",
        instances=list(petition.instances.values_list("pk", flat=True)),
        cases=[{"stage": "enforcement", "unit": province.liangzhou_court, "case_number": "(2021)甘0602执1号",
                "handler": "赵执行"}],
    )  # fmt: skip


def test_review_covers_the_petitions_original_cases(province, petition):
    review = open_review(province, petition)
    cases = list(review.cases.order_by("id"))
    assert [(c.stage, c.unit_name, c.case_number, c.handler) for c in cases] == [
        ("first", "凉州区人民法院", "(2019)甘0602民初123号", "张法官"),
        ("second", "武威市中级人民法院", "(2020)甘06民终45号", "李法官"),
        ("enforcement", "凉州区人民法院", "(2021)甘0602执1号", "赵执行"),
    ]
    assert cases[0].unit == province.liangzhou_court and cases[1].unit == province.wuwei_court
    assert review.unit == province.committee
    assert Event.objects.filter(petition=petition, action="quality_review_opened").count() == 1


def test_grade_with_findings_and_one_event(province, petition):
    review = open_review(province, petition)
    case = review.cases.first()
    s.review_grade_case(
        actor=province.province_reviewer,
        case=case,
        grade="second",
        findings=FINDINGS,
        conclusion="程序存在瑕疵",
    )
    case.refresh_from_db()
    assert case.grade == Grade.SECOND and case.graded_at is not None
    assert {(f.aspect, f.has_problem) for f in case.findings.all()} == {("facts", False), ("procedure", True)}
    assert Event.objects.filter(petition=petition, action="quality_case_graded").count() == 1


@pytest.mark.parametrize("grade", ["fourth", "", "一类", None])
def test_grade_outside_the_three_classes_is_refused(province, petition, grade):
    case = open_review(province, petition).cases.first()
    events = Event.objects.count()
    with pytest.raises(InvalidInput) as exc:
        s.review_grade_case(actor=province.province_reviewer, case=case, grade=grade, findings=FINDINGS,
                            conclusion="意见")  # fmt: skip
    assert exc.value.errors["grade"] == ["评查等次只能是一类、二类或三类。"]
    case.refresh_from_db()
    assert case.grade == "" and not case.findings.exists() and Event.objects.count() == events


def test_a_case_with_problems_is_not_first_class(province, petition):
    case = open_review(province, petition).cases.first()
    with pytest.raises(InvalidInput) as exc:
        s.review_grade_case(actor=province.province_reviewer, case=case, grade="first", findings=FINDINGS,
                            conclusion="意见")  # fmt: skip
    assert "不能评为一类" in exc.value.errors["grade"][0]


def test_review_is_refused_outside_scope_and_without_role(province, petition):
    with pytest.raises(NotVisible):  # 甘州区 cannot see 凉州区's petition
        s.review_open(actor=province.ganzhou_clerk, petition=petition, subject="x", instances=[1])
    with pytest.raises(PermissionDenied):  # a clerk is no reviewer
        s.review_open(actor=province.liangzhou_clerk, petition=petition, subject="x",
                      instances=list(petition.instances.values_list("pk", flat=True)))  # fmt: skip
    assert not Review.objects.exists()


def test_rectification_task_lands_in_the_owners_worklist_and_is_completed(clock, province, petition):
    from quality.selectors import my_open_tasks

    review = open_review(province, petition)
    task = s.review_add_task(
        actor=province.province_reviewer, review=review, description="补正送达程序", owner_unit=province.liangzhou_court,
        owner=province.liangzhou_handler, deadline=dt.date(2026, 6, 30),
    )  # fmt: skip
    assert list(my_open_tasks(province.liangzhou_handler)) == [task]
    with pytest.raises(InvalidInput):  # completion needs a note
        s.task_complete(actor=province.liangzhou_handler, task=task, note=" ")
    s.task_complete(actor=province.liangzhou_handler, task=task, note="已补正")
    task.refresh_from_db()
    assert task.is_done and not my_open_tasks(province.liangzhou_handler).exists()
    assert Event.objects.filter(petition=petition, action="quality_task_done").count() == 1


def test_task_owner_must_belong_to_the_owner_unit(clock, province, petition):
    review = open_review(province, petition)
    with pytest.raises(InvalidInput) as exc:
        s.review_add_task(actor=province.province_reviewer, review=review, description="整改",
                          owner_unit=province.liangzhou_court, owner=province.police_head,
                          deadline=dt.date(2026, 6, 30))  # fmt: skip
    assert "owner" in exc.value.errors and not RectificationTask.objects.exists()


def test_conclude_needs_every_case_graded(province, petition):
    review = open_review(province, petition)
    with pytest.raises(InvalidInput):
        s.review_conclude(actor=province.province_reviewer, review=review, conclusion="结束")
    for case in review.cases.all():
        s.review_grade_case(actor=province.province_reviewer, case=case, grade="first",
                            findings={"facts": {"text": "清楚"}}, conclusion="无问题")  # fmt: skip
    s.review_conclude(actor=province.province_reviewer, review=review, conclusion="结束")
    review.refresh_from_db()
    assert review.status == ReviewStatus.CONCLUDED


def test_lookback_levels_and_checklist(province, petition):
    township = province.liangzhou_committee  # a county-level unit stands for 县; the city committee for 市
    review = s.lookback_open(
        actor=province.province_reviewer, petition=petition, subject="逢访必查",
        units=[province.wuwei_committee, township],
    )  # fmt: skip
    checks = {c.level: c for c in review.checks.all()}
    assert set(checks) == {"city", "county"}
    with pytest.raises(InvalidInput):  # cannot conclude until all three are cleared at every level
        s.review_conclude(actor=province.province_reviewer, review=review, conclusion="结束")
    for check in checks.values():
        s.lookback_check(actor=province.province_reviewer, check=check, facts_clear=True,
                         responsibility_clear=True, problem_clear=True, note="已查清")  # fmt: skip
    s.review_conclude(actor=province.province_reviewer, review=review, conclusion="三清")
    with pytest.raises(InvalidInput):  # two units of one level
        s.lookback_open(actor=province.province_reviewer, petition=petition, subject="x",
                        units=[province.liangzhou_court, province.liangzhou_police])  # fmt: skip
    with pytest.raises(InvalidInput):  # the province is no look-back level
        s.lookback_open(
            actor=province.province_reviewer, petition=petition, subject="x", units=[province.committee]
        )


def accountability(province, review, **overrides):
    values = {
        "actor": province.province_reviewer, "officer": province.liangzhou_handler, "unit": province.liangzhou_court,
        "error": "未依法送达判决书", "sanction": "admonishment", "decision_body": "凉州区纪委监委",
        "decided_on": dt.date(2026, 5, 20), "review": review,
    }  # fmt: skip
    values.update(overrides)
    return s.accountability_record(**values)


def test_accountability_for_an_officer_of_the_reviewed_unit(clock, province, petition):
    review = open_review(province, petition)
    record = accountability(province, review)
    assert record.petition == petition and record.get_sanction_display() == "诫勉谈话"
    assert Event.objects.filter(petition=petition, action="quality_accountability").count() == 1


def test_officer_outside_the_reviewed_unit_is_refused(clock, province, petition):
    review = open_review(province, petition)
    with pytest.raises(InvalidInput) as exc:  # 凉州区公安局's head does not work at the reviewed court
        accountability(province, review, officer=province.police_head)
    assert "不是被评查单位“凉州区人民法院”的工作人员" in exc.value.errors["officer"][0]
    with pytest.raises(InvalidInput) as exc:  # the police was not reviewed at all
        accountability(province, review, officer=province.police_head, unit=province.liangzhou_police)
    assert "责任单位须是被评查的单位" in exc.value.errors["unit"][0]
    case = review.cases.get(stage="second")  # linked to the 二审 case: only 武威市中院's officers
    with pytest.raises(InvalidInput):
        accountability(province, None, case=case)
    accountability(province, None, case=case, officer=province.city_court_handler, unit=province.wuwei_court)
    assert Accountability.objects.count() == 1


def test_sanction_without_decision_date_is_refused(clock, province, petition):
    review = open_review(province, petition)
    events = Event.objects.count()
    with pytest.raises(InvalidInput) as exc:
        accountability(province, review, decided_on=None)
    assert exc.value.errors["decided_on"] == ["请填写处理决定日期。"]
    with pytest.raises(InvalidInput) as exc:
        accountability(province, review, sanction="坐牢")
    assert "sanction" in exc.value.errors
    assert not Accountability.objects.exists() and Event.objects.count() == events


def test_graded_case_needs_a_valid_grade_in_the_database(province, petition):
    from django.db import IntegrityError, transaction

    case = open_review(province, petition).cases.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewedCase.objects.filter(pk=case.pk).update(grade="fourth")


def test_other_staff_cannot_complete_a_task(clock, province, petition):
    review = open_review(province, petition)
    task = s.review_add_task(actor=province.province_reviewer, review=review, description="整改",
                             owner_unit=province.liangzhou_court, deadline=dt.date(2026, 6, 30))  # fmt: skip
    stranger = make_user("lz_police_handler", province.liangzhou_police, Role.HANDLER)
    with pytest.raises((PermissionDenied, NotVisible)):
        s.task_complete(actor=stranger, task=task, note="完成")
    s.task_complete(actor=province.court_head, task=task, note="完成")
