"""Random walks through the lifecycle (DOMAIN §4, §5), checked after every step.

A hypothesis state machine registers a few petitions, lets the clock run, and has users of every role in
several units (including units that cannot see the petition) attempt the actions of ``handling.lifecycle``
through the services the views call, with realistic arguments (some invalid, some outside the time windows).
After each step it checks:

* every petition is in exactly one known state;
* an accepted open case (交办/办理中/复查中/复核中) has an active assignment with a deadline and a stored ``due_at``
  (that assignment's); a registered one carries its acceptance deadline; a finished one carries none;
* nothing leaves 终结 except to 归档, and nothing leaves 归档;
* the timeline reconstructs the current state, and it holds exactly the state changes the machine observed;
* a user outside scope gets ``NotVisible`` and changes nothing;
* ``refusal()`` and the service agree: a refusal message means the service refuses with that message and
  changes nothing; no message means the service does not refuse (it may still reject bad input, which changes
  nothing either); a success writes exactly one event by the actor for the acting unit and bumps the version.

Each example runs inside a savepoint that is rolled back afterwards, so the province is built once.
"""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from core.errors import DomainError, InvalidInput, NotVisible
from deadlines import calendar
from handling import selectors
from handling.lifecycle import ACTIONS, Case, acting_unit, refusal
from handling.models import (
    ACTIVE_ASSIGNMENT,
    Assignment,
    DiversionProcedure,
    Extension,
    FollowUp,
    Reply,
    ReviewRequest,
    ReviewWaiver,
    Satisfaction,
    Screening,
    TerminationCase,
    TerminationStep,
)
from handling.services import HANDLING_ACTIONS
from handling.tests.conftest import TZ
from handling.views import ACTION_VIEWS
from notifications.models import Notification
from organisations.models import Membership, Role, User
from petitions.models import ClosingPrinciple, DueKind, Event, Petition, PetitionAccess, State
from petitions.scope import visible_petitions

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 6, 1, 9, 0, tzinfo=TZ)  # as the `clock` fixture

USERS = [
    "liangzhou_clerk",
    "liangzhou_center_head",
    "court_head",
    "city_court_head",
    "city_court_handler",
    "city_committee_head",
    "police_head",
    "province_reviewer",
    "province_owner",
    "province_supervisor",
    "minqin_clerk",
    "ganzhou_clerk",
    "liangzhou_handler",
    "wuwei_supervisor",
    "province_leader",
    "liangzhou_leader",
    "lawyer",
    "sysadmin",
]
INTAKES = [  # (clerk, reception unit, problem region)
    ("liangzhou_clerk", "liangzhou_center", "620602"),
    ("minqin_clerk", "minqin_center", "620621"),
    ("ganzhou_clerk", "ganzhou_center", "620702"),
]
MATTERS = ["(2019)甘06民终123号", "(2020)甘0602执45号", ""]  # the same person: repeats and closed matters
HANDLING_UNITS = [
    "liangzhou_court",
    "liangzhou_police",
    "wuwei_court",
    "liangzhou_center",
    "minqin_center",
    "ganzhou_center",
    "province_court",
]
ACCEPTED_OPEN = (State.ASSIGNED, State.IN_PROGRESS, State.UNDER_REVIEW, State.UNDER_REREVIEW)
FINISHED = (State.TRANSFERRED_OUT, State.DECLINED, State.CLOSED, State.TERMINATED, State.ARCHIVED)
# drawn more often by the guided rule, so that walks reach 复查, 复核 and 终结 within 30 steps and move deadlines
FORWARD = {a.name for a in ACTIONS.values() if a.primary} | {
    "request_extension",
    "request_review",
    "request_rereview",
    "record_hearing",
    "propose_termination",
}
# every target a successful action may lead to is listed in the lifecycle table
UNLISTED_TARGETS: dict[str, tuple] = {}
# DomainErrors a service may raise although the lifecycle table allows the action: rules beyond the table
EXTRA_RULES = ("同一人不能在终结审批链中签署两个环节。", "答复单位没有上级单位")
# events other apps add in the same transaction (``handling.hooks``): a terminated matter goes to 稳控帮扶
FOLLOW_ON_EVENTS = frozenset({"care_task_opened"})


def today() -> dt.date:
    return calendar.local_date(timezone.now())


def _count(model, where: str = "", via=None) -> str:
    """SQL counting the rows of ``model`` of the petition (``via``: the model holding the petition_id)."""
    table = model._meta.db_table
    if via is None:
        return f"SELECT COUNT(*) FROM {table} WHERE petition_id = %s {where}"
    return (
        f"SELECT COUNT(*) FROM {table} JOIN {via._meta.db_table} v ON v.id = {table}.case_id "
        f"WHERE v.petition_id = %s {where}"
    )


COUNTS = {  # what an action could write besides the petition row
    "events": _count(Event),
    "notifications": _count(Notification),
    "access": _count(PetitionAccess),
    "screenings": _count(Screening),
    "diversion_outcomes": _count(Screening, "AND outcome_at IS NOT NULL"),
    "assignments": _count(Assignment),
    "assignments_active": _count(Assignment, "AND status IN ('pending', 'received')"),
    "assignments_received": _count(Assignment, "AND status = 'received'"),
    "assignments_with_handler": _count(Assignment, "AND handler_id IS NOT NULL"),
    "extensions": _count(Extension),
    "extensions_pending": _count(Extension, "AND status = 'pending'"),
    "replies": _count(Reply),
    "replies_draft": _count(Reply, "AND status = 'draft'"),
    "replies_delivered": _count(Reply, "AND delivered_on IS NOT NULL"),
    "follow_ups": _count(FollowUp),
    "reviews": _count(ReviewRequest),
    "reviews_open": _count(ReviewRequest, "AND status = 'open'"),
    "waivers": _count(ReviewWaiver),
    "terminations": _count(TerminationCase),
    "terminations_open": _count(TerminationCase, "AND status IN ('proposed', 'reviewed', 'signed')"),
    "termination_steps": _count(TerminationStep, via=TerminationCase),
}
ROW = (
    "state",
    "version",
    "due_at",
    "due_kind",
    "handling_unit",
    "review_level",
    "settlement_state",
    "closed_at",
)
SNAPSHOT_SQL = "SELECT {row}, {counts} FROM {table} WHERE id = %s".format(
    row=", ".join(Petition._meta.get_field(name).column for name in ROW),
    counts=", ".join(f"({sql})" for sql in COUNTS.values()),
    table=Petition._meta.db_table,
)


def snapshot(pk: int) -> dict:
    """The petition row and how many records of each kind hang on it (one query: this runs twice a step)."""
    with connection.cursor() as cursor:
        cursor.execute(SNAPSHOT_SQL, [pk] * (len(COUNTS) + 1))
        values = cursor.fetchone()
    return dict(zip((*ROW, *COUNTS), values, strict=True))


class Args:
    """Draws the arguments of one action: only valid values when ``strict``, else invalid ones too."""

    def __init__(self, data, strict: bool, province, petition, actor):
        self.data, self.strict, self.P, self.p, self.actor = data, strict, province, petition, actor

    def pick(self, name, valid, invalid=()):
        options = list(valid) if self.strict else [*valid, *invalid]
        return self.data.draw(st.sampled_from(options), label=name)

    def unit(self, name, valid, invalid=()):
        return getattr(self.P, self.pick(name, valid, invalid))

    def flag(self, name):
        return self.data.draw(st.booleans(), label=name)

    def __call__(self, action: str) -> dict:
        return getattr(self, "a_" + action)()

    # screening
    def a_screen_online(self):
        # the walk registers through staff, so this is always refused (网上待审核 only)
        return {"note": self.pick("note", ["", "材料齐全，转入登记。"])}

    def a_accept(self):
        t = today()
        return {
            "handling_unit": self.unit("handling_unit", HANDLING_UNITS),
            "instructions": self.pick("instructions", ["请依法审查办理，按期报送结果。", ""]),
            "deadline": self.pick(
                "deadline", [None, t + dt.timedelta(20), t + dt.timedelta(90)], [t, t - dt.timedelta(1)]
            ),
            "dual_assign": self.flag("dual_assign"),
            "notice": self.pick("notice", ["", "您反映的事项已依法受理。"]),
        }

    def a_transfer_out(self):
        return {
            "to_unit": self.unit("to_unit", ["liangzhou_bureau"], ["liangzhou_court"]),
            "reason": self.pick("reason", ["反映征地补偿标准，属普通信访", ""]),
            "notice": self.pick("notice", ["请到凉州区信访局反映，电话0935-1234567。"], [""]),
        }

    def a_decline(self):
        return {
            "reason": self.pick("reason", ["已经终审且无新证据"], [""]),
            "notice": self.pick("notice", ["依法不予受理。"], [""]),
        }

    def a_divert(self):
        return {
            "procedure": self.pick("procedure", DiversionProcedure.values, ["mediation"]),
            "to_unit": self.unit("to_unit", ["wuwei_court", "liangzhou_court", "province_court"]),
            "reason": self.pick("reason", ["属申请再审范围", ""]),
            "notice": self.pick("notice", ["请向武威市中级人民法院申请再审。"], [""]),
        }

    def a_record_diversion_outcome(self):
        return {
            "outcome": self.pick("outcome", ["再审维持原判", "二审改判，诉求已解决"], [""]),
            "settled": self.flag("settled"),
        }

    # assignment
    def a_assign(self):
        t = today()
        kind = self.pick("kind", ["lead", "assist", "committee"], ["review"])
        if kind == "lead":
            units = self.pick(
                "units",
                [["liangzhou_police"], ["liangzhou_court"], ["wuwei_court"]],
                [[], ["liangzhou_court", "liangzhou_police"]],
            )
        else:
            units = self.pick(
                "units", [["liangzhou_committee"], ["liangzhou_police", "wuwei_committee"]], [[]]
            )
        return {
            "units": [getattr(self.P, u) for u in units],
            "kind": kind,
            "mode": self.pick("mode", ["order", "forward"]),
            "deadline": self.pick("deadline", [None, t + dt.timedelta(30)], [t]),
            "instructions": self.pick("instructions", ["改由公安机关办理", "请协助调查核实"], [""]),
        }

    def a_receive(self):
        handler = None
        if (
            self.pick("handler", ["none", "own"]) == "own"
        ):  # a handler on the actor's side, as the form offers
            units = [m.unit_id for m in Membership.objects.filter(user=self.actor)]
            handler = (
                User.objects.filter(memberships__unit__in=units, memberships__role=Role.HANDLER)
                .order_by("username")
                .first()
            )
        return {"handler": handler}

    def a_return(self):
        return {"reason": self.pick("reason", ["不属于本单位管辖，应由公安机关办理"], [""])}

    # handling
    def a_handle(self):
        return {
            "kind": self.pick("kind", list(HANDLING_ACTIONS), ["chat"]),
            "note": self.pick("note", ["接谈信访人，听取诉求。", "调取原审卷宗核查。"], [""]),
        }

    def a_request_extension(self):
        return {
            "days": self.pick("days", [30, 10, 1], [0, 31]),
            "reason": self.pick("reason", ["需调取二审卷宗"], [""]),
        }

    def a_decide_extension(self):
        approve = self.pick("approve", [True, False])
        return {
            "approve": approve,
            "note": self.pick("note", ["理由不充分，不予延期"] if not approve else ["", "同意"], [""]),
            "notice": self.pick("notice", ["因需调取卷宗，办理期限依法延长。"], [""] if approve else []),
        }

    def a_draft_reply(self):
        return {
            "claim": "请求撤销原判",
            "facts_reasons": self.pick("facts_reasons", ["经查，原审认定事实清楚，证据确实充分。"], [""]),
            "decision": "维持原处理意见。",
            "legal_basis": "《中华人民共和国民事诉讼法》第一百七十七条",
            "outcome": self.pick("outcome", ["support", "explain", "reject"], ["partial"]),
        }

    def a_decide_reply(self):
        approve = self.pick("approve", [True, False])
        return {
            "approve": approve,
            "note": self.pick("note", ["事实部分需补充"], [""] if not approve else []),
        }

    def a_record_delivery(self):
        t = today()
        reply = selectors.latest_reply(self.p)
        signed = calendar.local_date(reply.approved_at) if reply and reply.approved_at else t
        middle = signed + (t - signed) // 2
        return {
            "method": self.pick("method", ["in_person", "post", "electronic", "notice"], ["fax"]),
            "status": self.pick("status", ["signed", "refused"], ["lost"]),
            "delivered_on": self.pick(
                "delivered_on", [signed, middle, t], [signed - dt.timedelta(1), t + dt.timedelta(1), None]
            ),
            "opinion": self.pick("opinion", ["agree", "disagree", "none"], ["maybe"]),
        }

    # follow-up, close
    def a_follow_up(self):
        t = today()
        office = self.pick("satisfaction_office", Satisfaction.values, ["so-so"])
        unit = self.pick("satisfaction_unit", Satisfaction.values)
        unhappy = Satisfaction.UNSATISFIED in (office, unit)
        return {
            "method": self.pick("method", ["face", "phone"], ["email"]),
            "visited_on": self.pick("visited_on", [t, t - dt.timedelta(2)], [t + dt.timedelta(1), None]),
            "informed": self.flag("informed"),
            "received": self.flag("received"),
            "carried_out": self.flag("carried_out"),
            "satisfaction_office": office,
            "satisfaction_unit": unit,
            "unsatisfied_reason": self.pick("unsatisfied_reason", ["认为赔偿过低"], [""] if unhappy else []),
            "note": "电话回访，信访人已收到答复。",
        }

    def a_close(self):
        settled = self.flag("settled")
        form = self.pick("form", ["written_pledge", "other"], ["", "approved_termination"]) if settled else ""
        return {
            "settled": settled,
            "form": form,
            "principle": self.pick("principle", ClosingPrinciple.values, ["none"]),
            "note": "",
        }

    # review
    def a_request_review(self):
        t = today()
        reply = selectors.latest_reply(self.p)
        base = reply.delivered_on if reply is not None and reply.delivered_on else t
        day = dt.timedelta(1)
        return {  # inside the 30-day window, on its last days and just outside it
            "requested_on": self.pick(
                "requested_on",
                [base, t, base + 29 * day, base + 30 * day, base + 31 * day],
                [base - day, t + day, None],
            ),
            "reason": self.pick("reason", ["不服处理意见"], [""]),
        }

    a_request_rereview = a_request_review

    def a_waive_review(self):
        return {
            "stated_on": self.pick("stated_on", [today()], [today() + dt.timedelta(1)]),
            "statement": self.pick("statement", ["本人自愿放弃申请复查"], [""]),
        }

    def a_record_hearing(self):
        held_from = self.pick("held_from", [today() - dt.timedelta(3), today()])
        length = self.pick("length", [0, 2], [-1])
        return {
            "held_from": held_from,
            "held_to": held_from + dt.timedelta(length),
            "note": self.pick("note", ["公开听证，人大代表、律师参加"], [""]),
        }

    # termination
    def a_propose_termination(self):
        return {"reasons": self.pick("reasons", ["已经复查复核，原处理正确，已依法答复"], ["  "])}

    def _decision(self):
        return {
            "approve": self.pick("approve", [True, False]),
            "comment": self.pick("comment", ["同意", "材料不全，退回补充"], [""]),
        }

    a_review_termination = a_sign_termination = a_approve_termination = _decision

    def a_archive(self):
        return {"note": self.pick("note", ["", "案卷已整理归档"])}


class LifecycleMachine(RuleBasedStateMachine):
    petitions = Bundle("petitions")

    def __init__(self, province, clock, register):
        super().__init__()
        self.P, self.clock, self.register = province, clock, register
        self.clock.move_to(START)
        self.savepoint = transaction.savepoint()
        self.last_state: dict[int, str] = {}  # what the machine last saw, per petition
        self.changes: dict[int, int] = {}  # state changes the machine observed, per petition

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)

    def user(self, name: str) -> User:
        return getattr(self.P, name)

    # ------------------------------------------------------------------------------------------ rules

    def _register(self, where, matter) -> int:
        clerk, unit, region = where
        p = self.register(self.user(clerk), getattr(self.P, unit), problem_region=region, case_number=matter)
        self.observe(p.pk)
        return p.pk

    @initialize(target=petitions, where=st.sampled_from(INTAKES), matter=st.sampled_from(MATTERS))
    def first_petition(self, where, matter):
        return self._register(where, matter)

    @precondition(lambda self: len(self.last_state) < 3)
    @rule(target=petitions, where=st.sampled_from(INTAKES), matter=st.sampled_from(MATTERS))
    def another_petition(self, where, matter):
        return self._register(where, matter)

    @rule(days=st.sampled_from([0, 1, 3, 10, 29, 31, 62]), hours=st.sampled_from([8, 0, 15]))
    def time_passes(self, days, hours):
        """The clock moves on (office hours, the next day, past a window or a deadline)."""
        self.clock.shift(dt.timedelta(days=days, hours=hours))

    @rule(pk=petitions, action=st.sampled_from(sorted(ACTIONS)), actor=st.sampled_from(USERS), data=st.data())
    def anyone_tries_anything(self, pk, action, actor, data):
        """Any user, any action, arguments that may be invalid: mostly refusals, some successes."""
        self.attempt(pk, action, actor, data, strict=False)

    @rule(pk=petitions, data=st.data())
    def someone_does_what_is_allowed(self, pk, data):
        """An action the lifecycle allows someone now, with valid-looking arguments: moves the case along.
        Actions that move a case forward are drawn more often than those that end it early (转送, 不予受理)."""
        p = Petition.objects.get(pk=pk)
        case = Case(p)
        allowed: dict[str, list[str]] = {}
        for action in ACTIONS.values():
            if p.state in action.sources:
                users = [u for u in USERS if refusal(self.user(u), p, action.name, case) is None]
                if users:
                    allowed[action.name] = users
        if allowed:
            forward = [a for a in allowed if a in FORWARD]  # first: hypothesis favours the first of a list
            weighted = [*forward, *forward, *forward, *(a for a in allowed if a not in FORWARD)]
            action = data.draw(st.sampled_from(weighted), label="action")
            actor = data.draw(st.sampled_from(allowed[action]), label="actor")
            self.attempt(pk, action, actor, data, strict=True)

    # ------------------------------------------------------------------------------------------ one attempt

    def attempt(self, pk, action, actor_name, data, *, strict):
        actor = self.user(actor_name)
        p = Petition.objects.get(pk=pk)
        visible = visible_petitions(actor).filter(pk=pk).exists()
        checked = action
        expected = refusal(actor, p, checked)
        unit = acting_unit(actor, p, checked)
        kwargs = Args(data, strict, self.P, p, actor)(action)
        before = snapshot(pk)
        service = ACTION_VIEWS[action][1]
        try:
            service(actor=actor, petition=p, version=p.version, **kwargs)
        except DomainError as exc:
            error = exc
        else:
            error = None
        after = snapshot(pk)
        where = f"{actor_name} {action} on {p.state}: {error!r} {getattr(error, 'message', '')}"

        if not visible:
            assert expected is not None, "the lifecycle allows an action to someone who cannot see the case"
            assert isinstance(error, NotVisible), "outside scope must look like nothing: " + where
        elif expected is not None:
            assert error is not None and not isinstance(error, NotVisible | InvalidInput), where
            assert error.message == expected, f"refusal() said {expected!r}; " + where
        elif error is not None:  # allowed: only bad input or a rule beyond the table may stop it
            assert not isinstance(error, NotVisible), where
            assert isinstance(error, InvalidInput) or error.message.startswith(EXTRA_RULES), where
        if error is not None:
            assert after == before, "a refused action changed something: " + where
            return

        # success: one event by the actor for its acting unit, one version step, state as the table says
        p_after = Petition.objects.get(pk=pk)
        assert after["version"] == before["version"] + 1, where
        added = list(
            Event.objects.filter(petition_id=pk).order_by("-id")[: after["events"] - before["events"]]
        )
        own = [e for e in added if e.action not in FOLLOW_ON_EVENTS]
        assert len(own) == 1, where
        event = own[0]
        assert (event.state_before, event.state_after) == (p.state, p_after.state), where
        assert event.actor_id == actor.pk and event.unit_id == unit.pk, where
        targets = (*ACTIONS[action].targets, *UNLISTED_TARGETS.get(action, ()))
        assert p_after.state == p.state or p_after.state in targets, where

    # ------------------------------------------------------------------------------------------ invariants

    def observe(self, pk) -> None:
        state = Petition.objects.values_list("state", flat=True).get(pk=pk)
        previous = self.last_state.get(pk)
        if state != previous:
            assert previous != State.ARCHIVED, f"left 归档 for {state}"
            assert previous != State.TERMINATED or state == State.ARCHIVED, f"left 终结 for {state}"
            self.changes[pk] = self.changes.get(pk, 0) + 1
            self.last_state[pk] = state

    @invariant()
    def states_are_frozen_where_they_must_be(self):
        for pk in self.last_state:
            self.observe(pk)

    @invariant()
    def one_valid_state_and_its_deadline(self):
        for p in Petition.objects.filter(pk__in=list(self.last_state)):
            assert p.state in State.values
            active = Assignment.objects.filter(petition=p, status__in=ACTIVE_ASSIGNMENT)
            if p.state in ACCEPTED_OPEN:
                dues = {a.due_at for a in active if a.deadline is not None}
                assert dues, f"{p.state} without an active assignment with a deadline"
                assert p.due_at is not None and p.due_at in dues, (
                    f"{p.state}: due_at {p.due_at} not of {dues}"
                )
            elif p.state == State.REGISTERED:
                assert p.due_at is not None and p.due_kind == DueKind.ACCEPTANCE
            elif p.state in FINISHED:
                assert p.due_at is None, f"{p.state} still has a deadline"

    @invariant()
    def timeline_reconstructs_the_state(self):
        for pk in self.last_state:
            self.observe(pk)  # whichever invariant runs first
            current, changes = "", 0
            for before, after in (
                Event.objects.filter(petition_id=pk)
                .order_by("at", "id")
                .values_list("state_before", "state_after")
            ):
                if not after:  # an event that is not a lifecycle step (note, attachment)
                    continue
                assert before == current, f"timeline jumps from {current!r} to an event from {before!r}"
                changes += before != after
                current = after
            assert current == self.last_state[pk]
            assert changes == self.changes[pk], (
                f"{changes} state changes on the timeline, {self.changes[pk]} seen"
            )


def test_random_walks_keep_the_lifecycle_invariants(clock, province, register):
    assert set(USERS) == {k for k, v in vars(province).items() if isinstance(v, User)}
    run_state_machine_as_test(
        lambda: LifecycleMachine(province, clock, register),
        settings=settings(
            max_examples=25,
            stateful_step_count=30,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
