"""The ledger export: the user's scope, the petition list's filters, the documented columns, masked data."""

import datetime as dt

import pytest
from django.urls import reverse

from conftest import VALID_ID
from ledger.columns import HEADERS
from ledger.tests.conftest import export, read_xlsx
from petitions.models import Petition, Tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_counties(province, register):
    """One petition registered in each of 凉州区, 民勤县 (both 武威市) and 甘州区 (张掖市)."""
    return {
        "liangzhou": register(province.liangzhou_clerk, province.liangzhou_center, title="凉州的事项"),
        "minqin": register(province.minqin_clerk, province.minqin_center, problem_region="620621", title="民勤的事项"),
        "ganzhou": register(province.ganzhou_clerk, province.ganzhou_center, problem_region="620702", title="甘州的事项"),
    }  # fmt: skip


def numbers(rows):
    return {r["登记编号"] for r in rows}


def test_a_county_user_never_exports_another_countys_petitions(client, province, three_counties):
    p = three_counties
    assert numbers(export(client, province.minqin_clerk)) == {p["minqin"].number}
    assert numbers(export(client, province.liangzhou_clerk)) == {p["liangzhou"].number}
    assert numbers(export(client, province.city_committee_head)) == {
        p["liangzhou"].number,
        p["minqin"].number,
    }
    assert numbers(export(client, province.province_supervisor)) == {x.number for x in p.values()}
    assert export(client, province.sysadmin) == []  # configures, sees no petitions
    assert export(client, province.lawyer) == []  # only what is assigned to them personally


def test_the_export_honours_the_petition_lists_filters(client, province, three_counties):
    p = three_counties
    supervisor = province.province_supervisor
    Petition.objects.filter(pk=p["minqin"].pk).update(state="declined", flag_group=True)
    assert numbers(export(client, supervisor, "state=declined")) == {p["minqin"].number}
    assert numbers(export(client, supervisor, "state=registered&state=declined")) == numbers(
        export(client, supervisor)
    )
    assert numbers(export(client, supervisor, "q=甘州")) == {p["ganzhou"].number}
    assert numbers(export(client, supervisor, "region=620600")) == {p["liangzhou"].number, p["minqin"].number}
    assert numbers(export(client, supervisor, f"unit={province.minqin_committee.pk}")) == {p["minqin"].number}
    assert numbers(export(client, supervisor, "flag=flag_group")) == {p["minqin"].number}
    assert numbers(export(client, supervisor, "registered_from=2999-01-01")) == set()
    assert numbers(export(client, supervisor, "page=3&q=凉州")) == {p["liangzhou"].number}  # page is ignored
    # filters cannot widen the scope
    assert numbers(export(client, province.minqin_clerk, "q=甘州")) == set()


def test_invalid_filters_export_nothing_and_go_back_to_the_list(client, province, three_counties):
    client.force_login(province.minqin_clerk)
    response = client.get("/ledger/export.xlsx?unit=" + str(province.ganzhou_center.pk))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("petitions:list") + "?unit="
    )
    page = client.get(response["Location"]).content.decode()
    assert "筛选条件有误，未导出。" in page


def test_columns_labels_and_masked_personal_data(client, province, register):
    Tag.objects.create(name="执行难")
    petition = register(
        province.liangzhou_clerk, province.liangzhou_center, group_size=6, case_number="(2019)甘0602民初88号"
    )
    petition.tags.set(Tag.objects.all())
    client.force_login(province.liangzhou_clerk)
    response = client.get("/ledger/export.xlsx")
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()
    content = b"".join(response.streaming_content)
    rows = read_xlsx(content)
    assert list(rows[0]) == HEADERS
    row = rows[0]
    assert row["身份证号"] == "620***********0017" and row["联系电话"] == "138****2345"
    assert VALID_ID.encode() not in content and b"13893512345" not in content
    assert row["信访渠道"] == "来访" and row["状态"] == "登记" and row["化解状态"] == "未结未息"
    assert row["登记单位编码"] == province.liangzhou_center.code and row["问题发生地"] == "620602"
    assert isinstance(row["登记时间"], dt.datetime) and row["人数"] == 6 and row["标记"] == "集体访"
    assert row["专题标签"] == "执行难" and row["积案"] == "否" and row["复查复核层级"] == 0
    assert row["原案案号"] == "(2019)甘0602民初88号" and row["办理期限"] is None


def test_the_export_needs_a_login(client):
    response = client.get("/ledger/export.xlsx")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_petition_list_links_to_the_export_with_its_filters(client, province):
    client.force_login(province.liangzhou_clerk)
    page = client.get(reverse("petitions:list") + "?q=%E5%87%89&state=registered").content.decode()
    assert 'href="/ledger/export.xlsx?q=%E5%87%89&amp;state=registered"' in page
    assert "导出台账" in page


def test_the_template_download_has_every_column(client, province):
    client.force_login(province.liangzhou_clerk)
    response = client.get("/ledger/template.xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    assert [c.value for c in wb["台账"][1]] == HEADERS
    assert [r[0] for r in wb["填写说明"].iter_rows(min_row=2, values_only=True)] == HEADERS
    assert read_xlsx(content) == []


def test_the_export_makes_the_same_number_of_queries_for_any_number_of_rows(client, province, register):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Tag.objects.create(name="执行难")
    client.force_login(province.liangzhou_clerk)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            b"".join(client.get("/ledger/export.xlsx").streaming_content)
        return len(captured)

    for _ in range(2):
        register(province.liangzhou_clerk, province.liangzhou_center).tags.set(Tag.objects.all())
    few = queries()
    for _ in range(4):
        register(province.liangzhou_clerk, province.liangzhou_center).tags.set(Tag.objects.all())
    assert queries() == few


def test_a_stored_control_character_never_breaks_the_export(client, province, three_counties):
    """Text written before input was cleaned (or straight into the database) is cleaned on the way out."""
    p = three_counties["liangzhou"]
    Petition.objects.filter(pk=p.pk).update(title="凉州\x01的\x1b事项\u202e", demands="请求\x08\x0b执行\x85")
    p.petitioners.update(name="王\x02建国")
    for user in (province.liangzhou_clerk, province.city_committee_head, province.province_supervisor):
        rows = {r["登记编号"]: r for r in export(client, user)}
        assert rows[p.number]["标题"] == "凉州的事项"
        assert rows[p.number]["信访诉求"] == "请求执行"
        assert rows[p.number]["信访人姓名"] == "王建国"
