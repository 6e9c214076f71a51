"""The tamper-evident timeline: one hash chain per petition, daily anchors over all chains, and verification.

Chain. Every event gets ``seq`` (1, 2, … per petition), ``prev_hash`` (the previous event's ``hash``, ``GENESIS``
for the first) and ``hash`` = ``core.chain.link`` over the petition id, seq, action, actor, unit, time (UTC),
note, state before/after and data (canonical JSON; attachments and termination signatures are in it as their
SHA-256 / HMAC). ``seal`` computes them inside the inserting transaction with the petition row locked, so two
writers never take the same position; ``Event.save`` calls it, so every ``record_event`` caller gets it. The bulk
writers (demo seed, ledger import) call ``seal_rows`` on the rows of new petitions.

Anchor. ``take_anchor`` fixes a cut (the highest event id committed, taken under a share lock so no lower id can
commit later), brings ``AnchoredHead`` up to date from the events after the previous cut, and stores one hash over
every chain head ``(petition id, seq, hash)`` in petition order, chained to the previous anchor. Printed off the
system (``anchor_timeline --print``), it catches what a chain alone cannot: a whole chain deleted, or its last
events.

Verification. ``verify`` streams every event in (petition, seq) order with a server-side cursor and checks each
link, each hash, the sequence, the anchors' own chain, the latest anchor's heads, counts and digest, and the
termination signatures and attachment digests the events carry. No per-petition queries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import chain as core_chain
from core.chain import GENESIS, normalise, utc_text
from petitions.models import AnchoredHead, Event, Petition, TimelineAnchor

EVENT_KIND = "xinfang.event.v1"
ANCHOR_KIND = "xinfang.anchor.v1"
BATCH = 5000


# ---------------------------------------------------------------------------------------------- the chain


def event_values(
    petition_id, seq, action, actor_id, unit_id, at, note, data, state_before, state_after
) -> list:
    return [
        petition_id,
        seq,
        action,
        actor_id,
        unit_id,
        at if isinstance(at, str) else utc_text(at),
        note,
        state_before,
        state_after,
        data,
    ]


def event_hash(prev_hash: str, values: list, key: bytes) -> str:
    return core_chain.link(EVENT_KIND, prev_hash, values, key=key)


def _row_hash(row: dict, seq: int, prev_hash: str, key: bytes) -> str:
    return event_hash(
        prev_hash,
        event_values(
            row["petition_id"],
            seq,
            row["action"],
            row.get("actor_id"),
            row.get("unit_id"),
            row["at"],
            row.get("note", ""),
            row.get("data") or {},
            row.get("state_before", ""),
            row.get("state_after", ""),
        ),
        key,
    )


def seal(event: Event, *, first: bool = False) -> None:
    """Give a new event its place in its petition's chain. Runs inside the inserting transaction.

    ``first``: the petition was created in this very transaction and this is its first event — no other
    transaction can see the petition yet, so there is no head to lock and read (registration passes it)."""
    if first:
        last = None
    else:
        Petition.objects.select_for_update().filter(pk=event.petition_id).values_list("pk").first()
        last = (
            Event.objects.filter(petition_id=event.petition_id)
            .order_by("-id")
            .values_list("seq", "hash")
            .first()
        )
    if last is not None and not last[1]:
        seal_unsealed(petition_ids=[event.petition_id])
        last = (
            Event.objects.filter(petition_id=event.petition_id)
            .order_by("-id")
            .values_list("seq", "hash")
            .first()
        )
    seq, prev = (last[0] + 1, last[1]) if last is not None else (1, GENESIS)
    event.data = normalise(event.data or {})
    row = {
        "petition_id": event.petition_id,
        "action": event.action,
        "actor_id": event.actor_id,
        "unit_id": event.unit_id,
        "at": event.at,
        "note": event.note,
        "data": event.data,
        "state_before": event.state_before,
        "state_after": event.state_after,
    }
    event.seq, event.prev_hash = seq, prev
    event.hash = _row_hash(row, seq, prev, core_chain.chain_key())


def seal_rows(rows: list[dict]) -> list[dict]:
    """Seal event rows (attribute dicts) of petitions that have no events yet, in list order per petition."""
    key = core_chain.chain_key()
    heads: dict[int, tuple[int, str]] = {}
    for row in rows:
        seq, prev = heads.get(row["petition_id"], (0, GENESIS))
        seq += 1
        row["data"] = normalise(row.get("data") or {})
        row["seq"], row["prev_hash"] = seq, prev
        row["hash"] = _row_hash(row, seq, prev, key)
        heads[row["petition_id"]] = (seq, row["hash"])
    return rows


def seal_unsealed(*, petition_ids=None, batch_size: int = BATCH, log=lambda message: None) -> int:
    """Seal events written before the chain existed (the backfill): per petition in the order they were written
    (id). The database triggers allow exactly this change and nothing else. Returns the number sealed."""
    key = core_chain.chain_key()
    pending = Event.objects.filter(hash="")
    if petition_ids is not None:
        pending = pending.filter(petition_id__in=petition_ids)
    done = 0
    while True:
        with transaction.atomic():
            todo = list(
                pending.order_by("petition_id").values_list("petition_id", flat=True).distinct()[:batch_size]
            )
            if not todo:
                return done
            list(Petition.objects.select_for_update().filter(pk__in=todo).values_list("pk"))
            updates = []
            heads: dict[int, tuple[int, str]] = {}
            rows = Event.objects.filter(petition_id__in=todo).order_by("petition_id", "id")
            for row in rows.values(
                "id", "petition_id", "action", "actor_id", "unit_id", "at", "note", "data",
                "state_before", "state_after", "seq", "hash",
            ):  # fmt: skip
                if row["hash"]:
                    heads[row["petition_id"]] = (row["seq"], row["hash"])
                    continue
                seq, prev = heads.get(row["petition_id"], (0, GENESIS))
                seq += 1
                digest = _row_hash(row, seq, prev, key)
                heads[row["petition_id"]] = (seq, digest)
                updates.append((seq, prev, digest, row["id"]))
            table = Event._meta.db_table
            with connection.cursor() as cursor:
                cursor.executemany(
                    f'UPDATE "{table}" SET "seq" = %s, "prev_hash" = %s, "hash" = %s WHERE "id" = %s',  # noqa: S608
                    updates,
                )
            done += len(updates)
            log(_("已封存 %(count)d 条办理记录。") % {"count": done})


# ---------------------------------------------------------------------------------------------- anchors


def _cut() -> int:
    """The highest event id such that every event with an id up to it is committed and none can appear later."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # waits for inserting transactions to finish and holds new ones back for this instant only
                cursor.execute(f'LOCK TABLE "{Event._meta.db_table}" IN SHARE MODE')
        return Event.objects.aggregate(m=Max("id"))["m"] or 0


def anchor_hash(anchor: TimelineAnchor, key: bytes) -> str:
    return core_chain.link(
        ANCHOR_KIND,
        anchor.prev_hash,
        [
            anchor.seq,
            anchor.day.isoformat(),
            utc_text(anchor.taken_at),
            anchor.last_event_id,
            anchor.chains,
            anchor.events,
            anchor.heads_digest,
            anchor.key_id,
        ],
        key=key,
    )


class _Digest:
    """One hash over chain heads fed in petition order."""

    def __init__(self):
        self.h = hashlib.sha256()
        self.count = 0

    def add(self, petition_id: int, seq: int, digest: str) -> None:
        self.h.update(f"{petition_id}:{seq}:{digest}\n".encode())
        self.count += 1

    def hexdigest(self) -> str:
        return self.h.hexdigest()


def _heads_after(lower: int, upper: int) -> Iterator[tuple[int, int, str]]:
    """The newest event (petition id, seq, hash) of each petition among events lower < id <= upper."""
    table = Event._meta.db_table
    # identifiers come from the model, values are parameters
    sql = (
        f'SELECT e."petition_id", e."seq", e."hash" FROM "{table}" e JOIN ('  # noqa: S608
        f'SELECT "petition_id", MAX("seq") AS s FROM "{table}" WHERE "id" > %s AND "id" <= %s '
        f'GROUP BY "petition_id") h ON h."petition_id" = e."petition_id" AND h.s = e."seq"'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [lower, upper])
        while rows := cursor.fetchmany(BATCH):
            yield from rows


def latest_anchor() -> TimelineAnchor | None:
    return TimelineAnchor.objects.order_by("-seq").first()


class AnchorError(Exception):
    pass


def take_anchor(*, day: dt.date | None = None) -> TimelineAnchor:
    """Anchor every chain as it stands now, labelled ``day`` (default: today, local time)."""
    key = core_chain.chain_key()
    cut = _cut()
    with transaction.atomic():
        previous = TimelineAnchor.objects.select_for_update().order_by("-seq").first()
        lower = previous.last_event_id if previous else 0
        if cut < lower:
            raise AnchorError(
                _("办理记录的最大编号小于上一锚点的截止编号：记录已被删除，请先运行 verify_timeline。")
            )
        seq = previous.seq + 1 if previous else 1
        new_events = Event.objects.filter(id__gt=lower, id__lte=cut).count()
        heads = [
            AnchoredHead(petition_id=pid, seq=s, hash=h, anchor_seq=seq)
            for pid, s, h in _heads_after(lower, cut)
            if s is not None
        ]
        for start in range(0, len(heads), BATCH):
            AnchoredHead.objects.bulk_create(
                heads[start : start + BATCH],
                update_conflicts=True,
                unique_fields=["petition_id"],
                update_fields=["seq", "hash", "anchor_seq"],
            )
        digest = _Digest()
        for pid, s, h in (
            AnchoredHead.objects.order_by("petition_id")
            .values_list("petition_id", "seq", "hash")
            .iterator(chunk_size=20_000)
        ):
            digest.add(pid, s, h)
        anchor = TimelineAnchor(
            seq=seq,
            day=day or timezone.localdate(),
            taken_at=timezone.now(),
            last_event_id=cut,
            chains=digest.count,
            events=(previous.events if previous else 0) + new_events,
            heads_digest=digest.hexdigest(),
            key_id=core_chain.key_id(key),
            prev_hash=previous.hash if previous else GENESIS,
        )
        anchor.hash = anchor_hash(anchor, key)
        anchor.save()
    return anchor


def take_daily_anchor() -> TimelineAnchor | None:
    """The scheduled job: today's anchor, unless one was taken today already. Returns the new anchor or None."""
    if TimelineAnchor.objects.filter(day=timezone.localdate()).exists():
        return None
    return take_anchor()


def anchor_periodically(interval: float, *, first_delay: float = 0.0, stop=None) -> None:
    """Ask for the daily anchor every ``interval`` seconds until ``stop`` is set (hosts without Celery beat)."""
    import logging
    import threading

    from django.db import connections

    logger = logging.getLogger(__name__)
    stop = stop or threading.Event()
    if first_delay and stop.wait(first_delay):
        return
    while True:
        try:
            anchor = take_daily_anchor()
        except Exception:
            logger.exception("timeline anchor failed")
        else:
            if anchor is not None:
                logger.info("timeline anchor %s #%d: %s", anchor.day, anchor.seq, anchor.hash)
        finally:
            connections.close_all()
        if stop.wait(interval):
            return


def start_background_anchoring(interval: float, *, first_delay: float = 60.0):
    """Start a daemon thread taking the daily anchor (the embedded default, beside the deadline sweep)."""
    import threading

    thread = threading.Thread(
        target=anchor_periodically,
        kwargs={"interval": interval, "first_delay": first_delay},
        name="xinfang-timeline-anchor",
        daemon=True,
    )
    thread.start()
    return thread


def printable(anchor: TimelineAnchor) -> str:
    """The anchor as it is printed and kept off the system (paper, another organisation)."""
    lines = [
        _("信访办理记录锚点"),
        _("日期：%(day)s　序号：%(seq)d") % {"day": anchor.day.isoformat(), "seq": anchor.seq},
        _("生成时间：%(at)s") % {"at": timezone.localtime(anchor.taken_at).strftime("%Y-%m-%d %H:%M:%S")},
        _("链数：%(chains)d　记录数：%(events)d　截至记录编号：%(cut)d")
        % {"chains": anchor.chains, "events": anchor.events, "cut": anchor.last_event_id},
        _("链头摘要：%(digest)s") % {"digest": anchor.heads_digest},
        _("上一锚点：%(prev)s") % {"prev": anchor.prev_hash},
        _("锚点哈希：%(hash)s") % {"hash": anchor.hash},
        _("密钥指纹：%(key)s") % {"key": anchor.key_id},
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- verification


@dataclass
class Problem:
    kind: str
    message: str
    petition_id: int | None = None
    event_id: int | None = None
    seq: int | None = None
    number: str = ""

    def __str__(self) -> str:
        where = []
        if self.petition_id is not None:
            where.append(_("信访事项 %(number)s") % {"number": self.number or f"#{self.petition_id}"})
        if self.event_id is not None:
            where.append(_("办理记录 #%(id)d") % {"id": self.event_id})
        if self.seq is not None:
            where.append(_("序号 %(seq)d") % {"seq": self.seq})
        return f"[{self.kind}] {'，'.join(where)}{'：' if where else ''}{self.message}"


@dataclass
class Report:
    petitions: int = 0
    events: int = 0
    anchors: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    seconds: float = 0.0
    limit: int = 10_000

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < self.limit:
            self.problems.append(problem)

    @property
    def broken_petitions(self) -> list[int]:
        return sorted({p.petition_id for p in self.problems if p.petition_id is not None})


_EVENT_SQL = (
    'SELECT "id", "petition_id", "seq", "action", "actor_id", "unit_id", {at}, "note", "data"{data}, '
    '"state_before", "state_after", "prev_hash", "hash" FROM "{table}"{where} ORDER BY "petition_id", "seq", "id"'
)
# PostgreSQL writes the time as ``utc_text`` does (ISO 8601 in UTC, microseconds only when there are any): the
# server formats it faster than Python parses a timestamp
_PG_AT = (
    """to_char("at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || CASE WHEN """
    """(date_part('microseconds', "at")::bigint %% 1000000) <> 0 THEN to_char("at" AT TIME ZONE 'UTC', '.US') """
    """ELSE '' END || '+00:00'"""
)


def _stream(sql: str, params: list, name: str) -> Iterator[tuple]:
    """Rows of ``sql`` in batches; on PostgreSQL through a server-side cursor (the result is never held whole)."""
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with connection.connection.cursor(name=name) as cursor:
            cursor.itersize = 20_000
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(20_000):
                yield from rows
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(20_000):
                yield from rows


def _reader():
    """Turns a raw row's time and JSON into what was hashed, per database."""
    if connection.vendor == "postgresql":

        def when(value):
            return value if isinstance(value, str) else utc_text(value)

    else:

        def when(value):
            if isinstance(value, str):
                value = dt.datetime.fromisoformat(value)
            if value.tzinfo is None:
                value = value.replace(tzinfo=dt.UTC)
            return utc_text(value)

    def data(value):
        return json.loads(value) if isinstance(value, str | bytes) else value

    return when, data


def _events(petition_id: int | None) -> Iterator[tuple[int, list[tuple]]]:
    """(petition id, its events) in petition order."""
    where, params = (' WHERE "petition_id" = %s', [petition_id]) if petition_id is not None else ("", [])
    rows = _stream(
        _EVENT_SQL.format(
            table=Event._meta.db_table,
            where=where,
            at=_PG_AT if connection.vendor == "postgresql" else '"at"',
            data="::text" if connection.vendor == "postgresql" else "",
        ),
        params,
        "verify_timeline_events",
    )
    current, group = None, []
    for row in rows:
        if row[1] != current:
            if group:
                yield current, group
            current, group = row[1], []
        group.append(row)
    if group:
        yield current, group


def _anchored_heads(petition_id: int | None) -> Iterator[tuple[int, int, str]]:
    table = AnchoredHead._meta.db_table
    where, params = (' WHERE "petition_id" = %s', [petition_id]) if petition_id is not None else ("", [])
    sql = f'SELECT "petition_id", "seq", "hash" FROM "{table}"{where} ORDER BY "petition_id"'  # noqa: S608
    return _stream(sql, params, "verify_timeline_heads")


def _check_anchors(report: Report, key: bytes) -> TimelineAnchor | None:
    """The anchors' own chain: contiguous, each linked to the one before, each hash recomputed with the key."""
    prev_hash, expected, latest = GENESIS, 1, None
    for anchor in TimelineAnchor.objects.order_by("seq").iterator():
        report.anchors += 1
        where = _("锚点 %(day)s #%(seq)d") % {"day": anchor.day.isoformat(), "seq": anchor.seq}
        if anchor.seq != expected:
            report.add(Problem("anchor-missing", _("%(where)s：之前缺少锚点 #%(first)d 至 #%(last)d。") % {
                "where": where, "first": expected, "last": anchor.seq - 1}))  # fmt: skip
        if anchor.prev_hash != prev_hash:
            report.add(
                Problem(
                    "anchor-link",
                    _("%(where)s：与上一锚点的链接不符（锚点被删除、调换或改写）。") % {"where": where},
                )
            )
        if not core_chain.same(anchor_hash(anchor, key), anchor.hash):
            report.add(
                Problem("anchor-hash", _("%(where)s：锚点哈希不符（锚点内容被改写）。") % {"where": where})
            )
        prev_hash, expected, latest = anchor.hash, anchor.seq + 1, anchor
    return latest


def verify(*, petition_number: str | None = None, printed: list[str] = (), limit: int = 10_000) -> Report:
    """Check every chain (or one petition's), the anchors, and the latest anchor against the chains."""
    import time

    started = time.monotonic()
    report = Report(limit=limit)
    with transaction.atomic():  # server-side cursors live in a transaction
        _verify(report, key=core_chain.chain_key(), petition_number=petition_number, printed=printed)
    report.seconds = time.monotonic() - started
    return report


def _verify(report: Report, *, key: bytes, petition_number, printed) -> None:
    from handling.models import TerminationStep
    from petitions.models import Attachment

    only = None
    if petition_number is not None:
        only = Petition.objects.filter(number=petition_number).values_list("pk", flat=True).first()
        if only is None:
            report.add(
                Problem("not-found", _("没有编号为 %(number)s 的信访事项。") % {"number": petition_number})
            )
            return

    newest = latest_anchor()
    if newest is not None and newest.key_id != core_chain.key_id(key):
        report.add(
            Problem(
                "key",
                _("当前密钥与锚点记录的密钥指纹不一致：请检查 XINFANG_TIMELINE_KEY / XINFANG_HASH_KEY。"),
            )
        )
        return
    latest = _check_anchors(report, key)
    for value in printed:
        if not TimelineAnchor.objects.filter(hash=value.strip().lower()).exists():
            report.add(
                Problem(
                    "anchor-printed",
                    _("打印保存的锚点 %(hash)s 在系统中不存在（锚点被删除或改写）。") % {"hash": value},
                )
            )
    cut = latest.last_event_id if latest else 0

    when, load = _reader()
    heads = _anchored_heads(only) if latest is not None else iter(())
    anchored = next(heads, None)
    digest = _Digest()
    events_to_cut = 0
    signatures: dict[int, set[str]] = {}
    attachment_digests: dict[int, set[str]] = {}

    def check_anchored(pid: int, chain: dict[int, tuple[int, str]], top: int) -> None:
        nonlocal anchored
        while anchored is not None and anchored[0] < pid:
            a_pid, a_seq, _a_hash = anchored
            report.add(Problem("chain-missing", _("整条办理记录链已不存在（锚点记录其链头为序号 %(seq)d）。") % {
                "seq": a_seq}, petition_id=a_pid))  # fmt: skip
            anchored = next(heads, None)
        if anchored is not None and anchored[0] == pid:
            _p, a_seq, a_hash = anchored
            if top < a_seq:
                report.add(Problem("behind-anchor", _("链头落后于锚点：锚点时已有序号 %(anchored)d，现在只到 %(top)d（末尾记录被删除）。") % {
                    "anchored": a_seq, "top": top}, petition_id=pid))  # fmt: skip
            elif a_seq in chain and not core_chain.same(chain[a_seq][1], a_hash):
                report.add(Problem("anchor-mismatch", _("序号 %(seq)d 的记录与锚点记录的哈希不同（锚定后被改写）。") % {
                    "seq": a_seq}, petition_id=pid, event_id=chain[a_seq][0], seq=a_seq))  # fmt: skip
            anchored = next(heads, None)

    for pid, rows in _events(only):
        report.petitions += 1
        report.events += len(rows)
        expected, prev = 1, GENESIS
        chain: dict[int, tuple[int, str]] = {}
        by_hash = {r[12]: r[2] for r in rows if r[12]}
        head_at_cut = None
        for eid, _pid, seq, action, actor, unit, at, note, data, before, after, prev_hash, digest_ in rows:
            if eid <= cut:
                events_to_cut += 1
                if seq is not None:
                    head_at_cut = (seq, digest_)
            if not digest_ or seq is None:
                report.add(
                    Problem("unsealed", _("记录未封存（没有哈希），请运行 seal_timeline。"), pid, eid, seq)
                )
                continue
            chain[seq] = (eid, digest_)
            data = load(data)
            if isinstance(data, dict):
                if "signature" in data:
                    signatures.setdefault(pid, set()).add(data["signature"])
                if "sha256" in data:
                    attachment_digests[eid] = set(data["sha256"])
            if seq > expected:
                report.add(Problem("missing", _("缺少序号 %(first)d 至 %(last)d 的记录（被删除）。") % {
                    "first": expected, "last": seq - 1}, pid, eid, seq))  # fmt: skip
            elif seq < expected:
                report.add(Problem("duplicate", _("序号重复（记录被复制或插入）。"), pid, eid, seq))
            if prev_hash != prev:
                if by_hash.get(prev_hash) not in (None, seq - 1):
                    report.add(Problem("reordered", _("记录顺序被调换：它链接的是序号 %(other)d 的记录。") % {
                        "other": by_hash[prev_hash]}, pid, eid, seq))  # fmt: skip
                elif seq == expected:
                    report.add(
                        Problem("link", _("与上一条记录的链接不符（上一条被改写或替换）。"), pid, eid, seq)
                    )
            values = event_values(pid, seq, action, actor, unit, when(at), note, data, before, after)
            if not core_chain.same(event_hash(prev_hash, values, key), digest_):
                report.add(Problem("hash", _("记录内容与其哈希不符（被改写）。"), pid, eid, seq))
            expected, prev = seq + 1, digest_
        if head_at_cut is not None:
            digest.add(pid, *head_at_cut)
        if latest is not None:
            check_anchored(pid, chain, max(chain) if chain else 0)
    if latest is not None:
        check_anchored(float("inf"), {}, 0)
        if only is None:
            if events_to_cut != latest.events:
                report.add(Problem("anchor-count", _("锚点 #%(seq)d 时共有 %(anchored)d 条记录，现在截至同一编号只有 %(now)d 条。") % {
                    "seq": latest.seq, "anchored": latest.events, "now": events_to_cut}))  # fmt: skip
            if digest.count != latest.chains or digest.hexdigest() != latest.heads_digest:
                report.add(Problem("anchor-heads", _("锚点 #%(seq)d 的链头摘要与现有记录不符（锚点时 %(anchored)d 条链，现在 %(now)d 条）。") % {
                    "seq": latest.seq, "anchored": latest.chains, "now": digest.count}))  # fmt: skip
            table = _Digest()
            for pid, s, h in (
                AnchoredHead.objects.order_by("petition_id")
                .values_list("petition_id", "seq", "hash")
                .iterator(chunk_size=20_000)
            ):
                table.add(pid, s, h)
            if table.hexdigest() != latest.heads_digest:
                report.add(
                    Problem(
                        "anchor-table",
                        _("锚定链头表与锚点 #%(seq)d 的摘要不符（链头表被改动）。") % {"seq": latest.seq},
                    )
                )

    steps = TerminationStep.objects.select_related("case").order_by("id")
    attachments = Attachment.objects.exclude(event_id=None).order_by("id")
    if only is not None:
        steps, attachments = steps.filter(case__petition_id=only), attachments.filter(petition_id=only)
    _check_records(report, steps, signatures, attachments, attachment_digests)

    numbers = dict(Petition.objects.filter(pk__in=report.broken_petitions).values_list("pk", "number"))
    for problem in report.problems:
        if problem.petition_id is not None:
            problem.number = numbers.get(problem.petition_id, "")
            if not problem.number:
                problem.number = _("#%(id)d（事项本身已不存在）") % {"id": problem.petition_id}


def _check_records(report, steps, signatures, attachments, attachment_digests) -> None:
    """Termination signatures and attachment digests: each must be the one its timeline event sealed."""
    from handling.services import verify_signature

    for step in steps.iterator():
        pid = step.case.petition_id
        if not verify_signature(step):
            report.add(
                Problem(
                    "signature", _("终结审批签名 #%(id)d 与其内容不符（被改写）。") % {"id": step.pk}, pid
                )
            )
        elif pid in signatures and step.signature not in signatures[pid]:  # (older steps predate the chain)
            report.add(
                Problem(
                    "signature-unrecorded",
                    _("终结审批签名 #%(id)d 不在办理记录链中（被替换或伪造）。") % {"id": step.pk},
                    pid,
                )
            )
    for pk, pid, event_id, sha in attachments.values_list(
        "pk", "petition_id", "event_id", "sha256"
    ).iterator():
        if event_id in attachment_digests and sha not in attachment_digests[event_id]:
            report.add(
                Problem(
                    "attachment",
                    _("附件 #%(id)d 的摘要与办理记录中登记的不符（被替换）。") % {"id": pk},
                    pid,
                    event_id,
                )
            )
