import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from audit.models import AuditEntry
from core.downloads import open_plaintext
from supervision import demo, documents, services
from supervision.models import OwnershipPlan, Sheet, Supervision

D = dt.date


def login(client, user):
    client.force_login(user)
    return client


def test_panel_and_plan_create_page(client, province, case):
    c = login(client, province.wuwei_supervisor)
    page = c.get(f"/petitions/{case.pk}/")
    assert "落实包案" in page.content.decode()
    bad = c.post(
        f"/supervision/petition/{case.pk}/plan/",
        {"owner_leader": province.city_committee_head.pk, "owner_officer": province.city_committee_head.pk,
         "measures": "方案", "target_date": "2026-05-01"},
    )  # fmt: skip
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "同一人不能同时担任这两个岗位" in body and "化解期限不能早于今天" in body
    assert not OwnershipPlan.objects.exists()
    ok = c.post(
        f"/supervision/petition/{case.pk}/plan/",
        {"owner_leader": province.city_committee_head.pk, "owner_officer": province.court_head.pk,
         "measures": "方案", "target_date": "2026-07-01", "crux": "症结"},
    )  # fmt: skip
    assert ok.status_code == 302
    assert OwnershipPlan.objects.get().crux == "症结"


def test_supervision_flow_through_pages(client, province, case):
    c = login(client, province.wuwei_supervisor)
    r = c.post(
        f"/supervision/petition/{case.pk}/supervise/",
        {"level": "city", "source": "own", "deadline": "2026-06-20", "report_interval_days": 7,
         "instructions": "请按期化解"},
    )  # fmt: skip
    assert r.status_code == 302
    sup = Supervision.objects.get()
    login(client, province.court_head)
    r = client.post(
        f"/supervision/{sup.pk}/report/",
        {"kind": "progress", "period_start": "2026-06-01", "period_end": "2026-06-01", "text": "进展"},
    )
    assert r.status_code == 302
    bad = client.post(
        f"/supervision/{sup.pk}/report/",
        {"kind": "progress", "period_start": "2026-06-01", "period_end": "2026-06-01", "text": "重复"},
    )
    assert bad.status_code == 400 and "报告期与已报送的报告重叠" in bad.content.decode()
    login(client, province.wuwei_supervisor)
    board = client.get("/supervision/board/")
    assert case.number in board.content.decode()
    assert client.get("/supervision/board/", {"overdue": "on"}).content.decode().count(case.number) == 0
    assert client.get(f"/supervision/{sup.pk}/").status_code == 200
    login(client, province.ganzhou_clerk)
    assert client.get(f"/supervision/{sup.pk}/").status_code == 404
    assert case.number not in client.get("/supervision/board/").content.decode()


def test_sheets_are_numbered_per_unit_and_year_and_stored_encrypted(province, sup):
    a = documents.sheet_generate(actor=province.wuwei_supervisor, supervision=sup, kind="assignment")
    b = documents.sheet_generate(actor=province.wuwei_supervisor, supervision=sup, kind="urge")
    f = documents.sheet_generate(actor=province.court_head, supervision=sup, kind="feedback")
    assert a.number.endswith("〔2026〕1号") and b.number.endswith("〔2026〕2号")
    assert f.number.endswith("〔2026〕1号") and f.unit == province.liangzhou_court
    raw = a.attachment.file.open("rb").read()
    assert not raw.startswith(b"PK")  # encrypted at rest
    with open_plaintext(a.attachment.file) as reader:
        assert reader.read()[:2] == b"PK"
    with pytest.raises(Exception):  # noqa: B017, PT011
        documents.sheet_generate(actor=province.court_head, supervision=sup, kind="supervision")
    assert Sheet.objects.count() == 3


def test_sheet_download_goes_through_the_scope(client, province, sup):
    sheet = documents.sheet_generate(actor=province.wuwei_supervisor, supervision=sup, kind="supervision")
    login(client, province.court_head)
    assert client.get(f"/petitions/attachments/{sheet.attachment_id}/").status_code == 200
    login(client, province.ganzhou_clerk)
    assert client.get(f"/petitions/attachments/{sheet.attachment_id}/").status_code == 404


def _sheet_rows(response):
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.active
    return ws, [[c.value for c in row] for row in ws.iter_rows()]


def test_ledgers_export_scoped_with_frozen_header_and_audit(client, province, plan, sup):
    login(client, province.wuwei_supervisor)
    ws, rows = _sheet_rows(client.get("/supervision/ledger/plans.xlsx"))
    assert rows[0][:4] == ["登记编号", "事项标题", "包案单位", "包案领导"] and ws.freeze_panes == "A2"
    assert rows[1][0] == plan.petition.number
    ws, rows = _sheet_rows(client.get("/supervision/ledger/supervisions.xlsx"))
    assert rows[0][0] == "登记编号" and rows[1][0] == sup.petition.number
    assert AuditEntry.objects.filter(object_type__in=["ownership_ledger", "supervision_ledger"]).count() == 2
    login(client, province.ganzhou_clerk)
    _ws, rows = _sheet_rows(client.get("/supervision/ledger/supervisions.xlsx"))
    assert len(rows) == 1


def test_api_create_and_read_with_structured_errors(client, province, case):
    c = login(client, province.wuwei_supervisor)
    bad = c.post(
        "/api/v1/supervision/supervisions/",
        {
            "petition": case.pk,
            "level": "city",
            "source": "own",
            "instructions": "x",
            "deadline": "2026-01-01",
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and "deadline" in bad.json()["error"]["fields"]
    ok = c.post(
        "/api/v1/supervision/supervisions/",
        {
            "petition": case.pk,
            "level": "city",
            "source": "own",
            "instructions": "x",
            "deadline": "2026-07-01",
        },
        content_type="application/json",
    )
    assert ok.status_code == 201
    sid = ok.json()["id"]
    login(client, province.court_head)
    r = client.post(
        f"/api/v1/supervision/supervisions/{sid}/reports/",
        {"kind": "progress", "period_start": "2026-06-01", "period_end": "2026-06-01", "text": "进展"},
        content_type="application/json",
    )
    assert r.status_code == 201
    login(client, province.wuwei_supervisor)
    r = client.post(f"/api/v1/supervision/reports/{r.json()['id']}/review/", {"accept": False},
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 400 and "note" in r.json()["error"]["fields"]
    plan = client.post(
        "/api/v1/supervision/plans/",
        {"petition": case.pk, "owner_leader": province.city_committee_head.pk, "owner_officer": province.minqin_clerk.pk,
         "measures": "x", "target_date": "2026-07-01"},
        content_type="application/json",
    )  # fmt: skip
    assert plan.status_code == 400 and "owner_officer" in plan.json()["error"]["fields"]
    login(client, province.ganzhou_clerk)
    assert client.get(f"/api/v1/supervision/supervisions/{sid}/").status_code == 404
    assert client.get("/api/v1/supervision/supervisions/").json()["results"] == []


def test_demo_seed_fills_plans_and_supervisions(province, case):
    assert demo.seed(log=lambda *_: None) == 1
    assert OwnershipPlan.objects.count() == 1
    assert services.missing_signoffs(case)
