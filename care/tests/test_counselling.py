"""心理疏导 notes: only the counsellor, the handling unit's head and the 政法委 read them. Everyone else — other
staff who see the petition, other counties, lawyers, the anonymous — gets 404, in the UI and the API, and the
timeline never carries the text."""

import pytest
from django.test import Client
from django.utils import timezone

from care.models import CounsellingSession
from care.selectors import counselling_for
from care.services import counselling_record
from core.errors import InvalidInput
from handling import services as h
from organisations.models import Role
from organisations.tests.factories import make_user
from petitions.models import Event, PetitionAccess

pytestmark = pytest.mark.django_db

NOTE = "疏导记录：当事人自述失眠Z9K"


@pytest.fixture
def case(province, register):
    p = province
    petition = register(p.liangzhou_clerk, p.liangzhou_center)
    h.petition_accept(actor=p.liangzhou_clerk, petition=petition, handling_unit=p.liangzhou_court)
    petition.refresh_from_db()
    session = counselling_record(
        actor=p.liangzhou_handler, petition=petition, held_on=timezone.localdate(), notes=NOTE
    )
    return petition, session


def readers(p):
    return {
        "counsellor": p.liangzhou_handler,
        "handling unit head": p.court_head,
        "county committee": p.liangzhou_leader,
        "city committee": p.city_committee_head,
        "province committee": p.province_supervisor,
    }


def others(p):
    """Staff who see the petition but are not allowed the notes, and those who do not see it at all."""
    return {
        "reception clerk (registered it)": p.liangzhou_clerk,
        "reception centre head": p.liangzhou_center_head,
        "city court head (above the handling unit)": p.city_court_head,
        "other county": p.minqin_clerk,
        "other city": p.ganzhou_clerk,
        "lawyer": p.lawyer,
        "police head": p.police_head,
    }


def client(user):
    c = Client()
    c.force_login(user)
    return c


def test_readers_read_the_notes(case, province):
    petition, session = case
    for who, user in readers(province).items():
        assert counselling_for(user, petition) == [session], who
        page = client(user).get(f"/care/counselling/{session.pk}/")
        assert page.status_code == 200 and NOTE in page.content.decode(), who
        api = client(user).get(f"/api/v1/care/counselling/{session.pk}/")
        assert api.status_code == 200 and api.json()["notes"] == NOTE, who
        listed = client(user).get("/api/v1/care/counselling/").json()["results"]
        assert [r["id"] for r in listed] == [session.pk], who


def test_everyone_else_gets_404_and_never_the_text(case, province):
    petition, session = case
    for who, user in others(province).items():
        assert counselling_for(user, petition) == [], who
        c = client(user)
        for path in (f"/care/counselling/{session.pk}/", f"/api/v1/care/counselling/{session.pk}/"):
            response = c.get(path)
            assert response.status_code == 404, (who, path)
            assert NOTE not in response.content.decode(), (who, path)
        listed = c.get("/api/v1/care/counselling/")
        assert listed.status_code == 200 and NOTE not in listed.content.decode(), who
        detail = c.get(f"/petitions/{petition.pk}/")
        assert NOTE not in detail.content.decode(), who
    anonymous = Client().get(f"/api/v1/care/counselling/{session.pk}/")
    assert anonymous.status_code in (401, 403) and NOTE not in anonymous.content.decode()
    assert Client().get(f"/care/counselling/{session.pk}/").status_code == 302


def test_absent_and_forbidden_look_the_same(case, province):
    _petition, session = case
    c = client(province.liangzhou_clerk)
    assert (
        c.get(f"/care/counselling/{session.pk}/").status_code
        == c.get("/care/counselling/987654/").status_code
    )


def test_the_timeline_records_the_session_without_the_text(case, province):
    petition, session = case
    event = Event.objects.get(petition=petition, action="counselling_held")
    assert NOTE not in event.note and NOTE not in str(event.data)
    page = client(province.liangzhou_clerk).get(f"/petitions/{petition.pk}/")
    assert (
        page.status_code == 200 and "心理疏导" in page.content.decode() and NOTE not in page.content.decode()
    )


def test_notes_are_encrypted_at_rest(case):
    from django.db import connection

    _petition, session = case
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM care_counsellingsession WHERE id = %s", [session.pk])
        stored = cursor.fetchone()[0]
    assert "失眠" not in stored


def test_a_new_head_of_the_handling_unit_reads_them_and_a_leader_elsewhere_does_not(case, province):
    _petition, session = case
    new_head = make_user("lz_court_head_2", province.liangzhou_court, Role.UNIT_HEAD)
    court_leader = make_user("lz_court_leader", province.liangzhou_court, Role.LEADER)
    assert client(new_head).get(f"/care/counselling/{session.pk}/").status_code == 200
    assert client(court_leader).get(f"/care/counselling/{session.pk}/").status_code == 404


def test_a_committee_that_sees_it_only_through_an_assignment(province, register):
    """张掖市委政法委 sees a 凉州区 petition only because one of its units was given it: it reads the notes."""
    p = province
    petition = register(p.liangzhou_clerk, p.liangzhou_center)
    session = counselling_record(
        actor=p.liangzhou_clerk, petition=petition, held_on=timezone.localdate(), notes=NOTE
    )
    zhangye_head = make_user("zy_committee_head", p.zhangye_committee, Role.UNIT_HEAD)
    assert client(zhangye_head).get(f"/care/counselling/{session.pk}/").status_code == 404
    PetitionAccess.objects.create(petition=petition, unit=p.ganzhou_center, reason="assigned")
    assert client(zhangye_head).get(f"/care/counselling/{session.pk}/").status_code == 200


def test_bad_input_saves_nothing(case, province):
    petition, _session = case
    before = (CounsellingSession.objects.count(), Event.objects.count())
    with pytest.raises(InvalidInput) as exc:
        counselling_record(
            actor=province.liangzhou_handler,
            petition=petition,
            held_on=timezone.localdate() + timezone.timedelta(days=2),
            notes=" ",
        )
    assert set(exc.value.errors) == {"held_on", "notes"}
    response = client(province.liangzhou_handler).post(
        f"/care/counselling/new/{petition.pk}/", {"held_on": "", "notes": ""}
    )
    assert response.status_code == 400 and "has-error" in response.content.decode()
    api = client(province.liangzhou_handler).post(
        "/api/v1/care/counselling/", {"petition": petition.pk, "held_on": "2999-01-01", "notes": "x"}
    )
    assert api.status_code == 400 and "held_on" in api.json()["error"]["fields"]
    assert (CounsellingSession.objects.count(), Event.objects.count()) == before
