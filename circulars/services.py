"""Writes of circulars, assessment, case conferences and return visits: one function per action, one transaction.

Figures come from ``analytics`` only: the headline from ``analytics.selectors.summary``, the ranking from
``analytics.selectors.unit_ranking`` (the function behind the dashboard's ranking), campaign progress from
``analytics.selectors.campaign_progress``. Supervision data comes from the ``supervision`` app when it is
installed (``supervision.selectors.overdue_supervisions`` / ``stale_supervisions``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from decimal import Decimal

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from analytics import selectors as stats
from analytics.metrics import BY_KEY
from circulars import selectors
from circulars.models import (
    Circular,
    CircularKind,
    CircularRecipient,
    CircularRule,
    DocumentCounter,
    Explanation,
    Meeting,
    MeetingTask,
    ReturnVisit,
    ReturnVisitVerdict,
    RuleKind,
    Verdict,
)
from core.documents import document_number
from core.errors import DomainError, InvalidInput, PermissionDenied
from core.filecrypt import EncryptingFile
from deadlines.calendar import local_date
from notifications.models import Kind
from notifications.services import notify_unit, notify_users
from organisations.models import Role, Unit, UnitType, region_code_range
from organisations.selectors import staff_context
from petitions.events import record_event
from petitions.models import SettlementState
from petitions.scope import get_visible_petition

RANKING_METRIC = "settled_rate"
HEADLINE_KEYS = ["registered", "accepted", "legal", "settled", "open", "settled_rate", "on_time_reply_rate",
                 "satisfaction_rate", "overdue_open", "repeat_rate"]  # fmt: skip
CONSECUTIVE_FOR_EXPLANATION = 2  # criticised in this many circulars of the same series in a row → 书面说明
EXPLANATION_DAYS = 7
RECIPIENT_ROLES = (Role.UNIT_HEAD, Role.LEADER, Role.SUPERVISOR)
ISSUING_ROLES = (Role.SUPERVISOR, Role.LEADER, Role.UNIT_HEAD)


# ------------------------------------------------------------------------------------------------ helpers


def issuing_units(user) -> list[Unit]:
    """The 政法委 units the user may issue circulars and run assessments for."""
    return [
        m.unit
        for m in staff_context(user).memberships
        if m.role in ISSUING_ROLES and m.unit.type == UnitType.COMMITTEE
    ]


def ensure_can_issue(actor, unit: Unit) -> None:
    if actor is not None and not any(u.pk == unit.pk for u in issuing_units(actor)):
        raise PermissionDenied(_("只有本单位政法委的督办员、领导或部门负责人可以签发通报。"))


def region_units(unit: Unit):
    """Units whose region lies in the committee's region (courts, police … have hierarchies of their own)."""
    lo, hi = region_code_range(unit.region_id)
    return Unit.objects.filter(region_id__gte=lo, region_id__lte=hi, is_active=True)


def _unit_row(unit: Unit) -> dict:
    return {
        "handling_unit_id": unit.pk,
        "handling_unit__name": unit.name,
        "handling_unit__path": unit.path,
        "handling_unit__region_id": unit.region_id,
        "problem_region_id": unit.region_id,
    }


def supervision_rows(kind: str, *, units, on: dt.date, days: int) -> list[dict]:
    """Overdue (or stale) supervised cases from the supervision app; empty when it is not installed."""
    if not apps.is_installed("supervision"):
        return []
    from supervision import selectors as supervision  # noqa: PLC0415 — optional app

    if kind == "overdue":
        return list(supervision.overdue_supervisions(units=units, on=on))
    return list(supervision.stale_supervisions(units=units, on=on, days=days))


def next_number(unit: Unit, year: int) -> int:
    """The unit's next circular number of the year, under a row lock (concurrent issuers never share one)."""
    try:
        with transaction.atomic():
            DocumentCounter.objects.get_or_create(unit=unit, year=year)
    except IntegrityError:  # another transaction created the row first
        pass
    counter = DocumentCounter.objects.select_for_update().get(unit=unit, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def circular_number(unit: Unit, year: int, sequence: int) -> str:
    return document_number(f"{unit.short_name or unit.name}通", year, sequence)


# ------------------------------------------------------------------------------------------------ circulars


def circular_figures(*, issuer: Unit, date_from: dt.date, date_to: dt.date, campaign=None,
                     today: dt.date | None = None) -> dict:  # fmt: skip
    """Everything a circular states, computed (not saved): headline, ranking, verdicts, overdue cases."""
    today = today or local_date(timezone.now())
    who = stats.UnitScope(issuer)
    f = stats.StatsFilter(date_from=date_from, date_to=date_to)
    headline = stats.summary(who, f, HEADLINE_KEYS)
    if not headline["values"]["registered"] and campaign is None:
        raise InvalidInput(
            {"period": [_("该期间（%(start)s 至 %(end)s）没有登记任何信访事项，无法生成通报。")
                        % {"start": date_from.isoformat(), "end": date_to.isoformat()}]},
            message=_("该期间没有数据，无法生成通报。"),
        )  # fmt: skip
    ranking = stats.unit_ranking(who, f, RANKING_METRIC, level="children")
    attribution = stats.subordinates(issuer)
    units = region_units(issuer)
    on = min(date_to, today)
    rules = list(CircularRule.objects.filter(active=True))
    stale_days = {r.days for r in rules if r.kind == RuleKind.STALE_SUPERVISED}
    overdue = supervision_rows("overdue", units=units, on=on, days=0)
    stale = {d: supervision_rows("stale", units=units, on=on, days=d) for d in stale_days}
    unit_of = {u.pk: u for u in Unit.objects.filter(pk__in={r["unit_id"] for r in overdue} | {
        r["unit_id"] for rows in stale.values() for r in rows})}  # fmt: skip

    def row_key(unit_id) -> int | None:
        unit = unit_of.get(unit_id)
        return attribution.key_of(_unit_row(unit))[0] if unit else None

    found = selectors.found_unsettled_by_unit(issuer=issuer, date_from=date_from, date_to=date_to)
    found_by_key: dict = {}
    for unit, count in found:
        key = attribution.key_of(_unit_row(unit))[0]
        if key is not None:
            found_by_key[key] = found_by_key.get(key, 0) + count
    counts = {
        RuleKind.OVERDUE_SUPERVISED: _count_by(overdue, row_key),
        RuleKind.FOUND_UNSETTLED: found_by_key,
    }
    verdicts: dict = {}
    for row in ranking["rows"]:
        for rule in rules:
            reason = _judge(rule, row, counts, {d: _count_by(rows, row_key) for d, rows in stale.items()})
            if reason:
                verdicts.setdefault(row["key"], {"label": row["label"], "praise": [], "criticise": []})
                verdicts[row["key"]][rule.verdict].append(reason)
    praised = {k: v for k, v in verdicts.items() if v["praise"] and not v["criticise"]}
    criticised = {k: v for k, v in verdicts.items() if v["criticise"]}
    progress = stats.campaign_progress(who, campaign, today=today) if campaign is not None else None
    return {
        "issuer": issuer,
        "period": (date_from, date_to),
        "headline": headline,
        "ranking": ranking,
        "praised": praised,
        "criticised": criticised,
        "overdue": sorted(overdue, key=lambda r: (-r["days_overdue"], r["number"])),
        "campaign": progress,
    }


def _count_by(rows, row_key) -> dict:
    counts: dict = {}
    for r in rows:
        key = row_key(r["unit_id"])
        if key is not None:
            counts[key] = counts.get(key, 0) + 1
    return counts


def _judge(rule: CircularRule, row: dict, counts: dict, stale: dict) -> str:
    """The reason ``rule`` applies to the ranking row, or '' when it does not."""
    threshold = Decimal(rule.threshold)
    value = row.get(RANKING_METRIC)
    label = BY_KEY[RANKING_METRIC].label
    if rule.kind == RuleKind.RANK_TOP:
        if row.get("rank") is not None and row["rank"] <= threshold:
            return _("%(metric)s排名第%(rank)s") % {"metric": label, "rank": row["rank"]}
    elif rule.kind == RuleKind.RATE_AT_LEAST:
        if value is not None and value >= threshold:
            return _("%(metric)s达到%(value)s%%") % {"metric": label, "value": value}
    elif rule.kind == RuleKind.RATE_BELOW:
        if value is not None and value < threshold:
            return _("%(metric)s仅%(value)s%%，低于%(threshold)s%%") % {
                "metric": label, "value": value, "threshold": threshold}  # fmt: skip
    elif rule.kind == RuleKind.OVERDUE_OPEN:
        n = row.get("overdue_open") or 0
        if n and n >= threshold:
            return _("超期未结%(n)s件") % {"n": n}
    elif rule.kind == RuleKind.OVERDUE_SUPERVISED:
        n = counts[RuleKind.OVERDUE_SUPERVISED].get(row["key"], 0)
        if n and n >= threshold:
            return _("督办案件超期%(n)s件") % {"n": n}
    elif rule.kind == RuleKind.STALE_SUPERVISED:
        n = stale.get(rule.days, {}).get(row["key"], 0)
        if n and n >= threshold:
            return _("督办案件%(days)s天以上无进展%(n)s件") % {"days": rule.days, "n": n}
    elif rule.kind == RuleKind.FOUND_UNSETTLED:
        n = counts[RuleKind.FOUND_UNSETTLED].get(row["key"], 0)
        if n and n >= threshold:
            return _("回访发现报结未息%(n)s件") % {"n": n}
    return ""


def _json_figures(figures: dict) -> dict:
    """What is kept with the circular (plain JSON)."""

    def plain(value):
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    ranking = [
        {"key": r["key"], "label": str(r["label"]), "rank": r["rank"],
         **{k: plain(r.get(k)) for k in ("registered", "legal", "settled", "open", "overdue_open", RANKING_METRIC)}}
        for r in figures["ranking"]["rows"]
    ]  # fmt: skip
    campaign = None
    if figures["campaign"] is not None:
        progress = figures["campaign"]
        campaign = {
            "name": progress["campaign"].name,
            "stages": [{"label": str(s["label"]), "due_on": s["due_on"].isoformat(), "target": str(s["target"].target),
                        "value": plain(s["value"]), "achieved": s["achieved"]} for s in progress["stages"]],
        }  # fmt: skip
    return {
        "headline": {k: plain(v) for k, v in figures["headline"]["values"].items()},
        "headline_yoy": {k: plain(v) for k, v in figures["headline"]["previous_year"]["change"].items()},
        "ranking_metric": RANKING_METRIC,
        "ranking": ranking,
        "praised": [{"key": k, "label": str(v["label"]), "reasons": v["praise"]} for k, v in figures["praised"].items()],
        "criticised": [{"key": k, "label": str(v["label"]), "reasons": v["criticise"]}
                       for k, v in figures["criticised"].items()],
        "overdue": [{k: plain(v) for k, v in r.items()} for r in figures["overdue"]],
        "campaign": campaign,
    }  # fmt: skip


def circular_title(kind: str, issuer: Unit, date_from: dt.date, date_to: dt.date, campaign=None) -> str:
    if campaign is not None:
        return _("关于%(name)s工作进展情况的通报") % {"name": campaign.name}
    if kind == CircularKind.MONTHLY:
        span = _("%(year)s年%(month)s月") % {"year": date_from.year, "month": date_from.month}
    else:
        span = f"{date_from.month}月{date_from.day}日至{date_to.month}月{date_to.day}日"
    return _("关于%(span)s涉法涉诉信访工作情况的通报") % {"span": span}


@transaction.atomic
def circular_issue(*, issuer: Unit, kind: str, date_from: dt.date, date_to: dt.date, actor,
                   campaign=None, today: dt.date | None = None) -> Circular:  # fmt: skip
    """Compute, number, keep and send a circular; a unit criticised twice in a row owes a 书面说明."""
    from circulars.documents import build_circular_docx  # noqa: PLC0415

    ensure_can_issue(actor, issuer)
    if kind not in CircularKind.values:
        raise InvalidInput({"kind": [_("通报类型不正确。")]})
    if kind == CircularKind.CAMPAIGN and campaign is None:
        raise InvalidInput(
            {"campaign": [_("专项活动通报须选择专项活动。")]}, message=_("专项活动通报须选择专项活动。")
        )
    if date_to < date_from:
        raise InvalidInput(
            {"date_to": [_("结束日期不能早于开始日期。")]}, message=_("结束日期不能早于开始日期。")
        )
    figures = circular_figures(
        issuer=issuer, date_from=date_from, date_to=date_to, campaign=campaign, today=today
    )
    year = local_date(timezone.now()).year
    sequence = next_number(issuer, year)
    number = circular_number(issuer, year, sequence)
    circular = Circular(
        issuer=issuer, year=year, sequence=sequence, number=number, kind=kind, campaign=campaign,
        period_from=date_from, period_to=date_to, content=_json_figures(figures), issued_by=actor,
        title=circular_title(kind, issuer, date_from, date_to, campaign),
    )  # fmt: skip
    content = build_circular_docx(circular)
    circular.size = len(content)
    circular.sha256 = hashlib.sha256(content).hexdigest()
    circular.file.save("circular.docx", EncryptingFile(ContentFile(content)), save=False)
    circular.save()
    previous = selectors.previous_circular(circular)
    criticised_before = set()
    if previous is not None:
        criticised_before = set(
            previous.recipients.filter(verdict=Verdict.CRITICISE).values_list("unit_id", flat=True)
        )
    named: dict[int, tuple[str, list]] = {}
    for entry in circular.content["praised"]:
        named[entry["key"]] = (Verdict.PRAISE, entry["reasons"])
    for entry in circular.content["criticised"]:
        named[entry["key"]] = (Verdict.CRITICISE, entry["reasons"])
    for row in circular.content["overdue"]:
        key = _overdue_key(row, issuer)
        if key is not None:
            named.setdefault(key, ("", []))
    units = Unit.objects.in_bulk(list(named))
    for key, (verdict, reasons) in named.items():
        unit = units.get(key)
        if unit is None:
            continue
        CircularRecipient.objects.create(circular=circular, unit=unit, verdict=verdict, reasons=reasons)
        title = _("%(issuer)s通报（%(number)s）") % {"issuer": issuer.name, "number": number}
        if verdict == Verdict.CRITICISE:
            title = _("通报批评：%(title)s") % {"title": circular.title}
        elif verdict == Verdict.PRAISE:
            title = _("通报表扬：%(title)s") % {"title": circular.title}
        notify_unit(unit=unit, roles=RECIPIENT_ROLES, title=title, body="；".join(reasons), kind=Kind.INFO)
        if verdict == Verdict.CRITICISE and key in criticised_before:
            due = local_date(timezone.now()) + dt.timedelta(days=EXPLANATION_DAYS)
            Explanation.objects.create(circular=circular, unit=unit, due_on=due)
            notify_unit(
                unit=unit, roles=(Role.UNIT_HEAD, Role.LEADER), kind=Kind.REMINDER,
                title=_("连续两次被通报批评，请单位负责人于%(due)s前提交书面说明") % {"due": due.isoformat()},
            )  # fmt: skip
    return circular


def _overdue_key(row: dict, issuer: Unit):
    unit = Unit.objects.filter(pk=row.get("unit_id")).first()
    return stats.subordinates(issuer).key_of(_unit_row(unit))[0] if unit else None


@transaction.atomic
def circular_mark_read(*, circular: Circular, user) -> int:
    """Record the first reading by a member of each unit the circular was sent to."""
    units = {m.unit_id for m in staff_context(user).memberships}
    return circular.recipients.filter(unit_id__in=units, read_at__isnull=True).update(
        read_at=timezone.now(), read_by=user
    )


@transaction.atomic
def explanation_submit(*, explanation: Explanation, actor, text: str) -> Explanation:
    if not any(m.unit_id == explanation.unit_id and m.role in (Role.UNIT_HEAD, Role.LEADER)
               for m in staff_context(actor).memberships):  # fmt: skip
        raise PermissionDenied(_("书面说明须由被通报单位的负责人提交。"))
    if explanation.submitted_at is not None:
        raise DomainError(_("书面说明已经提交。"))
    if not (text or "").strip():
        raise InvalidInput({"text": [_("请填写书面说明。")]}, message=_("请填写书面说明。"))
    explanation.text, explanation.submitted_at, explanation.submitted_by = text.strip(), timezone.now(), actor
    explanation.save(update_fields=["text", "submitted_at", "submitted_by"])
    notify_unit(unit=explanation.circular.issuer, roles=(Role.SUPERVISOR,), kind=Kind.INFO,
                title=_("%(unit)s已提交书面说明") % {"unit": explanation.unit.name})  # fmt: skip
    return explanation


# ------------------------------------------------------------------------------------------------ meetings


@transaction.atomic
def meeting_record(*, unit: Unit, actor, title: str, held_on: dt.date, decisions: str, place: str = "",
                   attendees=(), petition_ids=(), tasks=()) -> Meeting:  # fmt: skip
    """A 会商研判 record. ``tasks``: dicts with description, owner, deadline and optionally petition_id."""
    if not any(m.unit_id == unit.pk for m in staff_context(actor).memberships):
        raise PermissionDenied(_("只能记录本单位召开的会商研判。"))
    errors: dict[str, list[str]] = {}
    if not (title or "").strip():
        errors["title"] = [_("请填写会议名称。")]
    if not (decisions or "").strip():
        errors["decisions"] = [_("请填写会商意见。")]
    if not attendees:
        errors["attendees"] = [_("请至少选择一名参会人员。")]
    for task in tasks:
        if task["deadline"] < held_on:
            errors["tasks"] = [_("任务完成期限不能早于会议日期。")]
    if errors:
        raise InvalidInput(errors, message=next(iter(errors.values()))[0])
    petitions = [get_visible_petition(actor, pk) for pk in dict.fromkeys(petition_ids)]  # outside scope: 404
    meeting = Meeting.objects.create(unit=unit, title=title.strip(), held_on=held_on, place=place,
                                     decisions=decisions.strip(), created_by=actor)  # fmt: skip
    meeting.attendees.set(attendees)
    meeting.petitions.set(petitions)
    by_pk = {p.pk: p for p in petitions}
    for task in tasks:
        petition = None
        if task.get("petition_id"):
            petition = by_pk.get(task["petition_id"]) or get_visible_petition(actor, task["petition_id"])
        item = MeetingTask.objects.create(meeting=meeting, petition=petition, description=task["description"],
                                          owner=task["owner"], deadline=task["deadline"])  # fmt: skip
        notify_users(users=[task["owner"]], unit=unit, kind=Kind.ASSIGNED, petition=petition,
                     title=_("会商任务：%(task)s（%(deadline)s前完成）")
                     % {"task": item.description, "deadline": item.deadline.isoformat()})  # fmt: skip
    for petition in petitions:
        record_event(petition, "meeting_discussed", actor=actor, unit=unit, note=meeting.decisions,
                     data={"meeting": meeting.pk, "title": meeting.title, "held_on": held_on})  # fmt: skip
    return meeting


@transaction.atomic
def meeting_task_complete(*, task: MeetingTask, actor, result: str) -> MeetingTask:
    if task.owner_id != actor.pk:
        raise PermissionDenied(_("只有任务责任人可以办结会商任务。"))
    if task.done_at is not None:
        raise DomainError(_("该任务已经完成。"))
    if not (result or "").strip():
        raise InvalidInput({"result": [_("请填写完成情况。")]}, message=_("请填写完成情况。"))
    task.done_at, task.result = timezone.now(), result.strip()
    task.save(update_fields=["done_at", "result"])
    if task.petition_id:
        record_event(task.petition, "meeting_task_done", actor=actor, note=task.result,
                     data={"meeting": task.meeting_id, "task": task.description})  # fmt: skip
    return task


# ------------------------------------------------------------------------------------------------ return visits


@transaction.atomic
def return_visit_sample(*, committee: Unit, actor, share: Decimal, date_from: dt.date, date_to: dt.date,
                        campaign=None) -> list[ReturnVisit]:  # fmt: skip
    """两查一访一满意: sample ``share`` percent of the cases reported settled in the period in the committee's
    region (deterministically: every k-th by id), for the committee's own return visit."""
    ensure_can_issue(actor, committee)
    errors: dict[str, list[str]] = {}
    try:
        share = Decimal(share)
    except (ArithmeticError, TypeError, ValueError):
        share = Decimal(-1)
    if not (Decimal(0) < share <= Decimal(100)):
        errors["share"] = [_("抽查比例应在0到100之间。")]
    if date_to < date_from:
        errors["date_to"] = [_("结束日期不能早于开始日期。")]
    if errors:
        raise InvalidInput(errors, message=next(iter(errors.values()))[0])
    settled = selectors.reported_settled(committee=committee, date_from=date_from, date_to=date_to)
    ids = list(settled.values_list("pk", "handling_unit_id"))
    wanted = math.ceil(len(ids) * share / 100)  # rounded up: a share of a few cases is at least one
    step = max(1, len(ids) // wanted) if wanted else 1
    picked = ids[::step][:wanted]
    visits = [
        ReturnVisit(petition_id=pk, committee=committee, handling_unit_id=unit_id, campaign=campaign)
        for pk, unit_id in picked
    ]
    ReturnVisit.objects.bulk_create(visits, ignore_conflicts=True)
    return list(ReturnVisit.objects.filter(committee=committee, petition_id__in=[pk for pk, _u in picked]))


@transaction.atomic
def return_visit_record(
    *, visit: ReturnVisit, actor, verdict: str, visited_on: dt.date, note: str = ""
) -> ReturnVisit:
    """Record the verdict; a case reported settled but found unsettled is flagged on its timeline, set back to
    未结未息 for its unit (so it counts as open again), the unit is notified, and it counts against the unit in
    circulars and assessment."""
    ensure_can_issue(actor, visit.committee)
    if visit.verdict:
        raise DomainError(_("该案件的回访结论已经记录。"))
    if verdict not in ReturnVisitVerdict.values:
        raise InvalidInput({"verdict": [_("请选择回访结论。")]}, message=_("请选择回访结论。"))
    if visited_on > local_date(timezone.now()):
        raise InvalidInput({"visited_on": [_("回访日期不能晚于今天。")]}, message=_("回访日期不能晚于今天。"))
    visit.verdict, visit.visited_on, visit.note, visit.visited_by = verdict, visited_on, note, actor
    visit.save(update_fields=["verdict", "visited_on", "note", "visited_by"])
    petition = visit.petition
    if verdict == ReturnVisitVerdict.UNSETTLED:
        before = petition.settlement_state
        petition.settlement_state = SettlementState.UNSETTLED
        petition.save(update_fields=["settlement_state"])
        record_event(petition, "return_visit_unsettled", actor=actor, unit=visit.committee, note=note,
                     data={"visit": visit.pk, "settlement_before": before})  # fmt: skip
        if visit.handling_unit_id:
            notify_unit(unit=visit.handling_unit, roles=(Role.UNIT_HEAD, Role.HANDLER), kind=Kind.RETURNED,
                        petition=petition, title=_("回访发现报结未息，请重新化解：%(n)s") % {"n": petition.number})  # fmt: skip
    else:
        record_event(petition, "return_visit_settled", actor=actor, unit=visit.committee, note=note,
                     data={"visit": visit.pk})  # fmt: skip
    return visit
