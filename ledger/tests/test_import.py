"""Importing a valid ledger: what each row becomes, and how the lifecycle continues from it."""

import datetime as dt
import io

import pytest

from conftest import VALID_ID, registration
from core.chain import GENESIS
from core.errors import DomainError, InvalidInput, PermissionDenied
from deadlines import calendar
from handling import services as hs
from handling.models import ACTIVE_ASSIGNMENT, Assignment, AssignmentStatus, Reply, Screening
from handling.worklists import worklist_queryset
from ledger.services import IMPORTED, ledger_import
from ledger.tests.conftest import (
    NOT_CLOSED,
    NOT_REPLIED,
    OTHER_ID,
    closed_row,
    problems,
    read_xlsx,
    state_rows,
    validate,
    xlsx,
)
from ledger.validation import ledger_validate
from petitions import chain
from petitions.events import action_label
from petitions.models import (
    DueKind,
    Event,
    Petition,
    PetitionAccess,
    Petitioner,
    RegistrationCounter,
    State,
)
from petitions.scope import visible_petitions
from petitions.services import petition_register

pytestmark = pytest.mark.django_db

ACCEPTED_OPEN = (State.ASSIGNED, State.IN_PROGRESS, State.UNDER_REVIEW, State.UNDER_REREVIEW)
FINISHED = (State.TRANSFERRED_OUT, State.DECLINED, State.CLOSED, State.TERMINATED, State.ARCHIVED)


def import_rows(actor, rows, **kwargs):
    report = validate(actor, rows)
    assert report.ok, problems(report)
    return report, ledger_import(actor=actor, report=report, **kwargs)


def test_every_importable_state_imports_with_its_markers_and_a_consistent_lifecycle(province, importer):
    rows = state_rows(province)
    report, result = import_rows(importer, list(rows.values()))
    assert result.imported == len(rows) == Petition.objects.count()
    assert report.by_state() == dict.fromkeys(rows, 1)
    for p in Petition.objects.all():
        active = Assignment.objects.filter(petition=p, status__in=ACTIVE_ASSIGNMENT)
        if p.state in ACCEPTED_OPEN:  # the invariant handling's state machine checks after every step
            dues = {a.due_at for a in active}
            assert p.due_at is not None and p.due_at in dues, p.state
        elif p.state == State.REGISTERED:
            assert p.due_kind == DueKind.ACCEPTANCE and p.due_at.date() == dt.date(2025, 3, 17)
            assert not active
        else:
            assert p.due_at is None and not active, p.state
    in_progress = Petition.objects.get(state=State.IN_PROGRESS)
    lead = Assignment.objects.get(petition=in_progress)
    assert lead.status == AssignmentStatus.RECEIVED and lead.kind == "lead"
    assert lead.deadline == dt.date(
        2025, 5, 6
    )  # 60 days from 2025-03-05 is 05-04, a Sunday; 05-05 is a holiday
    assigned = Petition.objects.get(state=State.ASSIGNED)
    lead = Assignment.objects.get(petition=assigned)
    assert lead.status == AssignmentStatus.PENDING and lead.deadline == dt.date(2025, 5, 4)
    assert assigned.due_kind == DueKind.ASSIGNMENT and assigned.due_at == calendar.end_of_day(lead.deadline)
    review = Petition.objects.get(state=State.UNDER_REVIEW)
    assert Assignment.objects.get(petition=review).kind == "review" and review.due_kind == DueKind.REVIEW
    terminated = Petition.objects.get(state=State.TERMINATED)
    assert terminated.settlement_form == "approved_termination" and terminated.review_level == 2
    closed = Petition.objects.get(state=State.CLOSED)
    assert (closed.settlement_state, closed.settlement_form, closed.satisfaction) == (
        "settled",
        "written_pledge",
        "satisfied",
    )
    assert (closed.accepted_on_time, closed.replied_on_time, closed.closed_on_time) == (True, True, True)
    assert closed.screening_outcome == "accepted" and closed.is_legal is True and closed.flag_skip_level
    assert closed.orig_unit == province.liangzhou_court and closed.case_category == "civil"
    assert Screening.objects.get().petition.state == State.DIVERTED


def test_numbers_query_codes_event_access_and_counter(province, importer, register):
    row = closed_row(
        province, "620602-2025-000050", 状态="办理中", **{"办结时间": None, "化解状态": "未结未息"}
    )
    row.update({**NOT_REPLIED, "息诉罢访形式": None, "按期办结": None})
    import_rows(importer, [row])
    p = Petition.objects.get()
    assert p.number == "620602-2025-000050" and len(p.query_code) == 12
    assert p.registered_by is None and p.registered_at == dt.datetime(
        2025, 3, 1, 9, 30, tzinfo=calendar.CHINA_TZ
    )
    event = Event.objects.get(petition=p)
    assert event.action == IMPORTED and action_label(IMPORTED) == "台账导入"
    assert event.data["file"] == "测试台账.xlsx" and event.data["row"] == 2
    assert event.actor == importer and event.unit == province.liangzhou_center
    assert (event.state_before, event.state_after) == ("", State.IN_PROGRESS)
    assert (event.seq, event.prev_hash) == (1, GENESIS) and chain.verify().ok  # the chain starts sealed
    assert set(PetitionAccess.objects.filter(petition=p).values_list("unit", "reason")) == {
        (province.liangzhou_center.pk, "registered"),
        (province.liangzhou_court.pk, "handling"),
    }
    assert visible_petitions(province.court_head).filter(pk=p.pk).exists()
    assert not visible_petitions(province.minqin_clerk).filter(pk=p.pk).exists()
    assert RegistrationCounter.objects.get(region_code="620602", year=2025).last == 50
    later = register(
        province.liangzhou_clerk,
        province.liangzhou_center,
        data=registration(registered_at=dt.datetime(2025, 6, 1, 9, 0, tzinfo=calendar.CHINA_TZ)),
    )
    assert later.number == "620602-2025-000051"


def test_counter_is_never_lowered(province, importer):
    RegistrationCounter.objects.create(region_code="620602", year=2025, last=80)
    import_rows(importer, [closed_row(province, "620602-2025-000050")])
    assert RegistrationCounter.objects.get(region_code="620602", year=2025).last == 80


def test_each_imported_petition_keeps_its_own_petitioner_record_linked_by_keyed_hash(
    province, importer, register
):
    registered = register(province.liangzhou_clerk, province.liangzhou_center)
    existing = registered.petitioners.get()
    rows = [
        closed_row(province, "L-1", 信访人姓名="改过的名字"),  # VALID_ID: a person already in the platform
        closed_row(province, "L-2", 信访人姓名="李秀英", 身份证号=OTHER_ID),
        closed_row(province, "L-3", 信访人姓名="李秀英", 身份证号=OTHER_ID),  # same person again
        closed_row(province, "L-4", 信访人姓名="赵六", 身份证号="620***********0017", 联系电话="138****2345"),
        closed_row(province, "L-5", 信访人姓名="张三、李四、王五", 身份证号=None, 人数=7),
    ]
    import_rows(importer, rows)
    by_number = {p.number: p for p in Petition.objects.exclude(pk=registered.pk)}
    again = by_number["L-1"].petitioners.get()
    assert again != existing and again.id_number_hash == existing.id_number_hash  # linked, not shared
    existing.refresh_from_db()
    assert existing.name == "王建国" and again.name == "改过的名字"  # the earlier record is not overwritten
    li = by_number["L-2"].petitioners.get()
    assert li.id_number == OTHER_ID and li.gender == "M" and li.phone == "13893512345"
    li_again = by_number["L-3"].petitioners.get()
    assert li_again != li and li_again.id_number_hash == li.id_number_hash
    masked = by_number["L-4"].petitioners.get()
    assert masked.id_number == "" and masked.id_number_hash == "" and masked.phone == ""
    group = by_number["L-5"]
    assert [p.name for p in group.petitioners.order_by("parties__position")] == ["张三", "李四", "王五"]
    assert group.parties.get(position=0).is_representative and group.group_size == 7 and group.flag_group
    assert Petitioner.objects.count() == 1 + 1 + 1 + 1 + 1 + 3  # one record per petition and person


def test_tags_and_flags(province, importer, tags):
    import_rows(importer, [closed_row(province, 标记="越级访;集体访；进京访", 专题标签="执行难、征地")])
    p = Petition.objects.get()
    assert (p.flag_skip_level, p.flag_group, p.flag_to_beijing, p.flag_repeat) == (True, True, True, False)
    assert sorted(t.name for t in p.tags.all()) == ["征地", "执行难"]


def test_lifecycle_continues_from_imported_cases(province, importer):
    rows = state_rows(province)
    import_rows(importer, [rows["交办"], rows["办理中"], rows["导入法律程序"], rows["登记"]])
    assigned = Petition.objects.get(state=State.ASSIGNED)
    hs.petition_receive(actor=province.court_head, petition=assigned)
    assert Petition.objects.get(pk=assigned.pk).state == State.IN_PROGRESS

    p = Petition.objects.get(number=rows["办理中"]["登记编号"])
    hs.petition_draft_reply(
        actor=province.liangzhou_handler, petition=p, claim="请求撤销原判", facts_reasons="经查……",
        decision="维持原处理意见。", legal_basis="《民事诉讼法》第一百七十七条", outcome="explain",
    )  # fmt: skip
    hs.petition_decide_reply(actor=province.court_head, petition=Petition.objects.get(pk=p.pk), approve=True)
    p.refresh_from_db()
    assert p.state == State.REPLIED and p.replied_on_time is False  # the imported deadline (2025) has passed

    diverted = Petition.objects.get(state=State.DIVERTED)
    hs.petition_record_diversion_outcome(
        actor=province.liangzhou_clerk, petition=diverted, outcome="再审维持原判", settled=True
    )
    assert Petition.objects.get(pk=diverted.pk).state == State.CLOSED

    registered = Petition.objects.get(state=State.REGISTERED)
    hs.petition_accept(
        actor=province.liangzhou_clerk, petition=registered, handling_unit=province.liangzhou_court
    )
    assert Petition.objects.get(pk=registered.pk).state == State.ASSIGNED


def test_answered_cases_import_with_their_reply_on_record_and_go_on(province, importer, client):
    """已答复 (not yet delivered, and delivered at level 1), 已回访 and 办结 rows carry the latest reply, so 送达,
    回访, 办结, 复查/复核 and the worklists continue from them as from a reply given in the platform."""
    rows = state_rows(province)
    level_one = closed_row(
        province, "620602-2025-000201", 身份证号=None, 状态="已答复", 复查复核层级=1, 答复结果="不予支持",
        答复送达日期="2025-06-02", 主办单位编码=province.wuwei_court.code, **NOT_CLOSED,
    )  # fmt: skip
    unsettled = closed_row(
        province, "620602-2025-000202", 身份证号=None, 化解状态="已结未息", 息诉罢访形式=None
    )
    import_rows(importer, [rows["已答复"], rows["已回访"], level_one, unsettled])
    replied = Petition.objects.get(number=rows["已答复"]["登记编号"])
    followed = Petition.objects.get(number=rows["已回访"]["登记编号"])
    reviewed = Petition.objects.get(number=level_one["登记编号"])
    closed = Petition.objects.get(number=unsettled["登记编号"])
    signed = dt.datetime(2025, 4, 20, 16, 0, tzinfo=calendar.CHINA_TZ)
    assert [(r.level, r.unit, r.outcome, r.status, r.approved_at, r.delivered_on, r.imported) for r in
            Reply.objects.filter(petition=replied)] == [
        (0, province.liangzhou_court, "explain", "approved", signed, None, True)]  # fmt: skip
    first = Reply.objects.get(petition=reviewed)
    assert (first.level, first.unit, first.outcome) == (1, province.wuwei_court, "reject")
    assert first.approved_at is None and first.delivered_on == dt.date(
        2025, 6, 2
    )  # signing time not in a ledger
    assert Reply.objects.get(petition=followed).delivered_on == dt.date(2025, 4, 25)
    assert Reply.objects.get(petition=closed).delivered_on == dt.date(2025, 4, 25)

    mine = worklist_queryset(province.court_head, "mine")  # 送达, 回访, 办结 are the replying unit's work
    assert {replied.pk, followed.pk} <= set(mine.values_list("pk", flat=True))
    assert reviewed.pk in worklist_queryset(province.city_court_head, "mine").values_list("pk", flat=True)

    client.force_login(province.court_head)
    page = client.get(f"/petitions/{replied.pk}/").content.decode()
    assert "台账导入：意见书原文未随台账导入" in page and "登记送达" in page

    handler, head = province.liangzhou_handler, province.court_head
    hs.petition_record_delivery(
        actor=handler, petition=replied, method="post", status="signed", delivered_on=dt.date(2025, 4, 28),
        opinion="agree",
    )  # fmt: skip
    for p in (replied, followed):
        p.refresh_from_db()
        if p.state == State.REPLIED:
            hs.petition_follow_up(
                actor=handler, petition=p, method="phone", visited_on=dt.date(2025, 5, 6), informed=True,
                received=True, carried_out=True, satisfaction_office="satisfied", satisfaction_unit="satisfied",
            )  # fmt: skip
            p.refresh_from_db()
        hs.petition_close(actor=head, petition=p, settled=True, form="written_pledge", principle="explained")
        p.refresh_from_db()
        assert p.state == State.CLOSED and p.settlement_state == "settled"

    # the 复查 window runs from the imported delivery date: 30 days from 2025-04-25
    with pytest.raises(InvalidInput) as refused:
        hs.petition_request_review(
            actor=handler, petition=closed, requested_on=dt.date(2025, 6, 3), reason="不服"
        )
    assert "已超过申请期限" in refused.value.errors["requested_on"][0]
    hs.petition_request_review(
        actor=handler, petition=closed, requested_on=dt.date(2025, 5, 20), reason="不服"
    )
    closed.refresh_from_db()
    assert closed.state == State.UNDER_REVIEW and closed.handling_unit == province.wuwei_court
    hs.petition_request_review(
        actor=province.city_court_handler,
        petition=reviewed,
        requested_on=dt.date(2025, 6, 20),
        reason="仍不服",
    )
    reviewed.refresh_from_db()
    assert reviewed.state == State.UNDER_REREVIEW


def test_only_valid_rows_imports_the_valid_ones_and_offers_the_rejected_rows(province, importer):
    rows = [
        closed_row(province, "A-1"),
        closed_row(province, "A-2", 登记时间="2025-02-30"),
        closed_row(province, "A-3"),
        closed_row(province, "A-1"),  # duplicate of row 2
    ]
    report = validate(importer, rows)
    assert [e.row for e in report.errors] == [3, 5] and report.valid_rows == 2 and report.bad_rows == 2
    with pytest.raises(DomainError, match="2行存在错误"):
        ledger_import(actor=importer, report=report)
    assert not Petition.objects.exists()

    result = ledger_import(actor=importer, report=report, only_valid=True)
    assert (result.imported, result.rejected) == (2, 2)
    assert sorted(Petition.objects.values_list("number", flat=True)) == ["A-1", "A-3"]
    buffer = io.BytesIO()
    assert report.write_rejected(buffer) == 2
    rejected = read_xlsx(buffer.getvalue())
    assert [r["登记编号"] for r in rejected] == ["A-2", "A-1"]
    assert list(rejected[0])[:-1] == list(rows[0]) and list(rejected[0])[-1] == "错误原因"
    assert rejected[0]["登记时间"] == "2025-02-30"  # the original cell, to correct
    assert rejected[0]["错误原因"] == "（原第3行）登记时间：日期不存在：“2025-02-30”。"
    assert rejected[1]["错误原因"] == "（原第5行）登记编号：登记编号“A-1”与第2行重复。"


def test_the_rejected_rows_workbook_imports_again_once_corrected(province, importer):
    report = validate(importer, [closed_row(province, "B-1", 联系电话="12345")])
    buffer = io.BytesIO()
    report.write_rejected(buffer)
    rows = read_xlsx(buffer.getvalue())
    rows[0]["联系电话"] = "13893512345"
    fixed = ledger_validate(
        actor=importer, source=io.BytesIO(xlsx(rows, [*rows[0]])), file_name="错误行.xlsx"
    )
    assert fixed.ok, problems(fixed)
    ledger_import(actor=importer, report=fixed)
    assert Petition.objects.get().number == "B-1"


def test_a_number_taken_after_validation_rolls_everything_back(province, importer, register):
    report = validate(importer, [closed_row(province, "C-1"), closed_row(province, "C-2")])
    taken = register(province.liangzhou_clerk, province.liangzhou_center)
    Petition.objects.filter(pk=taken.pk).update(number="C-2")  # someone else got there first
    with pytest.raises(DomainError, match="未导入任何数据"):
        ledger_import(actor=importer, report=report)
    assert list(Petition.objects.values_list("number", flat=True)) == ["C-2"]
    assert not Event.objects.filter(action=IMPORTED).exists()
    assert not RegistrationCounter.objects.filter(year=2025).exists()


def test_who_may_import(province):
    with pytest.raises(PermissionDenied):
        validate(province.liangzhou_handler, [closed_row(province)])
    report = validate(province.sysadmin, [closed_row(province)])  # 系统管理员 of the province
    assert report.ok
    with pytest.raises(DomainError):  # a report belongs to the user who validated it
        ledger_import(actor=province.liangzhou_center_head, report=report)
    ledger_import(actor=province.sysadmin, report=report)
    assert Petition.objects.count() == 1


def test_excel_dates_and_numbers_are_read_as_typed(province, importer):
    row = closed_row(
        province,
        登记时间=dt.datetime(2025, 3, 1, 9, 30, 0, 999_700),  # float rounding in Excel
        受理时间=dt.date(2025, 3, 5),
        人数=3.0,
        复查复核层级="0",
        问题发生地=620602,
    )
    import_rows(importer, [row])
    p = Petition.objects.get()
    assert p.registered_at == dt.datetime(2025, 3, 1, 9, 30, 1, tzinfo=calendar.CHINA_TZ)
    assert p.accepted_at == dt.datetime(2025, 3, 5, tzinfo=calendar.CHINA_TZ) and p.group_size == 3


def test_imported_petitioner_registered_later_is_linked_by_keyed_hash(province, importer):
    import_rows(importer, [closed_row(province, 身份证号=OTHER_ID, 信访人姓名="李秀英")])
    from conftest import person

    again = petition_register(
        actor=province.liangzhou_clerk,
        unit=province.liangzhou_center,
        data=registration(),
        petitioners=[person(name="李秀英", id_number=OTHER_ID)],
    )
    imported = Petition.objects.get(number="620602-2025-000001").petitioners.get()
    assert again.petitioners.get() != imported  # linked by keyed hash, each petition its own record
    assert again.petitioners.get().id_number_hash == imported.id_number_hash
    assert VALID_ID != OTHER_ID
