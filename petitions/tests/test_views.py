import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import VALID_ID
from organisations.tests.factories import PASSWORD
from petitions.models import Event, Petition, Petitioner, RevealLog
from petitions.services import petition_add_attachments

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk_client(client, province):
    client.login(username=province.liangzhou_clerk.username, password=PASSWORD)
    return client


def form_data(province, **overrides):
    data = {
        "unit": province.liangzhou_center.pk,
        "channel": "visit",
        "registered_at": "2026-11-20T09:30",
        "title": "申请执行(2020)甘0602执123号案件执行款",
        "demands": "请求法院尽快执行到位。",
        "facts": "判决生效两年，被执行人有房产未被查封。",
        "problem_region": "620602",
        "residence_region": "620602",
        "group_size": "1",
        "submission_key": "k" * 32,
        "case_number": "(2020)甘0602执123号",
        "p-TOTAL_FORMS": "1",
        "p-INITIAL_FORMS": "0",
        "p-MIN_NUM_FORMS": "1",
        "p-MAX_NUM_FORMS": "50",
        "p-0-name": "李秀英",
        "p-0-id_number": VALID_ID,
        "p-0-phone": "13893512345",
        "p-0-address": "凉州区西大街2号",
        "i-TOTAL_FORMS": "1",
        "i-INITIAL_FORMS": "0",
        "i-MIN_NUM_FORMS": "0",
        "i-MAX_NUM_FORMS": "6",
        "i-0-instance": "first",
        "i-0-case_number": "(2019)甘0602民初88号",
        "i-0-court_name": "凉州区人民法院",
        "i-0-judge": "张法官",
    }
    data.update(overrides)
    return data


def test_register_page_renders_in_chinese(clerk_client):
    page = clerk_client.get(reverse("petitions:register")).content.decode()
    assert "登记信访事项" in page and "身份证号" in page and "问题发生地" in page


def test_valid_registration_redirects_to_the_new_petition(clerk_client, province):
    response = clerk_client.post(reverse("petitions:register"), form_data(province))
    petition = Petition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("petitions:detail", args=[petition.pk])
    assert petition.instances.get().court_name == "凉州区人民法院"
    detail = clerk_client.get(response["Location"]).content.decode()
    assert "620***********0017" in detail
    assert VALID_ID not in detail
    assert "138****2345" in detail


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("p-0-id_number", "620602198503150018", "身份证号校验位不正确"),
        ("p-0-phone", "1389351", "电话号码格式不正确"),
        ("problem_region", "629999", "未知的行政区划代码：629999"),
        ("case_number", "2020执123", "案号格式不正确"),
        ("title", "", "该字段是必填项"),
    ],
)
def test_bad_fields_show_a_specific_message_and_save_nothing(clerk_client, province, field, value, message):
    response = clerk_client.post(reverse("petitions:register"), form_data(province, **{field: value}))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "登记未保存" in page
    assert Petition.objects.count() == Petitioner.objects.count() == Event.objects.count() == 0


def test_disallowed_attachment_is_reported_next_to_the_field(clerk_client, province):
    upload = SimpleUploadedFile("病毒.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = clerk_client.post(
        reverse("petitions:register"), {**form_data(province), "attachments": [upload]}
    )
    assert response.status_code == 400
    assert "病毒.exe" in response.content.decode() and "类型不允许" in response.content.decode()
    assert Petition.objects.count() == 0


def test_oversized_attachment_is_refused(clerk_client, province, settings, pdf_file):
    settings.ATTACHMENT_MAX_BYTES = 100
    response = clerk_client.post(
        reverse("petitions:register"), {**form_data(province), "attachments": [pdf_file(size=500)]}
    )
    assert response.status_code == 400
    assert "超过" in response.content.decode()
    assert Petition.objects.count() == 0


@pytest.mark.django_db(transaction=True)  # outside a transaction, where the shared cache answers
def test_the_form_reads_no_unit_or_region_row_to_check_its_choices(clerk_client, province):
    """The unit is one of the clerk's own (already in memory), the regions come from the shared cache."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clerk_client.post(reverse("petitions:register"), form_data(province))  # the region codes reach the cache
    with CaptureQueriesContext(connection) as queries:
        response = clerk_client.post(
            reverse("petitions:register"), form_data(province, submission_key="b" * 32, title="第二件")
        )
    assert response.status_code == 302 and Petition.objects.count() == 2
    sql = [q["sql"] for q in queries]
    assert [q for q in sql if 'FROM "organisations_region"' in q] == []
    assert [q for q in sql if 'FROM "organisations_unit"' in q and '"organisations_unit"."id" =' in q] == []


def test_a_unit_that_is_not_the_clerks_is_refused(clerk_client, province):
    for unit in (province.minqin_center.pk, "abc", "9" * 5000):
        response = clerk_client.post(reverse("petitions:register"), form_data(province, unit=unit))
        assert response.status_code == 400
        assert "选择一个有效的选项" in response.content.decode()
    assert Petition.objects.count() == 0


def test_double_submit_creates_one_petition(clerk_client, province):
    clerk_client.post(reverse("petitions:register"), form_data(province))
    clerk_client.post(reverse("petitions:register"), form_data(province))
    assert Petition.objects.count() == 1


def test_reveal_returns_the_value_and_logs_it(clerk_client, province, register):
    petition = register(province.liangzhou_clerk, province.liangzhou_center)
    petitioner = petition.petitioners.get()
    response = clerk_client.post(
        reverse("petitions:reveal", args=[petition.pk, petitioner.pk]),
        {"field": "id_number"},
        HTTP_HX_REQUEST="true",
    )
    assert VALID_ID in response.content.decode()
    assert RevealLog.objects.get().user == province.liangzhou_clerk


def test_list_filters(clerk_client, province, register):
    register(province.liangzhou_clerk, province.liangzhou_center, title="执行款迟迟不到位", channel="letter")
    register(
        province.liangzhou_clerk, province.liangzhou_center, title="不服公安机关不予立案", channel="visit"
    )
    page = clerk_client.get(reverse("petitions:list"), {"channel": "letter"}).content.decode()
    assert "执行款迟迟不到位" in page and "不服公安机关不予立案" not in page
    page = clerk_client.get(reverse("petitions:list"), {"q": "公安"}).content.decode()
    assert "不服公安机关不予立案" in page and "执行款迟迟不到位" not in page
    page = clerk_client.get(
        reverse("petitions:list"), {"registered_from": "2000-01-01", "registered_to": "2000-12-31"}
    )
    assert "共 0 件" in page.content.decode()
    partial = clerk_client.get(reverse("petitions:list"), {"state": "registered"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "共 2 件" in partial.content.decode()


def test_list_and_detail_query_counts_do_not_grow_with_rows(
    clerk_client, province, register, pdf_file, django_assert_max_num_queries
):
    for i in range(3):
        register(province.liangzhou_clerk, province.liangzhou_center, title=f"事项{i}")
    with django_assert_max_num_queries(25) as few:
        clerk_client.get(reverse("petitions:list"))
    for i in range(3, 30):
        register(province.liangzhou_clerk, province.liangzhou_center, title=f"事项{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        clerk_client.get(reverse("petitions:list"))
    petition = Petition.objects.order_by("pk").first()
    with django_assert_max_num_queries(55) as detail:
        clerk_client.get(reverse("petitions:detail", args=[petition.pk]))
    for _ in range(5):
        petition_add_attachments(actor=province.liangzhou_clerk, petition=petition, uploads=[pdf_file()])
    with django_assert_max_num_queries(len(detail.captured_queries)):
        clerk_client.get(reverse("petitions:detail", args=[petition.pk]))


def test_replaying_another_clerks_submission_key_does_not_show_their_petition(client, clerk_client, province):
    clerk_client.post(reverse("petitions:register"), form_data(province))
    first = Petition.objects.get()
    client.logout()
    assert client.login(username=province.minqin_clerk.username, password=PASSWORD)
    data = form_data(province, unit=province.minqin_center.pk, problem_region="620621")
    response = client.post(reverse("petitions:register"), data, follow=True)
    page = response.content.decode()
    assert first.number not in page and first.query_code not in page
    assert Petition.objects.count() == 2


def test_same_key_with_changed_data_is_refused_with_a_message(clerk_client, province):
    clerk_client.post(reverse("petitions:register"), form_data(province))
    response = clerk_client.post(reverse("petitions:register"), form_data(province, title="另一件事"))
    assert response.status_code == 400
    assert "该表单已经提交过" in response.content.decode()
    assert Petition.objects.count() == 1


# ------------------------------------------------------------------------------------------------ lazy panels
def test_a_lazy_panel_is_fetched_after_the_page_within_scope(client, province, register):
    from petitions.panels import lazy_keys

    petition = register(province.liangzhou_clerk, province.liangzhou_center)
    client.force_login(province.liangzhou_clerk)
    page = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert lazy_keys()  # the duplicate and suggestion panels load after the page
    for key in lazy_keys():
        url = reverse("petitions:panel", args=[petition.pk, key])
        assert f'hx-get="{url}"' in page
        assert client.get(url).status_code == 200
    assert client.get(reverse("petitions:panel", args=[petition.pk, "no-such-panel"])).status_code == 404
    client.force_login(province.ganzhou_clerk)  # another city: the same answer as a missing petition
    assert client.get(reverse("petitions:panel", args=[petition.pk, "duplicates"])).status_code == 404
