"""The administrator's page, its export and the API: system administrators only, everyone else 404."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import Act, AuditEntry
from audit.selectors import PAGE_SIZE
from audit.services import audit_record

pytestmark = pytest.mark.django_db

URLS = [reverse("audit:list"), reverse("audit:export"), "/api/v1/audit/"]


@pytest.fixture
def sysadmin_client(client, province):
    client.force_login(province.sysadmin)
    return client


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize(
    "who", ["liangzhou_clerk", "province_leader", "city_committee_head", "province_supervisor", "lawyer"]
)
def test_everyone_but_administrators_gets_404(client, province, url, who):
    client.force_login(getattr(province, who))
    assert client.get(url).status_code == 404
    assert not AuditEntry.objects.filter(act=Act.EXPORT).exists()


@pytest.mark.parametrize("url", URLS[:2])
def test_anonymous_is_sent_to_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_anonymous_api_is_refused(client, db):
    response = client.get("/api/v1/audit/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_staff_flag_alone_is_not_enough(client, province):
    user = province.liangzhou_clerk
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(reverse("audit:list")).status_code == 404


def test_superuser_sees_the_page(client, django_user_model):
    root = django_user_model.objects.create_superuser("root", "r@example.org", "root-password-123")
    client.force_login(root)
    assert client.get(reverse("audit:list")).status_code == 200


def test_navigation_shows_the_page_to_administrators_only(client, province):
    client.force_login(province.sysadmin)
    assert f'href="{reverse("audit:list")}"' in client.get("/").content.decode()
    client.force_login(province.liangzhou_clerk)
    assert f'href="{reverse("audit:list")}"' not in client.get("/").content.decode()


def test_page_lists_and_filters(sysadmin_client, province):
    audit_record(act=Act.EXPORT, actor=province.liangzhou_clerk, object_type="ledger", details={"rows": 3})
    audit_record(act=Act.LOGIN_FAILED, actor_name="intruder")
    page = sysadmin_client.get(reverse("audit:list")).content.decode()
    assert "安全审计日志" in page and "intruder" in page and "lz_clerk" in page and "导出" in page

    page = sysadmin_client.get(reverse("audit:list"), {"act": Act.LOGIN_FAILED}).content.decode()
    assert "intruder" in page and "lz_clerk" not in page
    page = sysadmin_client.get(reverse("audit:list"), {"person": "lz_clerk"}).content.decode()
    assert "lz_clerk" in page and "intruder" not in page
    page = sysadmin_client.get(reverse("audit:list"), {"object_type": "ledger"}).content.decode()
    assert "lz_clerk" in page and "intruder" not in page
    page = sysadmin_client.get(reverse("audit:list"), {"date_to": "2020-01-01"}).content.decode()
    assert "没有符合条件的记录。" in page


def test_page_is_free_of_inline_script_and_style(sysadmin_client, province):
    audit_record(act=Act.LOGIN_FAILED, actor_name="<script>alert(1)</script>")
    page = sysadmin_client.get(reverse("audit:list")).content.decode()
    main = page.split("<main", 1)[-1]
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert not re.search(r"\sstyle=|<style|\son[a-z]+=", main)
    assert not re.search(r"<script(?![^>]*\bsrc=)", main)


def test_bad_filters_get_a_chinese_message_and_400(sysadmin_client):
    response = sysadmin_client.get(reverse("audit:list"), {"date_from": "2026-02-30"})
    assert response.status_code == 400 and "输入一个有效的日期。" in response.content.decode()
    response = sysadmin_client.get(reverse("audit:list"), {"date_from": "0001-01-01"})
    assert response.status_code == 400 and "应在1900-01-01至2999-12-31之间" in response.content.decode()
    response = sysadmin_client.get(
        reverse("audit:list"), {"date_from": "2026-03-02", "date_to": "2026-03-01"}
    )
    assert response.status_code == 400 and "结束日期不能早于开始日期。" in response.content.decode()
    response = sysadmin_client.get(reverse("audit:list"), {"act": "nonsense"})
    assert response.status_code == 400
    response = sysadmin_client.get(reverse("audit:list"), {"before": "abc"})
    assert response.status_code == 400 and "分页参数无效。" in response.content.decode()
    response = sysadmin_client.get(reverse("audit:export"), {"date_to": "x"})
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(act=Act.EXPORT).exists()


def test_keyset_pages(sysadmin_client, province, django_assert_max_num_queries):
    for i in range(PAGE_SIZE + 5):
        audit_record(act=Act.LOGIN_FAILED, actor_name=f"name{i:03d}")
    with django_assert_max_num_queries(12):
        first = sysadmin_client.get(reverse("audit:list"), {"act": Act.LOGIN_FAILED})
    page = first.content.decode()
    assert "name054" in page and "name005" in page and "name004" not in page
    older = re.search(r'href="\?([^"]*before=\d+)"', page).group(1).replace("&amp;", "&")
    page = sysadmin_client.get(reverse("audit:list") + "?" + older).content.decode()
    assert "name004" in page and "name000" in page and "name005" not in page
    assert "更早" not in page and "最新" in page


def test_export_is_filtered_and_itself_audited(sysadmin_client, province):
    audit_record(act=Act.LOGIN_FAILED, actor_name="=cmd|' /C calc'!A0")
    audit_record(act=Act.LOGIN_FAILED, actor_name="bad\x01name", details={"agent": "\x1b[31m"})
    audit_record(act=Act.EXPORT, actor=province.liangzhou_clerk, object_type="ledger")
    response = sysadmin_client.get(reverse("audit:export"), {"act": Act.LOGIN_FAILED}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "序号" and len(rows) == 3
    names = {r[3] for r in rows[1:]}
    assert names == {"'=cmd|' /C calc'!A0", "badname"}
    entry = AuditEntry.objects.filter(act=Act.EXPORT, actor=province.sysadmin).get()
    assert entry.object_type == "audit.auditentry" and entry.address == "10.9.9.9"
    assert entry.details["params"] == {"act": Act.LOGIN_FAILED} and entry.details["rows"] == 2


def test_api_lists_filters_and_pages(sysadmin_client, province):
    for i in range(PAGE_SIZE + 2):
        audit_record(act=Act.LOGIN_FAILED, actor_name=f"n{i}")
    audit_record(act=Act.EXPORT, actor=province.liangzhou_clerk, object_type="ledger")
    data = sysadmin_client.get("/api/v1/audit/", {"act": Act.LOGIN_FAILED}).json()
    assert len(data["results"]) == PAGE_SIZE and data["next"]
    first = data["results"][0]
    assert first["act"] == "login_failed" and first["act_label"] == "登录失败" and first["hash"]
    rest = sysadmin_client.get(data["next"]).json()
    assert len(rest["results"]) == 2 and rest["next"] is None
    data = sysadmin_client.get("/api/v1/audit/", {"person": "lz_clerk"}).json()
    assert [r["act"] for r in data["results"]] == ["export"]


def test_api_bad_filter_is_a_structured_error(sysadmin_client):
    response = sysadmin_client.get("/api/v1/audit/", {"date_from": "not-a-date"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and "date_from" in error["fields"]


def test_admin_registration_is_read_only(client, django_user_model, province):
    root = django_user_model.objects.create_superuser("root", "r@example.org", "root-password-123")
    entry = audit_record(act=Act.LOGIN_FAILED, actor_name="x")
    client.force_login(root)
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_change", args=[entry.pk])).status_code == 200
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert (
        client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
