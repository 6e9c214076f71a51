"""The lifecycle end to end through the services, with real dates (DOMAIN §4, §5)."""

import datetime as dt
import hashlib

import pytest

from core import filecrypt
from core.downloads import open_plaintext
from core.errors import DomainError, InvalidInput, NotVisible
from handling import services as s
from handling.lifecycle import allowed_actions
from handling.models import Assignment, AssignmentStatus, Reply, TerminationStep
from handling.services import verify_signature
from handling.tests.conftest import refresh
from notifications.models import Notification
from petitions import chain
from petitions.models import DueKind, Event, SettlementState, State

pytestmark = pytest.mark.django_db


def states(petition):
    return [e.state_after for e in petition.events.order_by("at", "id") if e.state_after != e.state_before]


def test_registration_starts_the_15_day_acceptance_clock(clock, flow):
    p = flow.registered()
    assert p.due_kind == DueKind.ACCEPTANCE
    assert p.due_at.date().isoformat() == "2026-06-16"


def test_happy_path_to_settled(clock, flow, province):
    p = flow.accepted()
    assert p.state == State.ASSIGNED
    assignment = Assignment.objects.get(petition=p)
    assert assignment.deadline == dt.date(2026, 7, 31)  # 60 calendar days from 2026-06-01
    assert Notification.objects.filter(user=province.court_head, petition=p).exists()
    assert [a.name for a in allowed_actions(province.court_head, p)] == ["receive", "return"]
    s.petition_receive(actor=province.court_head, petition=p, handler=province.liangzhou_handler)
    p = refresh(p)
    assert p.state == State.IN_PROGRESS and p.due_kind == DueKind.HANDLING
    s.petition_record_work(
        actor=province.liangzhou_handler, petition=p, kind="interview", note="接谈信访人，听取诉求。"
    )
    s.petition_request_extension(
        actor=province.liangzhou_handler, petition=p, days=30, reason="需调取二审卷宗"
    )
    s.petition_decide_extension(
        actor=province.court_head,
        petition=refresh(p),
        approve=True,
        notice="因需调取卷宗，办理期限延长30日。",
    )
    p = refresh(p)
    assert Assignment.objects.get(petition=p).deadline == dt.date(2026, 8, 31)  # 90 days, Aug 30 is a Sunday
    p = flow.reply(p)
    assert p.state == State.REPLIED
    reply = Reply.objects.get(petition=p)
    assert reply.document.original_name.endswith(".docx")
    with reply.document.file.open("rb") as stored:  # the written reply holds names: encrypted at rest
        assert stored.read(len(filecrypt.MAGIC)) == filecrypt.MAGIC
    with open_plaintext(reply.document.file) as plain:
        content = plain.read()
    assert content.startswith(b"PK\x03\x04") and hashlib.sha256(content).hexdigest() == reply.document.sha256
    assert reply.document_number.endswith("号")
    p = flow.delivered(p, dt.date(2026, 6, 1))
    s.petition_follow_up(
        actor=province.liangzhou_handler,
        petition=p,
        method="phone",
        visited_on=dt.date(2026, 6, 1),
        informed=True,
        received=True,
        carried_out=True,
        satisfaction_office="satisfied",
        satisfaction_unit="basically",
    )
    s.petition_close(
        actor=province.court_head,
        petition=refresh(p),
        settled=True,
        form="written_pledge",
        principle="explained",
    )
    p = refresh(p)
    assert p.state == State.CLOSED and p.settlement_state == SettlementState.SETTLED and p.closed_on_time
    assert p.due_at is None
    assert states(p) == ["registered", "assigned", "in_progress", "replied", "followed_up", "closed"]
    clock.move_to(dt.datetime(2026, 7, 2, 9, 0, tzinfo=SHANGHAI))  # the 复查 window (to 07-01) has run out
    s.petition_archive(actor=province.liangzhou_clerk, petition=refresh(p))
    assert refresh(p).state == State.ARCHIVED


SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def _closed_after_delivery_on_june_1(flow, province):
    """A settled case whose reply reached the petitioner on 2026-06-01: 复查 may be asked until 2026-07-01."""
    p = flow.delivered(flow.replied(), dt.date(2026, 6, 1))
    s.petition_follow_up(
        actor=province.liangzhou_handler, petition=p, method="phone", visited_on=dt.date(2026, 6, 1),
        informed=True, received=True, carried_out=True, satisfaction_office="satisfied",
        satisfaction_unit="satisfied",
    )  # fmt: skip
    s.petition_close(
        actor=province.court_head, petition=refresh(p), settled=True, form="written_pledge",
        principle="explained",
    )  # fmt: skip
    return refresh(p)


def test_archive_waits_for_the_review_window_last_day_refused_next_day_allowed(clock, flow, province):
    p = _closed_after_delivery_on_june_1(flow, province)
    clock.move_to(dt.datetime(2026, 7, 1, 17, 0, tzinfo=SHANGHAI))  # the window's last day
    assert "archive" not in [a.name for a in allowed_actions(province.liangzhou_clerk, p)]
    with pytest.raises(DomainError) as exc:
        s.petition_archive(actor=province.liangzhou_clerk, petition=p)
    assert "2026-07-01前申请复查" in exc.value.message and "2026-07-02起" in exc.value.message
    assert refresh(p).state == State.CLOSED
    assert "request_review" in [a.name for a in allowed_actions(province.court_head, p)]  # the right is kept

    clock.move_to(dt.datetime(2026, 7, 2, 9, 0, tzinfo=SHANGHAI))  # the day after: the right has run out
    assert "archive" in [a.name for a in allowed_actions(province.liangzhou_clerk, p)]
    s.petition_archive(actor=province.liangzhou_clerk, petition=p)
    assert refresh(p).state == State.ARCHIVED


def test_a_recorded_waiver_lets_the_case_be_archived_inside_the_window(clock, flow, province):
    p = _closed_after_delivery_on_june_1(flow, province)
    clock.move_to(dt.datetime(2026, 6, 10, 9, 0, tzinfo=SHANGHAI))
    with pytest.raises(InvalidInput) as exc:
        s.petition_waive_review(
            actor=province.liangzhou_handler, petition=p, stated_on=dt.date(2026, 6, 11), statement=" "
        )
    assert set(exc.value.errors) == {"statement", "stated_on"}
    assert not p.review_waivers.exists()
    s.petition_waive_review(
        actor=province.liangzhou_handler, petition=p, stated_on=dt.date(2026, 6, 10),
        statement="本人对处理意见无异议，自愿放弃申请复查。",
    )  # fmt: skip
    p = refresh(p)
    assert p.events.filter(action="waive_review").count() == 1
    assert "waive_review" not in [a.name for a in allowed_actions(province.liangzhou_handler, p)]
    s.petition_archive(actor=province.liangzhou_clerk, petition=p)
    assert refresh(p).state == State.ARCHIVED


def test_no_waiver_once_the_window_has_run_out(clock, flow, province):
    p = _closed_after_delivery_on_june_1(flow, province)
    clock.move_to(dt.datetime(2026, 7, 2, 9, 0, tzinfo=SHANGHAI))
    with pytest.raises(DomainError) as exc:
        s.petition_waive_review(
            actor=province.liangzhou_handler, petition=p, stated_on=dt.date(2026, 7, 2), statement="放弃"
        )
    assert "已届满" in exc.value.message


def test_screening_outcomes(clock, flow, province):
    a = flow.registered()
    s.petition_transfer_out(
        actor=province.liangzhou_clerk, petition=a, to_unit=province.liangzhou_bureau,
        reason="反映征地补偿标准，属普通信访", notice="请到凉州区信访局反映，电话0935-1234567。",
    )  # fmt: skip
    assert refresh(a).state == State.TRANSFERRED_OUT
    b = flow.registered()
    s.petition_decline(
        actor=province.liangzhou_clerk, petition=b, reason="已经终审且无新证据", notice="依法不予受理。"
    )
    assert refresh(b).state == State.DECLINED
    c = flow.registered()
    s.petition_divert(
        actor=province.liangzhou_clerk, petition=c, procedure="retrial", to_unit=province.wuwei_court,
        reason="属申请再审范围", notice="请向武威市中级人民法院申请再审。",
    )  # fmt: skip
    c = refresh(c)
    assert c.state == State.DIVERTED and c.handling_unit == province.wuwei_court
    s.petition_record_diversion_outcome(
        actor=province.liangzhou_clerk, petition=c, outcome="再审维持原判", settled=True
    )
    assert refresh(c).state == State.CLOSED


def test_transfer_needs_a_petition_bureau_and_a_notice(clock, flow, province):
    p = flow.registered()
    with pytest.raises(InvalidInput) as exc:
        s.petition_transfer_out(
            actor=province.liangzhou_clerk, petition=p, to_unit=province.liangzhou_court, reason="", notice=""
        )
    assert "to_unit" in exc.value.errors and "notice" in exc.value.errors
    assert refresh(p).state == State.REGISTERED


def test_return_sends_the_case_back_to_screening(clock, flow, province):
    p = flow.accepted()
    s.petition_return(actor=province.court_head, petition=p, reason="不属于法院管辖，应由公安机关办理")
    p = refresh(p)
    assert p.state == State.REGISTERED and p.handling_unit is None
    assert Assignment.objects.get(petition=p).status == AssignmentStatus.RETURNED
    assert p.due_kind == DueKind.ACCEPTANCE
    s.petition_accept(actor=province.liangzhou_clerk, petition=p, handling_unit=province.liangzhou_police)
    assert Assignment.objects.filter(petition=p).count() == 2  # history kept


def test_reassignment_keeps_history_and_dual_assignment(clock, flow, province):
    p = flow.in_progress()
    s.petition_assign(
        actor=province.city_committee_head,
        petition=p,
        units=[province.liangzhou_police],
        instructions="改由公安办理",
    )
    rows = list(Assignment.objects.filter(petition=p).values_list("unit__name", "status"))
    assert ("凉州区人民法院", "withdrawn") in rows and ("凉州区公安局", "pending") in rows
    q = flow.registered()
    s.petition_accept(
        actor=province.liangzhou_clerk, petition=q, handling_unit=province.liangzhou_court, dual_assign=True
    )
    kinds = set(Assignment.objects.filter(petition=q).values_list("kind", "unit__name"))
    assert kinds == {("lead", "凉州区人民法院"), ("committee", "凉州区委政法委")}


def test_extension_is_bounded_by_policy(clock, flow, province):
    p = flow.in_progress()
    with pytest.raises(InvalidInput) as exc:
        s.petition_request_extension(actor=province.liangzhou_handler, petition=p, days=31, reason="复杂")
    assert "最多30日" in exc.value.errors["days"][0]


def test_review_window_day_30_accepted_day_31_refused(clock, flow, province):
    p = flow.replied()
    p = flow.delivered(p, dt.date(2026, 6, 1))  # day 30 = 2026-07-01, a Wednesday
    clock.move_to(dt.datetime(2026, 7, 5, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    with pytest.raises(InvalidInput) as exc:
        s.petition_request_review(
            actor=province.liangzhou_handler, petition=p, requested_on=dt.date(2026, 7, 2), reason="不服"
        )
    assert (
        "已超过申请期限" in exc.value.errors["requested_on"][0]
        and "第31日" in exc.value.errors["requested_on"][0]
    )
    assert refresh(p).state == State.REPLIED
    s.petition_request_review(
        actor=province.liangzhou_handler, petition=refresh(p), requested_on=dt.date(2026, 7, 1), reason="不服"
    )
    p = refresh(p)
    assert p.state == State.UNDER_REVIEW and p.handling_unit == province.wuwei_court
    assert p.due_kind == DueKind.REVIEW


def test_review_and_rereview_then_termination(clock, flow, province):
    p = flow.delivered(flow.replied(), dt.date(2026, 6, 1))
    s.petition_request_review(
        actor=province.liangzhou_handler, petition=p, requested_on=dt.date(2026, 6, 1), reason="不服处理意见"
    )
    p = refresh(p)
    s.petition_receive(actor=province.city_court_head, petition=p)
    p = flow.reply(refresh(p), actor=province.city_court_handler, head=province.city_court_head)
    assert p.review_level == 1 and Reply.objects.filter(petition=p, level=1).exists()
    p = flow.delivered(p, dt.date(2026, 6, 1), actor=province.city_court_handler)
    s.petition_request_review(
        actor=province.city_court_handler, petition=p, requested_on=dt.date(2026, 6, 1), reason="仍不服"
    )
    p = refresh(p)
    assert p.state == State.UNDER_REREVIEW and p.handling_unit == province.wuwei_committee
    rereview_due = Assignment.objects.get(petition=p, kind="rereview").deadline
    s.petition_receive(actor=province.city_committee_head, petition=p)
    s.petition_record_hearing(
        actor=province.city_committee_head, petition=refresh(p), held_from=dt.date(2026, 6, 10),
        held_to=dt.date(2026, 6, 12), note="公开听证，人大代表、律师参加",
    )  # fmt: skip
    assert (
        Assignment.objects.get(petition=p, kind="rereview").deadline > rereview_due
    )  # hearing days excluded
    p = flow.reply(refresh(p), actor=province.city_committee_head, head=province.city_committee_head)
    assert p.review_level == 2
    p = flow.delivered(p, dt.date(2026, 6, 1), actor=province.city_committee_head)
    with pytest.raises(DomainError, match="复核后同一事项不再受理"):
        s.petition_request_review(
            actor=province.city_committee_head, petition=p, requested_on=dt.date(2026, 6, 1), reason="再申请"
        )

    s.petition_propose_termination(
        actor=province.city_committee_head, petition=p, reasons="已经复查复核，原处理正确"
    )
    with pytest.raises(DomainError):  # the approval step cannot be skipped
        s.petition_approve_termination(
            actor=province.province_supervisor, petition=refresh(p), approve=True, comment="同意"
        )
    s.petition_review_termination(
        actor=province.province_reviewer, petition=refresh(p), approve=False, comment="材料不全"
    )
    assert refresh(p).state == State.REPLIED  # rejection sends it back
    s.petition_propose_termination(
        actor=province.city_committee_head, petition=refresh(p), reasons="补充材料后再次提请"
    )
    s.petition_review_termination(
        actor=province.province_reviewer, petition=refresh(p), approve=True, comment="合议同意"
    )
    s.petition_sign_termination(
        actor=province.province_owner, petition=refresh(p), approve=True, comment="同意终结"
    )
    s.petition_approve_termination(
        actor=province.province_supervisor, petition=refresh(p), approve=True, comment="批准终结"
    )
    p = refresh(p)
    assert p.state == State.TERMINATED and p.settlement_form == "approved_termination"
    assert all(verify_signature(step) for step in TerminationStep.objects.all())
    # the signed decisions are sealed in the timeline chain: a rewritten or re-signed decision is caught
    assert chain.verify().ok
    signed = TerminationStep.objects.order_by("id").last()
    assert p.events.filter(data__signature=signed.signature).exists()
    TerminationStep.objects.filter(pk=signed.pk).update(comment="不同意")
    assert {x.kind for x in chain.verify().problems} == {"signature"}
    signed.comment = "不同意"
    resigned = s._sign(signed.step, signed.case_id, signed.approve, signed.comment, signed.by_id, signed.at)
    TerminationStep.objects.filter(pk=signed.pk).update(signature=resigned)
    assert {x.kind for x in chain.verify().problems} == {"signature-unrecorded"}
    TerminationStep.objects.filter(pk=signed.pk).update(comment="批准终结", signature=signed.signature)
    assert [a.name for a in allowed_actions(province.city_committee_head, p)] == ["archive"]  # nothing else
    s.petition_archive(actor=province.liangzhou_clerk, petition=p)
    assert refresh(p).state == State.ARCHIVED


def test_terminated_matter_is_recognised_at_intake(clock, flow, province, register):
    first = flow.registered(case_number="(2019)甘06民终123号")
    first.terminated_at = first.registered_at
    first.state = State.TERMINATED
    first.save()
    again = flow.registered(case_number="(2019)甘06民终123号")
    assert again.related_to == first and again.flag_repeat
    assert "不再受理" in again.events.get().note
    with pytest.raises(DomainError, match="不再作为新事项受理"):
        s.petition_accept(
            actor=province.liangzhou_clerk, petition=again, handling_unit=province.liangzhou_court
        )
    s.petition_decline(actor=province.liangzhou_clerk, petition=again, reason="已依法终结", notice="不再受理")
    assert (
        Notification.objects.filter(user=province.liangzhou_leader).exists() is False
    )  # leaders are not notified
    assert refresh(again).state == State.DECLINED


def test_repeat_petition_is_linked_not_new(clock, flow):
    first = flow.registered(case_number="(2020)甘0602执123号")
    second = flow.registered(case_number="(2020)甘0602执123号")
    assert second.related_to == first and second.flag_repeat


def test_wrong_state_outside_scope_and_stale_page_are_refused(clock, flow, province):
    p = flow.registered()
    with pytest.raises(DomainError, match="当前状态为“登记”"):
        s.petition_close(actor=province.liangzhou_center_head, petition=p, settled=True, principle="resolved")
    with pytest.raises(NotVisible):  # the court has not been given the case: it does not exist for it
        s.petition_receive(actor=province.court_head, petition=p)
    with pytest.raises(NotVisible):
        s.petition_accept(actor=province.minqin_clerk, petition=p, handling_unit=province.liangzhou_court)
    version = p.version
    s.petition_accept(
        actor=province.liangzhou_clerk, petition=p, handling_unit=province.liangzhou_court, version=version
    )
    with pytest.raises(s.StaleVersion):
        s.petition_decline(
            actor=province.liangzhou_clerk, petition=p, reason="x", notice="y", version=version
        )
    assert Event.objects.filter(petition=p).count() == 2


def test_a_new_lead_does_not_inherit_the_old_units_draft_or_extension(clock, flow, province):
    p = flow.in_progress()
    s.petition_request_extension(actor=province.liangzhou_handler, petition=p, days=10, reason="调卷")
    s.petition_draft_reply(
        actor=province.liangzhou_handler, petition=refresh(p), claim="a", facts_reasons="b",
        decision="c", legal_basis="d", outcome="explain",
    )  # fmt: skip
    s.petition_assign(
        actor=province.city_committee_head,
        petition=refresh(p),
        units=[province.liangzhou_police],
        instructions="改由公安办理",
    )
    s.petition_receive(actor=province.police_head, petition=refresh(p))
    p = refresh(p)
    assert [
        a.name for a in allowed_actions(province.police_head, p) if a.name in ("draft_reply", "decide_reply")
    ] == ["draft_reply"]
    assert (
        not p.replies.filter(status="draft").exists() and not p.extensions.filter(status="pending").exists()
    )


def test_the_rereview_page_cannot_record_a_review(clock, flow, province):
    p = flow.delivered(flow.replied(), dt.date(2026, 6, 1))
    with pytest.raises(DomainError, match="复核申请只能在收到复查意见书后提出"):
        s.petition_request_review(
            actor=province.liangzhou_handler,
            petition=p,
            requested_on=dt.date(2026, 6, 1),
            reason="x",
            level=2,
        )
    assert refresh(p).state == State.REPLIED
