"""Duplicate and repeat candidates at intake, repeat linking, merge and split — always inside scope."""

import pytest
from django.urls import reverse

from conftest import VALID_ID, person
from core.errors import InvalidInput, NotVisible, PermissionDenied
from organisations.tests.factories import PASSWORD
from petitions.models import Event, Petition, State
from search import services
from search.models import LinkKind, MatterLink
from search.selectors import OTHER_UNIT_MATCH, duplicate_candidates, search_petitions

pytestmark = pytest.mark.django_db

FACTS = "申请人与被执行人借款纠纷一案判决生效后，被执行人拒不履行还款义务，法院执行局至今未采取强制措施。"


@pytest.fixture
def earlier(province, register):
    return register(
        province.liangzhou_clerk,
        province.liangzhou_center,
        title="借款纠纷执行不到位",
        facts=FACTS,
        case_number="(2022)甘0602民初77号",
    )


@pytest.fixture
def elsewhere(province, register):
    return register(
        province.ganzhou_clerk,
        province.ganzhou_center,
        title="甘州区借款纠纷执行",
        facts=FACTS,
        problem_region="620702",
        petitioners=[person(name="赵六", id_number="620702199001010014", phone="13800000002")],
    )


def intake(**overrides):
    data = {
        "title": "借款案件执行难",
        "demands": "请求尽快执行。",
        "facts": FACTS,
        "case_number": "",
        "problem_region": "620602",
        "petitioners": [{"name": "王建国", "id_number": VALID_ID, "phone": "", "residence_region": ""}],
    }
    data.update(overrides)
    return data


def test_same_person_and_matter_with_reasons_and_score(province, earlier):
    found = duplicate_candidates(
        user=province.liangzhou_clerk, data=intake(case_number="(2022)甘0602民初77号")
    )
    assert len(found) == 1
    top = found[0]
    assert top.petition == earlier and not top.elsewhere
    reasons = [str(r) for r in top.reasons]
    assert "身份证号相同" in reasons and "原案案号相同" in reasons
    assert any(r.startswith("内容相似") for r in reasons)
    assert top.score == 1.0


def test_phone_and_name_in_region(province, earlier):
    data = intake(
        petitioners=[{"name": "王建国", "phone": "13893512345", "residence_region": ""}],
        facts="",
        title="",
        demands="",
    )
    [top] = duplicate_candidates(user=province.liangzhou_clerk, data=data)
    assert {str(r) for r in top.reasons} == {"联系电话相同", "姓名及地区相同"}
    assert 0 < top.score < 1


def test_outside_scope_is_reported_without_content(province, earlier, elsewhere):
    data = intake(petitioners=[{"name": "赵六", "id_number": "620702199001010014"}], problem_region="620702")
    found = duplicate_candidates(user=province.liangzhou_clerk, data=data)
    outside = [c for c in found if c.elsewhere]
    assert len(outside) == 1 and outside[0].petition is None
    assert outside[0].as_dict() == {
        "elsewhere": True,
        "message": str(OTHER_UNIT_MATCH),
        "closed_matter": False,
    }
    assert elsewhere.number not in str([c.as_dict() for c in found])
    inside = duplicate_candidates(user=province.ganzhou_clerk, data=data)
    assert [c.petition for c in inside if not c.elsewhere] == [elsewhere]


def test_closed_matters_are_flagged(province, earlier):
    Petition.objects.filter(pk=earlier.pk).update(state=State.TERMINATED)
    [top] = duplicate_candidates(user=province.liangzhou_clerk, data=intake())
    assert top.closed_matter and "已终结" in [str(r) for r in top.reasons]


def test_nothing_for_unrelated_or_bad_input(province, earlier):
    for data in (
        intake(petitioners=[{"name": "", "id_number": "123"}], facts="", title="", demands=""),
        {"petitioners": [{"id_number": "' OR 1=1", "phone": "😀"}], "title": "😀" * 500},
        {},
    ):
        assert duplicate_candidates(user=province.liangzhou_clerk, data=data) == []


def test_link_repeat_records_on_both_timelines(province, earlier, register):
    later = register(province.liangzhou_clerk, province.liangzhou_center, title="再次反映", facts="又来了")
    services.petition_link_repeat(
        actor=province.liangzhou_clerk, petition=later, earlier=earlier, note="同一事项"
    )
    later.refresh_from_db()
    assert later.related_to == earlier and later.flag_repeat
    assert Event.objects.filter(petition=later, action="repeat_linked").exists()
    assert Event.objects.filter(petition=earlier, action="repeat_linked_by").exists()
    with pytest.raises(InvalidInput):
        services.petition_link_repeat(actor=province.liangzhou_clerk, petition=earlier, earlier=later)


def test_link_refused_outside_scope_or_role(province, earlier, elsewhere):
    with pytest.raises(NotVisible):
        services.petition_link_repeat(actor=province.liangzhou_clerk, petition=earlier, earlier=elsewhere)
    with pytest.raises(PermissionDenied):
        services.petition_merge(actor=province.province_leader, petition=elsewhere, into=earlier, note="x")


def test_merge_keeps_both_and_makes_text_searchable(province, earlier, register):
    other = register(
        province.liangzhou_clerk, province.liangzhou_center, title="拆迁补偿款", facts="补偿款被截留"
    )
    services.petition_merge(actor=province.liangzhou_clerk, petition=other, into=earlier, note="实为一事")
    assert Petition.objects.filter(pk__in=[other.pk, earlier.pk]).count() == 2
    assert MatterLink.objects.get(kind=LinkKind.MERGED).target == earlier
    assert Event.objects.filter(petition=other, action="merged_into").exists()
    assert Event.objects.filter(petition=earlier, action="merged_from").exists()
    found = {p.pk for p in search_petitions(province.liangzhou_clerk, "截留")}
    assert found == {other.pk, earlier.pk}
    with pytest.raises(InvalidInput):
        services.petition_merge(actor=province.liangzhou_clerk, petition=other, into=earlier, note="再次")


def test_split_creates_a_new_matter_and_keeps_the_original(province, earlier):
    before = Event.objects.filter(petition=earlier).count()
    new = services.petition_split(
        actor=province.liangzhou_clerk,
        petition=earlier,
        title="另诉民警违法取证",
        demands="请求调查民警违法取证行为。",
        facts="在案件侦查中民警违法取证。",
        note="另一事项",
    )
    earlier.refresh_from_db()
    assert new.pk != earlier.pk and new.state == State.REGISTERED and new.number != earlier.number
    assert earlier.title == "借款纠纷执行不到位"  # the original's record is unchanged
    assert Event.objects.filter(petition=earlier).count() == before + 1
    assert Event.objects.filter(petition=new, action="split_from").exists()
    assert new.parties.get().petitioner.id_number_hash == earlier.parties.get().petitioner.id_number_hash
    assert {p.pk for p in search_petitions(province.liangzhou_clerk, "违法取证")} == {new.pk}
    with pytest.raises(InvalidInput):
        services.petition_split(
            actor=province.liangzhou_clerk, petition=earlier, title="", demands="", facts="", note=""
        )


def test_intake_partial_and_api(client, province, earlier, elsewhere):
    assert client.login(username=province.liangzhou_clerk.username, password=PASSWORD)
    post = {
        "title": "借款",
        "facts": FACTS,
        "problem_region": "620602",
        "p-0-name": "王建国",
        "p-0-id_number": VALID_ID,
    }
    html = client.post(reverse("search:intake_duplicates"), post).content.decode()
    assert earlier.number in html and "身份证号相同" in html
    data = {"facts": FACTS, "problem_region": "620702", "petitioners": [{"id_number": "620702199001010014"}]}
    response = client.post("/api/v1/search/duplicates/", data, content_type="application/json")
    assert response.status_code == 200
    assert str(OTHER_UNIT_MATCH) in response.content.decode()
    assert elsewhere.number not in response.content.decode() and "赵六" not in response.content.decode()


def test_detail_panel_and_one_click_link(client, province, earlier, register):
    later = register(province.liangzhou_clerk, province.liangzhou_center, title="再访", facts=FACTS)
    assert client.login(username=province.liangzhou_clerk.username, password=PASSWORD)
    page = client.get(reverse("petitions:detail", args=[later.pk])).content.decode()
    panel_url = reverse("petitions:panel", args=[later.pk, "duplicates"])
    assert f'hx-get="{panel_url}"' in page  # the page asks for the panel once shown
    panel = client.get(panel_url).content.decode()
    assert earlier.number in panel and "关联为重信重访" in panel
    response = client.post(reverse("search:link_repeat", args=[later.pk]), {"target": earlier.pk})
    assert response.status_code == 302
    later.refresh_from_db()
    assert later.related_to == earlier
    response = client.post(reverse("search:link_repeat", args=[later.pk]), {"target": 10**9})
    assert response.status_code == 404


def test_split_page(client, province, earlier):
    assert client.login(username=province.liangzhou_clerk.username, password=PASSWORD)
    url = reverse("search:split", args=[earlier.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"title": ""}).status_code == 400
    data = {"title": "另一事项", "demands": "诉求", "facts": "事实", "note": "理由"}
    assert client.post(url, data).status_code == 302
    assert client.login(username=province.ganzhou_clerk.username, password=PASSWORD)
    assert client.get(url).status_code == 404


def test_similar_text_is_looked_for_among_the_countys_newest(province, earlier, register, monkeypatch):
    data = intake(petitioners=[{"name": "赵某", "id_number": "", "phone": ""}])
    [top] = duplicate_candidates(user=province.liangzhou_clerk, data=data)
    assert top.petition == earlier and str(top.reasons[0]).startswith("内容相似")
    assert (
        duplicate_candidates(user=province.liangzhou_clerk, data={**data, "problem_region": "620621"}) == []
    )
    register(province.liangzhou_clerk, province.liangzhou_center, title="邻里纠纷", facts="邻居占用通道。")
    monkeypatch.setattr("search.selectors.TEXT_WINDOW", 1)  # the newer, unrelated petition fills the window
    assert duplicate_candidates(user=province.liangzhou_clerk, data=data) == []
