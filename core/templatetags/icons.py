"""Inline SVG icons: they render without an emoji font and need no script or style (CSP-safe).

``{% icon "paperclip" %}`` — decorative by default (aria-hidden); pass ``label="…"`` to make it announced.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# 24×24 stroke paths (drawn in currentColor, so they take the text's colour)
PATHS = {
    "paperclip": "M21 12.5l-8.6 8.6a5.5 5.5 0 01-7.8-7.8l8.6-8.6a3.7 3.7 0 015.2 5.2l-8.6 8.6a1.8 1.8 0 01-2.6-2.6L15 8",
    "download": "M12 3v12m0 0l-5-5m5 5l5-5M4 19h16",
    "alert": "M12 3l10 18H2L12 3zm0 7v5m0 3v.5",
    "check": "M4 12l5 5L20 6",
    "clock": "M12 21a9 9 0 100-18 9 9 0 000 18zm0-14v5l3 3",
    "menu": "M3 6h18M3 12h18M3 18h18",
}


@register.simple_tag
def icon(name: str, label: str = "", size: int = 16):
    path = PATHS[name]
    accessible = (
        format_html('role="img" aria-label="{}"', label) if label else mark_safe('aria-hidden="true"')
    )
    return format_html(
        '<svg class="icon icon-{}" width="{}" height="{}" viewBox="0 0 24 24" fill="none" stroke="currentColor" '
        'stroke-width="2" stroke-linecap="round" stroke-linejoin="round" focusable="false" {}>'
        '<path d="{}"/></svg>',
        name,
        size,
        size,
        accessible,
        path,
    )
