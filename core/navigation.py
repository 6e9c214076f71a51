"""The staff navigation, assembled from items each app registers in its ``AppConfig.ready``.

An item names its section, label, URL name, who sees it (a predicate on the user's StaffContext) and,
optionally, a count (a function of the user) shown as a badge — worklists use it.

The page carries the navigation without its numbers: each badge is an empty slot the page fills from
``/nav/badges/`` once it has loaded (``counts`` below, fresh on every request). A page's own work — a list, a
petition — is thus not held up by a dozen counts over the user's scope, and the counts are never stale.
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


def badge_id(item: NavItem) -> str:
    """The id of the item's badge slot, the same on the page and in ``/nav/badges/``."""
    parts = [item.url_name.replace(":", "-"), *(str(v) for _, v in item.url_kwargs)]
    return "nav-badge-" + "-".join(parts)


def _visible_items(staff):
    for item in sorted(_ITEMS, key=lambda i: (i.section_order, i.order)):
        if item.visible is None or item.visible(staff):
            yield item


def build(user, staff, path: str) -> list[dict]:
    """The sections and items ``user`` sees, with an empty badge slot (``badge_id``) where an item counts."""
    sections: dict[str, list[dict]] = {}
    for item in _visible_items(staff):
        url = reverse(item.url_name, kwargs=dict(item.url_kwargs))
        entry = {
            "label": item.label,
            "url": url,
            "active": path == url or (url != "/" and path.startswith(url) and len(url) > 1),
            "badge_id": badge_id(item) if item.count else "",
        }
        sections.setdefault(str(item.section), []).append(entry)
    return [{"title": title, "items": items} for title, items in sections.items()]


def counts(user, staff) -> dict[str, int | str]:
    """Badge slot id → the item's count for ``user`` (bounded, ``badge``), for every item they see that counts."""
    return {badge_id(item): badge(item, user) for item in _visible_items(staff) if item.count}
