"""Reads of textmodels: the current model, a petition's suggestions, the training data and the acceptance rates.

Suggestions and decisions are read through ``petitions.scope``: the views and the API fetch the petition with
``get_visible_petition`` first, and the acceptance rates count only decisions on petitions the user may see.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from petitions.models import Petition
from petitions.scope import scope_q
from textmodels import labels
from textmodels.classifier import predict_shared
from textmodels.models import Decision, Kind, TextModel
from textmodels.store import ModelUnavailable, bundle_of

TRAINING_LIMIT = 20_000  # the newest confirmed petitions per kind a model learns from
_MODEL_FIELDS = ("id", "version", "trained_at", "source", "method", "n_texts", "metrics", "seconds")


def current_model() -> TextModel | None:
    return TextModel.objects.only(*_MODEL_FIELDS).order_by("-version").first()


def training_data(kind: str, *, limit: int = TRAINING_LIMIT) -> tuple[list[str], list[str]]:
    """The newest ``limit`` petitions whose ``kind`` a person has decided (registration, screening, a confirmed
    suggestion): their text and that decision."""
    if kind == Kind.IS_LEGAL:
        qs = Petition.objects.filter(is_legal__isnull=False)
    else:
        qs = Petition.objects.exclude(**{kind: ""})
    rows = qs.order_by("-registered_at", "-id").values_list("title", "demands", "facts", kind)[:limit]
    texts, values = [], []
    for title, demands, facts, value in rows:
        texts.append(labels.text_of(title, demands, facts))
        if kind == Kind.IS_LEGAL:
            value = labels.LEGAL if value else labels.ORDINARY
        values.append(value)
    return texts, values


@dataclass
class Suggestion:
    kind: str
    value: str
    confidence: float
    alternatives: list[tuple[str, float]] = field(default_factory=list)
    current: str = ""  # the petition's value now ("" when undecided)
    decision: Decision | None = None

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def label(self) -> str:
        return labels.label_of(self.kind, self.value)

    @property
    def current_label(self) -> str:
        return labels.label_of(self.kind, self.current) if self.current else ""

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(v, str(lbl)) for v, lbl in labels.CHOICES[self.kind]]

    @property
    def percent(self) -> int:
        return round(self.confidence * 100)

    def as_dict(self) -> dict:
        d = self.decision
        return {
            "kind": self.kind,
            "kind_label": self.kind_label,
            "value": self.value,
            "label": self.label,
            "confidence": round(self.confidence, 4),
            "alternatives": [
                {"value": v, "label": labels.label_of(self.kind, v), "confidence": round(p, 4)}
                for v, p in self.alternatives
            ],
            "current": self.current,
            "decision": None
            if d is None
            else {
                "chosen": d.chosen,
                "chosen_label": labels.label_of(self.kind, d.chosen),
                "accepted": d.accepted,
                "decided_at": d.decided_at.isoformat(),
                "model_version": d.model.version if d.model_id else None,
            },
        }


def predict_kinds(model: TextModel, text: str) -> dict[str, tuple[str, float, list[tuple[str, float]]]]:
    """Each kind's suggestion for ``text`` by ``model`` (kinds the model could not learn are left out)."""
    found = predict_shared(bundle_of(model), text)
    return {kind: found[kind] for kind in Kind.values if kind in found}


def suggestions_for(petition: Petition, model: TextModel | None = None) -> list[Suggestion]:
    """The current model's suggestion of each kind for ``petition`` (already fetched inside the caller's scope),
    with the decision recorded on it, if any. Empty when no model is trained."""
    model = model or current_model()
    if model is None:
        return []
    try:
        predicted = predict_kinds(model, labels.text_of(petition.title, petition.demands, petition.facts))
    except ModelUnavailable:
        return []
    decisions = {d.kind: d for d in Decision.objects.filter(petition=petition).select_related("model")}
    found = []
    for kind, (value, confidence, ranked) in predicted.items():
        found.append(
            Suggestion(
                kind=kind,
                value=value,
                confidence=confidence,
                alternatives=ranked[1:3],
                current=labels.value_of(petition, kind),
                decision=decisions.get(kind),
            )
        )
    return found


@dataclass
class Rate:
    kind: str
    decided: int
    accepted: int

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def changed(self) -> int:
        return self.decided - self.accepted

    @property
    def rate(self) -> float | None:
        return self.accepted / self.decided if self.decided else None

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "kind_label": self.kind_label,
            "decided": self.decided,
            "accepted": self.accepted,
            "changed": self.changed,
            "rate": None if self.rate is None else round(self.rate, 4),
        }


def acceptance_rates(user) -> list[Rate]:
    """Per kind: how many suggestions officers decided on, and how many they accepted as suggested — counting
    only decisions on petitions ``user`` may see. One query."""
    rows = (
        Decision.objects.filter(scope_q(user, petition="petition_id", prefix="petition__"))
        .values("kind")
        .annotate(decided=Count("id"), accepted=Count("id", filter=Q(accepted=True)))
    )
    found = {r["kind"]: r for r in rows}
    return [
        Rate(kind=k, decided=found.get(k, {}).get("decided", 0), accepted=found.get(k, {}).get("accepted", 0))
        for k in Kind.values
    ]
