"""Sections other apps add to the petition page (actions, deadlines, lifecycle records).

An app registers ``Panel(slot, template, context)`` in its ``AppConfig.ready``; ``context(request, petition)``
returns the template context, or None to hide the panel. Slots: "actions" (page head), "main", "aside".
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string


@dataclass(frozen=True)
class Panel:
    slot: str
    template: str
    context: Callable
    order: int = 100


_PANELS: list[Panel] = []


def register(panel: Panel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def render_panels(request, petition) -> dict[str, list[str]]:
    slots: dict[str, list[str]] = {"actions": [], "main": [], "aside": []}
    for panel in sorted(_PANELS, key=lambda p: p.order):
        context = panel.context(request, petition)
        if context is None:
            continue
        html = render_to_string(panel.template, {"petition": petition, **context}, request=request)
        slots[panel.slot].append(html)
    return slots
