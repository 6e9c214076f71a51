import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from petitions.models import Petition, State
from portal.tests.conftest import take_to_reply

pytestmark = pytest.mark.django_db

BODY = {
    "name": "王建国",
    "id_number": "620602198503150017",
    "phone": "13893512345",
    "problem_region": "620602",
    "title": "不服民事判决",
    "facts": "原审认定借款事实错误。",
    "demands": "请求依法再审。",
    "token": "api-1",
}


def solved(api, body):
    challenge = api.get("/api/v1/portal/captcha/").json()
    from portal import captcha

    return {
        **body,
        "captcha_id": challenge["id"],
        "captcha_answer": cache.get(captcha.PREFIX + challenge["id"]),
    }


def test_api_submission_is_idempotent_and_needs_the_captcha(province):
    api = APIClient()
    assert api.post("/api/v1/portal/submissions/", BODY, format="multipart").status_code == 400
    body = solved(api, BODY)
    first = api.post("/api/v1/portal/submissions/", body, format="multipart")
    assert first.status_code == 201, first.json()
    second = api.post("/api/v1/portal/submissions/", body, format="multipart")
    assert second.status_code == 200 and second.json()["number"] == first.json()["number"]
    assert Petition.objects.get().state == State.ONLINE_PENDING


def test_api_tracking_wrong_code_is_a_plain_404(province, submit):
    p = take_to_reply(province, submit())
    api = APIClient()
    wrong = api.post("/api/v1/portal/track/", {"number": p.number, "code": "X" * 12}, format="json")
    unknown = api.post("/api/v1/portal/track/", {"number": "nope", "code": "X" * 12}, format="json")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json()
    ok = api.post("/api/v1/portal/track/", {"number": p.number, "code": p.query_code}, format="json").json()
    assert ok["state"] == "已答复" and ok["replies"] and ok["review"]["open"]
    assert "内部接谈记录XYZ" not in str(ok)
    rating = {"number": p.number, "code": p.query_code, "satisfaction_office": "satisfied",
              "satisfaction_unit": "satisfied"}  # fmt: skip
    assert api.post("/api/v1/portal/evaluations/", rating, format="json").status_code == 201
    review = {"number": p.number, "code": p.query_code, "reason": "不服答复。"}
    assert api.post("/api/v1/portal/review-requests/", review, format="json").status_code == 201


def test_api_lookup_rate_limit(province, submit, settings):
    p = submit()
    settings.PORTAL_RATE_LIMITS = {"lookup": (2, 3600)}
    api = APIClient()
    for _ in range(2):
        api.post("/api/v1/portal/track/", {"number": p.number, "code": "X" * 12}, format="json")
    assert (
        api.post(
            "/api/v1/portal/track/", {"number": p.number, "code": p.query_code}, format="json"
        ).status_code
        == 429
    )


def test_api_screening_needs_staff_and_is_scoped(province, submit):
    p = submit()
    api = APIClient()
    assert api.get("/api/v1/portal/screening/").status_code in (401, 403)
    api.force_authenticate(province.minqin_clerk)
    assert api.get("/api/v1/portal/screening/").json() == []
    api.force_authenticate(province.liangzhou_clerk)
    assert [r["number"] for r in api.get("/api/v1/portal/screening/").json()] == [p.number]
