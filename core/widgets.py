"""Pickers that let people choose by name instead of typing codes, on server-rendered pages.

- ``RegionCascadeWidget``: 省 → 市 → 县 selects; choosing a level reloads the levels below through htmx
  (``core:region_picker``). The stored value stays the GB/T 2260 code: the deepest level chosen.
- ``FilterableSelect``: a select with a filter box above it, for long lists such as the units of a province
  (grouped by region and system with ``grouped_unit_choices``).
- ``CompactMultiSelect``: a collapsed checkbox list with a filter box and a summary of what is chosen, instead of
  a Ctrl-click list or a wall of loose checkboxes.

No inline script or style: behaviour comes from ``static/js/pickers.js`` through data- attributes, and every
picker still submits a usable value without JavaScript.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

LEVELS = ("province", "city", "county")


def region_chain(code: str | None) -> list:
    """The region of ``code`` and its ancestors, top first ([] for an unknown or empty code)."""
    from organisations.models import Region

    if not code:
        return []
    region = Region.objects.filter(code=code).select_related("parent__parent").first()
    chain = []
    while region is not None:
        chain.insert(0, region)
        region = region.parent
    return chain


def region_levels(code: str | None) -> list[dict]:
    """The three selects of a cascade for ``code``: each level's options and the chosen one."""
    from organisations.models import Region

    chain = region_chain(code)
    levels = []
    parent = None
    for depth, level in enumerate(LEVELS):
        if depth == 0:
            options = Region.objects.filter(parent__isnull=True)
        elif parent is None:
            options = Region.objects.none()
        else:
            options = Region.objects.filter(parent=parent)
        chosen = chain[depth].code if depth < len(chain) else ""
        levels.append(
            {"level": level, "options": list(options.values_list("code", "name")), "chosen": chosen}
        )
        parent = chain[depth] if depth < len(chain) else None
    return levels


class RegionCascadeWidget(forms.Widget):
    template_name = "core/widgets/region_cascade.html"
    labels = {"province": _("省"), "city": _("市"), "county": _("县（区）")}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        levels = region_levels(value)
        for entry in levels:
            entry["label"] = self.labels[entry["level"]]
            entry["name"] = f"{name}_{entry['level']}"
        context["widget"].update(levels=levels, field_name=name)
        return context

    def value_from_datadict(self, data, files, name):
        if data.get(name):  # a plain code (API clients, older forms) still works
            return data.get(name)
        for level in reversed(LEVELS):
            value = data.get(f"{name}_{level}")
            if value:
                return value
        return ""

    def value_omitted_from_data(self, data, files, name):
        return name not in data and not any(f"{name}_{level}" in data for level in LEVELS)

    def id_for_label(self, id_):
        return f"{id_}_province" if id_ else id_


class FilterableSelect(forms.Select):
    """A select with a filter box: typing narrows the options (and their groups) to those that match."""

    template_name = "core/widgets/filterable_select.html"


class CompactMultiSelect(forms.CheckboxSelectMultiple):
    """A collapsed checkbox list with a filter box and a summary of the choice."""

    template_name = "core/widgets/compact_multiselect.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = [
            str(option["label"])
            for _group, options, _index in context["widget"]["optgroups"]
            for option in options
            if option["selected"]
        ]
        if not chosen:
            summary = _("全部") if not self.is_required else _("请选择")
        elif len(chosen) <= 3:
            summary = "、".join(chosen)
        else:
            summary = _("已选 %(n)s 项") % {"n": len(chosen)}
        context["widget"].update(summary=summary, chosen_count=len(chosen))
        return context


def grouped_unit_choices(units, *, blank: str | None = None) -> list:
    """Units as choices grouped by region and system ("武威市 · 法院"), in the order of the unit tree."""
    groups: dict[str, list] = {}
    for unit in units:
        label = f"{unit.region.name} · {unit.get_system_display()}"
        groups.setdefault(label, []).append((unit.pk, unit.name))
    choices = [("", blank)] if blank is not None else []
    choices.extend(groups.items())
    return choices
