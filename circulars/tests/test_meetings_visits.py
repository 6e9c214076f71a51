import datetime as dt

import pytest
from django.core.management import call_command
from django.http import Http404

from circulars import selectors, services
from circulars.models import CircularRule, MeetingTask, ReturnVisit
from core.errors import InvalidInput, PermissionDenied
from petitions.models import Event, SettlementState

pytestmark = pytest.mark.django_db


def test_meeting_tasks_reach_the_owners_worklist(dataset, province, client):
    p = dataset.petitions["P2"]
    meeting = services.meeting_record(
        unit=province.wuwei_committee, actor=province.wuwei_supervisor, title="第23周会商研判",
        held_on=dt.date(2026, 8, 5), decisions="由凉州区法院限期化解", attendees=[province.wuwei_supervisor],
        petition_ids=[p.pk], tasks=[{"description": "约见信访人", "owner": province.court_head,
                                      "deadline": dt.date(2026, 8, 20), "petition_id": p.pk}],
    )  # fmt: skip
    assert Event.objects.filter(petition=p, action="meeting_discussed").exists()
    task = selectors.my_meeting_tasks(province.court_head).get()
    assert task.meeting == meeting
    client.force_login(province.court_head)
    assert "约见信访人" in client.get("/circulars/tasks/").content.decode()
    with pytest.raises(PermissionDenied):
        services.meeting_task_complete(task=task, actor=province.wuwei_supervisor, result="已约见")
    client.post(f"/circulars/tasks/{task.pk}/complete/", {"result": "已约见，达成和解意向"})
    task.refresh_from_db()
    assert task.done_at is not None and not selectors.my_meeting_tasks(province.court_head).exists()


def test_meeting_refuses_cases_outside_scope_and_bad_input(dataset, province):
    outside = dataset.petitions["PZ"]  # 张掖
    with pytest.raises(Http404):
        services.meeting_record(unit=province.liangzhou_committee, actor=province.liangzhou_leader, title="会商",
                                held_on=dt.date(2026, 8, 5), decisions="意见", attendees=[province.liangzhou_leader],
                                petition_ids=[outside.pk])  # fmt: skip
    with pytest.raises(InvalidInput) as exc:
        services.meeting_record(unit=province.liangzhou_committee, actor=province.liangzhou_leader, title="",
                                held_on=dt.date(2026, 8, 5), decisions="", attendees=[])  # fmt: skip
    assert set(exc.value.errors) == {"title", "decisions", "attendees"}
    assert not MeetingTask.objects.exists()


def test_return_visit_found_unsettled_counts_against_the_unit(dataset, province):
    p6 = dataset.petitions["P6"]  # settled by 凉州区法院 on 2026-06-01
    visits = services.return_visit_sample(committee=province.wuwei_committee, actor=province.wuwei_supervisor,
                                          share=100, date_from=dt.date(2026, 6, 1), date_to=dt.date(2026, 8, 31))  # fmt: skip
    visit = next(v for v in visits if v.petition_id == p6.pk)
    services.return_visit_record(visit=visit, actor=province.wuwei_supervisor, verdict="unsettled",
                                 visited_on=dt.date(2026, 6, 20), note="信访人仍在上访")  # fmt: skip
    p6.refresh_from_db()
    assert p6.settlement_state == SettlementState.UNSETTLED
    assert Event.objects.filter(petition=p6, action="return_visit_unsettled").exists()
    with pytest.raises(Exception, match="已经记录"):
        services.return_visit_record(visit=visit, actor=province.wuwei_supervisor, verdict="settled",
                                     visited_on=dt.date(2026, 6, 20))  # fmt: skip
    CircularRule.objects.create(name="回访", kind="found_unsettled", verdict="criticise", threshold=1)
    circular = services.circular_issue(issuer=province.committee, kind="monthly", date_from=dt.date(2026, 6, 1),
                                       date_to=dt.date(2026, 6, 30), actor=province.province_supervisor)  # fmt: skip
    reasons = {e["key"]: e["reasons"] for e in circular.content["criticised"]}
    assert any("报结未息1件" in r for r in reasons[province.wuwei_committee.pk])
    assert ReturnVisit.objects.filter(verdict="unsettled").count() == 1


def test_circular_command(dataset, province, tmp_path, capsys):
    out = tmp_path / "c.docx"
    call_command("circular", "--period", "2026-06", "--unit", province.committee.code, "--output", str(out))
    assert out.read_bytes()[:2] == b"PK"
    assert "通〔" in capsys.readouterr().out


def test_api_reads_and_issues(dataset, province, client):
    client.force_login(province.province_supervisor)
    bad = client.post("/api/v1/circulars/", {"issuer": province.committee.code, "kind": "monthly",
                                              "date_from": "2026-07-01", "date_to": "2026-07-31"},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 400 and "没有" in bad.content.decode()
    made = client.post("/api/v1/circulars/", {"issuer": province.committee.code, "kind": "monthly",
                                               "date_from": "2026-06-01", "date_to": "2026-06-30"},
                       content_type="application/json")  # fmt: skip
    assert made.status_code == 201
    listed = client.get("/api/v1/circulars/").json()
    assert listed["count"] == 1 if isinstance(listed, dict) else len(listed) == 1
    client.force_login(province.ganzhou_clerk)
    assert client.get(f"/api/v1/circulars/{made.json()['id']}/").status_code == 404
