"""The demo data generator: determinism, organisation, people, numbers, counters, accounts and data scope.
(The lifecycle of the seeded petitions and the records behind it: ``test_seed_lifecycle``.)

The province is seeded once per module (inside a transaction rolled back at the end); each test runs in a
savepoint of it. Seeding happens twice in the fixture, the first time rolled back, to prove determinism.
"""

import datetime as dt
import re
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from core import crypto
from core.validators import validate_id_number, validate_phone
from demo import generator, places, structure, texts
from demo.tests.seeding import seeded_twice
from organisations.models import UNIT_TYPE_SYSTEM, Membership, Role, Unit, UnitLevel, UnitType, User
from petitions import chain
from petitions.models import (
    Channel,
    DueKind,
    Event,
    EventAction,
    Petition,
    PetitionAccess,
    Petitioner,
    PetitionParty,
    RegistrationCounter,
    State,
)
from petitions.scope import visible_petitions
from petitions.services import PetitionerData, RegistrationData, acceptance_due, petition_register

N = 400
NOW = timezone.now()
NUMBER_RE = re.compile(r"^(\d{6})-(\d{4})-(\d{6})$")


def _snapshot() -> list[tuple]:
    return list(
        Petition.objects.order_by("number").values_list(
            "number", "title", "registered_at", "channel", "registered_unit__code", "state", "case_number"
        )
    ) + list(Petitioner.objects.order_by("name", "id_number_hash").values_list("name", "id_number_hash"))


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with seeded_twice(django_db_blocker, lambda: generator.seed(petitions=N, now=NOW), _snapshot) as seeded:
        yield seeded


def _user(username: str) -> User:
    return User.objects.get(username=username)


@pytest.mark.django_db
def test_same_seed_gives_same_data(seeded):
    assert seeded["result"].petitions == N
    assert len(seeded["first"]) > N
    assert seeded["first"] == seeded["second"]


@pytest.mark.django_db
def test_every_unit_type_at_every_level(seeded):
    units = list(Unit.objects.filter(code__startswith="62"))
    by_level = defaultdict(set)
    for unit in units:
        by_level[unit.level].add(unit.type)
        assert unit.system == UNIT_TYPE_SYSTEM[UnitType(unit.type)]
        assert unit.path.endswith(f"{unit.pk:08d}/")
    for level in (UnitLevel.PROVINCE, UnitLevel.CITY, UnitLevel.COUNTY):
        assert by_level[level] == set(structure.LEVEL_TYPES), level
    assert by_level[UnitLevel.TOWNSHIP] == {UnitType.TOWNSHIP}
    cities = {u.region_id for u in units if u.level == UnitLevel.CITY}
    counties = {u.region_id for u in units if u.level == UnitLevel.COUNTY}
    assert {"620100", "620600", "620700"} <= cities
    assert len(counties) >= 12
    code = {u.code: u for u in units}
    assert code[structure.ROOT_UNIT_CODE].parent_id is None
    assert code["620602-court"].parent == code["620600-court"]
    assert code["620600-court"].parent == code["620000-court"]
    assert code["620000-court"].parent == code[structure.ROOT_UNIT_CODE]
    assert code["620602-reception_center"].parent == code["620602-committee"]
    assert code["620602-committee"].parent == code["620600-committee"]
    assert code["620602-court"].name == "武威市凉州区人民法院"
    assert code["620621-police"].name == "民勤县公安局"
    assert code["620600-court"].name == "武威市中级人民法院"


@pytest.mark.django_db
def test_every_role_has_staff(seeded):
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    # every unit that registers petitions has someone allowed to register them
    for unit in Unit.objects.exclude(type=UnitType.TOWNSHIP).filter(code__startswith="62"):
        assert unit.memberships.filter(role__in=[Role.RECEPTION, Role.HANDLER]).exists(), unit.code


@pytest.mark.django_db
def test_demo_accounts(seeded):
    accounts = structure.demo_accounts()
    assert {a["username"] for a in accounts} >= {
        "jiefang",
        "jiefang2",
        "chengban",
        "fuzeren",
        "baoan",
        "duban",
        "pingcha",
        "lingdao",
        "lvshi",
        "admin",
    }
    for account in accounts:
        user = _user(account["username"])
        assert user.memberships.filter(role=account["role"], unit__code=account["unit_code"]).exists()
        assert user.full_name == account["full_name"]
        assert account["password"] == structure.DEMO_PASSWORD
    assert _user("jiefang").check_password(structure.DEMO_PASSWORD)
    admin = _user("admin")
    assert admin.is_staff and admin.is_superuser
    assert not _user("duban").is_staff
    table = structure.format_accounts_table(accounts)
    assert "jiefang" in table and "武威市凉州区联合接访中心" in table


@pytest.mark.django_db
def test_petitioners_have_valid_personal_data(seeded):
    people = list(Petitioner.objects.all())
    identities = {p.id_number_hash for p in people}
    assert 1.3 < Petition.objects.count() / len(identities) < 2.0  # people petition repeatedly
    parties = list(PetitionParty.objects.values_list("petitioner_id", flat=True))
    assert len(set(parties)) == len(parties) == len(people)  # each petition keeps its own records
    for person in people:
        number = validate_id_number(person.id_number)
        assert number[:6] == person.residence_region_id
        assert 1940 <= int(number[6:10]) <= 2000
        assert person.gender == ("M" if int(number[16]) % 2 else "F")
        assert person.id_number_hash == crypto.keyed_hash(number)
        if person.phone:
            validate_phone(person.phone)
            assert person.phone_hash == crypto.keyed_hash(person.phone)
        assert person.address.startswith("甘肃省")
    first = {}
    for person in sorted(
        people, key=lambda p: p.pk
    ):  # a person's later records repeat what was first written
        seen = first.setdefault(person.id_number_hash, person)
        assert (person.name, person.id_number, person.phone) == (seen.name, seen.id_number, seen.phone)


@pytest.mark.django_db
def test_registration_numbers_and_counters(seeded):
    rows = list(
        Petition.objects.order_by("registered_at", "id").values_list(
            "number", "registered_unit__region_id", "registered_at"
        )
    )
    assert len({n for n, _, _ in rows}) == len(rows) == N
    sequences = defaultdict(list)
    for number, region, at in rows:
        code, year, seq = NUMBER_RE.match(number).groups()
        assert code == region
        assert int(year) == timezone.localtime(at).year
        sequences[(code, int(year))].append(int(seq))
    counters = {(c.region_code, c.year): c.last for c in RegistrationCounter.objects.all()}
    assert counters.keys() == sequences.keys()
    for key, seqs in sequences.items():
        assert seqs == list(range(1, len(seqs) + 1)), key  # in registration order, no gaps
        assert counters[key] == len(seqs)
    first, last = rows[0][2], rows[-1][2]
    assert timezone.localtime(first).year == generator.START_DATE.year
    assert last <= NOW and (NOW - last).days < 30
    assert len(set(Petition.objects.values_list("query_code", flat=True))) == N


@pytest.mark.django_db
def test_next_registration_continues_the_counter(seeded):
    jiefang = _user("jiefang")
    unit = Unit.objects.get(code="620602-reception_center")
    year = timezone.localtime().year
    counter = RegistrationCounter.objects.filter(region_code="620602", year=year).first()
    expected = (counter.last if counter else 0) + 1
    petition = petition_register(
        actor=jiefang,
        unit=unit,
        data=RegistrationData(
            channel=Channel.VISIT,
            title="反映执行款未到位",
            demands="尽快执行到位。",
            facts="信访人来访反映执行款未到位。",
            problem_region="620602",
        ),
        petitioners=[PetitionerData(name="张三", id_number="11010519491231002X")],
    )
    assert petition.number == f"620602-{year}-{expected:06d}"


@pytest.mark.django_db
def test_petitions_are_plausible(seeded):
    petitions = list(Petition.objects.prefetch_related("parties", "instances", "tags"))
    states = {p.state for p in petitions}
    assert states <= set(State.values)
    # a province at work: years-old petitions were screened long ago, only recent ones wait for it
    assert sum(p.state == State.REGISTERED for p in petitions) < N * 0.05
    assert sum(p.state == State.CLOSED for p in petitions) > N / 2
    assert all((NOW - p.registered_at).days <= 90 for p in petitions if p.state == State.REGISTERED)
    assert {Channel.VISIT, Channel.LETTER, Channel.ONLINE} <= {p.channel for p in petitions}
    assert sum(p.channel == Channel.VISIT for p in petitions) > sum(
        p.channel == Channel.VIDEO for p in petitions
    )
    assert len({p.title for p in petitions}) > N * 0.9
    for p in petitions:
        assert "{" not in p.title + p.demands + p.facts
        assert p.parties.all(), p.number
        assert p.group_size >= len(p.parties.all())
        assert p.flag_group == (p.group_size >= 5)
        if p.state == State.CLOSED:
            assert p.closed_at and p.settlement_state in ("settled", "unsettled")
        if p.state == State.REGISTERED:
            assert p.due_at and p.due_at > p.registered_at
    with_court = [p for p in petitions if p.instances.all()]
    assert with_court and all(
        re.match(r"^\(\d{4}\)甘(\d{2,4})?", i.case_number) for p in with_court for i in p.instances.all()
    )
    assert any(p.tags.all() for p in petitions)


@pytest.mark.django_db
def test_timeline_has_registration_events(seeded):
    events = defaultdict(list)
    for e in Event.objects.order_by("at", "id"):
        events[e.petition_id].append(e)
    for p in Petition.objects.all():
        first = events[p.pk][0]
        assert first.action == EventAction.REGISTERED
        assert first.at == p.registered_at
        assert first.actor_id == p.registered_by_id and first.unit_id == p.registered_unit_id
        assert events[p.pk][-1].state_after == p.state
        assert PetitionAccess.objects.filter(
            petition=p, unit_id=p.registered_unit_id, reason="registered"
        ).exists()
    # every petition's timeline is a sealed hash chain, as the services write it
    assert not Event.objects.filter(seq=None).exists()
    report = chain.verify()
    assert report.ok and report.events == Event.objects.count(), [str(p) for p in report.problems]


@pytest.mark.django_db
def test_scope_of_reception_officers(seeded):
    for username, code, other in (("jiefang", "620602", "620621"), ("jiefang2", "620621", "620602")):
        unit = Unit.objects.get(code=f"{code}-reception_center")
        visible = set(visible_petitions(_user(username)).values_list("pk", flat=True))
        granted = set(PetitionAccess.objects.filter(unit=unit).values_list("petition_id", flat=True))
        assert visible and visible == granted
        assert not Petition.objects.filter(pk__in=visible, registered_unit__region_id=other).exists()


@pytest.mark.django_db
def test_scope_of_city_supervisor(seeded):
    visible = set(visible_petitions(_user("duban")).values_list("pk", flat=True))
    wuwei = Petition.objects.filter(problem_region__code__startswith="6206") | Petition.objects.filter(
        residence_region__code__startswith="6206"
    )
    assert set(wuwei.values_list("pk", flat=True)) <= visible
    regions = set(Petition.objects.filter(pk__in=visible).values_list("problem_region_id", flat=True))
    assert {"620602", "620621"} <= regions
    lanzhou_only = Petition.objects.filter(
        problem_region__code__startswith="6201",
        residence_region__code__startswith="6201",
        registered_unit__region__code__startswith="6201",
    )
    assert lanzhou_only.exists()
    assert not lanzhou_only.filter(pk__in=visible).exists()


@pytest.mark.django_db
def test_scope_of_province_leader_lawyer_and_admin(seeded):
    assert visible_petitions(_user("lingdao")).count() == N
    lawyer = _user("lvshi")
    granted = set(
        PetitionAccess.objects.filter(user=lawyer, reason="personal").values_list("petition_id", flat=True)
    )
    assert 3 <= len(granted) <= generator.LAWYER_GRANTS
    assert set(visible_petitions(lawyer).values_list("pk", flat=True)) == granted
    assert visible_petitions(_user("admin")).count() == 0
    # 凉州区政法委: every petition of its district, and those registered by units beneath it
    committee = Unit.objects.get(code="620602-committee")
    subtree = set(committee.subtree().values_list("pk", flat=True))
    seen = list(visible_petitions(_user("baoan")))
    assert seen
    for p in seen:
        assert "620602" in (p.problem_region_id, p.residence_region_id) or p.registered_unit_id in subtree
    district = Petition.objects.filter(problem_region_id="620602").count()
    assert sum(p.problem_region_id == "620602" for p in seen) == district


@pytest.mark.django_db
def test_demo_accounts_log_in_through_the_login_page_with_lockout_on(seeded, client, settings):
    settings.AXES_ENABLED = True
    for username in ("jiefang", "lingdao", "admin"):
        response = client.post("/login/", {"username": username, "password": structure.DEMO_PASSWORD})
        assert response.status_code == 302 and response["Location"] == "/", username
        assert client.get("/").status_code == 200
        client.post("/logout/")


@pytest.mark.django_db
def test_rerun_leaves_province_alone_and_add_continues(seeded, capsys):
    before = Petition.objects.count()
    call_command("seed")
    out = capsys.readouterr().out
    assert "已存在" in out and "jiefang" in out and structure.DEMO_PASSWORD in out
    assert "双因素认证" in out
    assert Petition.objects.count() == before
    counters = {(c.region_code, c.year): c.last for c in RegistrationCounter.objects.all()}
    result = generator.seed(petitions=30, add=True, now=NOW)
    assert result.petitions == 30 and not result.created_structure
    assert Petition.objects.count() == before + 30
    for c in RegistrationCounter.objects.all():
        count = Petition.objects.filter(number__startswith=f"{c.region_code}-{c.year}-").count()
        assert c.last == count >= counters.get((c.region_code, c.year), 0)
    assert Unit.objects.filter(code=structure.ROOT_UNIT_CODE).count() == 1


def test_every_template_fills_from_the_context():
    ctx = {key: f"<{key}>" for key in texts.CONTEXT_KEYS}
    groups = [
        *texts.INTROS.values(),
        texts.GROUP_INTROS,
        texts.REPEAT,
        texts.BEFORE_JUDGMENT,
        texts.TO_BEIJING,
    ]
    groups += [texts.HARDSHIP_SENTENCES, texts.CLOSINGS]
    for topic in texts.TOPICS:
        groups += [topic.titles, topic.demands, topic.background, topic.process, topic.grievance]
        assert topic.titles and topic.demands and topic.background and topic.process and topic.grievance
    for group in groups:
        for template in group:
            assert "{" not in template.format_map(ctx), template
    assert set(texts.INTROS) == set(Channel.values)
    assert {c.code for c in places.COUNTIES} == set(places.COUNTY_WEIGHT)


@pytest.mark.django_db
def test_deadlines_and_markers_follow_the_policy(seeded):
    for p in Petition.objects.filter(state=State.REGISTERED).order_by("?")[:40]:
        due = acceptance_due(p)
        assert (p.due_at, p.warn_at, p.due_kind) == (due.due_at, due.warn_at, DueKind.ACCEPTANCE)
        assert p.screening_outcome == "" and p.closed_at is None
    closed = list(Petition.objects.filter(state=State.CLOSED, screening_outcome="accepted"))
    assert closed
    for p in closed:
        assert p.is_legal
        assert p.registered_at < p.accepted_at < p.replied_at < p.closed_at <= NOW
        assert p.accepted_on_time == (p.accepted_at <= acceptance_due(p).due_at)
        assert p.closed_on_time == p.replied_on_time is not None
        assert p.due_at is None and p.closing_principle
        assert (p.settlement_form != "") == (p.settlement_state == "settled")
        recent = p.closed_at >= NOW - dt.timedelta(days=generator.FULL_DAYS)
        action = "close" if recent else "imported"  # older cases: the outcome as the ledger recorded it
        assert p.handling_unit_id and p.events.filter(action=action, state_after=State.CLOSED).exists()
    for p in Petition.objects.filter(state=State.CLOSED, screening_outcome="diverted"):
        assert p.is_legal and p.accepted_at is None and p.closed_at and p.handling_unit_id  # 导入法律程序
    for p in Petition.objects.filter(state__in=[State.TRANSFERRED_OUT, State.DECLINED]):
        assert p.screening_outcome == ("transferred" if p.state == State.TRANSFERRED_OUT else "declined")
        assert p.closed_at and p.accepted_on_time is not None and p.due_at is None


@pytest.mark.django_db
def test_copy_path_on_postgresql(seeded):
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL only; elsewhere --bulk falls back to bulk_create")
    before = Petition.objects.count()
    result = generator.seed(petitions=40, add=True, bulk=True, now=NOW, batch_size=15)
    assert result.sink == "copy" and Petition.objects.count() == before + 40
    for p in Petition.objects.order_by("-id")[:40]:
        assert p.events.filter(action=EventAction.REGISTERED).exists()
        for person in p.petitioners.all():
            assert validate_id_number(person.id_number)[:6] == person.residence_region_id
    # the id sequences were moved past the explicit ids: ordinary inserts keep working
    highest = Petitioner.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert Petitioner.objects.create(name="李四").pk > highest
    for c in RegistrationCounter.objects.all():
        assert c.last == Petition.objects.filter(number__startswith=f"{c.region_code}-{c.year}-").count()
    assert chain.verify(petition_number=Petition.objects.order_by("-id").first().number).ok  # chains by COPY
