"""Writes of early warning: the periodic run that raises alerts, and acknowledging and closing them."""

import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alerts.models import Alert, AlertRule, AlertRun, AlertStatus, SensitivePeriod
from alerts.params import Strictness, kind_label
from alerts.rules import Candidate, RuleContext, evaluate
from alerts.selectors import visible_alerts
from core.errors import InvalidInput, NotVisible, PermissionDenied
from notifications.models import Kind
from notifications.services import notify_users
from organisations.models import Membership, Role, Unit
from organisations.selectors import staff_context
from petitions.models import Petition

logger = logging.getLogger(__name__)

ACT_ROLES = (Role.SUPERVISOR, Role.UNIT_HEAD, Role.RECEPTION)
KEY_CHUNK = 900  # dedupe keys per "already raised?" query: below SQLite's oldest variable limit
DIGEST_LINES = 20


@dataclass
class RunResult:
    """Counts of one run: per rule ``{"candidates": n, "created": m}``, totals, elapsed seconds."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    created: int = 0
    notified_units: int = 0
    elapsed: float = 0.0
    sensitive_period: str = ""
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "counts": self.counts,
            "timings": {name: round(seconds, 3) for name, seconds in self.timings.items()},
            "created": self.created,
            "notified_units": self.notified_units,
            "elapsed": round(self.elapsed, 3),
            "sensitive_period": self.sensitive_period,
            "errors": self.errors,
        }

    def __str__(self) -> str:
        parts = [f"{name}：候选{c['candidates']}条，新增{c['created']}条" for name, c in self.counts.items()]
        period = f"（敏感时期：{self.sensitive_period}）" if self.sensitive_period else ""
        return (
            "；".join(parts)
            + f"。共新增{self.created}条预警，通知{self.notified_units}个单位，用时{self.elapsed:.2f}秒{period}"
            + (f"；{len(self.errors)}条规则出错" if self.errors else "")
        )


def active_sensitive_period(now: datetime) -> SensitivePeriod | None:
    """The strictest sensitive period covering ``now``'s local date, if any."""
    today = timezone.localdate(now)
    return (
        SensitivePeriod.objects.filter(starts_on__lte=today, ends_on__gte=today)
        .order_by("threshold_factor", "starts_on", "pk")
        .first()
    )


def run_early_warning(now: datetime | None = None, days: int = 90) -> RunResult:
    """Evaluate every enabled rule over the petitions registered in the last ``days`` days; raise new alerts.

    Alerts are inserted with ``ON CONFLICT DO NOTHING`` on their dedupe key, so a rerun (or a concurrent run)
    raises nothing twice; each row records the run that inserted it, and only those are notified: one digest
    per responsible unit per run. A rule that fails is logged and reported; the others still run.
    """
    started = time.monotonic()
    now = now or timezone.now()
    period = active_sensitive_period(now)
    strict = Strictness(period.name, float(period.threshold_factor)) if period else None
    ctx = RuleContext(now=now, days=days, strict=strict)
    run = AlertRun.objects.create(evaluated_at=now, days=days, sensitive_period=period.name if period else "")
    result = RunResult(sensitive_period=run.sensitive_period)
    for rule in AlertRule.objects.filter(enabled=True).order_by("pk"):
        rule_started = time.monotonic()
        try:
            candidates = evaluate(rule, ctx)
            created = _insert(rule, candidates, run, now)
        except Exception as exc:  # one broken rule must not stop the others
            logger.exception("early-warning rule %s failed", rule.pk)
            message = "；".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            result.errors.append(f"{rule.name}：{message}")
            continue
        result.counts[rule.name] = {"candidates": len(candidates), "created": created}
        result.timings[rule.name] = time.monotonic() - rule_started
        result.created += created
    notify_started = time.monotonic()
    result.notified_units = _notify(run)
    result.timings["通知"] = time.monotonic() - notify_started
    result.elapsed = time.monotonic() - started
    AlertRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now(),
        elapsed=result.elapsed,
        counts=result.counts,
        created=result.created,
        notified_units=result.notified_units,
        errors=result.errors,
    )
    return result


def _insert(rule: AlertRule, candidates: list[Candidate], run: AlertRun, now: datetime) -> int:
    keys = [c.dedupe_key for c in candidates]
    existing: set[str] = set()
    for i in range(0, len(keys), KEY_CHUNK):
        existing.update(
            Alert.objects.filter(dedupe_key__in=keys[i : i + KEY_CHUNK]).values_list("dedupe_key", flat=True)
        )
    new = [
        Alert(
            rule=rule,
            run=run,
            kind=rule.kind,
            severity=rule.severity,
            petition_id=c.petition_id,
            region_id=c.region_id,
            unit_id=c.unit_id,
            category=c.category,
            reason=c.reason,
            data=c.data,
            dedupe_key=c.dedupe_key,
            created_at=now,
        )
        for c in {c.dedupe_key: c for c in candidates}.values()
        if c.dedupe_key not in existing
    ]
    if not new:
        return 0
    with transaction.atomic():
        Alert.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    # a concurrent run may have inserted some of them first: count what this run actually owns
    return Alert.objects.filter(run=run, rule=rule).count()


def _notify(run: AlertRun) -> int:
    """One digest notification per responsible unit for the alerts this run inserted; returns the units notified.

    The people are the unit's active members holding a role some rule of its alerts names (``notify_unit_roles``).
    """
    items_by_unit: dict[int, list[tuple[str, str, int | None]]] = defaultdict(list)
    roles_by_unit: dict[int, set[str]] = defaultdict(set)
    rule_roles = dict(AlertRule.objects.values_list("pk", "notify_unit_roles"))
    rows = (
        Alert.objects.filter(run=run, unit__isnull=False)
        .order_by("-severity", "pk")
        .values_list("unit_id", "rule_id", "kind", "reason", "petition_id")
    )
    for unit_id, rule_id, kind, reason, petition_id in rows:
        roles = rule_roles.get(rule_id) or []
        if roles:
            roles_by_unit[unit_id].update(roles)
            items_by_unit[unit_id].append((kind, reason, petition_id))
    if not items_by_unit:
        return 0
    users_by_unit: dict[int, dict[int, object]] = defaultdict(dict)
    memberships = (
        Membership.objects.filter(unit_id__in=list(items_by_unit), user__is_active=True)
        .select_related("user")
        .order_by("unit_id", "user_id")
    )
    for m in memberships:
        if m.role in roles_by_unit[m.unit_id]:
            users_by_unit[m.unit_id].setdefault(m.user_id, m.user)
    units = Unit.objects.in_bulk(list(users_by_unit))
    single: dict[int, int] = {}  # a digest of alerts about one petition links that petition
    for unit_id, items in items_by_unit.items():
        about = {petition_id for _, _, petition_id in items}
        if len(about) == 1 and None not in about:
            single[unit_id] = about.pop()
    petitions = Petition.objects.in_bulk(set(single.values()))
    with transaction.atomic():
        for unit_id, users in users_by_unit.items():
            items = items_by_unit[unit_id]
            lines = [f"【{kind_label(kind)}】{reason}" for kind, reason, _ in items[:DIGEST_LINES]]
            if len(items) > DIGEST_LINES:
                lines.append(f"……另有{len(items) - DIGEST_LINES}条，请在“预警”页面查看。")
            notify_users(
                users=list(users.values()),
                unit=units[unit_id],
                title=f"预警提示：本单位新增{len(items)}条预警",
                body="\n".join(lines),
                kind=Kind.INFO,
                petition=petitions.get(single.get(unit_id)),
            )
    return len(users_by_unit)


# ------------------------------------------------------------------------------------------ acknowledge / close


def can_act(user) -> bool:
    """Whether the user holds a role that may acknowledge and close the alerts they can see."""
    return bool(staff_context(user).roles & set(ACT_ROLES))


def _ensure_can_act(actor, alert: Alert) -> None:
    if not visible_alerts(actor).filter(pk=alert.pk).exists():
        raise NotVisible("未找到该预警。")
    if not can_act(actor):
        raise PermissionDenied("只有督办员、部门负责人或接访员可以处理预警。")


@transaction.atomic
def alert_acknowledge(*, alert: Alert, actor) -> Alert:
    """确认: the responsible side has seen the alert and is dealing with it."""
    _ensure_can_act(actor, alert)
    now = timezone.now()
    updated = Alert.objects.filter(pk=alert.pk, status=AlertStatus.OPEN).update(
        status=AlertStatus.ACKNOWLEDGED, acknowledged_by=actor, acknowledged_at=now
    )
    if not updated:
        raise InvalidInput(
            {"status": ["该预警已被处理，请刷新页面。"]}, message="该预警已被处理，请刷新页面。"
        )
    alert.refresh_from_db()
    return alert


@transaction.atomic
def alert_close(*, alert: Alert, actor, note: str) -> Alert:
    """关闭: the matter behind the alert has been dealt with; the note says how."""
    _ensure_can_act(actor, alert)
    note = (note or "").strip()
    if not note:
        raise InvalidInput({"note": ["请填写处理说明。"]}, message="请填写处理说明。")
    if len(note) > 2000:
        raise InvalidInput({"note": [f"处理说明最多2000字，当前{len(note)}字。"]})
    now = timezone.now()
    updated = Alert.objects.filter(
        pk=alert.pk, status__in=(AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED)
    ).update(status=AlertStatus.CLOSED, closed_by=actor, closed_at=now, note=note)
    if not updated:
        raise InvalidInput({"status": ["该预警已关闭。"]}, message="该预警已关闭。")
    alert.refresh_from_db()
    return alert
