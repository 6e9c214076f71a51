"""Writes of textmodels: training and storing a model version, and an officer's decision on a suggestion."""

import time
from collections import Counter

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, InvalidInput, NotVisible, PermissionDenied
from organisations.selectors import staff_context
from petitions.events import record_event
from petitions.models import Petition, State
from petitions.scope import can_see
from petitions.services import REGISTER_ROLES, acceptance_due
from textmodels import classifier, labels, selectors, store
from textmodels.models import Decision, Kind, Source, TextModel

ACTION_LABELS = {"suggestion_confirmed": _("确认分流建议")}
MIN_PER_LABEL = 5  # a value decided fewer times than this is not suggested (too few examples to learn from)
MIN_TEXTS = 10
AWAITING_SCREENING = (State.REGISTERED, State.ONLINE_PENDING)


class NotEnoughData(Exception):
    pass


class StaleModel(DomainError):
    """The officer was shown another model version's suggestions than the current one."""

    code = "stale"
    status = 409


def _kind_data(kind: str, limit: int) -> tuple[list[str], list[str], dict]:
    texts, values = selectors.training_data(kind, limit=limit)
    counts = Counter(values)
    dropped = {v: n for v, n in counts.items() if n < MIN_PER_LABEL}
    keep = [i for i, v in enumerate(values) if v not in dropped]
    texts, values = [texts[i] for i in keep], [values[i] for i in keep]
    info = {"n_texts": len(texts), "labels": dict(Counter(values).most_common()), "dropped": dropped}
    return texts, values, info


def textmodel_train(
    *,
    source: str = Source.PLATFORM,
    actor=None,
    folds: int = 0,
    limit: int = selectors.TRAINING_LIMIT,
    method: str = classifier.DEFAULT_METHOD,
    log=None,
) -> TextModel:
    """Train one classifier per kind on the confirmed history and store them as the next version. With
    ``folds`` ≥ 2 each kind is first cross-validated (stratified) and the figures are stored with the model.
    A kind with fewer than two values of ``MIN_PER_LABEL`` petitions each is skipped (no suggestion for it);
    no kind at all raises ``NotEnoughData`` and stores nothing."""
    started = time.perf_counter()
    data, metrics, total = {}, {}, 0
    for kind in Kind.values:
        texts, values, info = _kind_data(kind, limit)
        metrics[kind] = info
        if len(set(values)) < 2 or len(texts) < MIN_TEXTS:
            info["skipped"] = _t("已确认的数据不足（至少需要两个类别，每类至少%(n)d件）。") % {
                "n": MIN_PER_LABEL
            }
            continue
        if folds >= 2:
            usable = min(folds, min(Counter(values).values()))
            if usable >= 2:
                info["cv"] = classifier.cross_validate(texts, values, folds=usable, method=method).as_dict()
                info["cv"].pop("folds", None)
        data[kind] = (texts, values)
        total = max(total, len(texts))
        if log:
            log(f"{Kind(kind).label}: {len(texts)} 条，{len(info['labels'])} 类")
    if not data:
        raise NotEnoughData(_t("没有足够的已确认信访事项可供训练。"))
    fit_started = time.perf_counter()
    bundle = classifier.fit_shared(data, method)
    classifier.forget_words()
    if log:
        log(f"训练 {time.perf_counter() - fit_started:.1f} 秒")
    payload, digest = store.dumps(bundle)
    with transaction.atomic():
        last = TextModel.objects.select_for_update().aggregate(v=Max("version"))["v"] or 0
        model = TextModel.objects.create(
            version=last + 1,
            trained_at=timezone.now(),
            trained_by=actor,
            source=source,
            method=method,
            n_texts=total,
            metrics=metrics,
            seconds=round(time.perf_counter() - started, 3),
            payload=payload,
            digest=digest,
        )
    return model


@transaction.atomic
def suggestion_confirm(
    *, actor, petition: Petition, kind: str, value: str, model_version: int | None = None
) -> Decision:
    """The officer confirms (``value`` is the suggestion) or changes (another value) the suggestion of ``kind``
    for ``petition``: the decision is recorded, the petition's field takes ``value`` and the timeline says so.
    ``model_version`` is the version the officer was shown: if a newer model has been trained since, nothing is
    changed and the officer is asked to look again."""
    locked = Petition.objects.select_for_update().filter(pk=petition.pk).first()
    if locked is None or not can_see(actor, locked):
        raise NotVisible(_t("未找到该信访事项。"))
    ctx = staff_context(actor)
    units = ctx.units_with(*REGISTER_ROLES)
    if not units:
        raise PermissionDenied(_t("您没有确认分流建议的权限。"))
    errors: dict[str, list[str]] = {}
    if kind not in Kind.values:
        raise InvalidInput({"kind": [_t("未知的建议类型。")]})
    if value not in dict(labels.CHOICES[kind]):
        errors["value"] = [_t("请选择有效的%(kind)s。") % {"kind": Kind(kind).label}]
    if kind == Kind.IS_LEGAL and locked.state not in AWAITING_SCREENING:
        errors["kind"] = [_t("该事项已甄别，诉访分离以甄别结果为准。")]
    if Decision.objects.filter(petition=locked, kind=kind).exists():
        errors["kind"] = [_t("该项建议已确认，不能重复确认。")]
    if errors:
        raise InvalidInput(errors)
    model = selectors.current_model()
    if model is None:
        raise InvalidInput({"kind": [_t("尚未训练模型，没有可确认的建议。")]})
    if model_version is not None and model_version != model.version:
        raise StaleModel(
            _t("模型已更新（当前为第%(v)d版），请刷新页面查看新的建议后再确认。") % {"v": model.version}
        )
    suggestions = {s.kind: s for s in selectors.suggestions_for(locked, model)}
    suggestion = suggestions.get(kind)
    if suggestion is None:
        raise InvalidInput({"kind": [_t("当前模型对该项没有建议。")]})
    now = timezone.now()
    decision = Decision.objects.create(
        petition=locked,
        kind=kind,
        model=model,
        suggested=suggestion.value,
        confidence=suggestion.confidence,
        chosen=value,
        accepted=value == suggestion.value,
        decided_by=actor,
        decided_at=now,
    )
    before = labels.value_of(locked, kind)
    setattr(locked, kind, labels.field_value(kind, value))
    fields = [kind, "version", "updated_at"]
    if kind == Kind.SYSTEM and locked.state in AWAITING_SCREENING and locked.due_kind == "acceptance":
        due = acceptance_due(locked)  # the acceptance limit depends on the responsible system
        locked.due_at, locked.warn_at = due.due_at, due.warn_at
        fields += ["due_at", "warn_at"]
    locked.version = F("version") + 1
    locked.save(update_fields=fields)
    locked.refresh_from_db(fields=["version"])
    unit = ctx.primary_unit if ctx.primary_unit in units else units[0]
    record_event(
        locked,
        "suggestion_confirmed",
        actor=actor,
        unit=unit,
        at=now,
        note=(
            _t("%(kind)s：采纳建议“%(value)s”")
            if decision.accepted
            else _t("%(kind)s：建议“%(suggested)s”，改为“%(value)s”")
        )
        % {
            "kind": Kind(kind).label,
            "value": labels.label_of(kind, value),
            "suggested": labels.label_of(kind, suggestion.value),
        },
        data={
            "kind": kind,
            "suggested": suggestion.value,
            "confidence": round(suggestion.confidence, 4),
            "chosen": value,
            "before": before,
            "accepted": decision.accepted,
            "model_version": model.version,
        },
    )
    return decision
