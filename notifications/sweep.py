"""The deadline sweep: reminders (催办) before and after the stored deadlines of open petitions (DOMAIN §5, §6).

Lifecycle code stores ``due_at`` and ``warn_at`` on the petition whenever a clock starts; this module only
compares them with the current time, in SQL. A sweep walks two disjoint candidate sets, each in the order of
its partial index and in batches (keyset pagination, no OFFSET):

* ``warn_at <= now`` over ``petition_warn``: in warning, or already overdue;
* ``due_at < now`` with no warning time at or before now, over ``petition_due``: overdue rows whose warning
  time is missing (e.g. imported data).

For every row the level it has reached is computed in the same statement (a CASE on ``due_at`` against cut-off
moments derived from the petition's ``TimeLimitRule``, equivalent to ``deadlines.policy.deadline_status``), and
rows whose (petition, due_at, level) is already in the reminder ledger are left out by an anti-join, so a
steady-state sweep scans the index once and writes nothing. Each batch runs in its own transaction. On
PostgreSQL a batch is one statement: the selection locks its rows with ``FOR NO KEY UPDATE SKIP LOCKED`` (two
workers never take the same rows), the reminders are inserted with ``ON CONFLICT DO NOTHING RETURNING``, and
only the rows actually inserted are counted and summarised per unit and level (counts and the 20 earliest
deadlines come back as JSON; the rows themselves never travel to Python). On SQLite (development) the same
selection is read and the reminders are bulk-inserted. The ledger's unique key (petition, due_at, level) is
what guarantees that nothing is sent twice.

Only the highest level reached is recorded: a petition found seriously overdue on its first sweep gets a
serious reminder, not four. Notifications are digests: after the batches, one notification per user per
responsible unit (主办单位, else 登记单位) and level, listing the first 20 registration numbers; seriously
overdue matters also go to the 督办员 of the nearest superior 政法委. A reminder is recorded with its digest
owed (``digested_at`` empty); the digest phase claims every owed reminder (``UPDATE … WHERE digested_at IS
NULL``, so two workers never claim the same one), writes the digest notifications from them and marks them,
all in one transaction, and e-mails after it commits. A worker that dies after a batch's commit leaves its
reminders owed, and the next sweep sends their digests: no digest is lost and none is sent twice. No
timeline events are written: the reminder rows are the ledger.

A row locked by someone else (a worker, or a user's action in progress) is skipped and picked up by the next
sweep.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, connections, transaction
from django.db.models import Case, DateTimeField, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from deadlines import calendar
from deadlines.models import ALL_SYSTEMS, Step, TimeLimitRule
from notifications.models import Kind, Reminder, ReminderLevel
from notifications.services import notify_unit
from organisations.models import Membership, Role, Unit, UnitType
from petitions.models import OPEN_STATES, DueKind, Petition

logger = logging.getLogger(__name__)

# The policy step whose rule grades each kind of stored deadline.
KIND_STEP: dict[str, str] = {
    DueKind.ACCEPTANCE: Step.ACCEPTANCE,
    DueKind.ASSIGNMENT: Step.HANDLING,
    DueKind.HANDLING: Step.HANDLING,
    DueKind.REVIEW: Step.REVIEW,
    DueKind.REREVIEW: Step.REREVIEW,
}
# Who in the responsible unit receives the digests.
UNIT_ROLES = (Role.HANDLER, Role.UNIT_HEAD, Role.RECEPTION)
SUPERVISOR_ROLES = (Role.SUPERVISOR,)
DIGEST_LIMIT = 20
LEVELS = (ReminderLevel.WARNING, ReminderLevel.OVERDUE, ReminderLevel.MODERATE, ReminderLevel.SERIOUS)

Thresholds = tuple[int, int]  # (moderate_overdue_days, serious_overdue_days)


@dataclass
class SweepResult:
    """What one sweep did.

    ``warning`` … ``serious``: reminders recorded (one per petition and deadline: the level it reached);
    ``examined``: petitions selected because their level was not in the ledger yet; ``digests``: digest
    notifications that reached someone, ``notifications``: the rows written for them (one per person).
    """

    warning: int = 0
    overdue: int = 0
    moderate: int = 0
    serious: int = 0
    examined: int = 0
    batches: int = 0
    digests: int = 0
    notifications: int = 0
    elapsed: float = 0.0

    @property
    def reminders(self) -> int:
        return self.warning + self.overdue + self.moderate + self.serious

    def add(self, level: str, count: int = 1) -> None:
        setattr(self, level, getattr(self, level) + count)

    def as_dict(self) -> dict[str, int | float]:
        return {
            "warning": self.warning,
            "overdue": self.overdue,
            "moderate": self.moderate,
            "serious": self.serious,
            "reminders": self.reminders,
            "examined": self.examined,
            "batches": self.batches,
            "digests": self.digests,
            "notifications": self.notifications,
            "elapsed": round(self.elapsed, 3),
        }

    def __str__(self) -> str:
        return (
            _(
                "临期%(warning)s件，逾期%(overdue)s件，逾期较长%(moderate)s件，严重逾期%(serious)s件；"
                "检查%(examined)s件（%(batches)s批），发送汇总提醒%(digests)s条（%(notifications)s人次），"
                "用时%(elapsed).2f秒"
            )
            % self.as_dict()
        )


@dataclass(frozen=True)
class _Item:
    """A newly reminded petition as a digest lists it; ``due`` is its deadline in Beijing time (ISO text)."""

    petition_id: int
    number: str
    due: str
    unit_id: int
    level: str

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.due, self.number)


@dataclass
class _Batch:
    """One committed batch: rows selected, the last sort key, new reminders per (unit, level), listed items."""

    found: int
    last: tuple[datetime, int] | None
    counts: list[tuple[int, str, int]]
    items: list[_Item]


@dataclass
class _Digest:
    """The newly reminded petitions of one unit at one level: the count and the earliest deadlines."""

    count: int = 0
    items: list[_Item] = field(default_factory=list)

    def add(self, items: Iterable[_Item]) -> None:
        self.items.extend(items)
        if len(self.items) > 4 * DIGEST_LIMIT:
            self._trim()

    def earliest(self) -> list[_Item]:
        self._trim()
        return self.items

    def _trim(self) -> None:
        self.items.sort(key=lambda i: i.sort_key)
        del self.items[DIGEST_LIMIT:]


# ---------------------------------------------------------------------------------------------- the sweep


def sweep_deadlines(now: datetime | None = None, batch_size: int = 5000) -> SweepResult:
    """Record and send every reminder level reached at ``now`` (default: the current time) and not sent yet."""
    started = time.monotonic()
    now = now or timezone.now()
    if timezone.is_naive(now):
        now = timezone.make_aware(now)
    if batch_size < 1:
        raise ValueError("batch_size must be positive")
    result = SweepResult()
    level = level_expression(now, rule_thresholds())
    open_rows = Petition.objects.filter(state__in=OPEN_STATES)
    candidates = (
        ("warn_at", open_rows.filter(warn_at__lte=now, due_at__isnull=False)),
        ("due_at", open_rows.filter(due_at__lt=now).filter(Q(warn_at__isnull=True) | Q(warn_at__gt=now))),
    )
    for key, rows in candidates:
        for batch in _batches(rows, key, level, batch_size):
            result.batches += 1
            result.examined += batch.found
            for _unit_id, item_level, count in batch.counts:
                result.add(item_level, count)
    result.digests, result.notifications = send_owed_digests()
    result.elapsed = time.monotonic() - started
    return result


def level_expression(now: datetime, thresholds: dict[tuple[str, str], Thresholds]) -> Case:
    """SQL for the reminder level of a candidate row at ``now`` (the row is in warning or overdue).

    ``thresholds`` maps (system, due kind) to the rule's (moderate, serious) overdue days; system ""
    holds the rule for all systems. Overdue days count as in ``deadline_status``: Beijing calendar dates
    of ``now`` and ``due_at``. A petition is at least ``n`` days overdue exactly when ``due_at`` falls
    before the start of the day ``n - 1`` days before today, so each threshold is one moment to compare with.
    """
    today = calendar.local_date(now)

    def moment(days: int) -> Value:
        return Value(calendar.start_of_day(today - timedelta(days=days - 1)), output_field=DateTimeField())

    def cutoff(index: int) -> Case | Value:
        fallback = _default_thresholds()[index]
        specific, general = [], []
        for (system, kind), pair in sorted(thresholds.items()):
            days = pair[index]
            if system == ALL_SYSTEMS:
                if days != fallback:
                    general.append(When(due_kind=kind, then=moment(days)))
            elif days != thresholds.get((ALL_SYSTEMS, kind), _default_thresholds())[index]:
                specific.append(When(responsible_system=system, due_kind=kind, then=moment(days)))
        # a system's own rule is tested before the rule for all systems
        whens = specific + general
        return (
            Case(*whens, default=moment(fallback), output_field=DateTimeField())
            if whens
            else moment(fallback)
        )

    return Case(
        When(due_at__gte=now, then=Value(ReminderLevel.WARNING.value)),
        When(due_at__lt=cutoff(1), then=Value(ReminderLevel.SERIOUS.value)),
        When(due_at__lt=cutoff(0), then=Value(ReminderLevel.MODERATE.value)),
        default=Value(ReminderLevel.OVERDUE.value),
    )


def _batches(rows: QuerySet[Petition], key: str, level: Case, batch_size: int) -> Iterator[_Batch]:
    """Keyset-paginate ``rows`` by (``key``, id); each batch is locked, recorded and committed on its own.

    Only rows whose current level is not in the ledger are selected.
    """
    postgres = connection.vendor == "postgresql"
    last: tuple[datetime, int] | None = None
    while True:
        page = rows
        if last is not None:
            page = page.filter(**{f"{key}__gte": last[0]}).filter(
                Q(**{f"{key}__gt": last[0]}) | Q(pk__gt=last[1])
            )
        page = (
            page.annotate(level=level, resp_unit=Coalesce(F("handling_unit"), F("registered_unit")))
            .filter(~Exists(_ledger_entry()))
            .order_by(key, "pk")
        )
        if connection.features.has_select_for_update_skip_locked:
            page = page.select_for_update(skip_locked=True, no_key=True)
        selection = page.values_list("pk", key, "number", "due_at", "resp_unit", "level")[:batch_size]
        with transaction.atomic():
            batch = _record_postgres(selection) if postgres else _record_portable(selection)
        if batch.found:
            yield batch
        if batch.found < batch_size or batch.last is None:
            return
        last = batch.last


def _ledger_entry() -> QuerySet[Reminder]:
    return Reminder.objects.filter(
        petition=OuterRef("pk"), due_at=OuterRef("due_at"), level=OuterRef("level")
    )


def _record_postgres(selection: QuerySet) -> _Batch:
    """Select, lock and record one batch in one statement; summarise the inserted reminders in SQL."""
    select_sql, select_params = selection.query.get_compiler(connection=connection).as_sql()
    meta = Reminder._meta
    q = connection.ops.quote_name
    table = q(meta.db_table)
    petition, due_at, level, unit, sent_at = (
        q(meta.get_field(name).column) for name in ("petition", "due_at", "level", "unit", "sent_at")
    )
    sql = f"""
        WITH batch (pk, sort_key, number, due_at, unit, level) AS ({select_sql}),
        new AS (
            INSERT INTO {table} ({petition}, {due_at}, {level}, {unit}, {sent_at})
            SELECT pk, due_at, level, unit, %s FROM batch
            ON CONFLICT ({petition}, {due_at}, {level}) DO NOTHING
            RETURNING {petition} AS pk
        ),
        ranked AS (
            SELECT b.pk, b.number, b.unit, b.level,
                   to_char(b.due_at AT TIME ZONE %s, 'YYYY-MM-DD"T"HH24:MI:SS') AS due,
                   count(*) OVER w AS n,
                   row_number() OVER (w ORDER BY b.due_at, b.number) AS rn
            FROM batch b JOIN new USING (pk)
            WINDOW w AS (PARTITION BY b.unit, b.level)
        )
        SELECT (SELECT count(*) FROM batch),
               last.sort_key,
               last.pk,
               (SELECT json_agg(json_build_array(unit, level, n))::text FROM ranked WHERE rn = 1),
               (SELECT json_agg(json_build_array(pk, number, due, unit, level))::text
                  FROM ranked WHERE rn <= %s)
        FROM (SELECT 1) AS one
        LEFT JOIN LATERAL (SELECT sort_key, pk FROM batch ORDER BY sort_key DESC, pk DESC LIMIT 1) AS last ON true
    """  # noqa: S608 - identifiers come from the model, values are parameters
    params = [*select_params, timezone.now(), str(calendar.CHINA_TZ), DIGEST_LIMIT]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found, last_key, last_pk, counts, items = cursor.fetchone()
    # one level per petition and deadline in a batch, so the petition id identifies an inserted reminder
    return _Batch(
        found=found,
        last=(last_key, last_pk) if last_pk is not None else None,
        counts=[(u, lvl, n) for u, lvl, n in json.loads(counts or "[]")],
        items=[_Item(*row) for row in json.loads(items or "[]")],
    )


def _record_portable(selection: QuerySet) -> _Batch:
    """SQLite (development): one writer at a time, and the selection's anti-join already left out the levels
    in the ledger, so every selected row is new; the unique key still guards against a concurrent writer."""
    found = list(selection)
    Reminder.objects.bulk_create(
        [
            Reminder(petition_id=pk, due_at=due, level=lvl, unit_id=unit)
            for pk, _key, _number, due, unit, lvl in found
        ],
        ignore_conflicts=True,
    )
    counts: dict[tuple[int, str], int] = defaultdict(int)
    items = []
    for pk, _key, number, due, unit, lvl in found:
        counts[(unit, lvl)] += 1
        local = timezone.localtime(due, calendar.CHINA_TZ).replace(tzinfo=None, microsecond=0)
        items.append(_Item(pk, number, local.isoformat(), unit, lvl))
    return _Batch(
        found=len(found),
        last=(found[-1][1], found[-1][0]) if found else None,
        counts=[(u, lvl, n) for (u, lvl), n in counts.items()],
        items=items,
    )


# ---------------------------------------------------------------------------------------------- thresholds


def _default_thresholds() -> Thresholds:
    return (
        TimeLimitRule._meta.get_field("moderate_overdue_days").default,
        TimeLimitRule._meta.get_field("serious_overdue_days").default,
    )


def rule_thresholds() -> dict[tuple[str, str], Thresholds]:
    """The overdue thresholds (moderate, serious days) of each (system, kind of stored deadline).

    Key system "" is the rule for all systems; other keys exist only where a system has its own rule, as in
    ``deadlines.policy.rule_for``. Kinds without a step (the tracking of a diversion) and steps without a rule
    use the field defaults.
    """
    rules: dict[tuple[str, str], Thresholds] = {
        (system, step): (moderate, serious)
        for system, step, moderate, serious in TimeLimitRule.objects.filter(
            step__in=set(KIND_STEP.values())
        ).values_list("system", "step", "moderate_overdue_days", "serious_overdue_days")
    }
    default = _default_thresholds()
    found: dict[tuple[str, str], Thresholds] = {}
    for kind in DueKind.values:
        step = KIND_STEP.get(kind)
        found[(ALL_SYSTEMS, kind)] = rules.get((ALL_SYSTEMS, step or ""), default)
        for (system, rule_step), pair in rules.items():
            if system != ALL_SYSTEMS and rule_step == step:
                found[(system, kind)] = pair
    return found


# ---------------------------------------------------------------------------------------------- digests


def send_owed_digests() -> tuple[int, int]:
    """Claim every reminder whose digest is owed and write the digests, in one transaction."""
    with transaction.atomic():
        claim = _claim_postgres if connection.vendor == "postgresql" else _claim_portable
        digests = claim(timezone.now())
        return _send_digests(digests) if digests else (0, 0)


def _claim_postgres(now: datetime) -> dict[tuple[int, str], _Digest]:
    meta = Reminder._meta
    q = connection.ops.quote_name
    col = {
        name: q(meta.get_field(name).column)
        for name in ("petition", "due_at", "level", "unit", "digested_at")
    }
    sql = f"""
        WITH claimed AS (
            UPDATE {q(meta.db_table)} SET {col["digested_at"]} = %s
            WHERE {col["digested_at"]} IS NULL
            RETURNING {col["petition"]} AS pk, {col["due_at"]} AS due_at, {col["level"]} AS level,
                      {col["unit"]} AS unit
        ),
        ranked AS (
            SELECT c.pk, p.{q(Petition._meta.get_field("number").column)} AS number, c.unit, c.level,
                   to_char(c.due_at AT TIME ZONE %s, 'YYYY-MM-DD"T"HH24:MI:SS') AS due,
                   count(*) OVER w AS n,
                   row_number() OVER (w ORDER BY c.due_at, p.{q(Petition._meta.get_field("number").column)}) AS rn
            FROM claimed c JOIN {q(Petition._meta.db_table)} p ON p.{q(Petition._meta.pk.column)} = c.pk
            WHERE c.unit IS NOT NULL
            WINDOW w AS (PARTITION BY c.unit, c.level)
        )
        SELECT (SELECT json_agg(json_build_array(unit, level, n))::text FROM ranked WHERE rn = 1),
               (SELECT json_agg(json_build_array(pk, number, due, unit, level))::text
                  FROM ranked WHERE rn <= %s)
    """  # noqa: S608 - identifiers come from the model, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, str(calendar.CHINA_TZ), DIGEST_LIMIT])
        counts, items = cursor.fetchone()
    digests: dict[tuple[int, str], _Digest] = defaultdict(_Digest)
    for unit, lvl, n in json.loads(counts or "[]"):
        digests[(unit, lvl)].count = n
    for row in json.loads(items or "[]"):
        item = _Item(*row)
        digests[(item.unit_id, item.level)].add([item])
    return digests


def _claim_portable(now: datetime) -> dict[tuple[int, str], _Digest]:
    """SQLite (development): one writer at a time, so read the owed reminders, then mark them."""
    owed = list(
        Reminder.objects.filter(digested_at__isnull=True, unit__isnull=False)
        .order_by("id")
        .values_list("id", "petition_id", "petition__number", "due_at", "unit_id", "level")
    )
    Reminder.objects.filter(digested_at__isnull=True).update(digested_at=now)
    digests: dict[tuple[int, str], _Digest] = defaultdict(_Digest)
    for _id, pk, number, due, unit, lvl in owed:
        local = timezone.localtime(due, calendar.CHINA_TZ).replace(tzinfo=None, microsecond=0)
        digest = digests[(unit, lvl)]
        digest.count += 1
        digest.add([_Item(pk, number, local.isoformat(), unit, lvl)])
    return digests


def _send_digests(digests: dict[tuple[int, str], _Digest]) -> tuple[int, int]:
    """One notification per user of each responsible unit and level; serious ones also to the supervisors."""
    units = Unit.objects.in_bulk({unit_id for unit_id, _level in digests})
    sent = people = 0
    with transaction.atomic():
        for (unit_id, level), digest in sorted(
            digests.items(), key=lambda kv: (kv[0][0], LEVELS.index(kv[0][1]))
        ):
            unit = units.get(unit_id)
            if unit is None:
                continue
            items = digest.earliest()
            notified = notify_unit(
                unit=unit,
                roles=UNIT_ROLES,
                title=_digest_title(level, digest.count),
                body=_digest_body(unit, level, digest.count, items),
                kind=Kind.REMINDER,
                petition=_single_petition(digest),
            )
            sent += 1 if notified else 0
            people += notified
        serious = {unit_id: d for (unit_id, level), d in digests.items() if level == ReminderLevel.SERIOUS}
        if serious:
            s, p = _send_supervision_digests(serious, units)
            sent, people = sent + s, people + p
    return sent, people


def _single_petition(digest: _Digest) -> Petition | None:
    if digest.count != 1:
        return None
    item = digest.earliest()[0]
    return Petition(pk=item.petition_id, number=item.number)


def _digest_title(level: str, count: int) -> str:
    titles = {
        ReminderLevel.WARNING: _("临期提醒：%(count)s件事项即将到期"),
        ReminderLevel.OVERDUE: _("催办：%(count)s件事项已逾期"),
        ReminderLevel.MODERATE: _("催办：%(count)s件事项逾期较长"),
        ReminderLevel.SERIOUS: _("催办：%(count)s件事项严重逾期"),
    }
    return titles[level] % {"count": count}


def _digest_body(unit: Unit, level: str, count: int, items: Iterable[_Item]) -> str:
    intro = {
        ReminderLevel.WARNING: _("%(unit)s的以下信访事项即将到期，请抓紧办理："),
        ReminderLevel.OVERDUE: _("%(unit)s的以下信访事项已超过期限，请立即办理："),
        ReminderLevel.MODERATE: _("%(unit)s的以下信访事项逾期较长，请立即办理并说明原因："),
        ReminderLevel.SERIOUS: _("%(unit)s的以下信访事项严重逾期，请立即办理并报告办理情况："),
    }[level] % {"unit": unit.name}
    return "\n".join([intro, *_item_lines(items), *_more_line(count)])


def _item_lines(items: Iterable[_Item]) -> list[str]:
    return [_("%(number)s　期限 %(date)s") % {"number": i.number, "date": i.due[:10]} for i in items]


def _more_line(count: int) -> list[str]:
    return [_("……等%(count)s件") % {"count": count}] if count > DIGEST_LIMIT else []


def _send_supervision_digests(serious: dict[int, _Digest], units: dict[int, Unit]) -> tuple[int, int]:
    """督办: each superior 政法委 with 督办员 gets one digest of the seriously overdue matters beneath it."""
    finder = _CommitteeFinder()
    by_committee: dict[int, list[tuple[Unit, _Digest]]] = defaultdict(list)
    for unit_id, digest in serious.items():
        unit = units.get(unit_id)
        committee = finder.superior_of(unit) if unit is not None else None
        if committee is not None:
            by_committee[committee].append((unit, digest))
    committees = Unit.objects.in_bulk(list(by_committee))
    sent = people = 0
    for committee_id, entries in sorted(by_committee.items()):
        entries.sort(key=lambda e: (-e[1].count, e[0].path))
        count = sum(d.count for _u, d in entries)
        items = sorted((i for _u, d in entries for i in d.earliest()), key=lambda i: i.sort_key)
        lines = [_("%(unit)s：%(count)s件") % {"unit": u.name, "count": d.count} for u, d in entries]
        body = "\n".join(
            [
                _("下列单位有信访事项严重逾期，请督办："),
                *lines,
                "",
                *_item_lines(items[:DIGEST_LIMIT]),
                *_more_line(count),
            ]
        )
        single = _single_petition(entries[0][1]) if count == 1 else None
        notified = notify_unit(
            unit=committees[committee_id],
            roles=SUPERVISOR_ROLES,
            title=_("督办提醒：%(count)s件事项严重逾期") % {"count": count},
            body=body,
            kind=Kind.REMINDER,
            petition=single,
        )
        sent += 1 if notified else 0
        people += notified
    return sent, people


class _CommitteeFinder:
    """The nearest 政法委 above a unit (by region: same county, then city, then province) that has 督办员."""

    def __init__(self) -> None:
        with_supervisors = set(
            Membership.objects.filter(
                role__in=SUPERVISOR_ROLES, user__is_active=True, unit__type=UnitType.COMMITTEE
            ).values_list("unit_id", flat=True)
        )
        self.by_region: dict[str, int] = {}
        for pk, region in (
            Unit.objects.filter(pk__in=with_supervisors, is_active=True)
            .order_by("-path")
            .values_list("pk", "region_id")
        ):
            self.by_region[region] = pk  # ordered by path descending: the topmost of a region wins

    def superior_of(self, unit: Unit) -> int | None:
        for region in _region_chain(unit.region_id):
            found = self.by_region.get(region)
            if found is not None and found != unit.pk:
                return found
        return None


def _region_chain(code: str) -> Iterator[str]:
    """The region itself, its city and its province (GB/T 2260 codes)."""
    while code:
        yield code
        if code.endswith("0000"):
            return
        code = code[:2] + "0000" if code.endswith("00") else code[:4] + "00"


# ---------------------------------------------------------------------------------------------- running it


def run_periodically(
    interval: float,
    *,
    first_delay: float = 0.0,
    stop: threading.Event | None = None,
    on_result: Callable[[SweepResult], None] | None = None,
    batch_size: int = 5000,
) -> None:
    """Sweep every ``interval`` seconds until ``stop`` is set (for hosts without Celery beat).

    A failed sweep is logged and retried at the next interval; the thread's database connections are closed
    after each run so an idle connection is not kept between sweeps.
    """
    stop = stop or threading.Event()
    if stop.wait(first_delay):
        return
    while True:
        try:
            result = sweep_deadlines(batch_size=batch_size)
        except Exception:
            logger.exception("deadline sweep failed")
        else:
            logger.info("deadline sweep: %s", result.as_dict())
            if on_result is not None:
                on_result(result)
        finally:
            connections.close_all()
        if stop.wait(interval):
            return


def start_background_sweeper(interval: float, *, first_delay: float = 30.0) -> threading.Thread:
    """Start a daemon thread that sweeps every ``interval`` seconds (the embedded default, no Celery beat)."""
    thread = threading.Thread(
        target=run_periodically,
        kwargs={"interval": interval, "first_delay": first_delay},
        name="xinfang-deadline-sweep",
        daemon=True,
    )
    thread.start()
    return thread
