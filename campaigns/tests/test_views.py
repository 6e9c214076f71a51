"""Pages and API: the current phase shown, forms with Chinese errors, another county's records are 404."""

import datetime as dt

import pytest
from django.urls import reverse

from campaigns import demo, services
from campaigns.models import Inspection, TypicalCase
from organisations.models import Role
from organisations.tests.factories import make_user
from petitions.models import Event

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def records(campaign, province, petitions):
    services.phases_set(campaign=campaign, actor=province.liangzhou_leader, phases=[
        {"kind": "mobilise", "starts_on": D(2026, 1, 1), "ends_on": D(2026, 1, 31)},
        {"kind": "resolve", "starts_on": D(2026, 2, 1), "ends_on": D(2026, 12, 31)},
    ])  # fmt: skip
    inspection = services.inspection_record(
        campaign=campaign, actor=province.liangzhou_leader, kind="cross", inspecting_unit=province.liangzhou_committee,
        inspected_unit=province.liangzhou_center, inspected_on=D(2026, 3, 1), findings="登记不全",
        petition_id=petitions[0].pk, tasks=[{"description": "补齐登记", "owner": province.liangzhou_center_head,
                                             "owner_unit": province.liangzhou_center, "deadline": D(2026, 3, 9)}],
    )  # fmt: skip
    case = services.typical_case_submit(campaign=campaign, actor=province.liangzhou_center_head,
                                        unit=province.liangzhou_center, petition_id=petitions[0].pk, title="典型一",
                                        summary="摘要", what_worked="做法")  # fmt: skip
    return inspection, case


def test_campaign_page_shows_the_current_phase(client, campaign, province, records, monkeypatch):
    monkeypatch.setattr("campaigns.views.local_date_now", lambda: D(2026, 1, 15))
    client.force_login(province.liangzhou_leader)
    page = client.get(reverse("campaigns:detail", args=[campaign.pk])).content.decode()
    assert (
        "<strong>动员部署</strong>" in page and "登记不全" not in page
    )  # findings are on the inspection page
    assert campaign.name in client.get(reverse("campaigns:list")).content.decode()


def test_bad_phases_on_the_page_are_field_errors(client, campaign, province):
    client.force_login(province.liangzhou_leader)
    response = client.post(reverse("campaigns:phases", args=[campaign.pk]),
                           {"mobilise_starts_on": "2025-12-01", "mobilise_ends_on": "2026-01-10"})  # fmt: skip
    assert response.status_code == 400
    assert "应在活动期间" in response.content.decode()
    assert not campaign.phases.exists()


def test_inspection_form_and_the_worklist(client, campaign, province):
    client.force_login(province.liangzhou_leader)
    url = reverse("campaigns:inspection_create", args=[campaign.pk])
    data = {"kind": "spot", "inspecting_unit": province.liangzhou_committee.pk,
            "inspected_unit": province.liangzhou_center.code, "inspected_on": "2026-04-01", "findings": "台账不全",
            "task": "补齐台账", "task_owner": province.liangzhou_center_head.username, "task_deadline": "2026-03-01"}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 400 and "整改期限不能早于检查日期" in response.content.decode()
    assert not Inspection.objects.exists()
    response = client.post(url, {**data, "task_deadline": "2026-04-20"})
    assert response.status_code == 302
    client.force_login(province.liangzhou_center_head)
    tasks = client.get(reverse("campaigns:my_tasks")).content.decode()
    assert "补齐台账" in tasks
    task = Inspection.objects.get().tasks.get()
    client.post(reverse("campaigns:task_complete", args=[task.pk]), {"note": "已补齐"})
    task.refresh_from_db()
    assert task.note == "已补齐" and task.done_at is not None


def test_another_countys_inspections_and_typical_cases_are_404(client, campaign, province, records):
    inspection, case = records
    client.force_login(province.minqin_clerk)
    for url in (reverse("campaigns:detail", args=[campaign.pk]), reverse("campaigns:inspection", args=[inspection.pk]),
                reverse("campaigns:typical_case", args=[case.pk]),
                reverse("api-campaign-inspection-detail", args=[inspection.pk]),
                reverse("api-typical-case-detail", args=[case.pk])):  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("api-typical-case-list")).json() in ([], {"count": 0, "next": None,
                                                                        "previous": None, "results": []})  # fmt: skip


def test_review_on_the_page(client, province, records):
    _inspection, case = records
    client.force_login(province.liangzhou_leader)
    url = reverse("campaigns:typical_case", args=[case.pk])
    response = client.post(url, {"decision": "return", "reason": ""})
    assert response.status_code == 400 and "退回时请填写理由" in response.content.decode()
    client.post(url, {"decision": "select"})
    assert TypicalCase.objects.get(pk=case.pk).status == "selected"


def test_api_writes_through_the_services(client, campaign, province, petitions):
    client.force_login(province.liangzhou_leader)
    url = reverse("api-campaign-phases", args=[campaign.pk])
    bad = client.post(url, {"phases": [{"kind": "commend", "starts_on": "2027-01-01", "ends_on": "2027-01-02"}]},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 400 and "应在活动期间" in bad.content.decode()
    good = client.post(url, {"phases": [{"kind": "resolve", "starts_on": "2026-01-01", "ends_on": "2026-12-31"}]},
                       content_type="application/json")  # fmt: skip
    assert good.status_code == 200 and good.json()["phases"][0]["kind"] == "resolve"
    response = client.post(reverse("api-campaign-inspection-list"), {
        "campaign": campaign.pk, "kind": "spot", "inspecting_unit": province.liangzhou_committee.code,
        "inspected_unit": province.liangzhou_center.code, "inspected_on": "2026-05-01", "findings": "问题",
        "tasks": [{"description": "整改", "owner": province.liangzhou_center_head.username,
                   "owner_unit": province.liangzhou_center.code, "deadline": "2026-05-10"}],
    }, content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.content
    client.force_login(province.liangzhou_center_head)
    [task] = client.get(reverse("api-rectification-task-list")).json()["results"]
    done = client.post(reverse("api-rectification-task-complete", args=[task["id"]]), {"note": "已整改"},
                       content_type="application/json")  # fmt: skip
    assert done.status_code == 200 and done.json()["note"] == "已整改"
    submitted = client.post(reverse("api-typical-case-list"), {
        "campaign": campaign.pk, "unit": province.liangzhou_center.code, "petition": petitions[1].pk,
        "title": "典型", "summary": "摘要", "what_worked": "做法"}, content_type="application/json")  # fmt: skip
    assert submitted.status_code == 201, submitted.content


def test_demo_seed_through_the_services(province):
    from analytics.models import Campaign

    make_user("duban", province.wuwei_committee, Role.SUPERVISOR)
    Campaign.objects.create(name=demo.CAMPAIGN, starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31),
                            unit=province.wuwei_committee)  # fmt: skip
    assert demo.seed(log=lambda *a: None) >= 1
    assert demo.seed(log=lambda *a: None) == 0  # once
    filtered = Campaign.objects.get(name=demo.FILTERED)
    assert filtered.backlog_only and filtered.supervised_level == "city"
    assert filtered.unresolved_before == D(filtered.starts_on.year, 1, 1)
    assert filtered.scope_changes.count() == 1
    assert (
        Campaign.objects.get(name=demo.CHOSEN).chosen_cases.count() == 0
    )  # no backlog case in this province


def test_demo_chooses_the_oldest_open_backlog_cases(province, register):
    from analytics.models import Campaign
    from petitions.models import Petition

    make_user("duban", province.wuwei_committee, Role.SUPERVISOR)
    Campaign.objects.create(name=demo.CAMPAIGN, starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31),
                            unit=province.wuwei_committee)  # fmt: skip
    backlog = [register(province.liangzhou_clerk, province.liangzhou_center) for _ in range(3)]
    Petition.objects.filter(pk__in=[p.pk for p in backlog]).update(is_backlog=True)
    demo.seed(log=lambda *a: None)
    chosen = Campaign.objects.get(name=demo.CHOSEN)
    assert set(chosen.chosen_cases.values_list("petition_id", flat=True)) == {p.pk for p in backlog}
    assert Event.objects.filter(action="campaign_case_chosen", data__campaign=chosen.pk).count() == 3
