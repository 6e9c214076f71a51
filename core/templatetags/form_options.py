"""``{% select_options widget.optgroups %}``: a select's options rendered in Python.

Django renders each ``<option>`` through its own template, about a tenth of a millisecond apiece; the units of a
province (200 and more, in every unit picker and the list's filter) cost more than the rest of the page. The
project's ``django/forms/widgets/select.html`` uses this tag instead, with the same output: the value as text,
the option's attributes (``selected``, …) as Django's ``attrs.html`` writes them, groups as ``<optgroup>``.
"""

from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def _text(value) -> str:
    """Escaped text, as ``{{ value }}`` writes it (already safe text as it is)."""
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {name}" if value is True else f' {name}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


@register.simple_tag
def select_options(optgroups) -> str:
    parts = []
    for group_name, options, _index in optgroups:
        if group_name:
            parts.append(f'<optgroup label="{_text(group_name)}">')
        for option in options:
            value = escape(str(option["value"]))
            parts.append(
                f'<option value="{value}"{_attrs(option["attrs"])}>{_text(option["label"])}</option>'
            )
        if group_name:
            parts.append("</optgroup>")
    return mark_safe("".join(parts))  # noqa: S308 - every value, label and attribute escaped above
