"""The staff navigation, assembled from items each app registers in its ``AppConfig.ready``.

An item names its section, label, URL name, who sees it (a predicate on the user's StaffContext) and,
optionally, a count (a function of the user) shown as a badge — worklists use it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    section: str
    label: str
    url_name: str
    order: int = 100
    section_order: int = 50
    url_kwargs: tuple = ()
    key: str = ""
    visible: Callable | None = None
    count: Callable | None = None


_ITEMS: list[NavItem] = []


def register(item: NavItem) -> None:
    if all((i.url_name, i.url_kwargs) != (item.url_name, item.url_kwargs) for i in _ITEMS):
        _ITEMS.append(item)


BADGE_CAP = 100  # a badge counts at most this many rows and then shows "99+"


def badge(item: NavItem, user) -> int | str:
    """The badge of ``item`` for ``user``, counted fresh on every page (no per-user cache that lags behind the
    user's own actions): counts stop at ``BADGE_CAP`` — ``handling.worklists.worklist_count`` is a bounded
    count over indexed probes, so a fresh count costs milliseconds even for a province."""
    value = item.count(user)
    return f"{BADGE_CAP - 1}+" if value >= BADGE_CAP else value


def build(user, staff, path: str) -> list[dict]:
    sections: dict[str, list[dict]] = {}
    for item in sorted(_ITEMS, key=lambda i: (i.section_order, i.order)):
        if item.visible is not None and not item.visible(staff):
            continue
        url = reverse(item.url_name, kwargs=dict(item.url_kwargs))
        entry = {
            "label": item.label,
            "url": url,
            "active": path == url or (url != "/" and path.startswith(url) and len(url) > 1),
            "count": badge(item, user) if item.count else None,
        }
        sections.setdefault(str(item.section), []).append(entry)
    return [{"title": title, "items": items} for title, items in sections.items()]
