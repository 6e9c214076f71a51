from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = _("演示数据")


def seed_apps(log=print) -> None:
    """Each app fills its own demo data through its own services: ``<app>/demo.py`` with ``seed(log)``, called in
    the order of INSTALLED_APPS after the province and its petitions exist."""
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        if hasattr(module, "seed") and config.name != "demo":
            module.seed(log)
