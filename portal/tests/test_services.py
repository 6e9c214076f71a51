import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from analytics.metrics import RATED
from core.errors import DomainError, InvalidInput
from handling.lifecycle import allowed_actions
from petitions.models import Channel, Petition, State
from portal import selectors, services
from portal.models import Evaluation
from portal.tests.conftest import refresh, submission, take_to_reply

pytestmark = pytest.mark.django_db


def test_online_submission_waits_for_screening_with_the_registration_records(province, submit):
    p = submit()
    assert p.state == State.ONLINE_PENDING
    assert p.channel == Channel.ONLINE
    assert p.registered_unit == province.liangzhou_center  # the 联合接访中心 of the problem's county
    assert p.registered_by.username == services.SYSTEM_USERNAME and not p.registered_by.is_active
    person = p.petitioners.get()
    assert person.id_number_hash and person.phone_hash  # keyed hashes, encrypted fields
    assert p.due_at is not None  # the acceptance clock runs from the submission
    assert [a.name for a in allowed_actions(province.liangzhou_clerk, p)] == ["screen_online"]
    assert allowed_actions(province.minqin_clerk, p) == []


def test_resubmission_with_the_same_token_creates_no_second_petition(province):
    first, created = services.petition_submit_online(submission=submission(), token="same")
    again, created_again = services.petition_submit_online(submission=submission(), token="same")
    assert created and not created_again
    assert first.pk == again.pk
    assert Petition.objects.count() == 1
    with pytest.raises(InvalidInput):
        services.petition_submit_online(submission=submission(title="另一件事"), token="same")


def test_invalid_submission_stores_nothing(province):
    with pytest.raises(InvalidInput) as exc:
        services.petition_submit_online(submission=submission(id_number="123", phone=""), token="x")
    assert "phone" in exc.value.errors
    with pytest.raises(InvalidInput) as exc:
        services.petition_submit_online(
            submission=submission(),
            token="y",
            attachments=[SimpleUploadedFile("病毒.exe", b"MZ....", content_type="application/octet-stream")],
        )
    assert "attachments" in exc.value.errors
    assert Petition.objects.count() == 0


def test_submission_on_a_terminated_matter_is_flagged_for_screening(province, submit, register):
    earlier = register(province.liangzhou_clerk, province.liangzhou_center, case_number="(2019)甘06民终123号")
    Petition.objects.filter(pk=earlier.pk).update(review_level=2)
    p = submit()
    rows = list(selectors.screening_list(province.liangzhou_clerk))
    selectors.screening_checks(province.liangzhou_clerk, rows)
    assert rows == [p]
    assert rows[0].closed_matter_label == earlier.number
    assert refresh(p).related_to_id == earlier.pk


def test_find_by_code_wrong_code_and_unknown_number_are_alike(province, submit):
    p = submit()
    assert services.find_by_code(p.number, p.query_code.lower()) == p
    assert services.find_by_code(p.number, "A" * 12) is None
    assert services.find_by_code("620602-2099-000001", p.query_code) is None


def test_public_timeline_holds_no_internal_step_note_or_staff_name(province, submit):
    p = take_to_reply(province, submit())
    labels = [e.label for e in selectors.public_timeline(p)]
    assert "提交（登记）" in labels and "作出答复意见书" in labels
    assert len(labels) < p.events.count()  # internal steps left out
    text = repr(selectors.tracking(p))
    for secret in (
        "内部接谈记录XYZ",
        str(province.liangzhou_handler),
        str(province.court_head),
        "lz_handler",
    ):
        assert secret not in text


def test_evaluation_feeds_the_satisfaction_figures(province, submit):
    p = take_to_reply(province, submit())
    with pytest.raises(InvalidInput) as exc:
        services.petition_evaluate_online(
            petition=p, satisfaction_office="satisfied", satisfaction_unit="unsatisfied"
        )
    assert "unsatisfied_reason" in exc.value.errors
    services.petition_evaluate_online(
        petition=p, satisfaction_office="satisfied", satisfaction_unit="basically"
    )
    assert Petition.objects.filter(RATED, pk=p.pk, satisfaction="basically").exists()
    assert p.events.filter(action="portal_evaluated").count() == 1
    with pytest.raises(DomainError):
        services.petition_evaluate_online(
            petition=p, satisfaction_office="satisfied", satisfaction_unit="satisfied"
        )
    assert Evaluation.objects.count() == 1


def test_evaluation_before_a_reply_is_refused(province, submit):
    with pytest.raises(DomainError):
        services.petition_evaluate_online(petition=submit(), satisfaction_office="satisfied",
                                          satisfaction_unit="satisfied")  # fmt: skip


def test_review_request_inside_the_window_goes_through_the_lifecycle(province, submit):
    p = take_to_reply(province, submit())
    request = services.petition_request_review_online(petition=p, reason="答复认定事实错误。")
    assert request.level == 1
    assert refresh(p).state == State.UNDER_REVIEW
    assert request.reviewing_unit == province.liangzhou_court.parent


def test_review_request_after_the_window_is_refused_with_the_reason(province, submit):
    with time_machine.travel(timezone.now() - dt.timedelta(days=50), tick=False):
        p = take_to_reply(province, submit())
    with pytest.raises(InvalidInput) as exc:
        services.petition_request_review_online(petition=p, reason="不服")
    assert "已超过申请期限" in exc.value.errors["requested_on"][0]
    review = selectors.tracking(p)["review"]
    assert not review["open"] and "届满" in review["closed_reason"]


def test_review_request_before_any_reply_is_refused(province, submit):
    with pytest.raises(DomainError):
        services.petition_request_review_online(petition=submit(), reason="不服")
