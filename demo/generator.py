"""Generating the demo province: organisation, staff, petitioners and petitions (DOMAIN §1-3, §11).

Deterministic: staff are drawn from ``random.Random(f"{seed}:staff")`` and petitions from
``random.Random(f"{seed}:petitions:{petitions already present}")``, so the same seed gives the same units,
people, numbers and texts (query codes and the ciphertexts of encrypted fields are random by design).
Petitions are generated day by day in registration order from 2021-01-01 (``start``) up to the current hour;
registration numbers follow ``petitions.services`` (``{region}-{year}-{seq:06d}``, sequence per region and year
in registration order) and the ``RegistrationCounter`` rows always hold the last sequence issued, so
registrations made later through the application continue without collision.

Each petition walks the lifecycle (DOMAIN §4) in time, and its state is wherever now falls on that walk
(``PetitionGenerator._outcome``, ``_handle``):

- 甄别 0.2-20 days after registration (mode 3): about half of the petitions inside their 15-day acceptance
  window are still 登记; older ones are all screened but for 1 % of those 15-90 days old (超期未受理).
- Screening: 9 % 转送信访部门, 3 % 不予受理, 3 % 导入法律程序 (the procedure's outcome, recorded 40-120 days later,
  closes it: younger ones are 导入法律程序, with the court or procuratorate as the screening's target), 85 % 受理.
- Accepted: 交办 to the handling unit (received 0-5 days later; at once when the accepting unit keeps it) →
  答复 signed 8-85 days after acceptance (limit 60: some overdue; a draft may wait for the head) → 送达 after
  1-10 days → 回访 after 3-20 → 办结 after 1-15, 76 % 已结已息. So the state is 交办, 办理中, 已答复, 已回访 or 办结.
  2 % of the accepted over 180 days ago are still 办理中 past their deadline (积案, ``is_backlog``).
- 复查/复核: about 4 % of settled and 45 % of unsettled cases see one (``REVIEW_LEVEL``): asked 2-28 days after
  delivery, within the window, at the unit above the one that answered, answered in 10-40 days (limit 30), then
  delivered, followed up and closed again. Unsettled after 复核, half were later 终结 (approved termination);
  cases finished over two years ago were often 归档.

Markers (accepted/replied/closed times and whether on time, settlement state and form, 三到位一处理,
satisfaction, review level, stored deadline) are set exactly as ``handling.services`` sets them. Open cases and
those finished in the last ``FULL_DAYS`` days get the records and events the services would have written
(screening, assignments, replies, follow-ups, review requests, access, one event per step), so people can take
them further in the application; older finished cases keep the markers and one ``imported`` (台账导入) event
stating the outcome (plus ``archive``), which keeps a million petitions cheap.

Rows are produced in batches and written by a *sink*: ``OrmSink`` (``bulk_create``, any database) or
``CopySink`` (PostgreSQL ``COPY`` through psycopg 3, for a million petitions; the next batches are drawn in a
background thread meanwhile). Each batch is one transaction, counters included, so an interrupted run leaves a
consistent database.
"""

import bisect
import datetime as dt
import itertools
import json
import queue
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from core import crypto
from core.validators import id_number_check_char
from deadlines import calendar
from deadlines.models import Step
from deadlines.policy import rule_for
from demo import names, places, structure, texts
from handling.models import (
    ACTIVE_ASSIGNMENT,
    Assignment,
    AssignmentKind,
    AssignmentMode,
    AssignmentStatus,
    DeliveryMethod,
    DeliveryStatus,
    DiversionProcedure,
    FollowUp,
    FollowUpMethod,
    PetitionerOpinion,
    Reply,
    ReplyOutcome,
    ReplyStatus,
    ReviewRequest,
    ReviewStatus,
    Satisfaction,
    Screening,
    ScreeningOutcome,
)
from handling.services import due_kind_of, reply_document_number
from ledger.services import IMPORTED
from organisations.models import Membership, Role, Unit, UnitLevel, UnitType, User
from petitions.chain import seal_rows
from petitions.models import (
    AccessReason,
    AgentKind,
    AnchoredHead,
    Attachment,
    CaseProgress,
    CaseStage,
    Channel,
    ClosingPrinciple,
    CourtInstance,
    DueKind,
    Event,
    EventAction,
    Instance,
    Petition,
    PetitionAccess,
    Petitioner,
    PetitionParty,
    RegistrationCounter,
    RevealLog,
    SettlementForm,
    SettlementState,
    State,
    Tag,
    TimelineAnchor,
)
from petitions.services import REGISTER_ROLES, generate_query_code

demo_accounts = structure.demo_accounts  # the demo log-ins, for the README and ``make run`` to print
DEMO_PASSWORD = structure.DEMO_PASSWORD
DEFAULT_SEED = 2026
DEFAULT_PETITIONS = 2000
BULK_THRESHOLD = 50_000  # from this many petitions on PostgreSQL, COPY is used without asking
START_DATE = dt.date(2021, 1, 1)
LAWYER_GRANTS = 8  # petitions granted personally to the demo lawyer per run
POOL_CAP = 4000  # recent petitioners kept per county as candidates for repeated petitions
FULL_DAYS = 60  # cases finished within this many days keep their full records (they may still go on)
ARCHIVE_AFTER_DAYS = 730  # cases finished this long ago are often archived
FINISHED_STATES = (State.CLOSED, State.TRANSFERRED_OUT, State.DECLINED, State.TERMINATED, State.ARCHIVED)

TZ = ZoneInfo(settings.TIME_ZONE)
PetitionTag = Petition.tags.through

# Registrations fell over the years (the Regulation of 2022, online channels, campaigns clearing backlogs).
YEAR_FACTOR = {2021: 1.0, 2022: 0.86, 2023: 1.08, 2024: 0.93, 2025: 0.8, 2026: 0.72}
# Fewer around the Spring Festival and National Day, more before 两会 in March and before the year's end.
MONTH_FACTOR = (0.85, 0.7, 1.15, 1.0, 1.0, 1.05, 1.0, 0.95, 1.0, 0.85, 1.05, 1.1)
CHANNEL_WEIGHTS = {
    Channel.VISIT: 42.0,
    Channel.LETTER: 16.0,
    Channel.ONLINE: 13.0,
    Channel.PHONE: 8.0,
    Channel.VIDEO: 2.5,
    Channel.SUPERIOR: 7.0,
    Channel.LEADER: 3.0,
    Channel.TRANSFER: 6.0,
}
# Where each channel's petitions get registered: role of the unit relative to the matter → weight.
REGISTRAR_WEIGHTS: dict[str, tuple[tuple[str, float], ...]] = {
    Channel.VISIT: (
        ("county_rc", 50),
        ("orig", 22),
        ("county_committee", 5),
        ("county_pb", 4),
        ("city_rc", 12),
        ("city_committee", 2),
        ("prov_rc", 5),
    ),
    Channel.VIDEO: (("county_rc", 85), ("city_rc", 15)),
    Channel.LETTER: (
        ("orig", 35),
        ("county_committee", 20),
        ("county_rc", 12),
        ("city_committee", 15),
        ("city_rc", 10),
        ("prov_committee", 8),
    ),
    Channel.ONLINE: (
        ("county_rc", 35),
        ("orig", 25),
        ("county_committee", 5),
        ("city_rc", 25),
        ("prov_rc", 10),
    ),
    Channel.PHONE: (("county_rc", 55), ("orig", 45)),
    Channel.SUPERIOR: (("county_committee", 55), ("orig", 35), ("county_rc", 10)),
    Channel.LEADER: (("county_committee", 45), ("city_committee", 25), ("orig", 30)),
    Channel.TRANSFER: (("county_rc", 50), ("county_committee", 25), ("orig", 25)),
}
HOTLINES = {
    "court": "12368诉讼服务热线",
    "procuratorate": "12309检察服务热线",
    "police": "公安信访投诉电话",
    "justice": "12348公共法律服务热线",
}
# (topic, system) combinations whose original case looks different from the topic's default.
OVERRIDES: dict[tuple[str, str], dict] = {
    ("traffic_accident", "police"): {"pattern": "police_traffic", "problem": "police", "category": "other"},
    ("migrant_wages", "police"): {
        "pattern": "police_crim",
        "problem": "police",
        "category": "criminal",
        "crimes": ("拒不支付劳动报酬",),
    },
    ("illegal_fundraising", "court"): {"pattern": "criminal_court", "problem": "enforcement"},
}
MOBILE_PREFIXES = tuple(
    str(n)
    for n in (*range(130, 140), *range(150, 154), *range(155, 160), 173, 177, *range(180, 190), 191, 193, 199)
)


class Picker:
    """Draws one of several values by weight with a single random number (cumulative weights, bisection)."""

    def __init__(self, pairs: Iterable[tuple[object, float]]):
        pairs = list(pairs)
        self.values = [value for value, _ in pairs]
        self.cumulative = list(itertools.accumulate(w for _, w in pairs))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random):
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


def _channel_picker(year: int) -> Picker:
    """Online petitions grow year by year at the expense of visits."""
    share = max(0.0, min(1.0, (year - 2021) / 5))
    shift = {Channel.ONLINE: 8 * share, Channel.VISIT: -6 * share}
    return Picker([(channel, w + shift.get(channel, 0.0)) for channel, w in CHANNEL_WEIGHTS.items()])


PLEDGE_OR_OTHER = Picker([(SettlementForm.WRITTEN_PLEDGE, 55), (SettlementForm.OTHER, 45)])
PRINCIPLE_SETTLED = Picker(
    [
        (ClosingPrinciple.RESOLVED, 38),
        (ClosingPrinciple.EXPLAINED, 40),
        (ClosingPrinciple.HELPED, 15),
        (ClosingPrinciple.DEALT_WITH, 7),
    ]
)
PRINCIPLE_UNSETTLED = Picker([(ClosingPrinciple.EXPLAINED, 80), (ClosingPrinciple.DEALT_WITH, 20)])
SATISFACTION_SETTLED = Picker(
    [(Satisfaction.SATISFIED, 52), (Satisfaction.BASICALLY, 30), (Satisfaction.UNSATISFIED, 6), ("", 12)]
)
SATISFACTION_UNSETTLED = Picker(
    [(Satisfaction.SATISFIED, 5), (Satisfaction.BASICALLY, 22), (Satisfaction.UNSATISFIED, 55), ("", 18)]
)
REVIEW_LEVEL = Picker([(0, 55), (1, 33), (2, 12)])
OUTCOME_SETTLED = Picker([(ReplyOutcome.SUPPORT, 38), (ReplyOutcome.EXPLAIN, 52), (ReplyOutcome.REJECT, 10)])
OUTCOME_UNSETTLED = Picker([(ReplyOutcome.EXPLAIN, 45), (ReplyOutcome.REJECT, 55)])
DELIVERY_METHOD = Picker(
    [
        (DeliveryMethod.IN_PERSON, 55),
        (DeliveryMethod.POST, 25),
        (DeliveryMethod.ELECTRONIC, 15),
        (DeliveryMethod.NOTICE, 5),
    ]
)
FOLLOW_UP_METHOD = Picker([(FollowUpMethod.FACE, 45), (FollowUpMethod.PHONE, 55)])
ONLINE_HOUR = Picker([(h, 0.25 if h < 7 else 1.6 if 19 <= h <= 22 else 1.0) for h in range(24)])
REGISTRAR = {channel: Picker(pairs) for channel, pairs in REGISTRAR_WEIGHTS.items()}
COUNTY = Picker(places.COUNTY_WEIGHT.items())
TOPIC = Picker([(t, t.weight) for t in texts.TOPICS])
SYSTEM = {t.key: Picker(t.systems) for t in texts.TOPICS}


class Clock:
    """Deadlines exactly as ``deadlines.policy.compute_due`` gives them (no extension), with the rules and the
    administrator's calendar overrides read once up front: drawing petitions never touches the database."""

    def __init__(self, systems: Iterable[str], steps: Iterable[str]):
        systems, steps = sorted(systems), list(steps)
        self.rules = {(sy, st): rule_for(sy, st) for sy in systems for st in steps}
        self.overrides = dict(calendar.resolve_overrides(None))
        self.memo: dict[tuple, tuple[dt.datetime, dt.datetime, dt.date]] = {}

    def _day(self, day: dt.date, system: str, step: str) -> tuple[dt.datetime, dt.datetime, dt.date]:
        key = (day, system, step)
        if key not in self.memo:
            rule = self.rules[(system, step)]
            due = calendar.due_date(day, rule.days, rule.counting, self.overrides)
            warn = calendar.warning_date(due, rule.warn_days_before, rule.counting, self.overrides)
            self.memo[key] = (calendar.end_of_day(due), calendar.start_of_day(warn), due)
        return self.memo[key]

    def __call__(
        self, start: dt.datetime, system: str, step: str
    ) -> tuple[dt.datetime, dt.datetime, dt.date]:
        """(due_at, warn_at, due date) of a clock started at ``start``."""
        due_at, warn_at, due = self._day(start.astimezone(TZ).date(), system, step)
        return due_at, max(warn_at, start), due

    def last_day(self, day: dt.date, system: str, step: str) -> dt.date:
        """The last day of a window opened on ``day`` (e.g. 复查 may be asked for until then)."""
        return self._day(day, system, step)[2]


def _date_cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _amount_cn(rng: random.Random, value: int) -> str:
    if value >= 10_000 and rng.random() < 0.55:
        return f"{value / 10_000:.2f}".rstrip("0").rstrip(".") + "万元"
    return f"{value}元"


def _round_amount(value: float) -> int:
    step = 1000 if value >= 100_000 else 100 if value >= 5000 else 10
    return max(step, int(round(value / step)) * step)


# ---------------------------------------------------------------------------------------------------------------
# Batches and sinks


@dataclass
class Batch:
    petitioners: list[dict] = field(default_factory=list)
    petitions: list[dict] = field(default_factory=list)
    parties: list[dict] = field(default_factory=list)
    instances: list[dict] = field(default_factory=list)
    tags: list[dict] = field(default_factory=list)
    access: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    screenings: list[dict] = field(default_factory=list)
    assignments: list[dict] = field(default_factory=list)
    replies: list[dict] = field(default_factory=list)
    follow_ups: list[dict] = field(default_factory=list)
    reviews: list[dict] = field(default_factory=list)
    counters: dict[tuple[str, int], int] = field(default_factory=dict)
    prepared: dict[type[models.Model], list[list]] | None = None  # rows as COPY wants them, see CopySink

    def __len__(self) -> int:
        return len(self.petitions)


# Tables in foreign-key order; the key is the attribute of ``Batch`` holding their rows.
BATCH_TABLES: tuple[tuple[str, type[models.Model]], ...] = (
    ("petitioners", Petitioner),
    ("petitions", Petition),
    ("parties", PetitionParty),
    ("instances", CourtInstance),
    ("tags", PetitionTag),
    ("access", PetitionAccess),
    ("events", Event),
    ("screenings", Screening),
    ("assignments", Assignment),
    ("replies", Reply),
    ("follow_ups", FollowUp),
    ("reviews", ReviewRequest),
)
# rows that others refer to within a batch carry ids drawn by the generator; the database numbers the rest
EXPLICIT_IDS = (Petitioner, Petition, Reply)
ENCRYPTED = {Petitioner: ("id_number", "phone", "address")}


def _save_counters(counters: dict[tuple[str, int], int]) -> None:
    if counters:
        RegistrationCounter.objects.bulk_create(
            [
                RegistrationCounter(region_code=r, year=y, last=last)
                for (r, y), last in sorted(counters.items())
            ],
            update_conflicts=True,
            unique_fields=["region_code", "year"],
            update_fields=["last"],
        )


class OrmSink:
    """Writes batches with ``bulk_create`` (SQLite or PostgreSQL). Creation times are set back to registration
    times afterwards, since ``auto_now_add`` overrides them on insert (events carry their own time)."""

    name = "orm"

    def write(self, batch: Batch) -> None:
        with transaction.atomic():
            for key, model in BATCH_TABLES:
                rows = getattr(batch, key)
                if not rows:
                    continue
                objs = [model(**row) for row in rows]
                model.objects.bulk_create(objs, batch_size=500)
                stamped = [(o, row) for o, row in zip(objs, rows, strict=True) if "created_at" in row]
                if stamped:
                    fields = ["created_at"] + (["updated_at"] if model is Petition else [])
                    for obj, row in stamped:
                        obj.created_at = row["created_at"]
                        if model is Petition:
                            obj.updated_at = row["updated_at"]
                    model.objects.bulk_update([o for o, _ in stamped], fields, batch_size=500)
            _save_counters(batch.counters)

    def finish(self) -> None:
        if connection.vendor == "postgresql":
            _reset_sequences()


class CopySink:
    """Writes batches with PostgreSQL ``COPY … FROM STDIN`` (psycopg 3), one transaction per batch."""

    name = "copy"

    def __init__(self) -> None:
        self.layouts = {}
        for _key, model in BATCH_TABLES:
            cols = []
            for f in model._meta.concrete_fields:
                if f.primary_key and model not in EXPLICIT_IDS:
                    continue  # identity column: the database numbers parties, access rows, events …
                default = None if f.primary_key else f.get_default()
                cols.append((f.attname, f.column, default))
            self.layouts[model] = cols
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")

    def prepare(self, batch: Batch) -> None:
        """Encrypt and lay out the rows (pure Python: runs in the producer thread while the database works)."""
        prepared = {}
        for key, model in BATCH_TABLES:
            layout = self.layouts[model]
            encrypted = ENCRYPTED.get(model, ())
            rows = []
            for row in getattr(batch, key):
                for name in encrypted:
                    row[name] = crypto.encrypt(row[name])
                if model is Event:
                    row["data"] = json.dumps(row["data"], ensure_ascii=False)
                rows.append([row.get(attname, default) for attname, _, default in layout])
            prepared[model] = rows
        batch.prepared = prepared

    def write(self, batch: Batch) -> None:
        if batch.prepared is None:
            self.prepare(batch)
        with transaction.atomic():
            with connection.connection.cursor() as cursor:
                for _key, model in BATCH_TABLES:
                    rows = batch.prepared[model]
                    if rows:
                        columns = ", ".join(f'"{column}"' for _, column, _ in self.layouts[model])
                        with cursor.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as copy:
                            for row in rows:
                                copy.write_row(row)
            _save_counters(batch.counters)

    def finish(self) -> None:
        _reset_sequences()
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")
            tables = ", ".join(f'"{m._meta.db_table}"' for _, m in BATCH_TABLES)
            # statistics (and, outside a transaction, the visibility map) for the queries that follow
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            cursor.execute(f"{command} {tables}")


def prefetched(batches: Iterator[Batch], prepare: Callable[[Batch], None], depth: int = 2) -> Iterator[Batch]:
    """Draw (and prepare) the next batches in a background thread while the caller writes the current one.

    Generation is pure Python and COPY mostly waits on the database server, which releases the GIL, so on two
    cores the two overlap. The thread never touches the database connection.
    """
    done = object()
    slots: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for batch in batches:
                prepare(batch)
                while not stop.is_set():
                    try:
                        slots.put(batch, timeout=0.5)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            slots.put(done)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            slots.put(exc)

    thread = threading.Thread(target=produce, name="demo-seed-producer", daemon=True)
    thread.start()
    try:
        while True:
            item = slots.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join(timeout=5)


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(EXPLICIT_IDS))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


# ---------------------------------------------------------------------------------------------------------------
# The petition generator


@dataclass
class UnitInfo:
    id: int
    code: str
    name: str
    short: str
    level: str
    type: str
    region: str
    registrars: list[int]  # reception, handlers and the head: who registers, receives, delivers, follows up
    heads: list[int]  # unit heads (sign replies, close); the registrars when a unit has none
    intake: list[int]  # reception and the head: who screens (受理, 转送, 不予受理, 导入法律程序) and archives
    handlers: list[int]  # 承办人; the heads when a unit has none
    parent: str | None  # code of the unit above: it handles 复查/复核 of this unit's replies


@dataclass
class Person:
    id: int
    name: str
    gender: str
    birth_year: int
    county: str
    town: str
    addr_short: str
    is_key: bool
    matter: dict | None = None
    row: dict | None = None  # the petitioner record first written; a later petition gets its own copy


class PetitionGenerator:
    """Draws petitions day by day in registration order and hands them to a sink in batches."""

    def __init__(
        self,
        rng: random.Random,
        *,
        count: int,
        now: dt.datetime,
        units: dict[str, UnitInfo],
        tags: dict[str, int],
        lawyer_id: int | None,
        next_petitioner_id: int,
        next_petition_id: int,
        next_reply_id: int,
        reply_numbers: dict[tuple[int, int], int],
        counters: dict[tuple[str, int], int],
        used_codes: set[str],
        used_id_hashes: set[str],
        batch_size: int,
        clock: Clock,
        start: dt.date = START_DATE,
    ):
        self.rng = rng
        self.count = count
        self.now = now
        self.units = units
        self.tags = tags
        self.lawyer_id = lawyer_id
        self.next_petitioner_id = next_petitioner_id
        self.next_petition_id = next_petition_id
        self.next_reply_id = next_reply_id
        self.reply_numbers = reply_numbers  # approved replies per (unit, year): the next 文号 continues them
        self.units_by_id = {u.id: u for u in units.values()}
        self.latest = now - dt.timedelta(hours=1)  # the last moment a generated step may take place
        self.labels = {
            c.value: str(c.label)
            for choices in (
                State,
                SettlementState,
                SettlementForm,
                AssignmentKind,
                DiversionProcedure,
                ReplyOutcome,
                DeliveryMethod,
                DeliveryStatus,
                PetitionerOpinion,
                Satisfaction,
            )
            for c in choices
        }
        self.counters = counters
        self.used_codes = used_codes
        self.used_id_hashes = used_id_hashes
        self.batch_size = batch_size
        self.clock = clock
        self.start = start
        self.pool: dict[str, list[Person]] = {c.code: [] for c in places.COUNTIES}
        wuwei = sum(w for c, w in places.COUNTY_WEIGHT.items() if c.startswith("6206"))
        expected = count * wuwei / sum(places.COUNTY_WEIGHT.values())
        self.lawyer_stride = max(1, int(expected / LAWYER_GRANTS))
        self.lawyer_seen = 0
        self.lawyer_granted = 0
        self.stats = {"petitioners": 0, "parties": 0}

    # -- the calendar ------------------------------------------------------------------------------------------

    def _days(self) -> Iterator[tuple[dt.date, int]]:
        """Days from ``start`` to today with how many petitions each gets (exactly ``count`` in total)."""
        today = self.now.date()
        weights: list[tuple[dt.date, float]] = []
        day = self.start
        while day <= today:
            w = YEAR_FACTOR.get(day.year, 0.7) * MONTH_FACTOR[day.month - 1]
            w *= (1.0 if calendar.is_working_day(day, self.clock.overrides) else 0.22) * self.rng.uniform(
                0.75, 1.25
            )
            if day == today:
                w *= self.now.hour / 24
            weights.append((day, w))
            day += dt.timedelta(days=1)
        total = sum(w for _, w in weights)
        cumulative, issued = 0.0, 0
        for day, w in weights:
            cumulative += w
            target = round(cumulative / total * self.count)
            if target > issued:
                yield day, target - issued
                issued = target

    def _seconds(self, channel: str, latest: int) -> int:
        """Second of the day of a registration: office hours, except online petitions, which come at any hour."""
        rng = self.rng
        if channel == Channel.ONLINE:
            hour = ONLINE_HOUR(rng)
            seconds = hour * 3600 + rng.randrange(3600)
        else:
            morning = rng.random() < 0.58
            seconds = (
                rng.randrange(8 * 3600 + 1800, 12 * 3600)
                if morning
                else rng.randrange(14 * 3600 + 1800, 18 * 3600)
            )
        if latest and seconds > latest:  # today: only up to the current hour
            seconds = rng.randrange(latest + 1)
        return seconds

    def batches(self) -> Iterator[Batch]:
        """The petitions in registration order, ``batch_size`` at a time."""
        batch = Batch()
        today = self.now.date()
        for day, k in self._days():
            pick_channel = _channel_picker(day.year)
            latest = self.now.hour * 3600 - 1 if day == today else 0
            items = []
            for _ in range(k):
                channel = pick_channel(self.rng)
                items.append((self._seconds(channel, latest), channel))
            items.sort()
            for seconds, channel in items:
                at = dt.datetime.combine(
                    day, dt.time(seconds // 3600, seconds // 60 % 60, seconds % 60), tzinfo=TZ
                )
                self._petition(batch, channel, at)
                if len(batch) >= self.batch_size:
                    yield batch
                    batch = Batch()
        if len(batch):
            yield batch

    # -- people ------------------------------------------------------------------------------------------------

    def _new_person(self, batch: Batch, county_code: str, at: dt.datetime, *, gender: str = "") -> Person:
        rng = self.rng
        county = places.COUNTY_BY_CODE[county_code]
        city = places.CITY_BY_CODE[county.city]
        gender = gender or ("M" if rng.random() < 0.61 else "F")
        birth_year = min(2000, max(1940, int(rng.triangular(1940, 2000, 1963))))
        while True:
            birth = dt.date(birth_year, 1, 1) + dt.timedelta(days=rng.randrange(365))
            seq = rng.randrange(0, 500) * 2 + (1 if gender == "M" else 0)
            first17 = f"{county_code}{birth:%Y%m%d}{seq:03d}"
            id_number = first17 + id_number_check_char(first17)
            id_hash = crypto.keyed_hash(id_number)
            if id_hash not in self.used_id_hashes:
                self.used_id_hashes.add(id_hash)
                break
        tibetan = county.ethnic and rng.random() < 0.3
        name = names.person_name(rng, gender, birth.year, tibetan=tibetan)
        town = rng.choice(county.towns)
        number = rng.randint(1, 260)
        if town.endswith("街道"):
            street = rng.choice(city.streets)
            addr_short = f"{county.name}{street}"
            address = f"甘肃省{city.name}{county.name}{street}{number}号"
            if rng.random() < 0.6:
                address += f"{rng.randint(1, 24)}号楼{rng.randint(1, 6)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室"
        else:
            village = rng.choice(places.VILLAGES) + "村"
            addr_short = f"{county.name}{town}{village}"
            address = f"甘肃省{city.name}{county.name}{town}{village}{rng.randint(1, 12)}{rng.choice('组社')}{number}号"
        roll = rng.random()
        if roll < 0.05:
            phone = ""
        elif roll < 0.13:
            phone = f"{city.area_code}-{rng.randint(2, 8)}{rng.randrange(1_000_000):06d}"
        else:
            phone = f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(100_000_000):08d}"
        is_key = rng.random() < 0.03
        pid = self.next_petitioner_id
        self.next_petitioner_id += 1
        row = {
            "id": pid,
            "name": name,
            "gender": gender,
            "id_number": id_number,
            "id_number_hash": id_hash,
            "phone": phone,
            "phone_hash": crypto.keyed_hash(phone),
            "address": address,
            "residence_region_id": county_code,
            "is_key_person": is_key,
            "created_at": at,
        }
        batch.petitioners.append(row)
        self.stats["petitioners"] += 1
        person = Person(pid, name, gender, birth.year, county_code, town, addr_short, is_key, row=dict(row))
        pool = self.pool[county_code]
        for _ in range(3 if is_key else 1):
            if len(pool) < POOL_CAP:
                pool.append(person)
            else:
                pool[rng.randrange(POOL_CAP)] = person
        return person

    def _own_record(self, batch: Batch, person: Person, at: dt.datetime) -> int:
        """A new petitioner record for a person met before, as registration writes one per petition; the pool
        keeps the person (and their matter), so later petitions link to the same identity again."""
        pid = self.next_petitioner_id
        self.next_petitioner_id += 1
        batch.petitioners.append({**person.row, "id": pid, "created_at": at})
        self.stats["petitioners"] += 1
        return pid

    # -- one petition ------------------------------------------------------------------------------------------

    def _petition(self, batch: Batch, channel: str, at: dt.datetime) -> None:
        rng = self.rng
        county_code = COUNTY(rng)
        pool = self.pool[county_code]
        person = pool[rng.randrange(len(pool))] if pool and rng.random() < 0.5 else None
        repeat = person is not None and person.matter is not None and rng.random() < 0.7
        if person is None:
            person = self._new_person(batch, county_code, at)
            record = person.id
        else:  # the same person petitions again: the new petition keeps its own record, linked by the ID hash
            record = self._own_record(batch, person, at)
        if repeat:
            matter = person.matter
        else:
            matter = self._matter(person, at)
            person.matter = matter
        topic = texts.TOPIC_BY_KEY[matter["topic"]]
        problem_county = matter["problem_county"]

        group_size, co_petitioners = 1, []
        if rng.random() < topic.group_rate * 0.3 + 0.012:
            group_size = int(min(180, 5 + rng.expovariate(1 / 14)))
            co_petitioners = [self._new_person(batch, person.county, at) for _ in range(rng.randint(1, 4))]
        elif rng.random() < 0.06:
            spouse = "F" if person.gender == "M" else "M"
            co_petitioners = [self._new_person(batch, person.county, at, gender=spouse)]
        people = [person, *co_petitioners]

        registrar = self._registrar(channel, matter)
        reg_user = rng.choice(registrar.registrars)
        key = (registrar.region, at.year)
        seq = self.counters.get(key, 0) + 1
        self.counters[key] = seq
        batch.counters[key] = seq
        number = f"{registrar.region}-{at.year}-{seq:06d}"
        query_code = generate_query_code()
        while query_code in self.used_codes:
            query_code = generate_query_code()
        self.used_codes.add(query_code)
        petition_id = self.next_petition_id
        self.next_petition_id += 1

        flags = {
            "flag_skip_level": False,
            "flag_to_beijing": False,
            "flag_to_province": False,
            "flag_group": group_size >= 5,
            "flag_repeat": repeat,
            "flag_abnormal": rng.random() < (0.04 if person.is_key else 0.003),
            "flag_key_person": any(p.is_key for p in people),
        }
        in_person = channel in (Channel.VISIT, Channel.VIDEO)
        if registrar.level == UnitLevel.CITY and matter["orig_level"] == UnitLevel.COUNTY and in_person:
            flags["flag_skip_level"] = rng.random() < 0.7
        elif registrar.level == UnitLevel.PROVINCE and matter["orig_level"] != UnitLevel.PROVINCE:
            flags["flag_skip_level"] = True
            flags["flag_to_province"] = channel == Channel.VISIT
        if rng.random() < (0.03 if person.is_key or repeat else 0.003):
            flags["flag_to_beijing"] = True

        ctx = self._context(matter, person, registrar, channel, at, group_size)
        title, demands, facts = self._texts(topic, matter, ctx, channel, repeat, flags, group_size)

        walk = self._outcome(at, matter, registrar, number, demands, person.name)
        state = walk.state
        agent_kind, agent_name, agent_org = "", "", ""
        lawyer_grant = False
        if self.lawyer_id and problem_county.startswith("6206"):
            self.lawyer_seen += 1
            if (
                self.lawyer_seen % self.lawyer_stride == self.lawyer_stride // 2
                and self.lawyer_granted < LAWYER_GRANTS
            ):
                lawyer_grant = True
                self.lawyer_granted += 1
                account = next(a for a in structure.DEMO_ACCOUNTS if a.username == structure.LAWYER_USERNAME)
                agent_kind, agent_name, agent_org = AgentKind.LAWYER, account.full_name, "甘肃明德律师事务所"
        if not agent_kind:
            roll = rng.random()
            if roll < 0.06:
                agent_kind, agent_name, agent_org = AgentKind.LAWYER, ctx["lawyer"], ctx["law_firm"]
            elif roll < 0.14:
                agent_kind, agent_name = (
                    AgentKind.RELATIVE,
                    names.surname(rng) + rng.choice("明华军平英兰强红"),
                )
            elif roll < 0.17:
                agent_kind, agent_name = AgentKind.AGENT, names.random_person_name(rng)
                agent_org = f"{places.COUNTY_BY_CODE[person.county].name}{person.town}综治中心"

        tag_ids = [self.tags[name] for name, p in matter["tags"] if rng.random() < p]
        if rng.random() < 0.03:
            tag_ids.append(self.tags[rng.choice(texts.EXTRA_TAGS)])
        progress = matter["progress"]
        if state == State.CLOSED and matter["category_court"]:
            settled = walk.fields["settlement_state"] == SettlementState.SETTLED
            progress = CaseProgress.SETTLED if settled else CaseProgress.ENDED

        batch.petitions.append(
            {
                "id": petition_id,
                "number": number,
                "query_code": query_code,
                "submission_key": None,
                "channel": channel,
                "registered_at": at,
                "registered_unit_id": registrar.id,
                "registered_by_id": reg_user,
                "group_size": max(group_size, len(people)),
                "agent_kind": agent_kind,
                "agent_name": agent_name,
                "agent_org": agent_org,
                "problem_region_id": problem_county,
                "residence_region_id": person.county,
                "orig_unit_id": matter["orig_unit"],
                "orig_unit_name": matter["orig_name"],
                "case_number": matter["case_number"],
                "case_category": matter["category"],
                "case_stage": matter["stage"],
                "cause_of_action": matter["cause"],
                "case_progress": progress,
                "petitioned_before_judgment": matter["before_judgment"],
                "title": title[:200],
                "demands": demands,
                "facts": facts,
                **flags,
                "responsible_system": matter["system"],
                "problem_category": matter["problem"],
                "supervision_level": "",
                "related_to_id": matter["last_petition"] if repeat else None,
                **walk.fields,  # state, markers, deadline, version, updated_at
                "created_at": at,
            }
        )
        for position, p in enumerate(people):
            batch.parties.append(
                {
                    "petition_id": petition_id,
                    "petitioner_id": record if position == 0 else p.id,
                    "is_representative": group_size >= 5,
                    "position": position,
                }
            )
        self.stats["parties"] += len(people)
        for instance, case_number, court_name, judge in matter["instances"]:
            batch.instances.append(
                {
                    "petition_id": petition_id,
                    "instance": instance,
                    "case_number": case_number,
                    "court_name": court_name,
                    "judge": judge,
                }
            )
        for tag_id in dict.fromkeys(tag_ids):
            batch.tags.append({"petition_id": petition_id, "tag_id": tag_id})
        batch.access.append(
            {
                "petition_id": petition_id,
                "unit_id": registrar.id,
                "reason": AccessReason.REGISTERED,
                "created_at": at,
            }
        )
        batch.access.extend(walk.access)
        if lawyer_grant:
            batch.access.append(
                {
                    "petition_id": petition_id,
                    "user_id": self.lawyer_id,
                    "reason": AccessReason.PERSONAL,
                    "created_at": at,
                }
            )
        events = [
            {
                "petition_id": petition_id,
                "action": EventAction.REGISTERED,
                "actor_id": reg_user,
                "unit_id": registrar.id,
                "at": at,
                "note": "",
                "data": {"number": number, "channel": channel, "petitioners": len(people)},
                "state_before": "",
                "state_after": State.REGISTERED,
            },
            *walk.events,
        ]
        batch.events.extend(seal_rows(events))  # the petition's hash chain, as the services would seal it
        batch.screenings.extend(walk.screenings)
        batch.assignments.extend(walk.assignments)
        batch.replies.extend(walk.replies)
        batch.follow_ups.extend(walk.follow_ups)
        batch.reviews.extend(walk.reviews)

        matter["last_petition"] = petition_id
        matter["last_date"] = at.date()
        matter["last_unit"] = registrar.short

    def _closing_note(self, state: str, outcome: dict, unit: UnitInfo, matter: dict) -> str:
        finished = outcome["terminated_at"] or outcome["closed_at"]
        day = _date_cn(finished.astimezone(TZ).date())
        if state == State.TRANSFERRED_OUT:
            bureau = self.units[structure.unit_code(matter["problem_county"], UnitType.PETITION_BUREAU)].name
            return f"历史台账导入：经甄别属普通信访事项，已于{day}转送{bureau}办理，并告知信访人。"
        if state == State.DECLINED:
            return f"历史台账导入：该事项已经法定程序处理完毕，{day}作出不予受理决定并书面告知信访人。"
        if outcome["screening_outcome"] == ScreeningOutcome.DIVERTED:
            result = (
                "信访人息诉罢访" if outcome["settlement_state"] == SettlementState.SETTLED else "信访人仍不服"
            )
            return f"历史台账导入：该事项已导入法律程序，{day}登记程序结果并办结，{result}。"
        replied = _date_cn(outcome["replied_at"].astimezone(TZ).date())
        principle = ClosingPrinciple(outcome["closing_principle"]).label
        if state == State.TERMINATED:
            closed = _date_cn(outcome["closed_at"].astimezone(TZ).date())
            return (
                f"历史台账导入：{unit.short}于{replied}作出答复，经复查、复核于{closed}办结（{principle}），"
                f"{day}经审核批准依法终结。"
            )
        if outcome["settlement_state"] == SettlementState.SETTLED:
            result = (
                "信访人书面保证息诉罢访"
                if outcome["settlement_form"] == SettlementForm.WRITTEN_PLEDGE
                else "信访人息诉罢访"
            )
        else:
            result = "信访人对处理意见仍不满意"
        reviewed = {1: "，经复查", 2: "，经复查、复核"}.get(outcome["review_level"], "")
        return (
            f"历史台账导入：{unit.short}于{replied}作出答复{reviewed}，{day}办结（{principle}），{result}。"
        )

    # -- the lifecycle -----------------------------------------------------------------------------------------

    def _outcome(
        self, at: dt.datetime, matter: dict, registrar: UnitInfo, number: str, claim: str, name: str
    ) -> "Walk":
        """The petition's way through the lifecycle up to now, step by step as the services take it.

        Screening comes 0.2-20 days after registration (mode 3 days), so about half of the petitions still in
        their 15-day acceptance window are registered; beyond it only a backlog of 1 % of those 15-90 days old
        (超期未受理). Screened: 9 % 转送信访部门, 3 % 不予受理, 3 % 导入法律程序 (the procedure's outcome after 40-120
        days closes it), 85 % 受理 — and accepted cases walk on in ``_handle``.
        """
        rng = self.rng
        w = Walk(self, at, matter, registrar)
        w.number = number
        w.text = {"name": name, "orig": matter["orig_name"], "case_no": matter["case_number"] or "原案"}
        w.claim = claim
        age = (self.now - at).total_seconds() / 86400
        if 15 < age <= 90 and rng.random() < 0.01:
            return w.finish()
        delay = rng.triangular(0.2, 20, 3)
        if delay > age - 1 / 24:
            if self.latest <= w.acceptance_due:
                return w.finish()
            delay = rng.uniform(0.2, age - 1 / 24)
        t = self._office(at + dt.timedelta(days=delay))
        if t > self.latest:
            return w.finish()
        roll = rng.random()
        if roll < 0.09:
            self._screen_out(w, t, transferred=True)
        elif roll < 0.12:
            self._screen_out(w, t, transferred=False)
        elif roll < 0.15:
            self._divert(w, t)
        else:
            self._handle(w, t)
        return w.finish()

    def _office(self, t: dt.datetime) -> dt.datetime:
        """``t``, or when it falls outside office hours the next office hours (08:30-17:30)."""
        if 8 <= t.hour < 18:
            return t
        day = t.date() + dt.timedelta(days=1 if t.hour >= 18 else 0)
        opening = dt.datetime.combine(day, dt.time(8, 30), tzinfo=TZ)
        return opening + dt.timedelta(seconds=self.rng.randrange(9 * 3600))

    def _later(self, w: "Walk", start: dt.datetime, days: float) -> dt.datetime:
        """A step ``days`` after ``start``, in office hours, after the walk's previous step."""
        return self._office(max(start + dt.timedelta(days=days), w.last + dt.timedelta(minutes=7)))

    def _screen_out(self, w: "Walk", t: dt.datetime, *, transferred: bool) -> None:
        """转送信访部门 (ordinary petition) or 不予受理, as ``petition_transfer_out`` / ``petition_decline``."""
        rng = self.rng
        actor = rng.choice(w.registrar.intake)
        w.fields["accepted_on_time"] = t <= w.acceptance_due
        w.fields["closed_at"] = t
        if transferred:
            bureau = self.units[structure.unit_code(w.matter["problem_county"], UnitType.PETITION_BUREAU)]
            reason = rng.choice(texts.TRANSFER_REASONS).format_map(w.text)
            notice = texts.TRANSFER_NOTICE.format(bureau=bureau.name)
            w.fields.update(is_legal=False, screening_outcome=ScreeningOutcome.TRANSFERRED)
            w.screening(ScreeningOutcome.TRANSFERRED, False, actor, t, reason, notice, bureau)
            w.step(
                "transfer_out",
                t,
                actor,
                w.registrar,
                State.TRANSFERRED_OUT,
                notice,
                {"to_unit": bureau.name, "reason": reason},
            )
        else:
            reason = rng.choice(texts.DECLINE_REASONS)
            w.fields["screening_outcome"] = ScreeningOutcome.DECLINED
            w.screening(ScreeningOutcome.DECLINED, True, actor, t, reason, texts.DECLINE_NOTICE)
            w.step("decline", t, actor, w.registrar, State.DECLINED, reason, {"notice": texts.DECLINE_NOTICE})

    def _divert(self, w: "Walk", t: dt.datetime) -> None:
        """导入法律程序 (``petition_divert``): 上诉/申请再审 at the court above, 申诉/控告 at the procuratorate,
        复议 above a justice bureau; the procedure's outcome is recorded after 40-120 days (``CLOSED``)."""
        rng, matter = self.rng, w.matter
        orig = self.units[matter["orig_code"]]
        above = self.units.get(orig.parent or "")
        system = matter["system"]
        if system == UnitType.COURT:
            appeal = matter["stage"] in (CaseStage.FIRST, CaseStage.SECOND)
            procedure = DiversionProcedure.APPEAL if appeal else DiversionProcedure.RETRIAL
            target = above if above is not None and above.type == UnitType.COURT else orig
        elif system == UnitType.JUSTICE:
            procedure = DiversionProcedure.RECONSIDERATION
            target = above if above is not None and above.type == UnitType.JUSTICE else orig
        else:
            procedure = (
                DiversionProcedure.ACCUSATION if system == UnitType.POLICE else DiversionProcedure.COMPLAINT
            )
            target = self.units[structure.unit_code(matter["problem_county"], UnitType.PROCURATORATE)]
        label = self.labels[procedure]
        reason = texts.DIVERT_REASONS[procedure].format_map(w.text)
        notice = texts.DIVERT_NOTICE.format(procedure=label, target=target.name)
        actor = rng.choice(w.registrar.intake)
        screening = w.screening(
            ScreeningOutcome.DIVERTED, True, actor, t, reason, notice, target, procedure=procedure
        )
        w.grant(target, AccessReason.HANDLING, t)
        w.fields.update(
            is_legal=True,
            handling_unit_id=target.id,
            screening_outcome=ScreeningOutcome.DIVERTED,
            accepted_on_time=t <= w.acceptance_due,
        )
        w.handled_by.append(target)
        w.step(
            "divert",
            t,
            actor,
            w.registrar,
            State.DIVERTED,
            reason,
            {"procedure": label, "to_unit": target.name, "notice": notice},
        )
        done = self._later(w, t, rng.uniform(40, 120))
        if done > self.latest:
            return
        settled = rng.random() < 0.55
        outcome = rng.choice(texts.DIVERSION_OUTCOMES[settled]).format(target=target.name)
        screening.update(outcome_note=outcome, outcome_at=done)
        w.fields.update(
            closed_at=done,
            settlement_state=SettlementState.SETTLED if settled else SettlementState.UNSETTLED,
            settlement_form=SettlementForm.OTHER if settled else "",
        )
        actor = rng.choice(w.registrar.registrars)
        w.step(
            "record_diversion_outcome", done, actor, w.registrar, State.CLOSED, outcome, {"settled": settled}
        )

    def _handle(self, w: "Walk", t: dt.datetime) -> None:
        """受理 and on: 交办 to the handling unit → 签收 (0-5 days) → 答复 signed 8-85 days after acceptance (the
        limit is 60) → 送达 (1-10 days) → 回访 (3-20 days) → 办结 (1-15 days); 复查 and 复核 (asked within 30
        days of delivery, answered by the unit above within 10-40 days) walk the same way from their request.
        Whether the case ends settled (76 %) and how many reviews it sees (``REVIEW_LEVEL``) is drawn up front;
        2 % of those accepted over 180 days ago stay in handling (积案). Old cases closed unsettled after 复核
        were often terminated; cases finished over two years ago often archived."""
        rng, matter = self.rng, w.matter
        system = matter["system"]
        unit = self.units[matter["handler_code"]]
        settled = rng.random() < 0.76
        final_level = 0 if settled and rng.random() < 0.92 else REVIEW_LEVEL(rng)
        backlog = (self.now - t).days > 180 and rng.random() < 0.02
        actor = rng.choice(w.registrar.intake)
        instructions = rng.choice(texts.INSTRUCTIONS)
        w.fields.update(
            is_legal=True,
            accepted_at=t,
            screening_outcome=ScreeningOutcome.ACCEPTED,
            accepted_on_time=t <= w.acceptance_due,
            handling_unit_id=unit.id,
        )
        w.screening(
            ScreeningOutcome.ACCEPTED,
            True,
            actor,
            t,
            "",
            f"您反映的事项已依法受理，承办单位为{unit.name}。",
            unit,
        )
        assignment = w.assign(unit, AssignmentKind.LEAD, instructions, actor, w.registrar, t)
        w.first_lead_due = assignment["due_at"]
        self_handled = unit.id == w.registrar.id
        if self_handled:  # the accepting unit keeps the case (first-handler rule): received at once
            w.receive(assignment, actor, t, None)
        w.step(
            "accept",
            t,
            actor,
            w.registrar,
            State.IN_PROGRESS if self_handled else State.ASSIGNED,
            instructions,
            {"handling_unit": unit.name, "deadline": assignment["deadline"].isoformat(), "dual": False},
        )
        level, start, received = 0, t, self_handled
        while True:
            if not received:
                at = self._later(w, start, rng.triangular(0.1, 5, 1))
                if at > self.latest:
                    return
                handler = rng.choice(unit.handlers)
                w.receive(assignment, rng.choice(unit.registrars), at, handler)
            if backlog:  # 积案: still in handling long past its deadline
                w.fields["is_backlog"] = True
                return
            final = level == final_level
            outcome = (OUTCOME_SETTLED if settled and final else OUTCOME_UNSETTLED)(rng)
            if not self._reply(w, unit, assignment, level, start, outcome):
                return
            delivered = self._later(w, w.last, rng.uniform(1, 10))
            if delivered > self.latest:
                return
            self._deliver(w, unit, delivered, settled and final)
            above = None if final else self.units.get(unit.parent or "")
            if above is None:  # the last answer (or nobody above to review it): follow-up and closure
                self._conclude(w, unit, settled)
                return
            step = Step.REVIEW_REQUEST if level == 0 else Step.REREVIEW_REQUEST
            last_day = self.clock.last_day(delivered.date(), system, step)
            requested_on = min(delivered.date() + dt.timedelta(days=rng.randint(2, 28)), last_day)
            asked = self._office(
                max(
                    dt.datetime.combine(requested_on, dt.time(9), tzinfo=TZ)
                    + dt.timedelta(hours=rng.uniform(0, 30)),
                    w.last + dt.timedelta(minutes=7),
                )
            )
            # what happened before the petitioner came back: a follow-up, perhaps even the closure
            visited = self._later(w, delivered, rng.uniform(3, 20))
            if visited < asked and visited <= self.latest:
                self._follow_up(w, unit, visited, False)
                closed = self._later(w, visited, rng.uniform(1, 15))
                if closed < asked and closed <= self.latest:
                    self._close(w, unit, closed, False)
            if asked > self.latest:
                return
            level += 1
            reason = rng.choice(texts.REVIEW_REASONS if level == 1 else texts.REREVIEW_REASONS)
            actor = rng.choice(unit.registrars)
            reply_id = len(w.replies) - 1
            kind = AssignmentKind.REVIEW if level == 1 else AssignmentKind.REREVIEW
            assignment = w.assign(above, kind, reason, actor, unit, asked)
            w.reviews.append(
                {
                    "petition_id": w.petition_id,
                    "level": level,
                    "of_reply_id": reply_id,
                    "requested_on": requested_on,
                    "reason": reason,
                    "reviewing_unit_id": above.id,
                    "recorded_by_id": actor,
                    "recorded_at": asked,
                    "hearing_days": 0,
                    "status": ReviewStatus.OPEN,
                    "decision_id": None,
                }
            )
            w.fields["handling_unit_id"] = above.id
            if w.state == State.CLOSED:
                w.fields.update(settlement_state=SettlementState.OPEN, closed_at=None)
            w.step(
                "request_review" if level == 1 else "request_rereview",
                asked,
                actor,
                unit,
                State.UNDER_REVIEW if level == 1 else State.UNDER_REREVIEW,
                reason,
                {"level": level, "reviewing_unit": above.name, "requested_on": requested_on.isoformat()},
            )
            unit, start, received = above, asked, False

    def _reply(self, w: "Walk", unit: UnitInfo, assignment: dict, level: int, start, outcome: str) -> bool:
        """拟写 and 签发 of the level's 意见书 (``petition_draft_reply``, ``petition_decide_reply``); False when
        now falls before the signing (a draft may be waiting for the head)."""
        rng = self.rng
        span = rng.triangular(8, 85, 38) if level == 0 else rng.triangular(10, 40, 24)
        signed = self._later(w, start, span)
        drafted = max(signed - dt.timedelta(days=rng.uniform(0.2, 4)), w.last + dt.timedelta(minutes=5))
        if drafted >= signed:
            drafted = w.last + (signed - w.last) / 2
        if drafted > self.latest:
            return False
        drafter = assignment["handler_id"] or rng.choice(unit.handlers)
        reply = {
            "id": None,  # numbered in ``Walk.finish`` when the records are kept, as the 文号
            "petition_id": w.petition_id,
            "level": level,
            "unit_id": unit.id,
            "claim": w.claim,
            "facts_reasons": rng.choice(texts.REPLY_FACTS[outcome]).format_map(w.text),
            "decision": rng.choice(texts.REPLY_DECISIONS[outcome]).format_map(w.text),
            "legal_basis": rng.choice(texts.LEGAL_BASIS[w.matter["system"]]),
            "outcome": outcome,
            "status": ReplyStatus.DRAFT,
            "drafted_by_id": drafter,
            "drafted_at": drafted,
            "approved_by_id": None,
            "approved_at": None,
            "document_number": "",
            "document_id": None,
            "delivery_method": "",
            "delivery_status": "",
            "delivered_on": None,
            "opinion": "",
            "imported": False,
        }
        w.replies.append(reply)
        state = w.state
        w.step(
            "draft_reply",
            drafted,
            drafter,
            unit,
            state,
            "",
            {"outcome": self.labels[outcome], "level": level},
        )
        if signed > self.latest:
            return False
        head = rng.choice(unit.heads)
        reply.update(status=ReplyStatus.APPROVED, approved_by_id=head, approved_at=signed)
        for a in w.assignments:
            if a["status"] in ACTIVE_ASSIGNMENT:
                a.update(status=AssignmentStatus.COMPLETED, reported_at=signed)
        for r in w.reviews:
            if r["status"] == ReviewStatus.OPEN:
                r.update(status=ReviewStatus.DECIDED, decision_id=len(w.replies) - 1)
        if w.fields["replied_at"] is None:
            w.fields.update(replied_at=signed, replied_on_time=signed <= w.first_lead_due)
        w.fields["review_level"] = max(w.fields["review_level"], level)
        data = {"document_number": "", "outcome": self.labels[outcome], "level": level}
        w.signed.append((reply, unit, data))
        w.step("decide_reply", signed, head, unit, State.REPLIED, "", data)
        return True

    def _deliver(self, w: "Walk", unit: UnitInfo, at: dt.datetime, content: bool) -> None:
        """送达 (``petition_record_delivery``) of the latest reply, with the petitioner's opinion."""
        rng = self.rng
        method = DELIVERY_METHOD(rng)
        status = DeliveryStatus.REFUSED if not content and rng.random() < 0.12 else DeliveryStatus.SIGNED
        if content:
            opinion = PetitionerOpinion.AGREE if rng.random() < 0.8 else PetitionerOpinion.NONE
        else:
            opinion = PetitionerOpinion.DISAGREE if rng.random() < 0.75 else PetitionerOpinion.NONE
        day = at.date()
        w.replies[-1].update(
            delivery_method=method, delivery_status=status, delivered_on=day, opinion=opinion
        )
        w.step(
            "record_delivery",
            at,
            rng.choice(unit.registrars),
            unit,
            State.REPLIED,
            "",
            {
                "method": self.labels[method],
                "status": self.labels[status],
                "delivered_on": day.isoformat(),
                "opinion": self.labels[opinion],
            },
        )

    def _follow_up(
        self, w: "Walk", unit: UnitInfo, at: dt.datetime, settled: bool, satisfaction: str = ""
    ) -> None:
        """回访 (``petition_follow_up``): satisfaction with the receiving office and the responsible unit."""
        rng = self.rng
        satisfaction = satisfaction or (
            Satisfaction.BASICALLY if rng.random() < 0.25 else Satisfaction.UNSATISFIED
        )
        office = satisfaction if rng.random() < 0.7 else Satisfaction.BASICALLY
        unhappy = Satisfaction.UNSATISFIED in (office, satisfaction)
        note = rng.choice(texts.FOLLOW_UP_NOTES)
        actor = rng.choice(unit.registrars)
        w.follow_ups.append(
            {
                "petition_id": w.petition_id,
                "reply_id": len(w.replies) - 1,  # replies are referred to by position until numbered
                "method": FOLLOW_UP_METHOD(rng),
                "visited_on": at.date(),
                "informed": True,
                "received": w.replies[-1]["delivery_status"] == DeliveryStatus.SIGNED,
                "carried_out": settled or rng.random() < 0.5,
                "satisfaction_office": office,
                "satisfaction_unit": satisfaction,
                "unsatisfied_reason": rng.choice(texts.UNSATISFIED_REASONS) if unhappy else "",
                "note": note,
                "by_id": actor,
                "unit_id": unit.id,
                "at": at,
            }
        )
        w.fields["satisfaction"] = satisfaction
        w.step(
            "follow_up",
            at,
            actor,
            unit,
            State.FOLLOWED_UP,
            note,
            {"satisfaction_office": self.labels[office], "satisfaction_unit": self.labels[satisfaction]},
        )

    def _close(self, w: "Walk", unit: UnitInfo, at: dt.datetime, settled: bool) -> None:
        """办结 (``petition_close``): 已结已息 with its form, or 已结未息, and which of 三到位一处理 applied."""
        rng = self.rng
        form = PLEDGE_OR_OTHER(rng) if settled else ""
        state = SettlementState.SETTLED if settled else SettlementState.UNSETTLED
        w.fields.update(
            settlement_state=state,
            settlement_form=form,
            closing_principle=(PRINCIPLE_SETTLED if settled else PRINCIPLE_UNSETTLED)(rng),
            closed_at=at,
            closed_on_time=w.fields["replied_on_time"],  # the first reply against the first lead's deadline
        )
        w.step(
            "close",
            at,
            rng.choice(unit.heads),
            unit,
            State.CLOSED,
            rng.choice(texts.CLOSE_NOTES),
            {"settlement": self.labels[state], "form": self.labels.get(form, "")},
        )

    def _conclude(self, w: "Walk", unit: UnitInfo, settled: bool) -> None:
        """After the last answer: 回访, 办结, and for old cases 依法终结 or 归档 (markers only, see ``Walk``)."""
        rng = self.rng
        satisfaction = (SATISFACTION_SETTLED if settled else SATISFACTION_UNSETTLED)(rng)
        visited = self._later(w, w.last, rng.uniform(3, 20))
        if visited > self.latest:
            return
        w.unrated = satisfaction == ""  # not rated: kept so for old cases taken over from the ledger
        self._follow_up(w, unit, visited, settled, satisfaction or Satisfaction.BASICALLY)
        closed = self._later(w, visited, rng.uniform(1, 15))
        if closed > self.latest:
            return
        self._close(w, unit, closed, settled)
        old = self.now - dt.timedelta(days=FULL_DAYS)
        if not settled and w.fields["review_level"] == 2 and rng.random() < 0.5:
            terminated = self._later(w, closed, rng.uniform(30, 200))
            if terminated <= old:  # approved by the province (``petition_approve_termination``)
                w.fields.update(
                    terminated_at=terminated,
                    settlement_state=SettlementState.SETTLED,
                    settlement_form=SettlementForm.APPROVED_TERMINATION,
                )
                w.step("approve_termination", terminated, None, None, State.TERMINATED)

    def _registrar(self, channel: str, matter: dict) -> UnitInfo:
        county = matter["problem_county"]
        city = places.COUNTY_BY_CODE[county].city
        where = REGISTRAR[channel](self.rng)
        code = {
            "orig": matter["orig_code"],
            "county_rc": structure.unit_code(county, UnitType.RECEPTION_CENTER),
            "county_committee": structure.unit_code(county, UnitType.COMMITTEE),
            "county_pb": structure.unit_code(county, UnitType.PETITION_BUREAU),
            "city_rc": structure.unit_code(city, UnitType.RECEPTION_CENTER),
            "city_committee": structure.unit_code(city, UnitType.COMMITTEE),
            "prov_rc": structure.unit_code(places.PROVINCE_CODE, UnitType.RECEPTION_CENTER),
            "prov_committee": structure.unit_code(places.PROVINCE_CODE, UnitType.COMMITTEE),
        }[where]
        return self.units[code]

    # -- the matter: topic, original case, courts --------------------------------------------------------------

    def _matter(self, person: Person, at: dt.datetime) -> dict:
        rng = self.rng
        topic = TOPIC(rng)
        system = SYSTEM[topic.key](rng)
        override = OVERRIDES.get((topic.key, system), {})
        pattern = override.get("pattern", topic.pattern)
        crimes = override.get("crimes", topic.crimes) or ("故意伤害",)
        roll = rng.random()
        if roll < 0.92:
            problem_county = person.county
        else:
            same_city = [
                c.code for c in places.COUNTIES if c.city == places.COUNTY_BY_CODE[person.county].city
            ]
            problem_county = rng.choice(same_city if roll < 0.97 else [c.code for c in places.COUNTIES])
        county = places.COUNTY_BY_CODE[problem_county]
        city = places.CITY_BY_CODE[county.city]

        # four dates of the original case, in order, between six years and a week before registration
        reg_day = at.date()
        span = rng.randint(200, 2200)
        points = sorted(rng.randint(7, span) for _ in range(4))
        dates = [reg_day - dt.timedelta(days=d) for d in reversed(points)]
        lo, hi = topic.amount
        amount = _round_amount(rng.uniform(lo, hi) if rng.random() < 0.7 else rng.uniform(lo, (lo + hi) / 2))
        amount2 = _round_amount(amount * rng.uniform(0.05, 0.45))

        basic = structure.unit_code(county.code, UnitType.COURT)
        mid = structure.unit_code(city.code, UnitType.COURT)
        high = structure.unit_code(places.PROVINCE_CODE, UnitType.COURT)
        court_code = {basic: f"甘{county.code[2:]}", mid: city.court_code, high: places.PROVINCE_ABBR}

        def court_no(court: str, kind: str, day: dt.date, top: int) -> str:
            return f"({day.year}){court_code[court]}{kind}{rng.randint(1, top)}号"

        def doc_no(prefix: str, day: dt.date, top: int = 900) -> str:
            return f"{prefix}〔{day.year}〕{rng.randint(1, top)}号"

        judges = [names.random_person_name(rng) for _ in range(3)]
        instances: list[tuple[str, str, str, str]] = []
        case1 = case2 = case3 = case_number = ""
        stage, progress, before_judgment = "", "", False
        orig = basic
        crime = rng.choice(crimes)
        cause = rng.choice(topic.causes) if topic.causes else ""

        if pattern == "civil2":
            case1 = court_no(basic, "民初", dates[0], 9000)
            case2 = court_no(mid, "民终", dates[1], 3000)
            case3 = court_no(high, "民申", dates[2], 6000)
            instances = [(Instance.FIRST, case1, basic, judges[0]), (Instance.SECOND, case2, mid, judges[1])]
            if rng.random() < 0.35:
                instances.append((Instance.RETRIAL, case3, high, judges[2]))
                stage = CaseStage.RETRIAL if rng.random() < 0.3 else CaseStage.EFFECTIVE
                progress = CaseProgress.PROPOSED_RETRIAL if stage == CaseStage.RETRIAL else ""
            else:
                stage = CaseStage.EFFECTIVE if rng.random() < 0.75 else CaseStage.SECOND
            orig, case_number = (mid, case2) if rng.random() < 0.8 else (basic, case1)
        elif pattern == "civil1":
            case1 = court_no(basic, "民初", dates[0], 9000)
            case2, case3 = court_no(mid, "民终", dates[2], 3000), court_no(high, "民申", dates[3], 6000)
            instances = [(Instance.FIRST, case1, basic, judges[0])]
            stage, progress, case_number = CaseStage.FIRST, CaseProgress.TRIAL, case1
            before_judgment = rng.random() < topic.before_judgment_rate
        elif pattern == "enforce":
            case1 = court_no(basic, "民初", dates[0], 9000)
            case2 = court_no(mid, "民终", dates[1], 3000)
            instances = [(Instance.FIRST, case1, basic, judges[0])]
            if rng.random() < 0.3:
                instances.append((Instance.SECOND, case2, mid, judges[1]))
            enforcing = mid if rng.random() < 0.1 else basic
            case_number = court_no(enforcing, rng.choice(("执", "执", "执", "执恢")), dates[1], 7000)
            case3 = court_no(enforcing, "执异", dates[2], 400)
            orig, stage = enforcing, CaseStage.ENFORCEMENT
        elif pattern == "criminal_court":
            crime = crime if crime.endswith("罪") else crime + "罪"
            case1 = court_no(basic, "刑初", dates[1], 900)
            case2 = court_no(mid, "刑终", dates[2], 500)
            case3 = court_no(mid if rng.random() < 0.6 else high, "刑申", dates[3], 200)
            instances = [(Instance.FIRST, case1, basic, judges[0])]
            orig, case_number, stage = basic, case1, CaseStage.EFFECTIVE
            if rng.random() < 0.6:
                instances.append((Instance.SECOND, case2, mid, judges[1]))
                orig, case_number = mid, case2
        elif pattern == "admin":
            case1 = court_no(basic, "行初", dates[0], 300)
            case2 = court_no(mid, "行初", dates[1], 400)
            case3 = court_no(high, "行终", dates[2], 1500)
            instances = [(Instance.FIRST, case2, mid, judges[1])]
            orig, case_number, stage = mid, case2, CaseStage.EFFECTIVE
            if rng.random() < 0.5:
                instances.append((Instance.SECOND, case3, high, judges[2]))
                orig, case_number = high, case3
        elif pattern == "proc_civil":
            case1 = court_no(basic, "民初", dates[0], 9000)
            case2 = court_no(mid, "民终", dates[1], 3000)
            case3 = court_no(high, "民申", dates[2], 6000)
            instances = [
                (Instance.FIRST, case1, basic, judges[0]),
                (Instance.SECOND, case2, mid, judges[1]),
                (Instance.RETRIAL, case3, high, judges[2]),
            ]
            if rng.random() < 0.7:
                orig = structure.unit_code(city.code, UnitType.PROCURATORATE)
                case_number = doc_no(f"{city.abbr}检民监", dates[3], 300)
            else:
                orig = structure.unit_code(county.code, UnitType.PROCURATORATE)
                case_number = doc_no(f"{county.abbr}检民监", dates[3], 120)
            stage = CaseStage.EFFECTIVE
        elif pattern == "proc_crim":
            orig = structure.unit_code(county.code, UnitType.PROCURATORATE)
            case_number = doc_no(f"{county.abbr}检刑不诉", dates[2], 150)
            stage = CaseStage.PROSECUTION
        elif pattern in ("police_crim", "detention"):
            police = structure.unit_code(county.code, UnitType.POLICE)
            orig = structure.unit_code(city.code, UnitType.POLICE) if rng.random() < 0.12 else police
            refused = topic.key.startswith("police_no_case")
            case_number = doc_no(f"{county.abbr}公（刑）{'不立' if refused else '立'}字", dates[1], 3000)
            if pattern == "detention":
                stage = CaseStage.INVESTIGATION if rng.random() < 0.6 else CaseStage.PROSECUTION
            else:
                stage = CaseStage.INVESTIGATION
        elif pattern == "police_admin":
            orig = structure.unit_code(county.code, UnitType.POLICE)
            case_number = doc_no(f"{county.abbr}公（{person.town[:2]}）行罚决字", dates[1], 2000)
        elif pattern == "police_traffic":
            orig = structure.unit_code(county.code, UnitType.POLICE)
            case_number = f"{county.abbr}公交认字〔{dates[1].year}〕第{rng.randint(1, 9999):05d}号"
        elif pattern == "statecomp":
            if system == "court":
                orig, case_number = mid, court_no(mid, "委赔", dates[3], 30)
            elif system == "police":
                orig = structure.unit_code(county.code, UnitType.POLICE)
                case_number = doc_no(f"{county.abbr}公赔决字", dates[3], 20)
            else:
                orig = structure.unit_code(county.code, UnitType.PROCURATORATE)
                case_number = doc_no(f"{county.abbr}检赔决", dates[3], 15)
        elif pattern == "justice":
            orig = structure.unit_code(county.code, UnitType.JUSTICE)
            if topic.key == "mediation":
                case_number = f"（{dates[0].year}）{person.town[:2]}调字第{rng.randint(1, 300)}号"
        elif pattern == "misconduct":
            level_code = county.code if rng.random() < 0.75 else city.code
            orig = structure.unit_code(level_code, system)
        if system == "procuratorate" and pattern == "criminal_court":
            orig = structure.unit_code(county.code, UnitType.PROCURATORATE)

        orig_unit = self.units[orig]
        category_court = bool(instances)
        # closed matters were handled by the original unit, or for a higher court's case by the basic court
        handler_code = (
            orig if orig_unit.level != UnitLevel.PROVINCE else structure.unit_code(county.code, system)
        )
        return {
            "topic": topic.key,
            "system": system,
            "problem": override.get("problem", topic.problem),
            "category": override.get("category", topic.category),
            "pattern": pattern,
            "problem_county": problem_county,
            "orig_code": orig,
            "orig_unit": orig_unit.id,
            "orig_name": orig_unit.name,
            "orig_level": orig_unit.level,
            "handler_code": handler_code,
            "case_number": case_number,
            "stage": stage,
            "progress": progress,
            "cause": cause,
            "before_judgment": before_judgment,
            "category_court": category_court,
            "instances": [(i, no, self.units[c].name, j) for i, no, c, j in instances],
            "tags": topic.tags,
            "last_petition": None,
            "last_date": None,
            "last_unit": "",
            "slots": {
                "county": county.name,
                "county_full": structure.county_prefix(county),
                "city": city.name,
                "date1": _date_cn(dates[0]),
                "date2": _date_cn(dates[1]),
                "date3": _date_cn(dates[2]),
                "date4": _date_cn(dates[3]),
                "court1": self.units[basic].name,
                "court2": self.units[mid].name,
                "court3": self.units[high].name,
                "case1": case1 or court_no(basic, "民初", dates[0], 9000),
                "case2": case2 or court_no(mid, "民终", dates[1], 3000),
                "case3": case3 or court_no(high, "民申", dates[2], 6000),
                "case_no": case_number or court_no(basic, "民初", dates[0], 9000),
                "judge": judges[0],
                "police": self.units[structure.unit_code(county.code, UnitType.POLICE)].name,
                "proc": self.units[structure.unit_code(county.code, UnitType.PROCURATORATE)].name,
                "proc_city": self.units[structure.unit_code(city.code, UnitType.PROCURATORATE)].name,
                "justice": self.units[structure.unit_code(county.code, UnitType.JUSTICE)].name,
                "detention": f"{structure.county_prefix(county)}看守所",
                "govt": f"{structure.county_prefix(county)}人民政府",
                "orig": orig_unit.name,
                "opp": names.random_person_name(rng),
                "opp2": names.random_person_name(rng),
                "company": names.company_name(rng, city.name),
                "amount": _amount_cn(rng, amount),
                "amount2": _amount_cn(rng, amount2),
                "cause": cause or "民事纠纷",
                "crime": crime,
                "relative": rng.choice(texts.RELATIVES),
                "hospital": rng.choice(city.hospitals),
                "plate": f"{city.plate}·{rng.choice('ABCDEFGHJKLMN')}{rng.randrange(10000):04d}",
                "road": rng.choice(places.ROADS),
                "injury": rng.choice(texts.INJURIES),
                "project": rng.choice(texts.PROJECTS),
                "area": str(rng.choice((1.5, 2, 2.6, 3, 3.8, 4.5, 5, 6.2, 8, 12))),
                "house_area": str(rng.randint(45, 260)),
                "workers": str(rng.randint(6, 80)),
                "years": str(max(1, (reg_day - dates[0]).days // 365)),
                "months": str(rng.randint(3, 30)),
                "law_firm": names.law_firm_name(rng),
                "lawyer": names.random_person_name(rng),
                "hotline": HOTLINES.get(system, "信访服务热线"),
                "hardship": rng.choice(texts.HARDSHIPS),
            },
        }

    def _context(
        self,
        matter: dict,
        person: Person,
        registrar: UnitInfo,
        channel: str,
        at: dt.datetime,
        group_size: int,
    ) -> dict[str, str]:
        rng = self.rng
        county = places.COUNTY_BY_CODE[matter["problem_county"]]
        city = places.CITY_BY_CODE[county.city]
        if registrar.level == UnitLevel.PROVINCE:
            superior = rng.choice(("中央政法委", "国家信访局"))
        elif registrar.level == UnitLevel.CITY:
            superior = rng.choice(("省委政法委", "省信访局"))
        else:
            superior = rng.choice((f"{city.name}委政法委", "省委政法委", f"{city.name}信访局"))
        town = person.town if person.county == county.code else rng.choice(county.towns)
        ctx = dict(matter["slots"])
        ctx.update(
            {
                "name": person.name,
                "gender_word": "男" if person.gender == "M" else "女",
                "age": str(at.year - person.birth_year),
                "addr_short": person.addr_short,
                "town": town,
                "village": rng.choice(places.VILLAGES) + "村",
                "station": f"{town.removesuffix('街道').removesuffix('镇').removesuffix('乡')}派出所",
                "town_govt": f"{town}{'办事处' if town.endswith('街道') else '人民政府'}",
                "reg_unit": registrar.name,
                "superior": superior,
                "leader_title": rng.choice(texts.LEADER_TITLES),
                "bureau": rng.choice((f"{county.name}信访局", f"{city.name}信访局")),
                "group_size": str(group_size),
                "prev_date": _date_cn(matter["last_date"])
                if matter["last_date"]
                else matter["slots"]["date4"],
                "prev_unit": matter["last_unit"] or matter["slots"]["orig"],
            }
        )
        return ctx

    def _texts(
        self,
        topic: texts.Topic,
        matter: dict,
        ctx: dict,
        channel: str,
        repeat: bool,
        flags: dict,
        group_size: int,
    ) -> tuple[str, str, str]:
        rng = self.rng
        title = rng.choice(topic.titles).format_map(ctx)
        if repeat:
            title = rng.choice(texts.REPEAT_TITLE).format(title=title)
        k = min(len(topic.demands), rng.choice((1, 2, 2, 3, 3)))
        chosen = [d.format_map(ctx) for d in rng.sample(topic.demands, k)]
        if k == 1:
            demands = chosen[0] + "。"
        elif rng.random() < 0.5:
            demands = "；".join(f"{i}. {d}" for i, d in enumerate(chosen, start=1)) + "。"
        else:
            ordinals = "一二三"
            demands = "；".join(f"{ordinals[i]}是{d}" for i, d in enumerate(chosen)) + "。"
        intro = rng.choice(texts.GROUP_INTROS if group_size >= 5 else texts.INTROS[channel])
        parts = [
            intro,
            rng.choice(topic.background),
            rng.choice(topic.process),
            rng.choice(topic.grievance),
        ]
        if repeat:
            parts.append(rng.choice(texts.REPEAT))
        if matter["before_judgment"]:
            parts.append(rng.choice(texts.BEFORE_JUDGMENT))
        if flags["flag_to_beijing"]:
            parts.append(rng.choice(texts.TO_BEIJING))
        if rng.random() < 0.25:
            parts.append(rng.choice(texts.HARDSHIP_SENTENCES))
        parts.append(rng.choice(texts.CLOSINGS))
        facts = "".join(p.format_map(ctx) for p in parts)
        return title, demands, facts


class Walk:
    """One petition's lifecycle as the services would have recorded it: the petition's markers (``fields``),
    its records (screenings, assignments, replies, follow-ups, review requests, access) and timeline events.

    ``finish`` stores the deadline ``handling.services._refresh_deadline`` computes for the final state. Cases
    still open, and those finished in the last ``FULL_DAYS`` days (which may still go on, e.g. to 复查), keep
    everything; older finished ones keep the markers only, with one ``imported`` event for their outcome (and
    an ``archive`` event when archived): the individual steps were not kept.
    """

    def __init__(self, gen: "PetitionGenerator", at: dt.datetime, matter: dict, registrar: UnitInfo):
        self.gen, self.at, self.matter, self.registrar = gen, at, matter, registrar
        self.petition_id = gen.next_petition_id - 1
        due_at, warn_at, _ = gen.clock(at, matter["system"], Step.ACCEPTANCE)
        self.acceptance_due, self.acceptance_warn = due_at, warn_at
        self.number = ""
        self.fields = {
            "handling_unit_id": None,
            "settlement_state": SettlementState.OPEN,
            "is_legal": None,
            "screening_outcome": "",
            "accepted_at": None,
            "accepted_on_time": None,
            "replied_at": None,
            "replied_on_time": None,
            "closed_at": None,
            "closed_on_time": None,
            "settlement_form": "",
            "closing_principle": "",
            "satisfaction": "",
            "review_level": 0,
            "terminated_at": None,
            "is_backlog": False,
            "due_at": due_at,
            "warn_at": warn_at,
            "due_kind": DueKind.ACCEPTANCE,
        }
        self.state = State.REGISTERED
        self.last = at
        self.first_lead_due: dt.datetime | None = None
        self.unrated = False
        self.text: dict[str, str] = {}
        self.claim = ""
        self.events: list[dict] = []
        self.screenings: list[dict] = []
        self.assignments: list[dict] = []
        self.replies: list[dict] = []
        self.follow_ups: list[dict] = []
        self.reviews: list[dict] = []
        self.access: list[dict] = []
        self.granted: set[tuple] = {(registrar.id, AccessReason.REGISTERED)}
        self.handled_by: list[UnitInfo] = []
        self.signed: list[tuple[dict, UnitInfo, dict]] = []  # approved replies, their unit, the event data

    def step(self, action, at, actor, unit, state, note="", data=None) -> None:
        self.events.append(
            {
                "petition_id": self.petition_id,
                "action": action,
                "actor_id": actor,
                "unit_id": unit.id if unit else None,
                "at": at,
                "note": note,
                "data": data or {},
                "state_before": self.state,
                "state_after": state,
            }
        )
        self.state, self.last = state, at

    def grant(self, unit: UnitInfo | None, reason: str, at: dt.datetime, user: int | None = None) -> None:
        key = (unit.id if unit else None, user, reason)
        if key not in self.granted:
            self.granted.add(key)
            row = {"petition_id": self.petition_id, "reason": reason, "created_at": at}
            row.update({"unit_id": unit.id} if unit else {"user_id": user})
            self.access.append(row)

    def screening(self, outcome, is_legal, actor, at, reason, notice, target=None, procedure="") -> dict:
        row = {
            "petition_id": self.petition_id,
            "outcome": outcome,
            "is_legal": is_legal,
            "reason": reason,
            "notice": notice,
            "target_unit_id": target.id if target else None,
            "procedure": procedure,
            "outcome_note": "",
            "outcome_at": None,
            "decided_by_id": actor,
            "unit_id": self.registrar.id,
            "decided_at": at,
        }
        self.screenings.append(row)
        return row

    def assign(self, unit: UnitInfo, kind: str, instructions: str, actor: int, by: UnitInfo, at) -> dict:
        """A 交办 as ``_create_assignment`` makes it, its deadline from the time-limit policy."""
        step = {AssignmentKind.LEAD: Step.HANDLING}.get(kind, kind)
        due_at, warn_at, deadline = self.gen.clock(at, self.matter["system"], step)
        row = {
            "petition_id": self.petition_id,
            "unit_id": unit.id,
            "kind": kind,
            "mode": AssignmentMode.ORDER,
            "instructions": instructions,
            "deadline": deadline,
            "due_at": due_at,
            "warn_at": warn_at,
            "status": AssignmentStatus.PENDING,
            "assigned_by_id": actor,
            "assigned_by_unit_id": by.id,
            "assigned_at": at,
            "received_by_id": None,
            "received_at": None,
            "handler_id": None,
            "reported_at": None,
        }
        self.assignments.append(row)
        self.grant(unit, AccessReason.ASSIGNED, at)
        return row

    def receive(self, assignment: dict, actor: int, at: dt.datetime, handler: int | None) -> None:
        """签收 (``petition_receive``, or at once within ``petition_accept`` when the unit keeps the case)."""
        unit = self.gen.units_by_id[assignment["unit_id"]]
        assignment.update(status=AssignmentStatus.RECEIVED, received_by_id=actor, received_at=at)
        self.grant(unit, AccessReason.HANDLING, at)
        self.handled_by.append(unit)
        if handler is None:  # part of the acceptance step, which writes the event
            return
        assignment["handler_id"] = handler
        self.grant(None, AccessReason.PERSONAL, at, user=handler)
        state = State.IN_PROGRESS if assignment["kind"] == AssignmentKind.LEAD else self.state
        label = self.gen.labels[assignment["kind"]]
        self.step("receive", at, actor, unit, state, "", {"unit": unit.name, "kind": label})

    def finish(self) -> "Walk":
        """The stored deadline of the final state, and the full or the cheap record (see the class)."""
        f, state = self.fields, self.state
        f["due_at"] = f["warn_at"] = None
        f["due_kind"] = ""
        if state == State.REGISTERED:
            f["due_at"], f["warn_at"] = self.acceptance_due, self.acceptance_warn
            f["due_kind"] = DueKind.ACCEPTANCE
        elif state in (State.ASSIGNED, State.IN_PROGRESS, State.UNDER_REVIEW, State.UNDER_REREVIEW):
            lead = next(a for a in reversed(self.assignments) if a["status"] in ACTIVE_ASSIGNMENT)
            f["due_at"], f["warn_at"] = lead["due_at"], lead["warn_at"]
            f["due_kind"] = due_kind_of(lead["kind"], lead["status"])
        finished = f["terminated_at"] or f["closed_at"]
        self.full = state not in FINISHED_STATES or (
            state != State.TERMINATED and finished >= self.gen.now - dt.timedelta(days=FULL_DAYS)
        )
        if self.full:
            self._number_replies()
        else:
            self._cheap(finished)
        f["state"] = self.state
        f["version"] = 1 + len(self.events)
        f["updated_at"] = self.last
        return self

    def _number_replies(self) -> None:
        """Ids for the replies, and 文号 as ``petition_decide_reply`` makes them: per unit and year, numbered on
        from the replies already signed, so that later signatures continue the sequence without collision."""
        gen = self.gen
        ids = list(range(gen.next_reply_id, gen.next_reply_id + len(self.replies)))
        gen.next_reply_id += len(self.replies)
        for reply, id_ in zip(self.replies, ids, strict=True):
            reply["id"] = id_
        for reply, unit, data in self.signed:
            year = reply["approved_at"].year
            sequence = gen.reply_numbers.get((unit.id, year), 0) + 1
            gen.reply_numbers[(unit.id, year)] = sequence
            reply["document_number"] = data["document_number"] = reply_document_number(
                unit.short, year, sequence
            )
        for row in self.follow_ups:
            row["reply_id"] = ids[row["reply_id"]]
        for row in self.reviews:
            row["of_reply_id"] = ids[row["of_reply_id"]]
            if row["decision_id"] is not None:
                row["decision_id"] = ids[row["decision_id"]]

    def _cheap(self, finished: dt.datetime) -> None:
        """Markers only: one ``imported`` event stating the outcome, perhaps ``archive`` two years on."""
        gen, rng = self.gen, self.gen.rng
        if self.unrated:
            self.fields["satisfaction"] = ""
        closer = self.gen.units_by_id.get(self.fields["handling_unit_id"]) or self.registrar
        if (
            self.state in (State.TRANSFERRED_OUT, State.DECLINED)
            or self.fields["screening_outcome"] == "diverted"
        ):
            closer = self.registrar
        final = self.state
        self.events, self.state, self.last = [], State.REGISTERED, self.at
        self.step(
            IMPORTED,
            finished,
            rng.choice(closer.heads),
            closer,
            final,
            gen._closing_note(final, self.fields, closer, self.matter),
            {"number": self.number, "state": gen.labels[final]},
        )
        self.screenings, self.assignments, self.replies, self.follow_ups, self.reviews = [], [], [], [], []
        self.access = [
            {
                "petition_id": self.petition_id,
                "unit_id": u.id,
                "reason": AccessReason.HANDLING,
                "created_at": finished,
            }
            for u in {u.id: u for u in self.handled_by}.values()
        ]
        if finished < gen.now - dt.timedelta(days=ARCHIVE_AFTER_DAYS) and rng.random() < 0.35:
            archived = gen._later(self, finished, rng.uniform(60, 700))
            if archived <= gen.latest:
                self.step(
                    "archive",
                    archived,
                    rng.choice(self.registrar.intake),
                    self.registrar,
                    State.ARCHIVED,
                    "案卷已整理归档。",
                )


# ---------------------------------------------------------------------------------------------------------------
# Orchestration


@dataclass
class SeedResult:
    created_structure: bool
    petitions: int
    petitioners: int
    seconds: float
    sink: str
    message: str = ""


def province_exists() -> bool:
    return Unit.objects.filter(code=structure.ROOT_UNIT_CODE).exists()


def reset_demo_data() -> None:
    """Delete every petition, the demo organisation and the generated accounts (PostgreSQL only).

    The timeline refuses DELETE by trigger; TRUNCATE is not a row deletion, so it clears the petition tables
    together with every table referring to them (CASCADE). Regions stay; accounts created by hand stay.
    """
    if connection.vendor != "postgresql":
        raise RuntimeError(
            "--reset 仅支持 PostgreSQL：SQLite 上的办理记录受触发器保护、不能删除。"
            "请删除数据库文件（var/xinfang.sqlite3）后重新执行 migrate 和 seed。"
        )
    from django.core.files.storage import default_storage

    for name in Attachment.objects.values_list("file", flat=True).iterator():
        if name:
            default_storage.delete(name)
    petition_models = [
        Petitioner,
        Petition,
        Screening,
        Assignment,
        Reply,
        FollowUp,
        ReviewRequest,
        PetitionParty,
        CourtInstance,
        PetitionAccess,
        Event,
        Attachment,
        RevealLog,
        RegistrationCounter,
        PetitionTag,
        Tag,
        TimelineAnchor,
        AnchoredHead,
    ]
    tables = ", ".join(f'"{m._meta.db_table}"' for m in petition_models)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        cursor.execute(
            f'TRUNCATE "{Membership._meta.db_table}", "{Unit._meta.db_table}" RESTART IDENTITY CASCADE'
        )
        User.objects.filter(**structure.generated_usernames_filter()).delete()


def _unit_infos() -> dict[str, UnitInfo]:
    staff: dict[tuple[int, str], list[int]] = {}
    for unit_id, user_id, role in (
        Membership.objects.filter(user__is_active=True)
        .order_by("unit_id", "user_id", "role")
        .values_list("unit_id", "user_id", "role")
    ):
        staff.setdefault((unit_id, role), []).append(user_id)

    def of(unit_id: int, *roles: str) -> list[int]:
        return sorted({user for role in roles for user in staff.get((unit_id, role), ())})

    infos = {}
    for u in Unit.objects.filter(code__regex=r"^62[0-9]{4}-").select_related("parent").order_by("code"):
        registrars = of(u.id, *REGISTER_ROLES)
        heads = of(u.id, Role.UNIT_HEAD) or registrars
        infos[u.code] = UnitInfo(
            u.id,
            u.code,
            u.name,
            u.short_name or u.name,
            u.level,
            u.type,
            u.region_id,
            registrars,
            heads,
            of(u.id, Role.RECEPTION, Role.UNIT_HEAD) or registrars,
            of(u.id, Role.HANDLER) or heads,
            u.parent.code if u.parent_id else None,
        )
    return infos


def _next_id(model) -> int:
    return (model.objects.aggregate(m=models.Max("id"))["m"] or 0) + 1


def _reply_numbers() -> dict[tuple[int, int], int]:
    """Signed replies per unit and (Beijing) year, as ``petition_decide_reply`` counts them for the 文号."""
    counts: dict[tuple[int, int], int] = {}
    for unit_id, approved_at in Reply.objects.filter(status=ReplyStatus.APPROVED).values_list(
        "unit_id", "approved_at"
    ):
        if approved_at is not None:
            key = (unit_id, approved_at.astimezone(TZ).year)
            counts[key] = counts.get(key, 0) + 1
    return counts


def seed(
    *,
    petitions: int | None = None,
    seed_value: int = DEFAULT_SEED,
    bulk: bool | None = None,
    add: bool = False,
    now: dt.datetime | None = None,
    batch_size: int | None = None,
    start: dt.date = START_DATE,
    log: Callable[[str], None] = lambda message: None,
) -> SeedResult:
    """Seed the demo province, or with ``add`` add petitions to an existing one.

    Without ``add`` an existing province is left alone. ``bulk`` (default: automatic from ``BULK_THRESHOLD``
    petitions) writes with COPY on PostgreSQL; elsewhere it falls back to ``bulk_create``. ``start``: the first
    day of registrations (tests use a later one for more recent, still open cases per petition).
    """
    started = time.monotonic()
    exists = province_exists()
    if exists and not add:
        return SeedResult(False, 0, 0, 0.0, "", "演示省份已存在（单位 620000-committee），未做任何改动。")
    if add and not exists:
        add = False
    count = DEFAULT_PETITIONS if petitions is None else petitions
    now = (now or timezone.now()).astimezone(TZ).replace(minute=0, second=0, microsecond=0)
    postgres = connection.vendor == "postgresql"
    use_copy = postgres and (bulk if bulk is not None else count >= BULK_THRESHOLD)
    if bulk and not postgres:
        log("非 PostgreSQL 数据库：--bulk 改用 bulk_create 写入。")

    created = False
    if not exists:
        with transaction.atomic():
            units = structure.build_units()
            structure.build_staff(random.Random(f"{seed_value}:staff"), units)
            for name in texts.ALL_TAGS:
                Tag.objects.get_or_create(name=name)
        created = True
        log(f"已创建单位 {len(units)} 个、工作人员 {User.objects.count()} 名。")
    else:
        for name in texts.ALL_TAGS:
            Tag.objects.get_or_create(name=name)
    # petitions draw from their own stream; a run adding to existing petitions draws new people, not the same again
    rng = random.Random(f"{seed_value}:petitions:{Petition.objects.count()}")

    lawyer = User.objects.filter(username=structure.LAWYER_USERNAME).first()
    counters = {(c.region_code, c.year): c.last for c in RegistrationCounter.objects.all()}
    used_codes: set[str] = set()
    used_hashes: set[str] = set()
    if exists:
        used_codes = set(Petition.objects.values_list("query_code", flat=True).iterator(chunk_size=20_000))
        used_hashes = set(
            Petitioner.objects.exclude(id_number_hash="")
            .values_list("id_number_hash", flat=True)
            .iterator(chunk_size=20_000)
        )
    sink = CopySink() if use_copy else OrmSink()
    batch = batch_size or (5000 if use_copy else 1000)
    loop_started = time.monotonic()

    def progress(done: int, total: int) -> None:
        if total >= 20_000 and (done % 50_000 < batch or done == total):
            elapsed = time.monotonic() - loop_started
            log(f"  {done:>9,d} / {total:,d} 件  {elapsed:7.1f} 秒  {done / max(elapsed, 1e-9):8.0f} 件/秒")

    generator = PetitionGenerator(
        rng,
        count=count,
        now=now,
        units=_unit_infos(),
        tags=dict(Tag.objects.values_list("name", "id")),
        lawyer_id=lawyer.id if lawyer else None,
        next_petitioner_id=_next_id(Petitioner),
        next_petition_id=_next_id(Petition),
        next_reply_id=_next_id(Reply),
        reply_numbers=_reply_numbers(),
        counters=counters,
        used_codes=used_codes,
        used_id_hashes=used_hashes,
        batch_size=batch,
        start=start,
        clock=Clock(
            {sy for t in texts.TOPICS for sy, _ in t.systems},
            (
                Step.ACCEPTANCE,
                Step.HANDLING,
                Step.REVIEW_REQUEST,
                Step.REVIEW,
                Step.REREVIEW_REQUEST,
                Step.REREVIEW,
            ),
        ),
    )
    batches = generator.batches()
    if isinstance(sink, CopySink):
        batches = prefetched(batches, sink.prepare)
    done = 0
    for item in batches:
        sink.write(item)
        done += len(item)
        progress(done, count)
    sink.finish()
    return SeedResult(
        created,
        count,
        generator.stats["petitioners"],
        time.monotonic() - started,
        sink.name,
    )
