from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("网上信访")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from petitions.events import register_actions

        from . import navigation  # noqa: F401  (staff navigation entry)
        from .services import connect_cache_invalidation

        connect_cache_invalidation()

        register_actions({"portal_evaluated": _("信访人网上评价")})
