from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("包案与督办")

    def ready(self):
        from supervision import wiring

        wiring.connect()
