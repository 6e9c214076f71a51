"""Sections other apps add to the petition page (actions, deadlines, lifecycle records).

An app registers ``Panel(slot, template, context)`` in its ``AppConfig.ready``; ``context(request, petition)``
returns the template context, or None to hide the panel. Slots: "head" (under the title), "actions" (page
head), "main", "aside".

Lists of petitions (the petition list, worklists) let apps add what they know to each row of a page the same
way: ``register_row_hook(fn)``, where ``fn(petitions)`` sets attributes on the page's petitions in a fixed number
of queries.
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
_ROW_HOOKS: list[Callable] = []


def register(panel: Panel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)


def render_panels(request, petition) -> dict[str, list[str]]:
    slots: dict[str, list[str]] = {"head": [], "actions": [], "main": [], "aside": []}
    for panel in sorted(_PANELS, key=lambda p: p.order):
        context = panel.context(request, petition)
        if context is None:
            continue
        html = render_to_string(panel.template, {"petition": petition, **context}, request=request)
        slots[panel.slot].append(html)
    return slots


def register_row_hook(hook: Callable) -> None:
    if hook not in _ROW_HOOKS:
        _ROW_HOOKS.append(hook)


def decorate_rows(petitions) -> list:
    """The page's petitions as a list, with what every registered app adds to a row."""
    petitions = list(petitions)
    for hook in _ROW_HOOKS:
        hook(petitions)
    return petitions
