"""Suggestions on a petition, the officer's confirm or change, acceptance rates — always inside scope."""

import pytest
from django.urls import reverse

from core.errors import InvalidInput, NotVisible, PermissionDenied
from petitions.models import Event, Petition
from textmodels import selectors, services, store
from textmodels.models import Decision, Kind, Source
from textmodels.services import StaleModel
from textmodels.tests.helpers import make_model

pytestmark = pytest.mark.django_db

POLICE_TEXT = {
    "title": "派出所不予立案",
    "demands": "请求公安机关依法立案",
    "facts": "报警后无人出警，民警违法扣押车辆。",
}


@pytest.fixture
def model():
    return make_model()


@pytest.fixture
def petition(province, register):
    return register(province.liangzhou_clerk, province.liangzhou_center, **POLICE_TEXT)


@pytest.fixture
def elsewhere(province, register):
    return register(province.ganzhou_clerk, province.ganzhou_center, problem_region="620702", **POLICE_TEXT)


def by_kind(petition):
    return {s.kind: s for s in selectors.suggestions_for(Petition.objects.get(pk=petition.pk))}


def test_no_model_no_suggestions(petition):
    assert selectors.suggestions_for(petition) == []


def test_each_kind_is_suggested_with_a_confidence(model, petition):
    found = by_kind(petition)
    assert set(found) == set(Kind.values)
    system = found[Kind.SYSTEM]
    assert system.value == "police" and 0.34 < system.confidence <= 1 and system.label == "公安"
    assert found[Kind.CATEGORY].value == "police" and found[Kind.IS_LEGAL].value == "legal"
    assert [v for v, _p in system.alternatives] and system.decision is None


def test_accepting_records_the_decision_sets_the_field_and_the_timeline(province, model, petition):
    decision = services.suggestion_confirm(
        actor=province.liangzhou_clerk, petition=petition, kind=Kind.SYSTEM, value="police", model_version=1
    )
    assert decision.accepted and decision.suggested == "police" and decision.chosen == "police"
    petition.refresh_from_db()
    assert petition.responsible_system == "police" and petition.version == 2
    event = Event.objects.filter(petition=petition, action="suggestion_confirmed").get()
    assert event.data["accepted"] and event.data["model_version"] == 1 and "采纳建议" in event.note
    assert by_kind(petition)[Kind.SYSTEM].decision == decision


def test_changing_records_what_it_was_changed_to(province, model, petition):
    decision = services.suggestion_confirm(
        actor=province.liangzhou_clerk, petition=petition, kind=Kind.CATEGORY, value="misconduct"
    )
    assert not decision.accepted and decision.suggested == "police" and decision.chosen == "misconduct"
    petition.refresh_from_db()
    assert petition.problem_category == "misconduct"
    services.suggestion_confirm(
        actor=province.liangzhou_clerk, petition=petition, kind=Kind.IS_LEGAL, value="ordinary"
    )
    petition.refresh_from_db()
    assert petition.is_legal is False


@pytest.mark.parametrize(
    ("kind", "value", "field"),
    [(Kind.SYSTEM, "nonsense", "value"), (Kind.SYSTEM, "judgment", "value"), ("colour", "police", "kind")],
)
def test_bad_values_change_nothing(province, model, petition, kind, value, field):
    with pytest.raises(InvalidInput) as caught:
        services.suggestion_confirm(actor=province.liangzhou_clerk, petition=petition, kind=kind, value=value)
    assert field in caught.value.errors
    assert not Decision.objects.exists() and Petition.objects.get(pk=petition.pk).version == 1


def test_a_kind_is_decided_once(province, model, petition):
    services.suggestion_confirm(
        actor=province.liangzhou_clerk, petition=petition, kind=Kind.SYSTEM, value="police"
    )
    with pytest.raises(InvalidInput, match="提交的内容有误") as caught:
        services.suggestion_confirm(
            actor=province.liangzhou_clerk, petition=petition, kind=Kind.SYSTEM, value="court"
        )
    assert "已确认" in caught.value.errors["kind"][0]
    assert Decision.objects.count() == 1


def test_is_legal_after_screening_follows_the_screening(province, model, petition):
    Petition.objects.filter(pk=petition.pk).update(state="accepted", is_legal=True)
    with pytest.raises(InvalidInput) as caught:
        services.suggestion_confirm(
            actor=province.liangzhou_clerk, petition=petition, kind=Kind.IS_LEGAL, value="ordinary"
        )
    assert "甄别" in caught.value.errors["kind"][0]


def test_a_newer_model_asks_the_officer_to_look_again(province, model, petition):
    make_model(version=2)
    with pytest.raises(StaleModel):
        services.suggestion_confirm(
            actor=province.liangzhou_clerk,
            petition=petition,
            kind=Kind.SYSTEM,
            value="police",
            model_version=1,
        )
    assert not Decision.objects.exists()


def test_outside_scope_and_without_the_role(province, model, elsewhere, petition):
    with pytest.raises(NotVisible):
        services.suggestion_confirm(
            actor=province.liangzhou_clerk, petition=elsewhere, kind=Kind.SYSTEM, value="police"
        )
    with pytest.raises(PermissionDenied):
        services.suggestion_confirm(
            actor=province.liangzhou_leader, petition=petition, kind=Kind.SYSTEM, value="police"
        )
    assert not Decision.objects.exists()


def test_acceptance_rates_count_only_what_the_user_sees(province, model, petition, elsewhere):
    services.suggestion_confirm(
        actor=province.liangzhou_clerk, petition=petition, kind=Kind.SYSTEM, value="police"
    )
    services.suggestion_confirm(
        actor=province.liangzhou_clerk, petition=petition, kind=Kind.CATEGORY, value="other"
    )
    services.suggestion_confirm(
        actor=province.ganzhou_clerk, petition=elsewhere, kind=Kind.SYSTEM, value="court"
    )
    rates = {r.kind: r for r in selectors.acceptance_rates(province.liangzhou_clerk)}
    assert (rates[Kind.SYSTEM].decided, rates[Kind.SYSTEM].accepted, rates[Kind.SYSTEM].rate) == (1, 1, 1.0)
    assert (rates[Kind.CATEGORY].decided, rates[Kind.CATEGORY].changed, rates[Kind.CATEGORY].rate) == (
        1,
        1,
        0.0,
    )
    assert rates[Kind.IS_LEGAL].rate is None and rates[Kind.IS_LEGAL].percent == "—"
    everything = {r.kind: r for r in selectors.acceptance_rates(province.province_leader)}
    assert everything[Kind.SYSTEM].decided == 2 and everything[Kind.SYSTEM].accepted == 1


def test_a_tampered_model_is_never_unpickled(model, petition):
    from textmodels.models import TextModel

    TextModel.objects.filter(pk=model.pk).update(digest="0" * 64)
    store.forget()
    assert selectors.suggestions_for(petition) == []


def test_the_model_is_loaded_once_per_process(model, petition, django_assert_num_queries):
    by_kind(petition)
    with django_assert_num_queries(2):  # which model is current, and the decisions on this petition
        selectors.suggestions_for(petition)


# ------------------------------------------------------------------------------------------------ API
def test_api_suggestions_and_confirm(client, province, model, petition, elsewhere):
    client.force_login(province.liangzhou_clerk)
    url = f"/api/v1/textmodels/petitions/{petition.pk}/suggestions/"
    body = client.get(url).json()
    assert body["model"]["version"] == 1 and not body["model"]["is_starter"]
    assert {s["kind"] for s in body["suggestions"]} == set(Kind.values)
    response = client.post(
        f"/api/v1/textmodels/petitions/{petition.pk}/confirm/",
        {"kind": "responsible_system", "value": "court", "model_version": 1},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["accepted"] is False
    bad = client.post(
        f"/api/v1/textmodels/petitions/{petition.pk}/confirm/", {"kind": "problem_category", "value": "x"},
        content_type="application/json",
    )  # fmt: skip
    assert bad.status_code == 400 and "value" in bad.json()["error"]["fields"]
    stale = client.post(
        f"/api/v1/textmodels/petitions/{petition.pk}/confirm/",
        {"kind": "problem_category", "value": "police", "model_version": 7},
        content_type="application/json",
    )
    assert stale.status_code == 409
    rates = client.get("/api/v1/textmodels/rates/").json()["rates"]
    assert {r["kind"]: r["decided"] for r in rates}["responsible_system"] == 1
    for path in (f"/api/v1/textmodels/petitions/{elsewhere.pk}/suggestions/",):
        assert client.get(path).status_code == 404
    outside = client.post(
        f"/api/v1/textmodels/petitions/{elsewhere.pk}/confirm/", {"kind": "responsible_system", "value": "court"},
        content_type="application/json",
    )  # fmt: skip
    assert outside.status_code == 404 and not Decision.objects.filter(petition=elsewhere).exists()


# ------------------------------------------------------------------------------------------------ pages
def test_petition_page_shows_suggestions_and_one_click_confirm(client, province, petition):
    make_model(source=Source.DEMO)
    client.force_login(province.liangzhou_clerk)
    panel_url = reverse("petitions:panel", args=[petition.pk, "suggestions"])
    page = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert f'hx-get="{panel_url}"' in page  # the page asks for the panel once shown
    panel = client.get(panel_url).content.decode()
    assert "分流建议" in panel and "起始模型" in panel and "公安" in panel and "采纳" in panel
    response = client.post(
        reverse("textmodels:confirm", args=[petition.pk]),
        {"kind": "responsible_system", "value": "police", "model_version": "1"},
    )
    assert response.status_code == 302
    assert Decision.objects.get().accepted
    page = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert "已确认责任系统：公安" in page and "已采纳建议" in client.get(panel_url).content.decode()
    bad = client.post(
        reverse("textmodels:confirm", args=[petition.pk]), {"kind": "problem_category", "value": "court"}
    )
    assert bad.status_code == 302 and Decision.objects.count() == 1


def test_confirm_outside_scope_is_404(client, province, model, elsewhere):
    client.force_login(province.liangzhou_clerk)
    response = client.post(
        reverse("textmodels:confirm", args=[elsewhere.pk]), {"kind": "responsible_system", "value": "court"}
    )
    assert response.status_code == 404 and not Decision.objects.exists()


def test_overview_page(client, province, petition):
    client.force_login(province.liangzhou_clerk)
    assert "尚未训练模型" in client.get(reverse("textmodels:overview")).content.decode()
    make_model(source=Source.DEMO)
    services.suggestion_confirm(
        actor=province.liangzhou_clerk, petition=petition, kind=Kind.SYSTEM, value="police"
    )
    page = client.get(reverse("textmodels:overview")).content.decode()
    assert "起始模型" in page and "100.0%" in page
