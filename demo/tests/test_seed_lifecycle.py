"""The seeded lifecycle (DOMAIN §4, §5): every state, the records behind it, and cases that go on.

A denser province than ``test_seed``'s — N petitions registered over the last ``SPAN_DAYS`` days up to a fixed
``NOW`` — so that every state appears, the rare ones (交办, 复核中, 导入法律程序) included. It is seeded twice, the
first time rolled back, to prove that the lifecycle records are deterministic too. Each seeded petition is held
to the invariants the state-machine test (``handling/tests/test_state_machine.py``) checks after every step,
and seeded cases are taken further through the real services by staff of the seed.
"""

import datetime as dt
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

import pytest
import time_machine

from deadlines.models import Step
from deadlines.policy import compute_due
from demo import generator
from demo.tests.seeding import seeded_twice
from handling import selectors
from handling import services as s
from handling.lifecycle import refusal
from handling.models import (
    ACTIVE_ASSIGNMENT,
    Assignment,
    FollowUp,
    Reply,
    ReviewRequest,
    Screening,
)
from organisations.models import Membership, Role, Unit, User
from petitions.models import (
    OPEN_STATES,
    AccessReason,
    DueKind,
    Event,
    Petition,
    PetitionAccess,
    SettlementState,
    State,
)
from petitions.scope import can_see
from petitions.services import acceptance_due

TZ = ZoneInfo("Asia/Shanghai")
N = 3000
SPAN_DAYS = 800  # > 2 years, so that old cases can be archived
NOW = dt.datetime(2026, 11, 20, 15, tzinfo=TZ)
LATER = NOW + dt.timedelta(hours=2)  # when the tests continue the seeded cases
ACCEPTED_OPEN = (State.ASSIGNED, State.IN_PROGRESS, State.UNDER_REVIEW, State.UNDER_REREVIEW)
FINISHED = (State.TRANSFERRED_OUT, State.DECLINED, State.CLOSED, State.TERMINATED, State.ARCHIVED)
WORKERS = (Role.RECEPTION, Role.HANDLER, Role.UNIT_HEAD)


def _seed():
    return generator.seed(petitions=N, now=NOW, start=(NOW - dt.timedelta(days=SPAN_DAYS)).date())


def _snapshot() -> list:
    """Everything the lifecycle wrote, by natural keys (database ids and query codes left aside)."""
    number = dict(Petition.objects.values_list("id", "number"))
    users = dict(User.objects.values_list("id", "username"))
    rows = [
        sorted(
            Petition.objects.values_list(
                "number",
                "state",
                "due_at",
                "warn_at",
                "due_kind",
                "accepted_at",
                "replied_at",
                "closed_at",
                "settlement_state",
                "settlement_form",
                "satisfaction",
                "review_level",
                "handling_unit__code",
                "version",
                "is_backlog",
                "terminated_at",
            ),
            key=repr,
        ),  # fmt: skip
        sorted(
            (
                (number[p], action, at, users.get(actor), before, after)
                for p, action, at, actor, before, after in Event.objects.values_list(
                    "petition_id", "action", "at", "actor_id", "state_before", "state_after"
                )
            ),
            key=repr,
        ),
    ]
    for model, fields in (
        (Screening, ("outcome", "target_unit__code", "procedure", "decided_at", "outcome_at")),
        (
            Assignment,
            ("unit__code", "kind", "status", "deadline", "due_at", "assigned_at", "handler__username"),
        ),
        (
            Reply,
            ("level", "unit__code", "outcome", "status", "approved_at", "document_number", "delivered_on"),
        ),
        (FollowUp, ("visited_on", "satisfaction_unit", "by__username", "at")),
        (ReviewRequest, ("level", "requested_on", "reviewing_unit__code", "status")),
        (PetitionAccess, ("unit__code", "user__username", "reason")),
    ):
        values = model.objects.values_list("petition_id", *fields)
        rows.append(sorted(((number[p], *rest) for p, *rest in values), key=repr))
    return rows


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with seeded_twice(django_db_blocker, _seed, _snapshot) as seeded:
        yield seeded


def staff(unit_id: int, *roles: str) -> User:
    """A seeded staff member of the unit holding one of ``roles``."""
    return (
        User.objects.filter(memberships__unit_id=unit_id, memberships__role__in=roles, is_active=True)
        .order_by("username")
        .first()
    )


def refresh(petition: Petition) -> Petition:
    petition.refresh_from_db()
    return petition


def latest_reply(p: Petition) -> Reply | None:
    return selectors.latest_reply(p)


def check(p: Petition) -> None:
    """The invariants of the state-machine test and of the services' bookkeeping, for one petition."""
    where = f"{p.number} {p.state}"
    active = list(Assignment.objects.filter(petition=p, status__in=ACTIVE_ASSIGNMENT))
    # the stored deadline is the one the services would store for this state
    stored = (p.due_at, p.warn_at, p.due_kind)
    s._refresh_deadline(p)
    assert (p.due_at, p.warn_at, p.due_kind) == stored, where
    if p.state in ACCEPTED_OPEN:
        assert p.due_at is not None and p.due_at in {a.due_at for a in active if a.deadline}, where
    elif p.state == State.REGISTERED:
        assert p.due_kind == DueKind.ACCEPTANCE and p.due_at == acceptance_due(p).due_at, where
    else:
        assert p.due_at is None, where
    # the timeline: registration first, a gapless chain of states in time order, one version step per event
    events = list(Event.objects.filter(petition=p).order_by("at", "id"))
    assert events[0].action == "registered" and events[0].at == p.registered_at, where
    current = ""
    for previous, event in zip([None, *events], events, strict=False):
        assert event.state_before == current, f"{where}: {event.action} from {event.state_before!r}"
        current = event.state_after
        if previous is not None:
            assert event.at >= previous.at, where
        if event.actor_id is not None:  # actors act for their own unit
            assert Membership.objects.filter(user_id=event.actor_id, unit_id=event.unit_id).exists(), where
    assert current == p.state and p.version == len(events), where
    assert PetitionAccess.objects.filter(
        petition=p, unit_id=p.registered_unit_id, reason="registered"
    ).exists()
    for a in active:  # every unit with an open assignment sees the case
        assert can_see(staff(a.unit_id, *WORKERS), p), where
        step = {"lead": Step.HANDLING}.get(a.kind, a.kind)
        due = compute_due(a.assigned_at, p.responsible_system, step)
        assert (a.deadline, a.due_at, a.warn_at) == (due.due_date, due.due_at, due.warn_at), where
    if p.accepted_at is not None:
        assert p.accepted_on_time == (p.accepted_at <= acceptance_due(p).due_at), where


def check_records(p: Petition) -> None:
    """Markers agree with the records of a case that kept them (open, or finished in the last 60 days)."""
    where = f"{p.number} {p.state}"
    screenings = list(p.screenings.all())
    assignments = list(Assignment.objects.filter(petition=p).order_by("assigned_at", "id"))
    replies = list(Reply.objects.filter(petition=p, status="approved").order_by("approved_at"))
    reply = latest_reply(p)
    if p.state == State.REGISTERED:
        assert not screenings and not assignments and p.screening_outcome == "", where
        return
    assert [x.outcome for x in screenings] == [p.screening_outcome], where
    if p.screening_outcome in ("transferred", "declined"):
        assert p.closed_at == screenings[0].decided_at and not assignments, where
        return
    if p.screening_outcome == "diverted":
        screening = screenings[0]
        assert screening.target_unit_id == p.handling_unit_id and screening.procedure, where
        assert screening.outcome_at == p.closed_at, where  # None while 导入法律程序
        assert (p.state == State.DIVERTED) == (p.closed_at is None), where
        return
    lead = assignments[0]
    assert lead.kind == "lead" and lead.assigned_at == p.accepted_at == screenings[0].decided_at, where
    assert screenings[0].target_unit_id == lead.unit_id, where
    assert PetitionAccess.objects.filter(
        petition=p, unit_id=lead.unit_id, reason=AccessReason.ASSIGNED
    ).exists()
    if lead.status != "pending":
        assert PetitionAccess.objects.filter(petition=p, unit_id=lead.unit_id, reason="handling").exists()
    if lead.handler_id:
        assert PetitionAccess.objects.filter(petition=p, user_id=lead.handler_id, reason="personal").exists()
    first = next((r for r in replies if r.level == 0), None)
    assert (first.approved_at if first else None) == p.replied_at, where
    if first:
        assert p.replied_on_time == (first.approved_at <= lead.due_at), where
        assert first.unit_id == lead.unit_id and first.document_number.endswith("号"), where
    active = [a for a in assignments if a.status in ACTIVE_ASSIGNMENT]
    if p.state == State.ASSIGNED:
        assert [(a.kind, a.status, a.unit_id) for a in active] == [("lead", "pending", p.handling_unit_id)], (
            where
        )
    elif p.state == State.IN_PROGRESS:
        assert [(a.kind, a.status, a.unit_id) for a in active] == [
            ("lead", "received", p.handling_unit_id)
        ], where
        assert not replies, where
        if p.is_backlog:
            assert p.due_at < NOW and (NOW - p.accepted_at).days > 180, where
    elif p.state in (State.UNDER_REVIEW, State.UNDER_REREVIEW):
        level = 1 if p.state == State.UNDER_REVIEW else 2
        request = ReviewRequest.objects.get(petition=p, level=level)
        assert request.status == "open" and request.reviewing_unit_id == p.handling_unit_id, where
        assert request.of_reply_id == reply.pk and reply.level == level - 1, where
        assert (
            reply.delivered_on <= request.requested_on <= s.review_window(reply, p.responsible_system, level)
        )
        assert request.reviewing_unit_id == Unit.objects.get(pk=reply.unit_id).parent_id, where
        assert [(a.kind, a.unit_id) for a in active] == [
            (("review", "rereview")[level - 1], p.handling_unit_id)
        ]
        assert p.settlement_state == SettlementState.OPEN and p.closed_at is None, where
    else:  # answered: replied, followed up, closed
        assert not active and reply is not None and p.review_level == reply.level, where
        decided = ReviewRequest.objects.filter(petition=p)
        assert all(r.status == "decided" and r.decision_id for r in decided), where
        assert decided.count() == reply.level, where
        follow_up = FollowUp.objects.filter(petition=p, reply=reply).order_by("at").last()
        if p.state == State.REPLIED:
            assert follow_up is None, where
        else:
            assert reply.delivered_on and follow_up and p.satisfaction == follow_up.satisfaction_unit, where
        if p.state == State.CLOSED:
            assert p.settlement_state in ("settled", "unsettled") and p.closing_principle, where
            assert p.closed_on_time == p.replied_on_time, where
            assert (p.settlement_form != "") == (p.settlement_state == "settled"), where


# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_lifecycle_records_are_deterministic(seeded):
    assert seeded["first"] == seeded["second"]
    assert len(seeded["first"][0]) == N


@pytest.mark.django_db
def test_every_state_appears(seeded):
    counts = Counter(Petition.objects.values_list("state", flat=True))
    # 受理 is a step, never a state; 网上待审核 comes from the portal's own seed (portal/demo.py), not the generator
    assert set(counts) == set(State.values) - {State.ACCEPTED, State.ONLINE_PENDING}, counts
    # a province at work: few still unscreened, most finished, a living stock of open cases
    assert counts[State.REGISTERED] < N * 0.03
    assert counts[State.CLOSED] > N / 2
    recent = Petition.objects.filter(registered_at__gte=NOW - dt.timedelta(days=15))
    assert 0.25 < recent.filter(state=State.REGISTERED).count() / recent.count() < 0.75
    old = Petition.objects.filter(registered_at__lt=NOW - dt.timedelta(days=90))
    assert not old.filter(state=State.REGISTERED).exists()
    assert Petition.objects.filter(is_backlog=True, state=State.IN_PROGRESS).exists()


@pytest.mark.django_db
def test_every_petition_keeps_the_state_machine_invariants(seeded):
    for p in Petition.objects.all():
        check(p)


@pytest.mark.django_db
def test_markers_agree_with_the_records(seeded):
    recent = NOW - dt.timedelta(days=generator.FULL_DAYS)
    kept = Petition.objects.filter(state__in=OPEN_STATES) | Petition.objects.filter(
        state__in=(State.CLOSED, State.TRANSFERRED_OUT, State.DECLINED), closed_at__gte=recent
    )
    seen = Counter()
    for p in kept:
        check_records(p)
        seen[p.state] += 1
    assert seen[State.CLOSED] and seen[State.TRANSFERRED_OUT]
    # 文号 per unit and year run 1…k, so the next one signed (k + 1) collides with none
    numbers = defaultdict(list)
    for short, name, approved_at, number in Reply.objects.filter(status="approved").values_list(
        "unit__short_name", "unit__name", "approved_at", "document_number"
    ):
        prefix = f"{short or name}信复〔{approved_at.astimezone(TZ).year}〕"
        assert number.startswith(prefix) and number.endswith("号"), number
        numbers[prefix].append(int(number.removeprefix(prefix).removesuffix("号")))
    assert numbers and all(sorted(n) == list(range(1, len(n) + 1)) for n in numbers.values())
    # older finished cases keep their markers and the ledger's word for the outcome
    for p in Petition.objects.filter(state__in=FINISHED).exclude(pk__in=kept.values("pk")):
        assert not Assignment.objects.filter(petition=p).exists() and not p.replies.exists()
        actions = list(p.events.order_by("at", "id").values_list("action", flat=True))
        assert actions in (["registered", "imported"], ["registered", "imported", "archive"]), p.number
        assert p.closed_at and p.closed_at < recent
        if p.state == State.TERMINATED:
            assert p.review_level == 2 and p.settlement_form == "approved_termination" and p.terminated_at
        if p.state == State.ARCHIVED:
            assert p.closed_at < NOW - dt.timedelta(days=generator.ARCHIVE_AFTER_DAYS)


@pytest.mark.django_db
def test_open_cases_can_be_taken_on_by_the_right_people(seeded):
    """For every open case someone of the seed may take the next step — the lifecycle table agrees."""
    by_state = defaultdict(list)
    for p in Petition.objects.filter(state__in=OPEN_STATES):
        reply = latest_reply(p)
        lead = selectors.lead_assignment(p)
        if p.state == State.REGISTERED:
            action, unit = "accept", p.registered_unit_id
        elif p.state == State.DIVERTED:
            action, unit = "record_diversion_outcome", p.registered_unit_id
        elif lead is not None and lead.status == "pending":
            action, unit = "receive", lead.unit_id
        elif lead is not None:
            draft = selectors.draft_reply(p)
            action, unit = ("decide_reply" if draft else "draft_reply"), lead.unit_id
        elif p.state == State.REPLIED:
            action, unit = ("follow_up" if reply.delivered_on else "record_delivery"), reply.unit_id
        else:
            action, unit = "close", reply.unit_id
        roles = (Role.UNIT_HEAD,) if action in ("decide_reply", "close") else (Role.RECEPTION, Role.UNIT_HEAD)
        actor = staff(unit, *roles)
        assert refusal(actor, p, action) is None, (p.number, p.state, action, refusal(actor, p, action))
        by_state[p.state].append(action)
    assert "decide_reply" in by_state[State.IN_PROGRESS] + by_state[State.UNDER_REVIEW]  # a draft awaits


def _one(state: str, **filters) -> Petition:
    p = Petition.objects.filter(state=state, **filters).order_by("registered_at", "id").first()
    assert p is not None, f"no seeded {state} petition with {filters}"
    return p


@pytest.mark.django_db
def test_an_assigned_case_is_received_handled_and_answered(seeded):
    p = _one(State.ASSIGNED)
    lead = selectors.lead_assignment(p)
    with time_machine.travel(LATER, tick=False):
        handler = staff(lead.unit_id, Role.HANDLER)
        s.petition_receive(actor=staff(lead.unit_id, Role.UNIT_HEAD), petition=p, handler=handler)
        p = refresh(p)
        assert p.state == State.IN_PROGRESS and p.due_kind == DueKind.HANDLING
        s.petition_draft_reply(
            actor=handler,
            petition=p,
            claim=p.demands,
            facts_reasons="经调阅卷宗，原处理认定事实清楚。",
            decision="维持原处理意见。",
            legal_basis="《信访工作条例》第三十二条",
            outcome="explain",
        )
        reply = s.petition_decide_reply(
            actor=staff(lead.unit_id, Role.UNIT_HEAD), petition=refresh(p), approve=True
        )
    p = refresh(p)
    assert p.state == State.REPLIED and p.replied_at == reply.approved_at and p.due_at is None
    # the 文号 continues the unit's seeded numbering
    year = LATER.year
    signed = Reply.objects.filter(unit_id=reply.unit_id, status="approved", approved_at__year=year).count()
    assert reply.document_number.endswith(f"〔{year}〕{signed}号")
    check(p)


@pytest.mark.django_db
def test_a_replied_case_is_delivered_or_followed_up_then_closed(seeded):
    undelivered = Petition.objects.filter(state=State.REPLIED).order_by("id")
    p = next(p for p in undelivered if latest_reply(p).delivered_on is None)
    reply = latest_reply(p)
    with time_machine.travel(LATER, tick=False):
        worker = staff(reply.unit_id, Role.HANDLER)
        s.petition_record_delivery(
            actor=worker,
            petition=p,
            method="in_person",
            status="signed",
            delivered_on=LATER.date(),
            opinion="agree",
        )
        s.petition_follow_up(
            actor=worker,
            petition=refresh(p),
            method="phone",
            visited_on=LATER.date(),
            informed=True,
            received=True,
            carried_out=True,
            satisfaction_office="satisfied",
            satisfaction_unit="satisfied",
        )
        s.petition_close(
            actor=staff(reply.unit_id, Role.UNIT_HEAD),
            petition=refresh(p),
            settled=True,
            form="written_pledge",
            principle="explained",
        )
    p = refresh(p)
    assert p.state == State.CLOSED and p.settlement_state == "settled" and p.satisfaction == "satisfied"
    check(p)


@pytest.mark.django_db
def test_a_followed_up_case_is_closed(seeded):
    p = _one(State.FOLLOWED_UP)
    unit = latest_reply(p).unit_id
    with time_machine.travel(LATER, tick=False):
        s.petition_close(actor=staff(unit, Role.UNIT_HEAD), petition=p, settled=False, principle="explained")
    p = refresh(p)
    assert p.state == State.CLOSED and p.closed_on_time == p.replied_on_time
    check(p)
    check_records(p)


@pytest.mark.django_db
def test_a_recently_closed_case_goes_to_review_at_the_unit_above(seeded):
    candidates = Petition.objects.filter(
        state=State.CLOSED,
        review_level=0,
        screening_outcome="accepted",
        closed_at__gte=NOW - dt.timedelta(days=30),
    ).order_by("-closed_at")
    today = LATER.date()
    p = next(
        p
        for p in candidates
        if s.review_window(latest_reply(p), p.responsible_system, 1) >= today
        and Unit.objects.get(pk=latest_reply(p).unit_id).parent_id
    )
    reply = latest_reply(p)
    with time_machine.travel(LATER, tick=False):
        request = s.petition_request_review(
            actor=staff(reply.unit_id, Role.RECEPTION, Role.HANDLER),
            petition=p,
            requested_on=today,
            reason="不服处理意见，申请复查。",
        )
        p = refresh(p)
        above = Unit.objects.get(pk=reply.unit_id).parent_id
        assert p.state == State.UNDER_REVIEW and request.reviewing_unit_id == above == p.handling_unit_id
        assert p.settlement_state == "open" and p.closed_at is None and p.due_kind == DueKind.REVIEW
        s.petition_receive(actor=staff(above, *WORKERS), petition=p)
    p = refresh(p)
    check(p)
    check_records(p)
