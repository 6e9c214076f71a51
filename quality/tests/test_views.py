"""Quality review pages and API: field errors in Chinese with nothing saved, roles, scope (404 outside it)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from organisations.tests.factories import PASSWORD
from quality import services as s
from quality.models import Accountability, Review, ReviewedCase

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def review(province, petition):
    return s.review_open(actor=province.province_reviewer, petition=petition, subject="评查",
                         instances=list(petition.instances.values_list("pk", flat=True)))  # fmt: skip


def test_open_review_from_the_petition_page(province, petition):
    c = client_for(province.province_reviewer)
    page = c.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert "启动案件评查" in page and "逢访必查" in page
    response = c.post(reverse("quality:review_create", args=[petition.pk]), {"subject": ""})
    assert response.status_code == 400
    assert "请填写评查事由。" in response.content.decode()
    response = c.post(reverse("quality:review_create", args=[petition.pk]), {"subject": "评查"})
    assert response.status_code == 400 and "请至少选择或填写一件被评查的原案。" in response.content.decode()
    assert not Review.objects.exists()
    ids = [str(i) for i in petition.instances.values_list("pk", flat=True)]
    response = c.post(
        reverse("quality:review_create", args=[petition.pk]), {"subject": "评查", "instances": ids}
    )
    review = Review.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "quality:review_detail", args=[review.pk]
    )
    assert review.cases.count() == 2


def test_bad_grade_shows_the_message_and_saves_nothing(province, review):
    case = review.cases.first()
    c = client_for(province.province_reviewer)
    response = c.post(reverse("quality:case_grade", args=[case.pk]),
                      {"grade": "fourth", "conclusion": "意见", "finding_facts": "清楚"})  # fmt: skip
    assert response.status_code == 400 and "评查等次只能是一类、二类或三类。" in response.content.decode()
    assert ReviewedCase.objects.get(pk=case.pk).grade == ""
    response = c.post(reverse("quality:case_grade", args=[case.pk]),
                      {"grade": "second", "conclusion": "意见", "finding_procedure": "超审限", "problem_procedure": "on"})  # fmt: skip
    assert response.status_code == 302 and ReviewedCase.objects.get(pk=case.pk).grade == "second"


def test_accountability_form_refuses_an_officer_of_another_unit(clock, province, review):
    c = client_for(province.province_reviewer)
    data = {"unit": province.wuwei_court.pk, "officer": province.liangzhou_handler.pk, "error": "错误",
            "sanction": "warning", "decision_body": "纪委", "decided_on": "2026-05-20"}  # fmt: skip
    response = c.post(reverse("quality:accountability_create", args=[review.pk]), data)
    assert response.status_code == 400
    assert "不是被评查单位“武威市中级人民法院”的工作人员" in response.content.decode()
    response = c.post(reverse("quality:accountability_create", args=[review.pk]), {**data, "decided_on": ""})
    assert "请填写处理决定日期。" in response.content.decode()
    assert not Accountability.objects.exists()
    c.post(
        reverse("quality:accountability_create", args=[review.pk]),
        {**data, "unit": province.liangzhou_court.pk},
    )
    assert Accountability.objects.count() == 1


def test_outside_scope_is_404_and_without_role_403(province, review):
    outsider = client_for(province.ganzhou_clerk)  # 甘州区 sees nothing of 凉州区
    for name, pk in [("quality:review_detail", review.pk), ("quality:case_grade", review.cases.first().pk),
                     ("quality:review_create", review.petition_id)]:  # fmt: skip
        assert outsider.get(reverse(name, args=[pk])).status_code == 404
    assert outsider.get(reverse("quality-review-detail", args=[review.pk])).status_code == 404
    assert not outsider.get(reverse("quality:review_list")).context["page"].object_list
    clerk = client_for(province.liangzhou_clerk)  # sees the petition, but reviews are not a clerk's work
    assert clerk.get(reverse("quality:review_detail", args=[review.pk])).status_code == 200
    assert clerk.get(reverse("quality:review_create", args=[review.petition_id])).status_code == 403


def test_my_tasks_worklist(clock, province, review):
    s.review_add_task(actor=province.province_reviewer, review=review, description="补正送达程序",
                      owner_unit=province.liangzhou_court, deadline=dt.date(2026, 6, 30))  # fmt: skip
    c = client_for(province.court_head)
    page = c.get(reverse("quality:my_tasks")).content.decode()
    assert "补正送达程序" in page
    home = c.get("/").content.decode()
    assert "整改任务" in home


def test_api_lists_grades_and_records_with_structured_errors(clock, province, review):
    c = client_for(province.province_reviewer)
    data = c.get(reverse("quality-review-list")).json()
    assert data["count"] == 1 and data["results"][0]["kind"] == "quality"
    case = review.cases.first()
    bad = c.post(reverse("quality-case-grade", args=[case.pk]), {"grade": "A", "conclusion": "x"},
                 content_type="application/json")  # fmt: skip
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["grade"] == [
        "评查等次只能是一类、二类或三类。"
    ]
    ok = c.post(reverse("quality-case-grade", args=[case.pk]),
                {"grade": "first", "conclusion": "好", "findings": {"facts": {"text": "清楚"}}},
                content_type="application/json")  # fmt: skip
    assert ok.status_code == 200 and ok.json()["grade_label"] == "一类"
    payload = {"review": review.pk, "officer": province.police_head.pk, "unit": province.liangzhou_court.pk,
               "error": "错误", "sanction": "warning", "decision_body": "纪委", "decided_on": "2026-05-01"}  # fmt: skip
    refused = c.post(reverse("quality-accountability-list"), payload, content_type="application/json")
    assert refused.status_code == 400 and "officer" in refused.json()["error"]["fields"]
    payload["officer"] = province.liangzhou_handler.pk
    created = c.post(reverse("quality-accountability-list"), payload, content_type="application/json")
    assert created.status_code == 201 and created.json()["sanction_label"] == "警告"


def test_lists_and_panel_take_a_fixed_number_of_queries(
    clock, province, petition, django_assert_max_num_queries
):
    ids = list(petition.instances.values_list("pk", flat=True))
    for _ in range(6):
        review = s.review_open(
            actor=province.province_reviewer, petition=petition, subject="评查", instances=ids
        )
        for case in review.cases.all():
            s.review_grade_case(actor=province.province_reviewer, case=case, grade="first",
                                findings={"facts": {"text": "清楚"}}, conclusion="好")  # fmt: skip
    c = client_for(province.province_reviewer)
    c.get(reverse("quality:review_list"))  # warm the session and navigation
    with django_assert_max_num_queries(20):
        assert c.get(reverse("quality:review_list")).status_code == 200
    with django_assert_max_num_queries(25):
        assert c.get(reverse("quality:review_detail", args=[review.pk])).status_code == 200

    def record():
        s.accountability_record(actor=province.province_reviewer, review=review, officer=province.liangzhou_handler,
                                unit=province.liangzhou_court, error="错误", sanction="warning", decision_body="纪委",
                                decided_on=dt.date(2026, 5, 1))  # fmt: skip

    record()
    with django_assert_max_num_queries(15) as counted:
        c.get(reverse("quality:accountability_list"))
    baseline = len(counted.captured_queries)
    for _ in range(3):
        record()
    with django_assert_max_num_queries(baseline):  # more rows, no more queries
        c.get(reverse("quality:accountability_list"))
