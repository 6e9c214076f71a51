"""Writing the timeline. Every service that changes a petition calls ``record_event`` in its transaction."""

import json

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from petitions.models import Event, EventAction

_LABELS: dict[str, str] = {c.value: c.label for c in EventAction}


def register_actions(labels: dict[str, str]) -> None:
    """Apps that add actions to the timeline register their labels here (at import of their events)."""
    _LABELS.update(labels)


def action_label(action: str) -> str:
    return str(_LABELS.get(action, action))


def record_event(
    petition,
    action: str,
    *,
    actor=None,
    unit=None,
    note: str = "",
    data: dict | None = None,
    state_before: str = "",
    state_after: str = "",
    at=None,
    first: bool = False,
) -> Event:
    """Append an event to the petition's timeline. ``first``: the petition's first event, written in the
    transaction that created the petition (``petitions.chain.seal``)."""
    event = Event(
        petition=petition,
        action=action,
        actor=actor,
        unit=unit,
        at=at or timezone.now(),
        note=note,
        data=json.loads(json.dumps(data or {}, default=str, ensure_ascii=False)),
        state_before=state_before,
        state_after=state_after,
    )
    if first:
        from petitions.chain import seal

        seal(event, first=True)
    event.save(force_insert=True)
    return event


__all__ = ["record_event", "register_actions", "action_label", "_"]
