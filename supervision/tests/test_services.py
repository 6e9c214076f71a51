import datetime as dt

import pytest

from core.errors import InvalidInput, NotVisible, PermissionDenied
from handling.lifecycle import refusal
from notifications.models import Notification
from petitions.models import Event, Petition, State
from supervision import selectors, services
from supervision.models import Escalation, ReportStatus, Supervision

D = dt.date


def _plan_kwargs(province, **over):
    kw = {
        "owner_leader": province.city_committee_head, "owner_officer": province.court_head,
        "measures": "方案", "target_date": D(2026, 7, 1),
    }  # fmt: skip
    kw.update(over)
    return kw


class TestPlan:
    def test_plan_records_people_analysis_and_timeline(self, province, plan):
        assert plan.owner_leader == province.city_committee_head
        assert plan.history_facts == "2019年民事纠纷"
        assert Event.objects.filter(petition=plan.petition, action="ownership_planned").count() == 1

    def test_owner_from_a_unit_that_may_not_own_the_case(self, province, case):
        with pytest.raises(InvalidInput) as exc:
            services.plan_create(
                actor=province.wuwei_supervisor,
                petition=case,
                **_plan_kwargs(province, owner_officer=province.minqin_clerk),
            )
        assert "owner_officer" in exc.value.errors
        assert not case.ownership_plan_exists if hasattr(case, "ownership_plan_exists") else True
        assert not Event.objects.filter(petition=case, action="ownership_planned").exists()

    def test_target_date_in_the_past(self, province, case):
        with pytest.raises(InvalidInput) as exc:
            services.plan_create(
                actor=province.wuwei_supervisor,
                petition=case,
                **_plan_kwargs(province, target_date=D(2026, 5, 31)),
            )
        assert "target_date" in exc.value.errors

    def test_same_person_in_two_roles_that_must_differ(self, province, case):
        with pytest.raises(InvalidInput) as exc:
            services.plan_create(
                actor=province.wuwei_supervisor, petition=case,
                **_plan_kwargs(province, owner_officer=province.city_committee_head),
            )  # fmt: skip
        assert "owner_officer" in exc.value.errors

    def test_outside_scope_is_not_visible(self, province, case):
        with pytest.raises(NotVisible):
            services.plan_create(actor=province.ganzhou_clerk, petition=case, **_plan_kwargs(province))

    def test_handover_is_recorded_and_changes_the_owner(self, province, plan):
        services.plan_handover(
            actor=province.wuwei_supervisor, plan=plan, role="owner_officer", to_user=province.city_court_head,
            reason="工作调动",
        )  # fmt: skip
        plan.refresh_from_db()
        assert plan.owner_officer == province.city_court_head
        h = plan.handovers.get()
        assert (h.from_user, h.to_user, h.reason) == (
            province.court_head,
            province.city_court_head,
            "工作调动",
        )
        assert Event.objects.filter(petition=plan.petition, action="ownership_handover").count() == 1

    def test_handover_needs_a_reason_and_an_allowed_person(self, province, plan):
        with pytest.raises(InvalidInput):
            services.plan_handover(
                actor=province.wuwei_supervisor, plan=plan, role="owner_officer", to_user=province.city_court_head,
                reason=" ",
            )  # fmt: skip
        with pytest.raises(InvalidInput):
            services.plan_handover(
                actor=province.wuwei_supervisor, plan=plan, role="owner_officer", to_user=province.minqin_clerk,
                reason="调动",
            )  # fmt: skip
        plan.refresh_from_db()
        assert plan.owner_officer == province.court_head

    def test_owner_action_on_the_timeline_and_idle_flag(self, province, plan, clock):
        clock.shift(dt.timedelta(days=16))
        plans = selectors.my_plans(province.city_committee_head)
        assert plans[0].is_idle
        services.owner_log_action(
            actor=province.city_committee_head, plan=plan, kind="visit", on=D(2026, 6, 17), note="下访见面"
        )
        assert not selectors.my_plans(province.city_committee_head)[0].is_idle
        assert Event.objects.filter(petition=plan.petition, action="owner_action").count() == 1

    def test_only_owners_log_actions(self, province, plan):
        with pytest.raises(PermissionDenied):
            services.owner_log_action(
                actor=province.wuwei_supervisor, plan=plan, kind="visit", on=D(2026, 6, 1), note="x"
            )

    def test_double_signoff_guards_closing(self, province, plan):
        p = plan.petition
        Petition.objects.filter(pk=p.pk).update(state=State.FOLLOWED_UP)
        p.refresh_from_db()
        assert "双签字" in refusal(province.court_head, p, "close")
        services.plan_sign_off(actor=province.city_committee_head, plan=plan)
        assert "双签字" in refusal(province.court_head, p, "close")
        with pytest.raises(InvalidInput):
            services.plan_sign_off(actor=province.city_committee_head, plan=plan)
        services.plan_sign_off(actor=province.court_head, plan=plan)
        assert refusal(province.court_head, p, "close") is None

    def test_dual_ownership_needs_both_leaders(self, province, case):
        plan = services.plan_create(
            actor=province.wuwei_supervisor, petition=case,
            **_plan_kwargs(province, co_owner_leader=province.province_owner),
        )  # fmt: skip
        assert set(plan.required_signers()) == {province.city_committee_head.pk, province.province_owner.pk}
        with pytest.raises(PermissionDenied):
            services.plan_sign_off(actor=province.court_head, plan=plan)


class TestSupervision:
    def test_open_grants_access_notifies_and_records(self, province, sup):
        assert sup.supervised_unit == province.liangzhou_court
        assert sup.supervising_unit == province.wuwei_committee
        assert Notification.objects.filter(kind="supervision").exists()
        assert Event.objects.filter(petition=sup.petition, action="supervision_opened").count() == 1

    def test_supervised_unit_cannot_supervise_itself(self, province, case):
        with pytest.raises(PermissionDenied):
            services.supervision_open(
                actor=province.court_head, petition=case, level="county", source="own", instructions="x",
                deadline=D(2026, 7, 1),
            )  # fmt: skip

    def test_deadline_in_the_past(self, province, case):
        with pytest.raises(InvalidInput) as exc:
            services.supervision_open(
                actor=province.wuwei_supervisor, petition=case, level="city", source="own", instructions="x",
                deadline=D(2026, 5, 1),
            )  # fmt: skip
        assert "deadline" in exc.value.errors
        assert not Supervision.objects.exists()

    def test_report_on_a_case_not_under_supervision(self, province, sup):
        services.report_submit(
            actor=province.court_head, supervision=sup, kind="final", period_start=D(2026, 6, 1),
            period_end=D(2026, 6, 1), text="已化解",
        )  # fmt: skip
        services.report_review(actor=province.wuwei_supervisor, report=sup.reports.get(), accept=True)
        sup.refresh_from_db()
        assert sup.status == "closed"
        with pytest.raises(InvalidInput) as exc:
            services.report_submit(
                actor=province.court_head, supervision=sup, kind="progress", period_start=D(2026, 6, 1),
                period_end=D(2026, 6, 1), text="x",
            )  # fmt: skip
        assert "未在督办中" in exc.value.errors["__all__"][0]
        with pytest.raises(InvalidInput):
            services.report_submit(
                actor=province.court_head, supervision=None, kind="progress", period_start=D(2026, 6, 1),
                period_end=D(2026, 6, 1), text="x",
            )  # fmt: skip

    def test_overlapping_report_periods(self, province, sup, clock):
        clock.shift(dt.timedelta(days=10))
        services.report_submit(
            actor=province.court_head, supervision=sup, kind="progress", period_start=D(2026, 6, 1),
            period_end=D(2026, 6, 7), text="第一次",
        )  # fmt: skip
        with pytest.raises(InvalidInput) as exc:
            services.report_submit(
                actor=province.court_head, supervision=sup, kind="progress", period_start=D(2026, 6, 7),
                period_end=D(2026, 6, 10), text="第二次",
            )  # fmt: skip
        assert "period_start" in exc.value.errors
        assert sup.reports.count() == 1

    def test_send_back_needs_a_reason_and_allows_a_new_report(self, province, sup):
        report = services.report_submit(
            actor=province.court_head, supervision=sup, kind="progress", period_start=D(2026, 6, 1),
            period_end=D(2026, 6, 1), text="进展",
        )  # fmt: skip
        with pytest.raises(InvalidInput):
            services.report_review(actor=province.wuwei_supervisor, report=report, accept=False)
        services.report_review(actor=province.wuwei_supervisor, report=report, accept=False, note="内容过简")
        report.refresh_from_db()
        assert report.status == ReportStatus.RETURNED and report.review_note == "内容过简"
        services.report_submit(
            actor=province.court_head, supervision=sup, kind="progress", period_start=D(2026, 6, 1),
            period_end=D(2026, 6, 1), text="补充进展",
        )  # fmt: skip
        with pytest.raises(PermissionDenied):
            services.report_review(actor=province.court_head, report=sup.reports.first(), accept=True)

    def test_urge_with_read_receipt(self, province, sup):
        urge = services.urge_send(actor=province.wuwei_supervisor, supervision=sup, text="请抓紧办理")
        assert Notification.objects.filter(kind="urge").exists()
        with pytest.raises(PermissionDenied):
            services.urge_mark_read(actor=province.wuwei_supervisor, urge=urge)
        services.urge_mark_read(actor=province.liangzhou_handler, urge=urge)
        services.urge_mark_read(actor=province.court_head, urge=urge)
        urge.refresh_from_db()
        assert urge.read_by == province.liangzhou_handler and urge.read_at is not None
        assert Event.objects.filter(action="supervision_urge_read").count() == 1

    def test_escalation_timing_and_never_twice(self, province, sup, settings):
        settings.XINFANG_SUPERVISION_ESCALATE_DAYS = 3
        settings.XINFANG_SUPERVISION_ESCALATE_MORE_DAYS = 10
        # deadline 2026-06-20: 3 days overdue is not yet "more than 3"
        assert services.sweep_escalations(on=D(2026, 6, 23)) == 0
        assert services.sweep_escalations(on=D(2026, 6, 24)) == 1
        assert services.sweep_escalations(on=D(2026, 6, 24)) == 0
        first = Escalation.objects.get(step=1)
        assert first.notified_unit == province.wuwei_committee and first.days_overdue == 4
        assert services.sweep_escalations(on=D(2026, 6, 30)) == 0
        assert services.sweep_escalations(on=D(2026, 7, 1)) == 1
        second = Escalation.objects.get(step=2)
        assert second.notified_unit == province.committee
        assert services.sweep_escalations(on=D(2026, 8, 1)) == 0
        assert Event.objects.filter(action="supervision_escalated").count() == 2
        sup.refresh_from_db()
        assert sup.escalation_level == 2

    def test_closed_supervision_does_not_escalate(self, province, sup):
        Supervision.objects.filter(pk=sup.pk).update(status="closed")
        assert services.sweep_escalations(on=D(2026, 9, 1)) == 0

    def test_marks(self, province, sup):
        services.supervision_mark(
            actor=province.wuwei_supervisor, supervision=sup, rectification=True, on_site=True
        )
        sup.refresh_from_db()
        assert sup.rectification and sup.on_site


class TestSelectorsForCirculars:
    def test_overdue_and_stale(self, province, sup, plan):
        units = [province.liangzhou_court]
        assert selectors.overdue_supervisions(units=units, on=D(2026, 6, 20)) == []
        rows = selectors.overdue_supervisions(units=units, on=D(2026, 6, 25))
        assert rows == [
            {
                "petition_id": sup.petition_id, "number": sup.petition.number, "title": sup.petition.title,
                "unit_id": province.liangzhou_court.pk, "unit_name": "凉州区人民法院",
                "owner_name": province.city_committee_head.full_name or province.city_committee_head.username,
                "deadline": D(2026, 6, 20), "days_overdue": 5,
            }
        ]  # fmt: skip
        assert selectors.overdue_supervisions(units=[province.minqin_center], on=D(2026, 6, 25)) == []
        assert selectors.stale_supervisions(units=units, on=D(2026, 6, 10), days=15) == []
        stale = selectors.stale_supervisions(units=units, on=D(2026, 6, 16), days=15)
        assert stale[0]["days_since"] == 15 and "days_overdue" not in stale[0]

    def test_circulars_read_overdue_and_stale_supervisions_from_here(self, province, sup, plan):
        from circulars.services import supervision_rows

        units = [province.liangzhou_court]
        on = D(2026, 6, 25)
        assert supervision_rows("overdue", units=units, on=on, days=0) == selectors.overdue_supervisions(
            units=units, on=on
        )
        assert supervision_rows("overdue", units=units, on=on, days=0)[0]["days_overdue"] == 5
        assert supervision_rows("stale", units=units, on=D(2026, 6, 16), days=15)[0]["days_since"] == 15

    def test_board_is_scoped_and_paginated(self, province, sup):
        page = selectors.supervision_board(province.wuwei_supervisor)
        assert [s.pk for s in page["rows"]] == [sup.pk]
        assert selectors.supervision_board(province.ganzhou_clerk)["rows"] == []
        assert selectors.supervision_board(province.court_head)["rows"][0].pk == sup.pk
        page = selectors.supervision_board(province.wuwei_supervisor, limit=0)
        assert page["rows"] == []


class TestArea:
    def test_area_board_shows_the_overseen_units(self, province, sup, plan):
        with pytest.raises(PermissionDenied):  # a court's head is not a 政法委's
            services.area_assign(
                actor=province.court_head, leader=province.city_court_head, units=[province.ganzhou_center]
            )
        services.area_assign(
            actor=province.city_committee_head,
            leader=province.city_court_head,
            units=[province.liangzhou_court],
        )
        board = selectors.area_board(province.city_court_head)
        (row,) = board["figures"]
        assert (row["unit"], row["open_cases"], row["supervised"], row["owned"]) == (
            province.liangzhou_court,
            1,
            1,
            1,
        )
        assert [p.pk for p in board["cases"]] == [sup.petition_id]
        assert selectors.area_board(province.court_head)["figures"] == []
