"""Sections other apps add to the public tracking page (e.g. the petitioner's appointments).

``register_section(fn)``: ``fn(petition) -> str | None`` returns HTML (already escaped, e.g. from
``render_to_string``) shown under the timeline, or None to show nothing. It is called only for a petition whose
number and query code were verified, and must show nothing of other people or of staff.
"""

from collections.abc import Callable

from django.utils.safestring import mark_safe

_SECTIONS: list[Callable] = []


def register_section(fn: Callable) -> Callable:
    if fn not in _SECTIONS:
        _SECTIONS.append(fn)
    return fn


def render_sections(petition) -> list[str]:
    rendered = []
    for fn in _SECTIONS:
        html = fn(petition)
        if html:
            rendered.append(mark_safe(html))  # noqa: S308  (the section's own rendered template)
    return rendered
