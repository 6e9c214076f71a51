"""Sections other apps add to the petition page (actions, deadlines, lifecycle records).

An app registers ``Panel(slot, template, context)`` in its ``AppConfig.ready``; ``context(request, petition)``
returns the template context, or None to hide the panel. Slots: "head" (under the title), "actions" (page
head), "main", "aside". A panel whose work is heavy (duplicate candidates, text-model suggestions) is ``lazy``: the
page carries an empty placeholder that fetches it through htmx from ``petitions:panel`` once the page is shown,
so the page itself does not wait for it; ``key`` names it in that URL.

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
    key: str = ""  # for a lazy panel: its name in ``petitions:panel``'s URL
    lazy: bool = False


_PANELS: list[Panel] = []
_ROW_HOOKS: list[Callable] = []


def register(panel: Panel) -> None:
    if panel.lazy and not panel.key:
        raise ValueError(f"lazy panel {panel.template} needs a key")
    if panel not in _PANELS:
        _PANELS.append(panel)


def lazy_keys() -> list[str]:
    return [p.key for p in _PANELS if p.lazy]


def render_panels(request, petition) -> dict[str, list[str]]:
    slots: dict[str, list[str]] = {"head": [], "actions": [], "main": [], "aside": []}
    for panel in sorted(_PANELS, key=lambda p: p.order):
        if panel.lazy:
            html = render_to_string(
                "petitions/_lazy_panel.html", {"petition": petition, "key": panel.key}, request=request
            )
        else:
            html = render_panel(request, petition, panel)
        if html:
            slots[panel.slot].append(html)
    return slots


def render_panel(request, petition, panel: Panel) -> str:
    """One panel's HTML for ``petition`` ("" when the panel has nothing to show there)."""
    context = panel.context(request, petition)
    if context is None:
        return ""
    return render_to_string(panel.template, {"petition": petition, **context}, request=request)


def lazy_panel(key: str) -> Panel | None:
    return next((p for p in _PANELS if p.lazy and p.key == key), None)


def register_row_hook(hook: Callable) -> None:
    if hook not in _ROW_HOOKS:
        _ROW_HOOKS.append(hook)


def decorate_rows(petitions) -> list:
    """The page's petitions as a list, with what every registered app adds to a row."""
    petitions = list(petitions)
    for hook in _ROW_HOOKS:
        hook(petitions)
    return petitions
