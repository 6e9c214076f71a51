"""Every URL the project serves, read from the resolver itself, so that tests walking them pick up new views."""

import dataclasses
import re
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import get_converters

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


@dataclasses.dataclass(frozen=True)
class Route:
    """One URL pattern: its full template (route and regex parts joined), name and view."""

    template: str
    name: str  # "namespace:name", or "" for an unnamed pattern
    params: tuple[str, ...]
    callback: object

    @property
    def view(self) -> str:
        callback = self.callback
        cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        target = cls or callback
        return f"{target.__module__}.{target.__qualname__}"

    def path(self, values: dict[str, object]) -> str:
        """The concrete path for the given parameter values."""

        def regex_value(match):
            return str(values[match.group("name")])

        def route_value(match):
            converter = get_converters().get(match.group("converter") or "str")
            value = values[match.group("name")]
            return str(converter.to_url(value) if converter else value)

        text = _REGEX_PARAM.sub(regex_value, self.template)  # first: "(?P<name>…)" holds a "<name>"
        text = _ROUTE_PARAM.sub(route_value, text)
        text = text.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
        return "/" + text


def _params(template: str) -> tuple[str, ...]:
    names = [m.group("name") for m in _REGEX_PARAM.finditer(template)]
    names += [m.group("name") for m in _ROUTE_PARAM.finditer(_REGEX_PARAM.sub("", template))]
    return tuple(dict.fromkeys(names))


def _walk(patterns, prefix: str, namespaces: tuple[str, ...]) -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            spaces = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), spaces)
        elif isinstance(entry, URLPattern):
            template = prefix + str(entry.pattern)
            name = ":".join((*namespaces, entry.name)) if entry.name else ""
            yield Route(template, name, _params(template), entry.callback)


def all_routes() -> list[Route]:
    """Every pattern of ``ROOT_URLCONF``, including included apps, the admin and DRF routers."""
    return list(_walk(get_resolver().url_patterns, "", ()))
