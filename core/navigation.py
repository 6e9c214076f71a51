"""The staff navigation, assembled from items each app registers in its ``AppConfig.ready``.

An item names its section, label, URL name, who sees it (a predicate on the user's StaffContext) and,
optionally, a count (a function of the user) shown as a badge — worklists use it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
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


def _cached_count(item: NavItem, user, url: str) -> int:
    """Badge counts are cached per user for a minute: they run on every page, and at a province's scale a
    count over a worklist costs real time. Acting on a petition clears the user's badges (``clear_badges``)."""
    seconds = getattr(settings, "XINFANG_BADGE_CACHE_SECONDS", 60)
    if not seconds:
        return item.count(user)
    key = f"nav-badge:{user.pk}:{url}"
    value = cache.get(key)
    if value is None:
        value = item.count(user)
        cache.set(key, value, seconds)
        keys = cache.get(f"nav-badge-keys:{user.pk}") or set()
        keys.add(key)
        cache.set(f"nav-badge-keys:{user.pk}", keys, seconds)
    return value


def clear_badges(user) -> None:
    keys = cache.get(f"nav-badge-keys:{user.pk}") or set()
    cache.delete_many([*keys, f"nav-badge-keys:{user.pk}"])


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
            "count": _cached_count(item, user, url) if item.count else None,
        }
        sections.setdefault(str(item.section), []).append(entry)
    return [{"title": title, "items": items} for title, items in sections.items()]
