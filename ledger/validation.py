"""Reading and checking a ledger (台账) before import: every row, every column, every problem (DOMAIN §9).

``ledger_validate`` reads the whole workbook (``ledger.workbooks.SheetReader``) and returns a ``LedgerReport``:
the parsed valid rows, and every problem by Excel row number, column and reason in Chinese — a wrong header,
a corrupt file, bad dates, unknown units, regions, tags or labels, bad identity numbers or phones, duplicate
registration numbers (in the file or in the platform) and a history that does not hold together (e.g. 办结时间
before 登记时间, or markers that contradict the state). It writes nothing; ``ledger.services`` imports a report.

Lookups (units, regions, tags, labels) are loaded once into dictionaries, and existing numbers are checked in
chunks, so a 100,000-row ledger validates in well under a minute (``bench/import_bench.py``).
"""

import datetime as dt
import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.errors import DomainError, PermissionDenied
from core.text import clean_text
from core.validators import validate_id_number, validate_phone
from deadlines import calendar
from handling.models import ScreeningOutcome
from ledger import columns as C
from ledger.workbooks import SheetReader, WorkbookRefused, write_rejected
from organisations.models import Region, Role, Unit
from organisations.selectors import staff_context
from petitions.models import Petition, SettlementForm, SettlementState, State, Tag

logger = logging.getLogger(__name__)

IMPORT_ROLES = (Role.SYSADMIN, Role.UNIT_HEAD, Role.RECEPTION)
MAX_ROWS = 200_000
LOOKUP_CHUNK = 5000
EARLIEST = dt.datetime(1980, 1, 1, tzinfo=calendar.CHINA_TZ)
LATEST_YEAR = 2100
DATE_RE = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?)?$"
)
SPLIT_RE = re.compile(r"[;；,，、\s]+")
NAME_SPLIT_RE = re.compile(r"[、;；,，]+")

S = State
SO = ScreeningOutcome
ASSIGNMENT_STATES = (S.ASSIGNED, S.IN_PROGRESS, S.UNDER_REVIEW, S.UNDER_REREVIEW)
NOT_SCREENED_STATES = (S.REGISTERED,)
UNREPLIED_STATES = (S.REGISTERED, S.TRANSFERRED_OUT, S.DECLINED, S.DIVERTED, S.ASSIGNED, S.IN_PROGRESS)
REPLIED_STATES = (
    S.REPLIED,
    S.FOLLOWED_UP,
)  # answered, not yet closed: 送达, 回访, 办结 continue in the platform
NEEDS_REPLY = (*REPLIED_STATES, S.UNDER_REVIEW, S.UNDER_REREVIEW)
OPEN_IMPORT_STATES = (S.REGISTERED, S.DIVERTED, *ASSIGNMENT_STATES, *REPLIED_STATES)
NEEDS_HANDLING_UNIT = (S.DIVERTED, *ASSIGNMENT_STATES, *REPLIED_STATES)
CONTINUED_STATES = (*ASSIGNMENT_STATES, *REPLIED_STATES)  # the handling unit goes on working the case
NEEDS_CLOSED_AT = (S.TRANSFERRED_OUT, S.DECLINED, S.CLOSED, S.TERMINATED, S.ARCHIVED)
OUTCOMES_BY_STATE: dict[str, tuple[str, ...]] = {
    S.REGISTERED: ("",),
    S.TRANSFERRED_OUT: (SO.TRANSFERRED,),
    S.DECLINED: (SO.DECLINED,),
    S.DIVERTED: (SO.DIVERTED,),
    S.ASSIGNED: (SO.ACCEPTED,),
    S.IN_PROGRESS: (SO.ACCEPTED,),
    S.UNDER_REVIEW: (SO.ACCEPTED,),
    S.UNDER_REREVIEW: (SO.ACCEPTED,),
    S.REPLIED: (SO.ACCEPTED,),
    S.FOLLOWED_UP: (SO.ACCEPTED,),
    S.CLOSED: (SO.ACCEPTED, SO.DIVERTED),
    S.TERMINATED: (SO.ACCEPTED, SO.DIVERTED),
    S.ARCHIVED: (SO.ACCEPTED, SO.DIVERTED, SO.TRANSFERRED, SO.DECLINED),
}
SETTLEMENT_BY_STATE: dict[str, tuple[str, ...]] = {
    **dict.fromkeys((*OPEN_IMPORT_STATES, S.TRANSFERRED_OUT, S.DECLINED), (SettlementState.OPEN,)),
    S.CLOSED: (SettlementState.SETTLED, SettlementState.UNSETTLED),
    S.TERMINATED: (SettlementState.SETTLED,),
    S.ARCHIVED: tuple(SettlementState.values),
}
# States the platform cannot continue from a ledger row alone, with the reason shown to the user.
REFUSED_STATES: dict[str, str] = {
    S.ACCEPTED: "“受理”不是事项停留的状态：已受理的事项请填写“交办”（待承办单位签收）或“办理中”（已签收）。",
    S.ONLINE_PENDING: "“网上待审核”的事项尚未经信访部门审核登记，不是台账中的事项：请在原平台审核登记后再导出。",
}
IMPORTABLE_STATES = tuple(s for s in S.values if s not in REFUSED_STATES)
assert set(REFUSED_STATES) == C.NOT_IMPORTABLE_STATES


# ---------------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class RowError:
    """One problem: the Excel row number (the header is row 1; 0 for the file itself), the column's header
    ("" for the file or the whole row) and the reason in Chinese."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "文件"
        return f"{where}{'「' + self.column + '」' if self.column else ''}：{self.message}"


@dataclass
class LedgerRow:
    """A valid row, parsed into the values the petition is written with, and its original cells."""

    row: int
    values: dict[str, Any]
    cells: tuple = ()

    @property
    def number(self) -> str:
        return self.values["number"]

    @property
    def state(self) -> str:
        return self.values["state"]


@dataclass
class LedgerReport:
    file_name: str
    actor_id: int | None
    headers: list[str] = field(default_factory=list)
    rows: list[LedgerRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    rejected: dict[int, tuple] = field(default_factory=dict)  # row number → the row's original cells
    total_rows: int = 0
    fatal: bool = False  # the file could not be read at all (corrupt, wrong header, no rows)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def valid_rows(self) -> int:
        return len(self.rows)

    @property
    def bad_rows(self) -> int:
        return len(self.rejected)

    def by_state(self) -> dict[str, int]:
        labels = dict(C.zh_choices(State))
        counts = Counter(labels[r.state] for r in self.rows)
        return {labels[s]: counts[labels[s]] for s in State.values if counts[labels[s]]}

    def reasons(self) -> dict[int, str]:
        """Every rejected row's reasons in one text, for the 错误原因 column."""
        found: dict[int, list[str]] = {}
        for e in self.errors:
            if e.row in self.rejected:
                found.setdefault(e.row, []).append(f"{e.column}：{e.message}" if e.column else e.message)
        return {row: f"（原第{row}行）" + "；".join(items) for row, items in found.items()}

    def write_rejected(self, handle: IO[bytes]) -> int:
        reasons = self.reasons()
        return write_rejected(
            self.headers,
            ((self.rejected[row], reasons.get(row, "")) for row in sorted(self.rejected)),
            handle,
        )


# ---------------------------------------------------------------------------------------------- permission


def import_units(actor) -> list[Unit]:
    return staff_context(actor).units_with(*IMPORT_ROLES)


def ensure_can_import(actor) -> list[Unit]:
    units = import_units(actor)
    if not units:
        raise PermissionDenied("您没有导入台账的权限：需要系统管理员、部门负责人或接访员岗位。")
    return units


# ---------------------------------------------------------------------------------------------- reading cells


class _CellError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _text(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, str):
        return clean_text(raw).strip()  # control characters never reach the record (core/text.py)
    if isinstance(raw, bool):
        return C.YES if raw else C.NO
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, dt.datetime):
        return raw.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return str(raw).strip()


def _show(value: str, limit: int = 30) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


def _naive_datetime(raw: Any, header: str) -> dt.datetime | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, dt.datetime):
        moment = raw
        if moment.tzinfo is not None:
            moment = moment.astimezone(calendar.CHINA_TZ).replace(tzinfo=None)
        if moment.microsecond:  # Excel stores days as a float: round to the second
            moment = (moment + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
        return moment
    if isinstance(raw, dt.date):
        return dt.datetime.combine(raw, dt.time.min)
    if isinstance(raw, str):
        match = DATE_RE.match(raw.strip())
        if match:
            y, mo, d, h, mi, s = (int(g) if g else 0 for g in match.groups())
            try:
                return dt.datetime(y, mo, d, h, mi, s)  # noqa: DTZ001  Beijing wall-clock time, made aware below
            except ValueError:
                raise _CellError(f"日期不存在：“{_show(raw)}”。") from None
    raise _CellError(f"{header}格式不正确：“{_show(_text(raw))}”，应为 YYYY-MM-DD 或 YYYY-MM-DD HH:MM。")


# ---------------------------------------------------------------------------------------------- validation


class _Validator:
    """Parses and checks rows against lookups loaded once."""

    def __init__(self, actor, positions: dict[str, int]):
        self.now = timezone.now()
        self.roots = sorted({u.path for u in ensure_can_import(actor)})
        self.units = {
            u.code: u for u in Unit.objects.only("id", "code", "name", "path", "system", "is_active")
        }
        self.regions = set(Region.objects.values_list("code", flat=True))
        self.tags = dict(Tag.objects.values_list("name", "pk"))
        self.enums = {
            c.key: {label: value for value, label in c.choices()} for c in C.COLUMNS if c.kind == C.ENUM
        }
        self.flags = {label: name for name, label in C.flag_choices()}
        self.present = [(c, positions[c.header]) for c in C.COLUMNS if c.header in positions]
        self.absent = [c for c in C.COLUMNS if c.header not in positions]
        self.state_labels = dict(C.zh_choices(State))
        self.outcome_labels = dict(C.zh_choices(ScreeningOutcome))
        self.settlement_labels = dict(C.zh_choices(SettlementState))
        self.parsers: dict[str, Callable[[C.Column, Any], Any]] = {
            C.TEXT: self.text,
            C.DATETIME: self.datetime,
            C.DATE: self.date,
            C.UNIT: self.unit,
            C.REGION: self.region,
            C.ENUM: self.enum,
            C.FLAGS: self.flag_set,
            C.TAGS: self.tag_set,
            C.BOOL: self.boolean,
            C.COUNT: self.count,
            C.LEVEL: self.level,
            C.ID_NUMBER: self.id_number,
            C.PHONE: self.phone,
            C.NAMES: self.names,
        }

    # --- one cell of each kind ---------------------------------------------------------------------

    def text(self, column: C.Column, raw: Any) -> str:
        value = _text(raw)
        if column.required and not value:
            raise _CellError("必填，不能为空。")
        if column.max_length and len(value) > column.max_length:
            raise _CellError(f"最多{column.max_length}字，当前{len(value)}字。")
        return value

    def datetime(self, column: C.Column, raw: Any) -> dt.datetime | None:
        naive = _naive_datetime(raw, "日期")
        if naive is None:
            if column.required:
                raise _CellError("必填，不能为空。")
            return None
        moment = naive.replace(tzinfo=calendar.CHINA_TZ)
        if moment > self.now:
            raise _CellError(f"{naive:%Y-%m-%d %H:%M} 晚于当前时间。")
        if moment < EARLIEST:
            raise _CellError(f"{naive.date().isoformat()} 早于1980年，请核对。")
        return moment

    def date(self, column: C.Column, raw: Any) -> dt.date | None:
        naive = _naive_datetime(raw, "日期")
        if naive is None:
            return None
        if naive.year < EARLIEST.year:
            raise _CellError(f"{naive.date().isoformat()} 早于1980年，请核对。")
        if naive.year > LATEST_YEAR:  # date arithmetic on it (reply and review periods) must not overflow
            raise _CellError(f"{naive.date().isoformat()} 晚于{LATEST_YEAR}年，请核对。")
        return naive.date()

    def unit(self, column: C.Column, raw: Any) -> Unit | None:
        code = _text(raw)
        if not code:
            if column.required:
                raise _CellError("必填，不能为空。")
            return None
        found = self.units.get(code)
        if found is None:
            raise _CellError(f"单位编码“{_show(code)}”不存在。")
        return found

    def region(self, column: C.Column, raw: Any) -> str:
        code = _text(raw)
        if not code:
            if column.required:
                raise _CellError("必填，不能为空。")
            return ""
        if code not in self.regions:
            raise _CellError(f"行政区划代码“{_show(code)}”不存在（应为6位 GB/T 2260 代码，如 620602）。")
        return code

    def enum(self, column: C.Column, raw: Any) -> str:
        label = _text(raw)
        if not label:
            if column.required:
                raise _CellError("必填，不能为空。")
            return ""
        value = self.enums[column.key].get(label)
        if value is None or value == "":
            raise _CellError(
                f"“{_show(label)}”不是有效的{column.header}，可选：{'、'.join(column.import_labels())}。"
            )
        return value

    def flag_set(self, column: C.Column, raw: Any) -> set[str]:
        chosen, unknown = set(), []
        for label in SPLIT_RE.split(_text(raw)):
            if not label:
                continue
            if label in self.flags:
                chosen.add(self.flags[label])
            else:
                unknown.append(label)
        if unknown:
            raise _CellError(f"未知的标记：{'、'.join(unknown)}；可选：{'、'.join(self.flags)}。")
        return chosen

    def tag_set(self, column: C.Column, raw: Any) -> list[int]:
        chosen, unknown = [], []
        for name in SPLIT_RE.split(_text(raw)):
            if not name:
                continue
            if name in self.tags:
                if self.tags[name] not in chosen:
                    chosen.append(self.tags[name])
            else:
                unknown.append(name)
        if unknown:
            raise _CellError(f"未配置的专题标签：{'、'.join(unknown)}（请系统管理员先在专题标签中添加）。")
        return chosen

    def boolean(self, column: C.Column, raw: Any) -> bool | None:
        if isinstance(raw, bool):
            return raw
        value = _text(raw)
        if value in ("", "-"):
            return False if column.key == "is_backlog" else None
        if value in (C.YES, "Y", "y", "1"):
            return True
        if value in (C.NO, "N", "n", "0"):
            return False
        raise _CellError(f"应填“是”或“否”，不能填“{_show(value)}”。")

    def count(self, column: C.Column, raw: Any) -> int:
        value = _text(raw)
        if not value:
            return 1
        if not value.isdigit() or int(value) < 1:
            raise _CellError(f"应为正整数，不能填“{_show(value)}”。")
        return int(value)

    def level(self, column: C.Column, raw: Any) -> int:
        value = _text(raw)
        if not value:
            return 0
        for level, label in C.LEVELS.items():
            if value in (str(level), label):
                return level
        raise _CellError(f"应填0、1或2（或“{'”“'.join(C.LEVELS.values())}”），不能填“{_show(value)}”。")

    def id_number(self, column: C.Column, raw: Any) -> str:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            raise _CellError("身份证号被存成了数字，末几位可能已丢失：请将该列设为文本格式后重新填写。")
        value = _text(raw)
        if not value or "*" in value:  # a masked export imports as "no identity number"
            return ""
        try:
            return validate_id_number(value)
        except ValidationError as exc:
            raise _CellError(exc.messages[0]) from None

    def phone(self, column: C.Column, raw: Any) -> str:
        value = _text(raw)
        if not value or "*" in value:
            return ""
        try:
            return validate_phone(value)
        except ValidationError as exc:
            raise _CellError(exc.messages[0]) from None

    def names(self, column: C.Column, raw: Any) -> list[str]:
        names = [n.strip() for n in NAME_SPLIT_RE.split(_text(raw)) if n.strip()]
        if not names:
            raise _CellError("必填，不能为空。")
        too_long = [n for n in names if len(n) > (column.max_length or 50)]
        if too_long:
            raise _CellError(f"姓名最多{column.max_length}字：“{_show(too_long[0])}”。")
        return names

    # --- one row ---------------------------------------------------------------------------------

    def parse(self, cells: tuple, row: int) -> tuple[dict[str, Any], list[RowError]]:
        values: dict[str, Any] = {}
        errors: list[RowError] = []
        width = len(cells)
        for column, index in self.present:
            try:
                values[column.key] = self.parsers[column.kind](
                    column, cells[index] if index < width else None
                )
            except _CellError as exc:
                errors.append(RowError(row, column.header, exc.message))
        for column in self.absent:
            values[column.key] = None
        failed = {e.column for e in errors}
        if C.BY_KEY["state"].header not in failed:
            errors.extend(self.check_history(values, row, failed))
        return values, errors

    def check_history(self, v: dict[str, Any], row: int, failed: set[str]) -> Iterator[RowError]:
        """The row's lifecycle markers must tell one consistent story (DOMAIN §4). Each problem is reported
        once, on the column to correct; checks that depend on a column already reported are skipped."""

        bad = {C.BY_HEADER[h].key for h in failed if h in C.BY_HEADER}  # keys of the columns already reported

        def ok(*keys: str) -> bool:
            return not bad or bad.isdisjoint(keys)

        def err(key: str, message: str) -> RowError:
            bad.add(key)
            return RowError(row, C.BY_KEY[key].header, message)

        state = v["state"]
        label = self.state_labels[state]
        if state in REFUSED_STATES:
            yield err("state", REFUSED_STATES[state])
            return
        unit = v.get("registered_unit")
        if (
            ok("registered_unit")
            and unit is not None
            and not any(unit.path.startswith(r) for r in self.roots)
        ):
            yield err(
                "registered_unit", f"登记单位“{unit.name}（{unit.code}）”不在您所在单位及其下级单位的范围内。"
            )

        # screening: outcome, acceptance time and timeliness
        outcome = v.get("screening_outcome", "")
        if ok("screening_outcome") and outcome not in OUTCOMES_BY_STATE[state]:
            if state in NOT_SCREENED_STATES:
                yield err("screening_outcome", f"状态为“{label}”（待甄别）的事项不应填写甄别结果。")
            else:
                allowed = "”或“".join(self.outcome_labels[o] for o in OUTCOMES_BY_STATE[state])
                yield err("screening_outcome", f"状态为“{label}”的事项，甄别结果应为“{allowed}”。")
        if ok("screening_outcome", "accepted_at"):
            if outcome == SO.ACCEPTED and v["accepted_at"] is None:
                yield err("accepted_at", "甄别结果为“受理”的事项须填写受理时间。")
            elif outcome != SO.ACCEPTED and v["accepted_at"] is not None:
                yield err("accepted_at", "甄别结果不是“受理”的事项不应填写受理时间。")
        if ok("screening_outcome", "accepted_on_time") and not outcome and v["accepted_on_time"] is not None:
            yield err("accepted_on_time", "尚未甄别的事项不应填写及时受理。")

        handling = v.get("handling_unit")
        if ok("handling_unit") and state in NEEDS_HANDLING_UNIT:
            if handling is None:
                yield err("handling_unit", f"状态为“{label}”的事项须填写主办单位编码。")
            elif state in CONTINUED_STATES and not handling.is_active:
                yield err("handling_unit", f"主办单位“{handling.name}”已停用，不能承办在办事项。")

        # reply, its rating and the review level
        replied = v.get("replied_at")
        if ok("replied_at"):
            if replied is not None and state in UNREPLIED_STATES:
                yield err("replied_at", f"状态为“{label}”的事项尚未答复，不应填写答复时间。")
            elif replied is None:
                if state in NEEDS_REPLY:
                    yield err("replied_at", f"状态为“{label}”的事项须填写答复时间。")
                elif ok("review_level") and v["review_level"] > 0:
                    yield err("replied_at", "复查复核层级大于0的事项须填写答复时间。")
                elif ok("replied_on_time") and v["replied_on_time"] is not None:
                    yield err("replied_on_time", "未填写答复时间的事项不应填写按期答复。")
                elif ok("satisfaction") and v["satisfaction"]:
                    yield err("satisfaction", "群众满意度须在答复后评价：请填写答复时间或清空满意度。")
                elif ok("reply_outcome") and v["reply_outcome"]:
                    yield err("reply_outcome", "未填写答复时间的事项不应填写答复结果。")
                elif ok("delivered_on") and v["delivered_on"]:
                    yield err("delivered_on", "未填写答复时间的事项不应填写答复送达日期。")
        delivered = v.get("delivered_on")
        if ok("delivered_on", "replied_at") and replied is not None:
            if delivered is None and state == S.FOLLOWED_UP:
                yield err("delivered_on", "“已回访”的事项须填写答复送达日期（回访在送达之后）。")
            elif delivered is not None and delivered < calendar.local_date(replied):
                yield err(
                    "delivered_on", f"答复送达日期（{delivered:%Y-%m-%d}）早于答复时间（{_fmt(replied)}）。"
                )
            elif delivered is not None and delivered > calendar.local_date(self.now):
                yield err("delivered_on", f"答复送达日期（{delivered:%Y-%m-%d}）晚于今天。")
        if ok("satisfaction") and state == S.FOLLOWED_UP and not v["satisfaction"]:
            yield err("satisfaction", "“已回访”的事项须填写群众满意度（回访时的评价）。")
        expected_level = {S.UNDER_REVIEW: 0, S.UNDER_REREVIEW: 1, S.TERMINATED: 2}.get(state)
        if ok("review_level") and expected_level is not None and v["review_level"] != expected_level:
            yield err(
                "review_level",
                {
                    0: "复查中的事项只作出过首次答复，复查复核层级应为0。",
                    1: "复核中的事项已作出复查意见，复查复核层级应为1。",
                    2: "依法终结须在复查、复核程序完成后，复查复核层级应为2。",
                }[expected_level],
            )

        # closing, settlement and termination
        closed = v.get("closed_at")
        if ok("closed_at"):
            if state in NEEDS_CLOSED_AT and closed is None:
                yield err("closed_at", f"状态为“{label}”的事项须填写办结时间。")
            elif state in OPEN_IMPORT_STATES and closed is not None:
                yield err("closed_at", f"状态为“{label}”的事项尚未办结，不应填写办结时间。")
        settlement = v.get("settlement_state") or SettlementState.OPEN
        if ok("settlement_state") and settlement not in SETTLEMENT_BY_STATE[state]:
            allowed = "”或“".join(self.settlement_labels[s] for s in SETTLEMENT_BY_STATE[state])
            yield err("settlement_state", f"状态为“{label}”的事项，化解状态应为“{allowed}”。")
        form = v.get("settlement_form", "")
        if ok("settlement_state", "settlement_form") and settlement == SettlementState.SETTLED and not form:
            yield err("settlement_form", "已结已息的事项须填写息诉罢访形式。")
        terminated = v.get("terminated_at")
        if ok("terminated_at", "settlement_form"):
            if state == S.TERMINATED and terminated is None:
                yield err("terminated_at", "状态为“终结”的事项须填写终结时间。")
            elif terminated is not None and state not in (S.TERMINATED, S.ARCHIVED):
                yield err("terminated_at", f"状态为“{label}”的事项未依法终结，不应填写终结时间。")
            elif terminated is not None and form != SettlementForm.APPROVED_TERMINATION:
                yield err("settlement_form", "已依法终结的事项，息诉罢访形式应为“批准终结”。")
            elif terminated is None and form == SettlementForm.APPROVED_TERMINATION:
                yield err("terminated_at", "息诉罢访形式为“批准终结”的事项须填写终结时间。")

        deadline = v.get("deadline")
        if ok("deadline") and state in (S.UNDER_REVIEW, S.UNDER_REREVIEW) and deadline is None:
            yield err("deadline", f"状态为“{label}”的事项须填写办理期限（复查、复核的答复期限）。")

        # the order of events: each time is checked against those that must precede it; the first breach only
        order = [
            key
            for key in ("registered_at", "accepted_at", "replied_at", "closed_at")
            if ok(key) and v.get(key)
        ]
        for key in ("accepted_at", "replied_at", "closed_at", "terminated_at"):
            moment = v.get(key)
            if not moment or not ok(key):
                continue
            for earlier in order[: order.index(key) if key in order else len(order)]:
                if moment < v[earlier]:
                    header = C.BY_KEY[earlier].header
                    yield err(
                        key, f"{C.BY_KEY[key].header}（{_fmt(moment)}）早于{header}（{_fmt(v[earlier])}）。"
                    )
                    break
        accepted = v.get("accepted_at")
        if (
            ok("deadline", "accepted_at")
            and state in ASSIGNMENT_STATES
            and deadline
            and accepted
            and deadline < calendar.local_date(accepted)
        ):
            yield err("deadline", f"办理期限（{deadline:%Y-%m-%d}）早于受理日期（{_fmt(accepted)}）。")


def _fmt(moment: dt.datetime) -> str:
    return timezone.localtime(moment, calendar.CHINA_TZ).strftime("%Y-%m-%d %H:%M")


def _header_errors(headers: list[str]) -> list[str]:
    present = [h for h in headers if h]
    missing = [c.header for c in C.COLUMNS if c.header not in present and not c.optional_header]
    unknown = [h for h in present if h not in C.BY_HEADER and h not in C.IGNORED_HEADERS]
    duplicated = sorted({h for h in present if present.count(h) > 1})
    problems = []
    if missing:
        problems.append(f"缺少列：{'、'.join(missing)}")
    if unknown:
        problems.append(f"无法识别的列：{'、'.join(_show(h, 20) for h in unknown)}")
    if duplicated:
        problems.append(f"重复的列：{'、'.join(duplicated)}")
    return problems


def _open_rows(source: str | Path | IO[bytes]) -> tuple[SheetReader, Iterator[tuple]]:
    reader = SheetReader(source)
    return reader, reader.rows()


def ledger_validate(*, actor, source: str | Path | IO[bytes], file_name: str) -> LedgerReport:
    """Read and check every row of a ledger workbook; writes nothing. The report lists every problem."""
    started = time.monotonic()
    ensure_can_import(actor)
    report = LedgerReport(file_name=file_name, actor_id=actor.pk)

    def fatal(message: str, row: int = 0) -> LedgerReport:
        report.fatal = True
        report.errors = [RowError(row, "", message)]
        report.rows, report.rejected = [], {}
        report.seconds = time.monotonic() - started
        return report

    try:
        workbook, rows = _open_rows(source)
    except WorkbookRefused as exc:
        logger.info("ledger file %s refused: %s", file_name, exc.message)
        return fatal(exc.message)
    except Exception as exc:
        logger.info("ledger file %s unreadable: %r", file_name, exc)
        return fatal(
            "文件无法读取：不是有效的 Excel（.xlsx）文件或文件已损坏。旧版 .xls 文件请先另存为 .xlsx。"
        )
    try:
        header = next(rows, None)
        if header is None:
            return fatal("文件是空的：第1行应为表头（列名），请使用台账模板。", 1)
        report.headers = [_text(h) for h in header]
        while report.headers and not report.headers[-1]:
            report.headers.pop()
        problems = _header_errors(report.headers)
        if problems:
            return fatal(
                "表头与台账模板不一致：" + "；".join(problems) + "。请下载台账模板核对第1行的列名。", 1
            )
        positions = {h: i for i, h in enumerate(report.headers) if h in C.BY_HEADER}
        validator = _Validator(actor, positions)
        first_row_of: dict[str, int] = {}
        row_no = 1
        for cells in rows:
            row_no += 1
            if not any(c is not None and (not isinstance(c, str) or c.strip()) for c in cells):
                continue
            report.total_rows += 1
            if report.total_rows > MAX_ROWS:
                return fatal(f"数据行超过{MAX_ROWS:,}行，请分成多个文件导入。")
            values, errors = validator.parse(cells, row_no)
            number = values.get("number")
            if number:
                if number in first_row_of:
                    errors.append(
                        RowError(row_no, "登记编号", f"登记编号“{number}”与第{first_row_of[number]}行重复。")
                    )
                else:
                    first_row_of[number] = row_no
            if errors:
                report.errors.extend(errors)
                report.rejected[row_no] = cells
            else:
                report.rows.append(LedgerRow(row_no, values, cells))
    except DomainError:
        raise
    except WorkbookRefused as exc:
        logger.info("ledger file %s refused after row %s: %s", file_name, report.total_rows, exc.message)
        return fatal(exc.message)
    except Exception as exc:  # the sheet's XML is damaged part-way: say where reading stopped
        logger.info("ledger file %s broken after row %s: %r", file_name, report.total_rows, exc)
        return fatal(f"文件内容已损坏，读到第{report.total_rows + 1}行附近时出错，无法继续读取。")
    finally:
        workbook.close()
    if report.total_rows == 0:
        return fatal("台账中没有数据行：表头之后至少应有一行事项。", 2)
    _check_existing_numbers(report)
    order = {h: i for i, h in enumerate(C.HEADERS)}
    report.errors.sort(key=lambda e: (e.row, order.get(e.column, -1)))
    report.seconds = time.monotonic() - started
    return report


def chunks(items: list, size: int = LOOKUP_CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _check_existing_numbers(report: LedgerReport) -> None:
    numbers = [r.number for r in report.rows]
    taken: set[str] = set()
    for chunk in chunks(numbers):
        taken.update(Petition.objects.filter(number__in=chunk).values_list("number", flat=True))
    if not taken:
        return
    kept = []
    for r in report.rows:
        if r.number in taken:
            report.errors.append(RowError(r.row, "登记编号", f"登记编号“{r.number}”在平台中已存在。"))
            report.rejected[r.row] = r.cells
        else:
            kept.append(r)
    report.rows = kept
