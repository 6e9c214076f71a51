"""The scope and chosen-cases pages and API: forms with Chinese errors (nothing saved), the cohort size shown,
another unit's case refused without being revealed, and the pages safe at phone width (no fixed widths, every
table in its own scrolling box, nothing inline for the Content-Security-Policy)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from campaigns import services
from campaigns.models import CampaignCase, ScopeChange
from petitions.models import Event, Petition

pytestmark = pytest.mark.django_db


def scope_url(campaign):
    return reverse("campaigns:scope", args=[campaign.pk])


def cases_url(campaign, name="cases"):
    return reverse(f"campaigns:{name}", args=[campaign.pk])


def assert_phone_safe(html: str) -> None:
    """What keeps a page inside 390 px and within the CSP: tables scroll in their own box, no inline style,
    script or handler."""
    assert html.count("<table") == html.count('<div class="table-scroll"><table'), (
        "a table outside .table-scroll"
    )
    assert not re.search(r"\sstyle=", html) and not re.search(r"\son[a-z]+=", html)
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html)


def test_scope_page_previews_saves_and_shows_the_cohort(client, campaign, province, petitions):
    Petition.objects.filter(pk=petitions[0].pk).update(is_backlog=True)
    client.force_login(province.liangzhou_leader)
    page = client.get(scope_url(campaign))
    assert page.status_code == 200
    assert_phone_safe(page.content.decode())
    data = {"backlog_only": "on", "unresolved_before": "", "supervised_level": "", "tag": "", "system": "",
            "problem_category": "", "registered_from": "", "registered_to": ""}  # fmt: skip
    preview = client.post(scope_url(campaign), {**data, "preview": "1"})
    assert (
        preview.status_code == 200 and preview.context["preview"] == 1 and preview.context["filter_size"] == 4
    )
    assert not ScopeChange.objects.exists()
    saved = client.post(scope_url(campaign), data)
    assert saved.status_code == 302 and saved["Location"] == reverse("campaigns:detail", args=[campaign.pk])
    detail = client.get(saved["Location"])
    assert detail.context["cohort_size"] == 1
    html = detail.content.decode()
    assert "活动范围" in html and "仅积案" in html and "<strong>1</strong>" in html
    assert_phone_safe(html)
    assert "仅积案：否 → 是" in client.get(scope_url(campaign)).content.decode()


def test_bad_scope_on_the_page_is_a_field_error_and_saves_nothing(client, campaign, province):
    client.force_login(province.liangzhou_leader)
    response = client.post(scope_url(campaign), {"registered_from": "2026-05-01", "registered_to": "2026-04-01",
                                                 "supervised_level": "village"})  # fmt: skip
    assert response.status_code == 400 and "supervised_level" in response.context["form"].errors
    response = client.post(
        scope_url(campaign), {"registered_from": "2026-05-01", "registered_to": "2026-04-01"}
    )
    assert response.status_code == 400 and "登记日期至不能早于登记日期自" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.registered_from is None and not ScopeChange.objects.exists()


def test_the_scope_page_is_only_for_those_who_run_the_campaign(client, campaign, province):
    for user in (province.minqin_clerk, province.liangzhou_center_head):
        client.force_login(user)
        assert client.get(scope_url(campaign)).status_code == 404
        assert client.post(scope_url(campaign), {"backlog_only": "on"}).status_code == 404
    assert not ScopeChange.objects.exists()


def test_cases_page_adds_by_checkbox_and_number_and_removes(client, campaign, province, petitions):
    client.force_login(province.liangzhou_leader)
    page = client.get(cases_url(campaign))
    html = page.content.decode()
    assert page.status_code == 200 and f'name="petition" value="{petitions[0].pk}"' in html
    assert_phone_safe(html)
    response = client.post(cases_url(campaign, "cases_add") + "?state=", {"petition": [petitions[0].pk],
                                                                          "numbers": f"{petitions[1].number}\n"})  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith("?state=")
    assert set(CampaignCase.objects.values_list("petition_id", flat=True)) == {
        petitions[0].pk,
        petitions[1].pk,
    }
    html = client.get(cases_url(campaign)).content.decode()
    assert "已选定" in html and province.liangzhou_leader.username in html
    response = client.post(cases_url(campaign, "cases_remove"), {"petition": [petitions[1].pk]})
    assert response.status_code == 302
    assert list(CampaignCase.objects.values_list("petition_id", flat=True)) == [petitions[0].pk]
    assert Event.objects.filter(petition=petitions[1], action="campaign_case_removed").count() == 1


def test_another_countys_case_is_refused_without_being_shown(client, campaign, province, petitions, register):
    other = register(
        province.minqin_clerk, province.minqin_center, problem_region="620621", title="民勤县另案"
    )
    client.force_login(province.liangzhou_leader)
    assert "民勤县另案" not in client.get(cases_url(campaign), {"q": other.number}).content.decode()
    for data in ({"numbers": other.number}, {"petition": [other.pk]}, {"numbers": "620602-2026-999999"}):
        response = client.post(cases_url(campaign, "cases_add"), data)
        html = response.content.decode()
        assert response.status_code == 400 and "不存在或不在您的范围内" in html, data
        assert "民勤县另案" not in html
    assert not CampaignCase.objects.exists()
    response = client.post(cases_url(campaign, "cases_add"), {})
    assert response.status_code == 400 and "请至少选择一件案件" in response.content.decode()


def test_cases_page_for_a_unit_that_does_not_run_the_campaign(client, campaign, province, petitions):
    services.campaign_choose_cases(
        campaign=campaign, actor=province.liangzhou_leader, petition_ids=[petitions[0].pk]
    )
    client.force_login(province.liangzhou_center_head)
    page = client.get(cases_url(campaign))
    html = page.content.decode()
    assert page.status_code == 200 and petitions[0].number in html and 'name="petition"' not in html
    assert (
        client.post(cases_url(campaign, "cases_remove"), {"petition": [petitions[0].pk]}).status_code == 404
    )
    assert client.post(cases_url(campaign, "cases_add"), {"petition": [petitions[1].pk]}).status_code == 404
    client.force_login(province.minqin_clerk)
    assert client.get(cases_url(campaign)).status_code == 404
    assert CampaignCase.objects.count() == 1


# ------------------------------------------------------------------------------------------------ API


def test_api_scope_read_and_write(client, campaign, province, petitions):
    client.force_login(province.liangzhou_leader)
    url = reverse("api-campaign-scope", args=[campaign.pk])
    read = client.get(url).json()
    assert read["cohort_size"] == 4 and read["chosen_count"] == 0 and read["supervised_level"] == ""
    bad = client.put(url, {"registered_from": "2026-05-01", "registered_to": "2026-04-01"},
                     content_type="application/json")  # fmt: skip
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"]["registered_to"] == ["登记日期至不能早于登记日期自。"]
    unknown_tag = client.put(url, {"tag": 99999}, content_type="application/json")
    assert unknown_tag.status_code == 400 and "tag" in unknown_tag.json()["error"]["fields"]
    assert not ScopeChange.objects.exists()
    Petition.objects.filter(pk__in=[p.pk for p in petitions]).update(
        registered_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    )
    Petition.objects.filter(pk=petitions[2].pk).update(is_backlog=True)
    good = client.put(
        url, {"backlog_only": True, "unresolved_before": "2026-06-01"}, content_type="application/json"
    )
    assert good.status_code == 200, good.content
    assert good.json()["backlog_only"] is True and good.json()["cohort_size"] == 1
    client.force_login(province.minqin_clerk)
    assert client.get(url).status_code == 404
    assert client.put(url, {"backlog_only": False}, content_type="application/json").status_code == 404
    client.force_login(province.liangzhou_center_head)
    assert client.put(url, {"backlog_only": False}, content_type="application/json").status_code == 403


def test_api_chosen_cases(client, campaign, province, petitions, register):
    other = register(province.minqin_clerk, province.minqin_center, problem_region="620621")
    client.force_login(province.liangzhou_leader)
    url = reverse("api-campaign-cases", args=[campaign.pk])
    added = client.post(url, {"petitions": [petitions[0].pk], "numbers": [petitions[1].number]},
                        content_type="application/json")  # fmt: skip
    assert added.status_code == 201, added.content
    assert {c["number"] for c in added.json()} == {petitions[0].number, petitions[1].number}
    listed = client.get(url).json()
    assert listed["count"] == 2 and listed["results"][0]["added_by"] == province.liangzhou_leader.username
    for body in ({"petitions": [other.pk]}, {"numbers": [other.number]}):
        refused = client.post(url, body, content_type="application/json")
        assert refused.status_code == 400 and "不存在或不在您的范围内" in refused.json()["error"]["message"]
        assert other.number not in str(refused.json()) or body.get("numbers")
    removed = client.post(reverse("api-campaign-cases-remove", args=[campaign.pk]), {"petitions": [petitions[0].pk]},
                          content_type="application/json")  # fmt: skip
    assert removed.status_code == 200 and removed.json() == {"removed": 1}
    assert list(CampaignCase.objects.values_list("petition_id", flat=True)) == [petitions[1].pk]
    client.force_login(province.minqin_clerk)
    assert client.get(url).status_code == 404
