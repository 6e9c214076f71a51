"""司法救助 through the pages and the API: field errors in Chinese, nothing saved, 404 outside scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from aid.models import AidApplication, AidDocument, AidStatus

pytestmark = pytest.mark.django_db


def client(user):
    c = Client()
    c.force_login(user)
    return c


def form(amount="12000.50", **extra):
    return {
        "applicant_name": "王建国",
        "relation": "self",
        "harm": "受伤致残",
        "hardship": "无收入",
        "amount": amount,
        **extra,
    }


def test_apply_review_approve_pay_through_the_pages(desk):
    c = client(desk.handler)
    bad = c.post(f"/aid/apply/{desk.petition.pk}/", form("100.123"))
    assert bad.status_code == 400 and "金额最多保留两位小数（精确到分）" in bad.content.decode()
    assert not AidApplication.objects.exists()
    pdf = SimpleUploadedFile("低保证明.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
    ok = c.post(f"/aid/apply/{desk.petition.pk}/", form(documents=pdf))
    a = AidApplication.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/aid/{a.pk}/"
    doc = AidDocument.objects.get()
    with doc.file.open("rb") as stored:
        assert b"%PDF" not in stored.read()  # encrypted at rest
    download = c.get(f"/aid/documents/{doc.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    page = c.get(f"/aid/{a.pk}/")
    assert page.status_code == 200 and "12000.50" in page.content.decode()
    assert c.post(f"/aid/{a.pk}/review/", {"approve": "1", "opinion": "符合"}).status_code == 302
    refused = client(desk.handler).post(f"/aid/{a.pk}/approve/", {"approve": "1", "comment": "同意"})
    assert refused.status_code == 400 and "部门负责人" in refused.content.decode()
    assert (
        client(desk.head).post(f"/aid/{a.pk}/approve/", {"approve": "1", "comment": "同意"}).status_code
        == 302
    )
    paid = c.post(f"/aid/{a.pk}/pay/", {"paid_on": "", "method": "bank", "voucher_number": ""})
    assert paid.status_code == 400
    a.refresh_from_db()
    assert a.status == AidStatus.APPROVED
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    assert (
        c.post(
            f"/aid/{a.pk}/pay/", {"paid_on": today, "method": "bank", "voucher_number": "JZ-1"}
        ).status_code
        == 302
    )
    a.refresh_from_db()
    assert a.status == AidStatus.PAID
    budgets = client(desk.head).get("/aid/budgets/").content.decode()
    assert "12000.50" in budgets and "987999.50" in budgets


def test_api_flow_and_structured_errors(desk):
    c = client(desk.handler)
    bad = c.post(
        "/api/v1/aid/applications/",
        {"petition": desk.petition.pk, **form("2000000")},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "超过本单位" in bad.json()["error"]["fields"]["amount"][0]
    created = c.post(
        "/api/v1/aid/applications/",
        {"petition": desk.petition.pk, **form("45000.10")},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["amount_requested"] == "45000.10"
    pk = created.json()["id"]
    assert (
        c.post(
            f"/api/v1/aid/applications/{pk}/review/",
            {"approve": True, "opinion": "符合"},
            content_type="application/json",
        ).status_code
        == 200
    )
    approved = client(desk.head).post(
        f"/api/v1/aid/applications/{pk}/approve/",
        {"approve": True, "comment": "同意"},
        content_type="application/json",
    )
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    budget = client(desk.head).get("/api/v1/aid/budgets/").json()["results"][0]
    assert budget["granted"] == "45000.10" and budget["remaining"] == "954999.90"


def test_outside_scope_is_404(desk, province):
    a = AidApplication.objects.create(
        petition=desk.petition, unit=desk.court, year=desk.year, applicant_name="甲", relation="self",
        harm="x", hardship="y", amount_requested="10.00", created_by=desk.handler, created_at=desk.petition.registered_at,
    )  # fmt: skip
    c = client(province.minqin_clerk)
    for path in (f"/aid/{a.pk}/", f"/aid/apply/{desk.petition.pk}/", f"/api/v1/aid/applications/{a.pk}/"):
        assert c.get(path).status_code == 404, path
    assert c.post(f"/aid/{a.pk}/review/", {"approve": "1", "opinion": "x"}).status_code == 404
    assert c.get("/api/v1/aid/applications/").json()["count"] == 0
    assert "甲" not in c.get("/aid/").content.decode()
