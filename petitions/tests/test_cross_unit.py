"""A person known to one county registered again by another: records are linked by keyed hash, never shared."""

import pytest
from django.urls import reverse

from conftest import VALID_ID, person, registration
from core.errors import DomainError
from organisations.tests.factories import PASSWORD
from petitions.models import Petition, RevealLog, State
from petitions.selectors import closed_matter_for, linked_petition_label
from petitions.services import petition_register, petitioner_reveal

pytestmark = pytest.mark.django_db

CASE = "(2019)甘06民终123号"


@pytest.fixture
def liangzhou_petition(province):
    return petition_register(
        actor=province.liangzhou_clerk,
        unit=province.liangzhou_center,
        data=registration(case_number=CASE),
        petitioners=[person(name="王建国", phone="13893512345", address="甘肃省武威市凉州区东大街1号")],
    )


def register_in_minqin(province, name="王建军"):
    """The probe: the ID number of a person known only to 凉州区, phone and address left empty."""
    return petition_register(
        actor=province.minqin_clerk,
        unit=province.minqin_center,
        data=registration(case_number=CASE, problem_region="620621"),
        petitioners=[person(name=name, phone="", address="")],
    )


def test_reveal_on_the_new_petition_shows_only_what_it_holds(province, liangzhou_petition):
    new = register_in_minqin(province)
    mine = new.petitioners.get()
    for field in ("phone", "address"):
        assert (
            petitioner_reveal(actor=province.minqin_clerk, petition=new, petitioner=mine, field=field) == ""
        )
    assert mine.phone_masked == "" and mine.address_masked == ""  # nothing to reveal, nothing shown
    assert mine != liangzhou_petition.petitioners.get()


def test_full_id_number_of_another_units_record_is_not_revealed(province, liangzhou_petition):
    new = petition_register(
        actor=province.minqin_clerk,
        unit=province.minqin_center,
        data=registration(case_number=CASE, problem_region="620621"),
        petitioners=[person(name="王建国", id_number=VALID_ID.lower(), phone="", address="")],
    )
    other = liangzhou_petition.petitioners.get()
    mine = new.petitioners.get()
    assert mine.pk != other.pk and mine.id_number_hash == other.id_number_hash  # linked, not shared
    assert not new.parties.filter(petitioner=other).exists()
    page = _client(province.minqin_clerk).get(reverse("petitions:detail", args=[new.pk])).content.decode()
    assert f"petitioners/{other.pk}/reveal" not in page
    response = _client(province.minqin_clerk).post(
        reverse("petitions:reveal", args=[new.pk, other.pk]), {"field": "phone"}
    )
    assert response.status_code == 404
    assert RevealLog.objects.count() == 0


def test_the_other_units_petition_number_is_not_on_the_new_timeline(province, liangzhou_petition):
    new = register_in_minqin(province)
    event = new.events.get()
    assert liangzhou_petition.number not in event.note
    assert liangzhou_petition.number not in str(event.data)
    assert "该信访人在其他单位有信访记录" in event.note
    assert new.related_to == liangzhou_petition and new.flag_repeat  # linked for the committee above both
    api = _client(province.minqin_clerk).get(f"/api/v1/petitions/{new.pk}/").content.decode()
    assert liangzhou_petition.number not in api
    page = _client(province.minqin_clerk).get(reverse("petitions:detail", args=[new.pk])).content.decode()
    assert liangzhou_petition.number not in page and "该信访人在其他单位有信访记录" in page


def test_the_committee_above_both_sees_the_link(province, liangzhou_petition):
    new = register_in_minqin(province)
    assert linked_petition_label(province.minqin_clerk, new.related_to) == "该信访人在其他单位有信访记录"
    assert linked_petition_label(province.wuwei_supervisor, new.related_to) == liangzhou_petition.number
    page = _client(province.wuwei_supervisor).get(reverse("petitions:detail", args=[new.pk])).content.decode()
    assert "关联前案" in page and liangzhou_petition.number in page


def test_the_name_typed_does_not_overwrite_the_other_units_record(province, liangzhou_petition):
    register_in_minqin(province, name="改了名")
    original = Petition.objects.get(pk=liangzhou_petition.pk).petitioners.get()
    assert (original.name, original.phone) == ("王建国", "13893512345")
    assert original.address == "甘肃省武威市凉州区东大街1号"


def test_the_reveal_is_logged_under_the_petition_whose_record_was_shown(province, liangzhou_petition):
    new = petition_register(
        actor=province.minqin_clerk,
        unit=province.minqin_center,
        data=registration(case_number=CASE, problem_region="620621"),
        petitioners=[person(name="王建国", phone="13993500000", address="")],
    )
    mine = new.petitioners.get()
    assert petitioner_reveal(actor=province.minqin_clerk, petition=new, petitioner=mine, field="phone") == (
        "13993500000"
    )
    log = RevealLog.objects.get()
    assert log.petition == new
    assert list(log.petitioner.parties.values_list("petition_id", flat=True)) == [new.pk]


def test_within_scope_the_earlier_number_is_shown(province, liangzhou_petition):
    again = petition_register(
        actor=province.liangzhou_clerk,
        unit=province.liangzhou_center,
        data=registration(case_number=CASE),
        petitioners=[person(phone="")],
    )
    event = again.events.get()
    assert liangzhou_petition.number in event.note and event.data["related_to"] == liangzhou_petition.number
    assert again.petitioners.get().phone == ""  # the earlier record's phone is not copied either


def test_terminated_matter_elsewhere_is_recognised_but_not_named(province, liangzhou_petition):
    Petition.objects.filter(pk=liangzhou_petition.pk).update(
        state=State.TERMINATED, terminated_at=liangzhou_petition.registered_at
    )
    new = register_in_minqin(province)
    assert closed_matter_for(new) == liangzhou_petition
    event = new.events.get()
    assert event.data["closed_matter"] is True and "不再受理" in event.note
    assert liangzhou_petition.number not in event.note + str(event.data)
    from handling import services as handling

    with pytest.raises(DomainError, match="不再作为新事项受理"):
        handling.petition_accept(
            actor=province.minqin_clerk, petition=new, handling_unit=province.minqin_center
        )


def _client(user):
    from django.test import Client

    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client
