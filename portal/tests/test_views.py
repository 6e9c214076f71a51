import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from petitions.models import Petition
from portal import captcha
from portal.tests.conftest import take_to_reply

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name": "王建国",
        "id_number": "620602198503150017",
        "phone": "13893512345",
        "email": "",
        "address": "",
        "problem_region": "620602",
        "orig_unit_name": "凉州区人民法院",
        "case_number": "(2019)甘06民终123号",
        "case_category": "civil",
        "title": "不服民事判决",
        "facts": "原审认定借款事实错误。",
        "demands": "请求依法再审。",
        "consent": "on",
        "token": "tok-1",
    }
    data.update(overrides)
    return data


def solved(data):
    challenge_id, _svg = captcha.new_challenge()
    data["captcha_id"] = challenge_id
    data["captcha_answer"] = cache.get(captcha.PREFIX + challenge_id)
    return data


def test_pages_answer_anyone_and_are_light(client, province):
    for name in ("portal:home", "portal:submit", "portal:track"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        html = response.content.decode()
        assert "<script>" not in html and " style=" not in html and " onclick=" not in html
        assets = re.findall(r'(?:href|src)="/static/([^"]+)"', html)
        sizes = [Path(finders.find(a.split("?")[0])).stat().st_size for a in assets]
        assert len(response.content) + sum(sizes) < 200_000, (assets, sizes)


def test_submission_shows_the_codes_once(client, province):
    response = client.post(reverse("portal:submit"), solved(form_data()))
    assert response.status_code == 302
    petition = Petition.objects.get()
    page = client.get(reverse("portal:submitted")).content.decode()
    assert petition.number in page and petition.query_code in page
    assert "受理告知" in page  # next steps with the legal time limits
    assert petition.query_code not in client.get(reverse("portal:submitted")).content.decode()


def test_double_submission_creates_one_petition(client, province):
    data = solved(form_data())
    assert client.post(reverse("portal:submit"), data).status_code == 302
    assert (
        client.post(reverse("portal:submit"), data).status_code == 302
    )  # the captcha is spent; the token counts
    assert Petition.objects.count() == 1


def test_wrong_captcha_is_refused_beside_its_field(client, province):
    data = form_data(captcha_id="nope", captcha_answer="3")
    response = client.post(reverse("portal:submit"), data)
    assert response.status_code == 400
    assert "验证码不正确" in response.content.decode()
    assert Petition.objects.count() == 0


def test_field_errors_are_beside_their_fields_and_typed_text_is_kept(client, province):
    data = solved(form_data(phone="123", title="", facts="我写的事实经过保留"))
    data["attachments"] = [SimpleUploadedFile("判决书.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF")]
    response = client.post(reverse("portal:submit"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'id="id_title-errors"[^>]*><li>请用一句话概括', html)
    assert "我写的事实经过保留" in html
    assert "判决书.pdf" in html  # named, so it can be chosen again
    assert 'aria-describedby="id_title-errors"' in html
    assert Petition.objects.count() == 0
    # the service's own check (the phone number) is shown beside the phone field
    data = form_data(phone="12345", token="tok-2")
    html = client.post(reverse("portal:submit"), solved(data)).content.decode()
    assert re.search(r'id="id_phone-errors"[^>]*><li>[^<]*(手机|电话)', html), html[html.find("id_phone") :][
        :600
    ]


def test_submission_rate_limit_engages(client, province, settings):
    settings.PORTAL_RATE_LIMITS = {"submit": (2, 3600)}
    for i in range(2):
        client.post(reverse("portal:submit"), form_data(token=f"t{i}", title=""))
    response = client.post(reverse("portal:submit"), solved(form_data(token="t9")))
    assert response.status_code == 429
    assert Petition.objects.count() == 0


def _track(client, number, code):
    return client.post(reverse("portal:track"), {"number": number, "code": code})


def test_wrong_code_reveals_nothing_more_than_an_unknown_number(client, province, submit):
    p = submit()
    wrong = _track(client, p.number, "ABCDEFGHJKLM")
    unknown = _track(client, "620602-2099-000999", "ABCDEFGHJKLM")
    assert wrong.status_code == unknown.status_code == 404
    strip = lambda r: re.sub(r"[A-Za-z0-9]{64}", "CSRF", r.content.decode())  # noqa: E731  (masked tokens)
    assert strip(wrong).replace(p.number, "N") == strip(unknown).replace("620602-2099-000999", "N")
    assert p.title not in wrong.content.decode()
    assert client.get(reverse("portal:status")).status_code == 302


def test_lookup_rate_limit_engages_per_client_and_per_number(client, province, submit, settings):
    p = submit()
    settings.PORTAL_RATE_LIMITS = {"lookup": (3, 3600), "lookup_number": (100, 3600)}
    for _ in range(3):
        _track(client, p.number, "WRONGWRONGWR")
    assert _track(client, p.number, p.query_code).status_code == 429  # even the right code, once used up
    cache.clear()
    settings.PORTAL_RATE_LIMITS = {"lookup": (100, 3600), "lookup_number": (2, 3600)}
    for _ in range(2):
        _track(client, p.number, "WRONGWRONGWR")
    assert _track(client, p.number, p.query_code).status_code == 429


def test_tracking_shows_state_reply_and_takes_evaluation_and_review(client, province, submit):
    p = take_to_reply(province, submit())
    assert _track(client, p.number, p.query_code.lower()).status_code == 302
    html = client.get(reverse("portal:status")).content.decode()
    assert "已答复" in html and "答复意见书" in html
    assert "内部接谈记录XYZ" not in html and str(province.liangzhou_handler) not in html
    reply = p.replies.get()
    download = client.get(reverse("portal:reply") + f"?r={reply.pk}")
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    bad = client.post(
        reverse("portal:evaluate"), {"satisfaction_office": "unsatisfied", "satisfaction_unit": "satisfied"}
    )
    assert bad.status_code == 400 and "不满意的原因" in bad.content.decode()
    ok = client.post(
        reverse("portal:evaluate"), {"satisfaction_office": "satisfied", "satisfaction_unit": "basically"}
    )
    assert ok.status_code == 302
    assert client.post(reverse("portal:review"), {"reason": "答复认定事实错误。"}).status_code == 302
    assert "复查中" in client.get(reverse("portal:status")).content.decode()


def test_reply_download_needs_a_verified_petition(client, province, submit):
    p = take_to_reply(province, submit())
    assert client.get(reverse("portal:reply") + f"?r={p.replies.get().pk}").status_code == 404


def test_screening_list_is_scoped(client, province, submit):
    p = submit()
    client.force_login(province.liangzhou_clerk)
    assert p.number in client.get(reverse("portal:screening")).content.decode()
    client.force_login(province.minqin_clerk)
    assert p.number not in client.get(reverse("portal:screening")).content.decode()
