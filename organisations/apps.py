from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("单位与人员")

    def ready(self):
        from organisations.selectors import connect_cache_invalidation

        connect_cache_invalidation()
