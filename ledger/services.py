"""Ledger import (台账导入): write the petitions of a validated ledger in one transaction (DOMAIN §9; the
template is ``ledger.columns`` and ``docs/ledger-template.md``; reading and checking is ``ledger.validation``).

``ledger.validation.ledger_validate`` reads the whole file and reports every problem by row, column and reason,
without writing anything. ``ledger_import`` writes a validated report: all rows, or — only when the user explicitly
chose "只导入有效行" — the valid ones, in one transaction, so either every chosen row is imported or none is.
Imported petitions keep the ledger's registration number (``RegistrationCounter`` is raised past it), get a
query code, petitioners matched by the keyed hash of their identity number, access rows, one timeline event
"台账导入", and every lifecycle marker of the row, so statistics over past periods come out as in the ledger.
Open accepted cases get the active assignment and deadline the lifecycle requires of them; answered cases (已答复,
已回访, and 办结 by a handling unit) get their latest reply on record, from which 送达, 回访, 办结 and 复查/复核 go on.

Lookups (units, existing petitioners, time-limit rules) are loaded once into dictionaries and rows are written
in batches — with ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere: 100,000 rows validate and import in well
under two minutes on PostgreSQL (``bench/import_bench.py``).

The web flow keeps the upload under a random token bound to its uploader (``LedgerImport``): upload →
validation report → explicit confirmation → import.
"""

import datetime as dt
import json
import logging
import re
import secrets
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import JSONField
from django.utils import timezone

from core import crypto
from core.downloads import open_plaintext
from core.errors import DomainError, InvalidInput, NotVisible
from core.fields import EncryptedTextField
from core.filecrypt import EncryptingFile, FileIntegrityError
from core.files import clean_filename
from deadlines import calendar
from deadlines.models import Step, TimeLimitRule
from deadlines.policy import compute_due, rule_for
from handling.models import (
    Assignment,
    AssignmentKind,
    AssignmentMode,
    AssignmentStatus,
    Reply,
    ReplyStatus,
    Screening,
)
from ledger import columns as C
from ledger.models import ImportMode, ImportStatus, LedgerImport
from ledger.validation import (
    SO,
    LedgerReport,
    LedgerRow,
    RowError,
    S,
    chunks,
    ensure_can_import,
    ledger_validate,
)
from organisations.models import Unit
from petitions.chain import seal_rows
from petitions.models import (
    AccessReason,
    DueKind,
    Event,
    Petition,
    PetitionAccess,
    Petitioner,
    PetitionParty,
    RegistrationCounter,
    SettlementState,
    State,
)
from petitions.services import FLAG_FIELDS, QUERY_CODE_ALPHABET, QUERY_CODE_LENGTH

logger = logging.getLogger(__name__)

IMPORTED = "imported"  # the timeline action
MAX_BYTES = 100 * 1024 * 1024
BATCH = 2000
ERRORS_KEPT = 1000  # errors stored on the import record (all of them go into the rejected-rows workbook)
FILE_RETENTION = dt.timedelta(days=7)
NUMBER_RE = re.compile(r"^(\d{6})-(\d{4})-(\d{1,9})$")

ASSIGNMENT_SHAPE: dict[str, tuple[str, str, str, str]] = {
    # state: (assignment kind, status, time-limit step, kind of the petition's stored deadline)
    S.ASSIGNED: (AssignmentKind.LEAD, AssignmentStatus.PENDING, Step.HANDLING, DueKind.ASSIGNMENT),
    S.IN_PROGRESS: (AssignmentKind.LEAD, AssignmentStatus.RECEIVED, Step.HANDLING, DueKind.HANDLING),
    S.UNDER_REVIEW: (AssignmentKind.REVIEW, AssignmentStatus.RECEIVED, Step.REVIEW, DueKind.REVIEW),
    S.UNDER_REREVIEW: (AssignmentKind.REREVIEW, AssignmentStatus.RECEIVED, Step.REREVIEW, DueKind.REREVIEW),
}


@dataclass(frozen=True)
class ImportResult:
    imported: int
    rejected: int
    seconds: float


# ---------------------------------------------------------------------------------------------- writing


class _Deadlines:
    """Deadlines from the time-limit policy, computed once per (day, system, step)."""

    def __init__(self):
        self._dues: dict[tuple, Any] = {}
        self._rules: dict[tuple[str, str], TimeLimitRule] = {}
        self._overrides = calendar.resolve_overrides(None)  # the administrator's calendar, read once

    def computed(
        self, start: dt.datetime, system: str, step: str
    ) -> tuple[dt.date, dt.datetime, dt.datetime]:
        key = (calendar.local_date(start), system, step)
        info = self._dues.get(key)
        if info is None:
            info = self._dues[key] = compute_due(key[0], system, step, overrides=self._overrides)
        return info.due_date, info.due_at, max(info.warn_at, start)

    def given(
        self, deadline: dt.date, start: dt.datetime, system: str, step: str
    ) -> tuple[dt.date, dt.datetime, dt.datetime]:
        rule = self._rules.get((system, step))
        if rule is None:
            rule = self._rules[(system, step)] = rule_for(system, step)
        warn_day = calendar.warning_date(deadline, rule.warn_days_before, rule.counting, self._overrides)
        return deadline, calendar.end_of_day(deadline), max(calendar.start_of_day(warn_day), start)


class _OrmSink:
    """Writes rows given as {attname: value} with ``bulk_create`` (any database)."""

    def insert(self, model, rows: list[dict[str, Any]], *, returning_ids: bool = False) -> list[int]:
        objects = [model(**row) for row in rows]
        model._base_manager.bulk_create(objects, batch_size=BATCH)
        return [o.pk for o in objects] if returning_ids else []


class _CopySink:
    """Writes rows given as {attname: value} with PostgreSQL ``COPY … FROM STDIN`` (psycopg 3), inside the
    import's transaction: no model instances, no per-field preparation beyond encryption and JSON. Where the
    rows' ids are needed, they are drawn from the table's own sequence first (safe beside concurrent writes)."""

    def __init__(self, now: dt.datetime):
        self.now = now
        self.layouts: dict[tuple[type, bool], tuple] = {}

    def layout(
        self, model, with_id: bool
    ) -> tuple[list[str], list[tuple[str, Any]], list[tuple[int, Callable]]]:
        """The model's columns, each column's (attname, default) and the (position, function) of the columns
        whose values need preparing: encryption, JSON."""
        key = (model, with_id)
        if key not in self.layouts:
            columns, values, prepare = [], [], []
            for f in model._meta.concrete_fields:
                if f.primary_key and not with_id:
                    continue
                if isinstance(f, EncryptedTextField):
                    prepare.append((len(columns), crypto.encrypt))
                elif isinstance(f, JSONField):
                    prepare.append((len(columns), _json))
                default = None if f.primary_key else f.get_default()
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                    default = self.now
                columns.append(f.column)
                values.append((f.attname, default))
            self.layouts[key] = (columns, values, prepare)
        return self.layouts[key]

    def insert(self, model, rows: list[dict[str, Any]], *, returning_ids: bool = False) -> list[int]:
        if not rows:
            return []
        table, quote = model._meta.db_table, connection.ops.quote_name
        ids: list[int] = []
        # the driver's errors become Django's (IntegrityError …), as for any query through the ORM
        with connection.wrap_database_errors, connection.connection.cursor() as cursor:
            if returning_ids:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [table, model._meta.pk.column, len(rows)],
                )
                ids = [r[0] for r in cursor.fetchall()]
                for row, pk in zip(rows, ids, strict=True):
                    row[model._meta.pk.attname] = pk
            columns, values, prepare = self.layout(model, returning_ids)
            names = ", ".join(quote(column) for column in columns)
            with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    get = row.get
                    cells = [get(attname, default) for attname, default in values]
                    for position, function in prepare:
                        cells[position] = function(cells[position])
                    copy.write_row(cells)
        return ids


def _query_code() -> str:
    """A query code as ``petitions.services.generate_query_code`` makes them (12 of its 32 characters), from one
    call to the system's random source: 256 is a multiple of 32, so ``byte % 32`` is uniform."""
    return "".join(QUERY_CODE_ALPHABET[b % 32] for b in secrets.token_bytes(QUERY_CODE_LENGTH))


assert len(QUERY_CODE_ALPHABET) == 32


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


class _Writer:
    def __init__(self, actor, report: LedgerReport, units: list[Unit]):
        self.actor_id = actor.pk
        self.now = timezone.now()
        self.sink = _CopySink(self.now) if connection.vendor == "postgresql" else _OrmSink()
        self.units = sorted(units, key=lambda u: len(u.path), reverse=True)
        self.acting_unit: dict[int, int] = {}
        self.deadlines = _Deadlines()
        self.state_labels = dict(C.zh_choices(State))
        self.file_name = Path(report.file_name).name
        names = Counter(Unit.objects.values_list("name", flat=True))
        self.unit_by_name = dict(
            Unit.objects.filter(name__in=[n for n, c in names.items() if c == 1]).values_list("name", "pk")
        )

    def write(self, rows: list[LedgerRow]) -> None:
        self.raise_counters(rows)
        self.load_petitioners(rows)
        for batch in chunks(rows, BATCH):
            self.write_batch(batch)

    def raise_counters(self, rows: list[LedgerRow]) -> None:
        """Later registrations continue after the imported numbers. Done first and under row locks held until
        commit, so a concurrent registration cannot issue a number being imported (it waits)."""
        highest: dict[tuple[str, int], int] = {}
        for r in rows:
            match = NUMBER_RE.match(r.number)
            if match:
                key = (match[1], int(match[2]))
                highest[key] = max(highest.get(key, 0), int(match[3]))
        if not highest:
            return

        def locked() -> dict[tuple[str, int], RegistrationCounter]:
            found = RegistrationCounter.objects.select_for_update().filter(
                region_code__in={k[0] for k in highest}, year__in={k[1] for k in highest}
            )
            return {(c.region_code, c.year): c for c in found if (c.region_code, c.year) in highest}

        existing = locked()
        missing = [RegistrationCounter(region_code=r, year=y, last=n) for (r, y), n in highest.items()
                   if (r, y) not in existing]  # fmt: skip
        if missing:  # a registration may create one of them meanwhile: lock again and raise those too
            RegistrationCounter.objects.bulk_create(missing, batch_size=BATCH, ignore_conflicts=True)
            existing = locked()
        behind = [c for key, c in existing.items() if c.last < highest[key]]
        for counter in behind:
            counter.last = highest[(counter.region_code, counter.year)]
        RegistrationCounter.objects.bulk_update(behind, ["last"], batch_size=BATCH)

    def load_petitioners(self, rows: list[LedgerRow]) -> None:
        for r in rows:  # the keyed hash of the identity number, computed once per row
            r.values["id_hash"] = crypto.keyed_hash(r.values["id_number"]) if r.values["id_number"] else ""

    def acting_unit_for(self, unit: Unit) -> int:
        """The importer's unit on whose behalf a row is imported: the nearest one above the registered unit."""
        found = self.acting_unit.get(unit.pk)
        if found is None:
            found = next((u.pk for u in self.units if unit.path.startswith(u.path)), self.units[0].pk)
            self.acting_unit[unit.pk] = found
        return found

    def petitioners_for(self, batch: list[LedgerRow]) -> list[list[int]]:
        """For each row the ids of its petitioners: new records holding what the row states, one per petition
        (as at registration, a person met before is linked by the identity number's keyed hash, never by
        sharing or overwriting another petition's record). The first name carries the number and phone."""
        created: list[dict[str, Any]] = []
        slots: list[list[dict]] = []
        for r in batch:
            v = r.values
            people = [
                _new_petitioner(name, v if position == 0 else {}, v["id_hash"] if position == 0 else "",
                                v["residence_region"])
                for position, name in enumerate(v["names"])
            ]  # fmt: skip
            created.extend(people)
            slots.append(people)
        ids = self.sink.insert(Petitioner, created, returning_ids=True)
        for person, pk in zip(created, ids, strict=True):
            person["id"] = pk
        return [[p["id"] for p in people] for people in slots]

    def write_batch(self, batch: list[LedgerRow]) -> None:
        people = self.petitioners_for(batch)
        planned = [self.petition(r) for r in batch]
        ids = self.sink.insert(Petition, [p for p, _ in planned], returning_ids=True)
        parties, tags, access, assignments, screenings, replies, events = [], [], [], [], [], [], []
        for r, (petition, plan), pk, row_people in zip(batch, planned, ids, people, strict=True):
            v = r.values
            state = petition["state"]
            parties.extend(
                {
                    "petition_id": pk,
                    "petitioner_id": person,
                    "is_representative": position == 0 and len(row_people) > 1,
                    "position": position,
                }
                for position, person in enumerate(row_people)
            )
            tags.extend({"petition_id": pk, "tag_id": tag} for tag in v["tags"])
            registered, handling = v["registered_unit"], v["handling_unit"]
            acting = self.acting_unit_for(registered)
            access.append({"petition_id": pk, "unit_id": registered.pk, "reason": AccessReason.REGISTERED})
            if handling is not None:
                reason = AccessReason.ASSIGNED if state == S.ASSIGNED else AccessReason.HANDLING
                access.append({"petition_id": pk, "unit_id": handling.pk, "reason": reason})
            if plan is not None:
                assignments.append(self.assignment(pk, state, handling, acting, *plan))
            if _carries_reply(state, v):
                replies.append(self.reply(pk, v))
            if state == S.DIVERTED:  # recording the procedure's outcome continues from this decision
                screenings.append(
                    {
                        "petition_id": pk,
                        "outcome": SO.DIVERTED,
                        "is_legal": True,
                        "reason": "台账导入：原甄别决定见原台账。",
                        "target_unit_id": handling.pk,
                        "decided_by_id": self.actor_id,
                        "unit_id": acting,
                        "decided_at": self.now,
                    }
                )
            events.append(
                {
                    "petition_id": pk,
                    "action": IMPORTED,
                    "actor_id": self.actor_id,
                    "unit_id": acting,
                    "at": self.now,
                    "note": f"自台账《{self.file_name}》第{r.row}行导入。",
                    "data": {
                        "file": self.file_name,
                        "row": r.row,
                        "number": petition["number"],
                        "state": self.state_labels[state],
                    },
                    "state_before": "",
                    "state_after": state,
                }
            )
        self.sink.insert(PetitionParty, parties)
        self.sink.insert(Petition.tags.through, tags)
        self.sink.insert(PetitionAccess, access)
        self.sink.insert(Assignment, assignments)
        self.sink.insert(Screening, screenings)
        self.sink.insert(Reply, replies)
        self.sink.insert(Event, seal_rows(events))  # new petitions: each event starts its petition's chain

    def petition(self, r: LedgerRow) -> tuple[dict[str, Any], tuple | None]:
        """The petition of a row with its stored deadline, and for an open accepted case the plan of its
        assignment: (start, deadline, due_at, warn_at)."""
        v = r.values
        outcome = v["screening_outcome"]
        group_size = max(v["group_size"], len(v["names"]))
        handling = v["handling_unit"]
        petition = {
            "number": v["number"],
            "query_code": _query_code(),
            "channel": v["channel"],
            "registered_at": v["registered_at"],
            "registered_unit_id": v["registered_unit"].pk,
            "handling_unit_id": handling.pk if handling else None,
            "group_size": group_size,
            "problem_region_id": v["problem_region"],
            "residence_region_id": v["residence_region"] or None,
            "orig_unit_id": self.unit_by_name.get(v["orig_unit"]) if v["orig_unit"] else None,
            "orig_unit_name": v["orig_unit"],
            "case_number": v["case_number"],
            "case_category": v["case_category"],
            "case_stage": v["case_stage"],
            "title": v["title"],
            "demands": v["demands"],
            "facts": v["facts"],
            "responsible_system": v["responsible_system"],
            "problem_category": v["problem_category"],
            "is_backlog": bool(v["is_backlog"]),
            "is_legal": {SO.ACCEPTED: True, SO.DIVERTED: True, SO.TRANSFERRED: False}.get(outcome),
            "state": v["state"],
            "settlement_state": v["settlement_state"] or SettlementState.OPEN,
            "settlement_form": v["settlement_form"],
            "screening_outcome": outcome,
            "accepted_at": v["accepted_at"],
            "accepted_on_time": v["accepted_on_time"],
            "replied_at": v["replied_at"],
            "replied_on_time": v["replied_on_time"],
            "closed_at": v["closed_at"],
            "closed_on_time": v["closed_on_time"],
            "satisfaction": v["satisfaction"],
            "review_level": v["review_level"],
            "terminated_at": v["terminated_at"],
            "due_at": None,
            "warn_at": None,
            "due_kind": "",
            **{name: name in v["flags"] for name in FLAG_FIELDS},
        }
        if group_size >= 5:
            petition["flag_group"] = True
        plan = None
        state, system = v["state"], v["responsible_system"]
        if state == S.REGISTERED:  # the acceptance clock, as at registration
            _, petition["due_at"], petition["warn_at"] = self.deadlines.computed(
                v["registered_at"], system, Step.ACCEPTANCE
            )
            petition["due_kind"] = DueKind.ACCEPTANCE
        elif state in ASSIGNMENT_SHAPE:
            kind, _, step, due_kind = ASSIGNMENT_SHAPE[state]
            system = system or handling.system
            start = v["accepted_at"] if kind == AssignmentKind.LEAD else self.now
            if v["deadline"] is not None:
                deadline, due_at, warn_at = self.deadlines.given(v["deadline"], start, system, step)
            else:
                deadline, due_at, warn_at = self.deadlines.computed(start, system, step)
            petition["due_at"], petition["warn_at"], petition["due_kind"] = due_at, warn_at, due_kind
            plan = (start, deadline, due_at, warn_at)
        return petition, plan

    def assignment(
        self, petition_id: int, state: str, unit: Unit, acting: int, start, deadline, due_at, warn_at
    ) -> dict[str, Any]:
        """The active assignment an open accepted case must carry (its deadline is the petition's)."""
        kind, status, _, _ = ASSIGNMENT_SHAPE[state]
        return {
            "petition_id": petition_id,
            "unit_id": unit.pk,
            "kind": kind,
            "mode": AssignmentMode.ORDER,
            "instructions": "台账导入：按原台账在办。",
            "deadline": deadline,
            "due_at": due_at,
            "warn_at": warn_at,
            "status": status,
            "assigned_by_id": self.actor_id,
            "assigned_by_unit_id": acting,
            "assigned_at": start,
            "received_at": start if status == AssignmentStatus.RECEIVED else None,
        }

    def reply(self, petition_id: int, v: dict[str, Any]) -> dict[str, Any]:
        """The latest reply on record, from which 送达, 回访, 办结 and 复查/复核 continue: its level (复查复核层级),
        the unit that gave it (主办单位), its outcome and delivery date. Its text and document are not in a ledger;
        its signing time is the 答复时间 at level 0 and unknown above it."""
        signed = v["replied_at"] if v["review_level"] == 0 else None
        return {
            "petition_id": petition_id,
            "level": v["review_level"],
            "unit_id": v["handling_unit"].pk,
            "claim": v["demands"],
            "facts_reasons": "",
            "decision": "",
            "legal_basis": "",
            "outcome": v["reply_outcome"] or "",
            "status": ReplyStatus.APPROVED,
            "drafted_by_id": self.actor_id,
            "drafted_at": signed or self.now,
            "approved_at": signed,
            "delivered_on": v["delivered_on"],
            "imported": True,
        }


def _carries_reply(state: str, v: dict[str, Any]) -> bool:
    """A case answered and not yet closed, or closed by its handling unit, needs its reply on record: 送达, 回访,
    办结, 复查/复核 requests and the termination proposal all continue from the latest reply and its unit."""
    if state in (S.REPLIED, S.FOLLOWED_UP):
        return True
    return state == S.CLOSED and v["replied_at"] is not None and v["handling_unit"] is not None


def _new_petitioner(name: str, v: dict[str, Any], digest: str, residence: str) -> dict[str, Any]:
    """A new petitioner's row; ``v`` holds the identity number and phone for the first name of a row."""
    id_number, phone = v.get("id_number", ""), v.get("phone", "")
    return {
        "name": name,
        "gender": ("M" if int(id_number[16]) % 2 else "F") if id_number else "",
        "id_number": id_number,
        "id_number_hash": digest,
        "phone": phone,
        "phone_hash": crypto.keyed_hash(phone),
        "address": "",
        "residence_region_id": residence or None,
        "is_key_person": False,
    }


def ledger_import(*, actor, report: LedgerReport, only_valid: bool = False) -> ImportResult:
    """Write a validated ledger in one transaction: every row, or with ``only_valid`` the valid ones."""
    started = time.monotonic()
    units = ensure_can_import(actor)
    if report.actor_id != actor.pk:
        raise NotVisible("未找到该导入。")
    if report.fatal:
        raise DomainError(str(report.errors[0]))
    if report.errors and not only_valid:
        raise DomainError(
            f"台账中有{report.bad_rows}行存在错误（共{len(report.errors)}处），未导入任何数据。"
            "请修正后重新上传，或明确选择“只导入有效行”。"
        )
    if not report.rows:
        raise DomainError("没有可导入的有效行。")
    try:
        with transaction.atomic():
            _Writer(actor, report, units).write(report.rows)
    except IntegrityError as exc:
        logger.warning("ledger import of %s refused by the database: %s", report.file_name, exc)
        raise DomainError(
            "导入时数据库拒绝了部分数据（登记编号可能刚被他人登记或导入），未导入任何数据。请重新上传校验后再导入。"
        ) from exc
    return ImportResult(
        imported=len(report.rows),
        rejected=report.bad_rows if only_valid else 0,
        seconds=time.monotonic() - started,
    )


# ---------------------------------------------------------------------------------------------- the web flow


def import_upload(*, actor, upload) -> LedgerImport:
    """Keep an uploaded ledger under a random token bound to the uploader, validate it and store the report."""
    ensure_can_import(actor)
    name = clean_filename(getattr(upload, "name", ""), "台账.xlsx")
    errors: list[str] = []
    if not name.lower().endswith(".xlsx"):
        errors.append("请上传 .xlsx 格式的 Excel 文件；旧版 .xls 文件请先另存为 .xlsx。")
    if upload.size > MAX_BYTES:
        errors.append(
            f"文件过大（{upload.size / 1024 / 1024:.1f} MB），最大 {MAX_BYTES // 1024 // 1024} MB，请分批导入。"
        )
    if not upload.size:
        errors.append("文件是空的。")
    if errors:
        raise InvalidInput({"file": errors})
    _purge_old_files()
    record = LedgerImport(
        token=secrets.token_urlsafe(32),
        user=actor,
        file_name=name[:255],
        size=upload.size,
        status=ImportStatus.VALIDATED,
    )
    record.file.save("upload", EncryptingFile(upload), save=False)  # encrypted at rest, never in clear
    try:
        record.save()
    except Exception:
        record.file.delete(save=False)
        raise
    _validate_record(actor, record)
    return record


def _validate_record(actor, record: LedgerImport) -> LedgerReport:
    try:
        if not record.file:
            raise FileNotFoundError(record.file_name)
        with open_plaintext(record.file) as source:  # decrypted chunk by chunk as the reader asks for it
            report = ledger_validate(actor=actor, source=source, file_name=record.file_name)
    except (FileNotFoundError, FileIntegrityError) as exc:
        logger.warning("stored ledger file of import %s unusable: %r", record.pk, exc)
        report = LedgerReport(file_name=record.file_name, actor_id=actor.pk, fatal=True)
        report.errors = [RowError(0, "", "上传的文件已不在服务器上（超过保存期限）或已损坏，请重新上传。")]
    _store_report(record, report)
    return report


def _store_report(record: LedgerImport, report: LedgerReport) -> None:
    record.status = ImportStatus.INVALID if report.fatal else ImportStatus.VALIDATED
    record.total_rows = report.total_rows
    record.valid_rows = report.valid_rows
    record.bad_rows = report.bad_rows
    record.error_count = len(report.errors)
    record.errors = [[e.row, e.column, e.message] for e in report.errors[:ERRORS_KEPT]]
    record.by_state = report.by_state()
    record.validated_at = timezone.now()
    if record.error_file:
        record.error_file.delete(save=False)
    if report.rejected and not report.fatal:
        with tempfile.TemporaryFile() as handle:  # anonymous (no name on disk), gone when closed
            report.write_rejected(handle)
            handle.seek(0)
            record.error_file.save("errors", EncryptingFile(handle), save=False)
    record.save()


def import_confirm(*, actor, record: LedgerImport, only_valid: bool) -> LedgerImport:
    """Import a validated upload. The file is validated again first: the platform may have changed since."""
    if record.user_id != actor.pk:
        raise NotVisible("未找到该导入。")
    claimed = LedgerImport.objects.filter(pk=record.pk, status=ImportStatus.VALIDATED).update(
        status=ImportStatus.IMPORTING, message=""
    )
    if not claimed:
        record.refresh_from_db()
        raise DomainError(f"该文件当前状态为“{record.get_status_display()}”，不能再次导入。")
    try:
        report = _validate_record(actor, record)
        result = ledger_import(actor=actor, report=report, only_valid=only_valid)
    except DomainError as exc:
        record.message = exc.message
        if record.status != ImportStatus.INVALID:
            record.status = ImportStatus.VALIDATED
        record.save(update_fields=["status", "message"])
        raise
    except Exception:
        record.status, record.message = ImportStatus.FAILED, "导入出错，未导入任何数据，请联系系统管理员。"
        record.save(update_fields=["status", "message"])
        raise
    record.status = ImportStatus.IMPORTED
    record.mode = ImportMode.VALID_ONLY if only_valid else ImportMode.ALL
    record.imported_count = result.imported
    record.imported_at = timezone.now()
    record.message = (
        f"已导入{result.imported}件"
        + (f"，{result.rejected}行有错误未导入" if result.rejected else "")
        + "。"
    )
    record.save(update_fields=["status", "mode", "imported_count", "imported_at", "message"])
    return record


def _purge_old_files() -> None:
    """Uploaded ledgers hold personal data: their files are removed after a week (the record stays)."""
    cutoff = timezone.now() - FILE_RETENTION
    for record in LedgerImport.objects.filter(created_at__lt=cutoff).exclude(file="")[:50]:
        record.file.delete(save=False)
        if record.error_file:
            record.error_file.delete(save=False)
        record.save(update_fields=["file", "error_file"])
