"""The staff entry: 网上待审核, with its count, for the units that screen submissions."""

from django.utils.translation import gettext_lazy as _

from core.navigation import NavItem, register
from handling.lifecycle import STAFF_INTAKE


def _count(user) -> int:
    from portal.selectors import screening_list

    return screening_list(user).count()


register(
    NavItem(
        section=_("待办"),
        label=_("网上待审核"),
        url_name="portal:screening",
        order=-1,
        section_order=5,
        visible=lambda staff: bool(staff.roles & set(STAFF_INTAKE)),
        count=_count,
    )
)
