"""Export → import into an empty platform reproduces the cases and every figure of analytics.metrics."""

import datetime as dt
import io

import pytest

from analytics.metrics import aggregate
from handling import selectors
from handling import services as s
from handling.tests.conftest import refresh
from ledger.services import ledger_import
from ledger.tests.conftest import wipe_case_data
from ledger.validation import ledger_validate
from organisations.models import Role
from organisations.tests.factories import make_user
from petitions.models import Petition, RegistrationCounter, State, Tag
from petitions.scope import visible_petitions

pytestmark = pytest.mark.django_db

COMPARED = [
    "number", "channel", "registered_at", "registered_unit_id", "handling_unit_id", "group_size",
    "problem_region_id", "residence_region_id", "orig_unit_name", "case_number", "case_category", "case_stage",
    "title", "demands", "facts", "flag_skip_level", "flag_to_beijing", "flag_to_province", "flag_group",
    "flag_repeat", "flag_abnormal", "flag_key_person", "responsible_system", "problem_category", "is_backlog",
    "is_legal", "state", "settlement_state", "settlement_form", "screening_outcome", "accepted_at",
    "accepted_on_time", "replied_at", "replied_on_time", "closed_at", "closed_on_time", "satisfaction",
    "review_level", "terminated_at", "due_at", "due_kind",
]  # fmt: skip


def latest_reply(p: Petition) -> tuple | None:
    """What the ledger carries of the latest signed reply of a case answered and not finished: its level,
    unit, outcome and delivery date, and at level 0 its signing time (the 答复时间)."""
    if p.state not in (State.REPLIED, State.FOLLOWED_UP, State.CLOSED):
        return None
    reply = selectors.latest_reply(p)
    if reply is None:  # closed through its diverted procedure: never answered
        return None
    signed = reply.approved_at if reply.level == 0 else None
    return reply.level, reply.unit_id, reply.outcome, reply.delivered_on, signed


def snapshot() -> dict[str, dict]:
    rows = Petition.objects.values(*COMPARED)
    tags = {p.number: sorted(t.name for t in p.tags.all()) for p in Petition.objects.prefetch_related("tags")}
    replies = {p.number: latest_reply(p) for p in Petition.objects.all()}
    return {r["number"]: {**r, "tags": tags[r["number"]], "reply": replies[r["number"]]} for r in rows}


def follow_up(p, province, satisfaction="satisfied"):
    s.petition_follow_up(
        actor=province.liangzhou_handler, petition=p, method="phone", visited_on=dt.date(2026, 6, 1),
        informed=True, received=True, carried_out=True, satisfaction_office="satisfied",
        satisfaction_unit=satisfaction, unsatisfied_reason="认为未解决" if satisfaction == "unsatisfied" else "",
    )  # fmt: skip
    return refresh(p)


def close(p, province, *, settled=True, form="written_pledge"):
    s.petition_close(actor=province.court_head, petition=p, settled=settled, form=form, principle="explained")
    return refresh(p)


@pytest.fixture
def history(clock, flow, province, register):
    """Petitions in every importable state, made through the real services over three months."""
    Tag.objects.create(name="执行难")
    a_while_ago = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    register(province.liangzhou_clerk, province.liangzhou_center, registered_at=a_while_ago)  # overdue
    register(province.minqin_clerk, province.minqin_center, problem_region="620621", channel="letter")
    group = register(
        province.liangzhou_clerk, province.liangzhou_center, group_size=6, channel="video",
        flags={"flag_skip_level": True, "flag_to_beijing": True}, is_backlog=True, responsible_system="court",
        problem_category="enforcement", case_category="enforcement", case_stage="enforcement",
    )  # fmt: skip
    group.tags.set(Tag.objects.all())
    for screen in ("transfer", "decline", "divert", "divert_closed"):
        p = flow.registered()
        if screen == "transfer":
            s.petition_transfer_out(
                actor=province.liangzhou_clerk, petition=p, to_unit=province.liangzhou_bureau,
                reason="普通信访", notice="请到凉州区信访局反映。",
            )  # fmt: skip
        elif screen == "decline":
            s.petition_decline(
                actor=province.liangzhou_clerk, petition=p, reason="无新证据", notice="不予受理。"
            )
        else:
            s.petition_divert(
                actor=province.liangzhou_clerk, petition=p, procedure="retrial", to_unit=province.wuwei_court,
                reason="属申请再审范围", notice="请申请再审。",
            )  # fmt: skip
            if screen == "divert_closed":
                s.petition_record_diversion_outcome(
                    actor=province.liangzhou_clerk, petition=refresh(p), outcome="再审维持原判", settled=True
                )
    flow.accepted()  # 交办
    flow.in_progress(case_number="(2020)甘0602民初1号")
    flow.in_progress(case_number="(2020)甘0602民初1号")  # 重信重访 of the one before
    flow.replied()  # 已答复, not yet delivered
    flow.delivered(flow.replied(), dt.date(2026, 6, 1))  # 已答复 and delivered
    follow_up(flow.delivered(flow.replied(), dt.date(2026, 6, 1)), province, "unsatisfied")  # 已回访
    close(follow_up(flow.delivered(flow.replied(), dt.date(2026, 6, 1)), province, "basically"), province)
    close(follow_up(flow.delivered(flow.replied(), dt.date(2026, 6, 1)), province, "unsatisfied"), province,
          settled=False, form="")  # fmt: skip
    reopened = close(follow_up(flow.delivered(flow.replied(), dt.date(2026, 6, 1)), province), province)
    s.petition_request_review(
        actor=province.liangzhou_handler, petition=reopened, requested_on=dt.date(2026, 6, 1), reason="不服"
    )  # 复查中, from 办结: settlement reopened, the form stays
    under_review = flow.delivered(flow.replied(), dt.date(2026, 6, 1))
    s.petition_request_review(
        actor=province.liangzhou_handler,
        petition=under_review,
        requested_on=dt.date(2026, 6, 1),
        reason="不服",
    )
    s.petition_receive(actor=province.city_court_head, petition=refresh(under_review))
    clock.shift(dt.timedelta(days=20))
    p = flow.reply(refresh(under_review), actor=province.city_court_handler, head=province.city_court_head)
    p = flow.delivered(p, dt.date(2026, 6, 21), actor=province.city_court_handler)
    s.petition_request_review(
        actor=province.city_court_handler, petition=p, requested_on=dt.date(2026, 6, 21), reason="仍不服"
    )  # 复核中
    t = flow.delivered(flow.replied(), dt.date(2026, 6, 21))  # 复查, 复核, then 依法终结
    s.petition_request_review(
        actor=province.liangzhou_handler, petition=t, requested_on=dt.date(2026, 6, 21), reason="不服"
    )
    s.petition_receive(actor=province.city_court_head, petition=refresh(t))
    t = flow.reply(refresh(t), actor=province.city_court_handler, head=province.city_court_head)
    t = flow.delivered(t, dt.date(2026, 6, 21), actor=province.city_court_handler)
    s.petition_request_review(
        actor=province.city_court_handler, petition=t, requested_on=dt.date(2026, 6, 21), reason="仍不服"
    )
    s.petition_receive(actor=province.city_committee_head, petition=refresh(t))
    head = province.city_committee_head
    t = flow.reply(refresh(t), actor=head, head=head)
    s.petition_propose_termination(actor=head, petition=t, reasons="已复查复核，原处理正确")
    s.petition_review_termination(
        actor=province.province_reviewer, petition=refresh(t), approve=True, comment="同意"
    )
    s.petition_sign_termination(
        actor=province.province_owner, petition=refresh(t), approve=True, comment="同意"
    )
    s.petition_approve_termination(
        actor=province.province_supervisor, petition=refresh(t), approve=True, comment="批准终结"
    )
    archived = close(follow_up(flow.delivered(flow.replied(), dt.date(2026, 6, 21)), province), province)
    s.petition_waive_review(  # archived inside the 复查 window only on the petitioner's written waiver
        actor=province.liangzhou_handler,
        petition=archived,
        stated_on=dt.date(2026, 6, 21),
        statement="放弃复查",
    )
    s.petition_archive(actor=province.liangzhou_clerk, petition=refresh(archived))
    clock.shift(dt.timedelta(days=70))  # deadlines pass: 超期未结 must come out the same
    states = set(Petition.objects.values_list("state", flat=True))
    assert states == set(State.values) - {State.ACCEPTED, State.ONLINE_PENDING}  # the states a ledger holds
    return Petition.objects.count()


def test_export_then_import_into_an_empty_platform_reproduces_cases_and_figures(
    client, province, history, clock
):
    exporter = province.province_supervisor
    before = snapshot()
    figures = aggregate(Petition.objects.all())
    county = aggregate(visible_petitions(province.liangzhou_clerk))
    assert figures["overdue_open"] >= 2 and figures["terminated"] == 1 and figures["repeat"] == 1
    assert figures["closed"] >= 4 and figures["replied"] >= 6 and figures["rated"] >= 4
    client.force_login(exporter)
    content = b"".join(client.get("/ledger/export.xlsx").streaming_content)

    wipe_case_data()
    assert not Petition.objects.exists()
    importer = make_user("importer", province.committee, Role.SYSADMIN)
    report = ledger_validate(actor=importer, source=io.BytesIO(content), file_name="全省台账.xlsx")
    assert report.ok, [str(e) for e in report.errors]
    assert report.valid_rows == history
    ledger_import(actor=importer, report=report)

    assert aggregate(Petition.objects.all()) == figures
    assert aggregate(visible_petitions(province.liangzhou_clerk)) == county
    after = snapshot()
    assert after.keys() == before.keys()
    for number, row in before.items():
        assert after[number] == row, number
    # the counters continue after the imported numbers
    assert RegistrationCounter.objects.get(region_code="620602", year=2026).last == max(
        int(n.rsplit("-", 1)[1]) for n in before if n.startswith("620602-2026-")
    )
