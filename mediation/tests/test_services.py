"""调解: open, sessions, agreement or not, 司法确认 — on the timeline, in scope, bad input refused."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from core.errors import DomainError, InvalidInput, NotVisible
from mediation import services as s
from mediation.models import Mediation, MediationStatus
from petitions.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition(province, register):
    return register(province.liangzhou_clerk, province.liangzhou_center)


def test_people_mediation_to_confirmed_agreement(petition, province):
    clerk = province.liangzhou_clerk
    today = timezone.localdate()
    m = s.mediation_open(
        actor=clerk, petition=petition, kind="people", organisation="凉州区人民调解委员会", mediator="赵调解"
    )
    s.mediation_add_session(
        actor=clerk,
        mediation=m,
        held_on=today,
        place="调解室",
        participants="双方当事人",
        notes="双方初步达成一致",
    )
    with pytest.raises(DomainError):  # not before an agreement
        s.mediation_confirm(
            actor=clerk, mediation=m, court="凉州区人民法院", number="(2026)甘0602民特1号", confirmed_on=today
        )
    with pytest.raises(InvalidInput) as exc:
        s.mediation_conclude(
            actor=clerk, mediation=m, agreed=True, agreement="", result="达成", concluded_on=today
        )
    assert "agreement" in exc.value.errors
    s.mediation_conclude(
        actor=clerk,
        mediation=m,
        agreed=True,
        agreement="被申请人分三期支付 30000 元",
        result="达成协议",
        concluded_on=today,
    )
    s.mediation_confirm(
        actor=clerk, mediation=m, court="凉州区人民法院", number="(2026)甘0602民特1号", confirmed_on=today
    )
    m.refresh_from_db()
    assert m.status == MediationStatus.AGREED and m.confirmed
    assert list(
        Event.objects.filter(petition=petition, action__startswith="mediation").values_list(
            "action", flat=True
        )
    ) == [
        "mediation_opened",
        "mediation_session",
        "mediation_concluded",
        "mediation_confirmed",
    ]
    from analytics.metrics import tool_figures

    figures = tool_figures(start=today, end=today)
    assert (figures["mediations"], figures["mediations_agreed"], figures["mediations_confirmed"]) == (1, 1, 1)


def test_bad_input_and_scope(petition, province):
    with pytest.raises(InvalidInput) as exc:
        s.mediation_open(
            actor=province.liangzhou_clerk, petition=petition, kind="private", organisation="", mediator=""
        )
    assert set(exc.value.errors) == {"kind", "organisation", "mediator"}
    with pytest.raises(NotVisible):
        s.mediation_open(
            actor=province.minqin_clerk, petition=petition, kind="people", organisation="x", mediator="y"
        )
    m = s.mediation_open(
        actor=province.liangzhou_clerk, petition=petition, kind="judicial", organisation="法院", mediator="钱"
    )
    with pytest.raises(InvalidInput) as exc:
        s.mediation_add_session(
            actor=province.liangzhou_clerk, mediation=m, held_on=timezone.localdate() + dt.timedelta(days=1),
            place="", participants="", notes="",
        )  # fmt: skip
    assert set(exc.value.errors) == {"held_on", "place", "notes"}
    assert Mediation.objects.count() == 1 and not m.sessions.exists()


def test_pages_and_api(petition, province):
    c = Client()
    c.force_login(province.liangzhou_clerk)
    bad = c.post(f"/mediation/open/{petition.pk}/", {"kind": "people", "organisation": "", "mediator": "x"})
    assert bad.status_code == 400 and "has-error" in bad.content.decode()
    ok = c.post(
        f"/mediation/open/{petition.pk}/",
        {"kind": "people", "organisation": "人民调解委员会", "mediator": "赵"},
    )
    m = Mediation.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/mediation/{m.pk}/"
    assert "人民调解委员会" in c.get("/mediation/?kind=people").content.decode()
    assert c.get(f"/mediation/{m.pk}/").status_code == 200
    api = c.post(
        f"/api/v1/mediation/mediations/{m.pk}/conclude/",
        {"agreed": False, "result": "", "concluded_on": "2020-01-01"},
    )
    assert api.status_code == 400 and "result" in api.json()["error"]["fields"]
    other = Client()
    other.force_login(province.minqin_clerk)
    assert other.get(f"/mediation/{m.pk}/").status_code == 404
    assert other.get(f"/api/v1/mediation/mediations/{m.pk}/").status_code == 404
    assert other.get("/api/v1/mediation/mediations/").json()["count"] == 0
