"""Worklists in the navigation, each with its count."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, register
from handling.worklists import WORKLISTS, worklist_count

for order, (name, spec) in enumerate(WORKLISTS.items()):
    register(
        NavItem(
            section=_("待办"),
            label=spec.label,
            url_name="handling:worklist",
            url_kwargs=(("name", name),),
            order=order,
            section_order=5,
            visible=lambda staff, roles=spec.roles: bool(staff.roles & set(roles)),
            count=partial(worklist_count, name=name),
        )
    )
