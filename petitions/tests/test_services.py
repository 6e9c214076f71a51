import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from conftest import VALID_ID, person, registration
from core.errors import InvalidInput, NotVisible, PermissionDenied
from petitions.models import (
    AccessReason,
    Attachment,
    Event,
    Petition,
    PetitionAccess,
    Petitioner,
    PetitionParty,
    RevealLog,
    State,
)
from petitions.services import petition_register, petitioner_reveal, petitioners_with_id_number

pytestmark = pytest.mark.django_db


def test_registration_writes_number_code_parties_access_and_first_event(province, register):
    petition = register(province.liangzhou_clerk, province.liangzhou_center)
    assert re.fullmatch(r"620602-\d{4}-000001", petition.number)
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{12}", petition.query_code)
    assert petition.state == State.REGISTERED
    assert petition.petitioners.get().id_number == VALID_ID
    assert PetitionAccess.objects.filter(
        petition=petition, unit=province.liangzhou_center, reason=AccessReason.REGISTERED
    ).exists()
    (event,) = petition.events.all()
    assert event.action == "registered"
    assert event.actor == province.liangzhou_clerk
    assert event.state_after == State.REGISTERED


def test_numbers_increase_per_region_and_year(province, register):
    first = register(province.liangzhou_clerk, province.liangzhou_center)
    second = register(province.liangzhou_clerk, province.liangzhou_center)
    other = register(province.minqin_clerk, province.minqin_center, problem_region="620621")
    assert first.number.endswith("-000001")
    assert second.number.endswith("-000002")
    assert other.number.startswith("620621-") and other.number.endswith("-000001")


def test_same_id_number_is_linked_by_keyed_hash_and_each_petition_keeps_its_own_record(province, register):
    first = register(province.liangzhou_clerk, province.liangzhou_center)
    second = register(
        province.liangzhou_clerk,
        province.liangzhou_center,
        petitioners=[person(id_number=VALID_ID.lower(), phone="13993500000")],
    )
    assert Petitioner.objects.count() == 2
    assert first.petitioners.get().id_number_hash == second.petitioners.get().id_number_hash
    assert first.petitioners.get().phone == "13893512345"  # untouched
    assert second.petitioners.get().phone == "13993500000"
    assert set(petitioners_with_id_number(VALID_ID)) == {first.petitioners.get(), second.petitioners.get()}


@pytest.mark.parametrize(
    ("data", "people", "field"),
    [
        ({"problem_region": "999999"}, None, "problem_region"),
        ({"title": " "}, None, "title"),
        ({}, [person(id_number="620602198503150018")], "petitioners.0.id_number"),
        ({}, [person(phone="12345")], "petitioners.0.phone"),
        ({}, [person(residence_region="123456")], "petitioners.0.residence_region"),
        ({"channel": "carrier-pigeon-by-night"}, None, "channel"),  # not a channel, longer than the column
        ({"agent_name": "代" * 51}, None, "agent_name"),
        ({"case_stage": "final"}, None, "case_stage"),
        ({}, [person(name="张" * 51)], "petitioners.0.name"),
    ],
)
def test_bad_input_is_refused_and_saves_nothing(province, data, people, field):
    with pytest.raises(InvalidInput) as exc:
        petition_register(
            actor=province.liangzhou_clerk,
            unit=province.liangzhou_center,
            data=registration(**data),
            petitioners=people or [person()],
        )
    assert field in exc.value.errors
    assert Petition.objects.count() == 0
    assert Petitioner.objects.count() == 0
    assert Event.objects.count() == 0


def test_disallowed_and_oversized_attachments_are_refused(province, settings, pdf_file):
    settings.ATTACHMENT_MAX_BYTES = 1000
    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    fake_pdf = SimpleUploadedFile("假.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(InvalidInput) as exc:
        petition_register(
            actor=province.liangzhou_clerk,
            unit=province.liangzhou_center,
            data=registration(),
            petitioners=[person()],
            attachments=[exe, pdf_file(size=5000), fake_pdf],
        )
    messages = " ".join(exc.value.errors["attachments"])
    assert "tool.exe" in messages and "类型不允许" in messages
    assert "超过" in messages
    assert "内容与扩展名不符" in messages
    assert Petition.objects.count() == 0 and Attachment.objects.count() == 0


def test_attachments_are_stored_with_the_registration_event(province, register, pdf_file):
    petition = register(province.liangzhou_clerk, province.liangzhou_center, attachments=[pdf_file()])
    attachment = petition.attachments.get()
    assert attachment.event.action == "registered"
    assert attachment.original_name == "判决书.pdf"
    assert len(attachment.sha256) == 64


def test_only_registering_roles_in_the_unit_may_register(province):
    for actor, unit in [
        (province.liangzhou_clerk, province.minqin_center),
        (province.province_leader, province.committee),
        (province.lawyer, province.liangzhou_center),
    ]:
        with pytest.raises(PermissionDenied):
            petition_register(actor=actor, unit=unit, data=registration(), petitioners=[person()])
    assert Petition.objects.count() == 0


def test_repeated_submission_key_creates_one_petition(province):
    kwargs = {
        "actor": province.liangzhou_clerk,
        "unit": province.liangzhou_center,
        "data": registration(),
        "petitioners": [person()],
        "submission_key": "a" * 32,
    }
    assert petition_register(**kwargs) == petition_register(**kwargs)
    assert Petition.objects.count() == 1


def test_a_replay_leaves_no_trace_and_a_new_key_is_not_looked_up(province):
    """A new key is refused by the unique column, not looked up before each INSERT; a replay's first attempt is
    rolled back whole (no second petitioner record, no number used up)."""
    kwargs = {
        "actor": province.liangzhou_clerk,
        "unit": province.liangzhou_center,
        "data": registration(),
        "petitioners": [person()],
        "submission_key": "b" * 32,
    }
    with CaptureQueriesContext(connection) as queries:
        first = petition_register(**kwargs)
    assert not [
        q for q in queries.captured_queries if q["sql"].startswith("SELECT") and "submission_key" in q["sql"]
    ]
    assert petition_register(**kwargs) == first
    assert Petitioner.objects.count() == 1 and PetitionParty.objects.count() == 1
    second = petition_register(**{**kwargs, "submission_key": "c" * 32})
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1  # the replay took no number


def test_another_users_submission_key_does_not_return_their_petition(province):
    kwargs = {"data": registration(), "petitioners": [person()], "submission_key": "a" * 32}
    first = petition_register(actor=province.liangzhou_clerk, unit=province.liangzhou_center, **kwargs)
    other = petition_register(actor=province.minqin_clerk, unit=province.minqin_center, **kwargs)
    assert other != first and other.number != first.number and other.query_code != first.query_code
    assert Petition.objects.count() == 2
    assert "a" * 32 not in {first.submission_key, other.submission_key}  # stored bound to the user


def test_same_key_with_different_data_is_refused(province):
    kwargs = {
        "actor": province.liangzhou_clerk,
        "unit": province.liangzhou_center,
        "submission_key": "a" * 32,
    }
    first = petition_register(data=registration(), petitioners=[person()], **kwargs)
    with pytest.raises(InvalidInput) as exc:
        petition_register(data=registration(title="另一件事"), petitioners=[person()], **kwargs)
    assert "submission_key" in exc.value.errors
    with pytest.raises(InvalidInput):
        petition_register(data=registration(), petitioners=[person(name="李四")], **kwargs)
    assert list(Petition.objects.all()) == [first]


def test_group_size_of_five_sets_the_group_flag(province, register):
    petition = register(province.liangzhou_clerk, province.liangzhou_center, group_size=6)
    assert petition.flag_group


def test_timeline_is_append_only_in_the_database(province, register):
    petition = register(province.liangzhou_clerk, province.liangzhou_center)
    event = petition.events.get()
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        Event.objects.filter(pk=event.pk).update(note="changed")
    with pytest.raises(RuntimeError):
        Event.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE petitions_event SET note = 'changed' WHERE id = %s", [event.pk])
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM petitions_event WHERE id = %s", [event.pk])
    assert Event.objects.get(pk=event.pk).note == ""


def test_reveal_is_logged_and_limited_by_role_and_scope(province, register):
    petition = register(province.liangzhou_clerk, province.liangzhou_center)
    petitioner = petition.petitioners.get()
    value = petitioner_reveal(
        actor=province.liangzhou_clerk, petition=petition, petitioner=petitioner, field="id_number"
    )
    assert value == VALID_ID
    assert RevealLog.objects.filter(user=province.liangzhou_clerk, field="id_number").count() == 1
    with pytest.raises(PermissionDenied):
        petitioner_reveal(
            actor=province.liangzhou_leader, petition=petition, petitioner=petitioner, field="phone"
        )
    with pytest.raises(NotVisible):
        petitioner_reveal(
            actor=province.minqin_clerk, petition=petition, petitioner=petitioner, field="phone"
        )
    assert RevealLog.objects.count() == 1
