import sys
import types

import pytest

from analytics.tests.conftest import _fresh_cache, backlog_campaign, dataset  # noqa: F401
from handling.tests.conftest import clock, flow  # noqa: F401


@pytest.fixture
def fake_supervision(monkeypatch):
    """A stand-in for the supervision app's selectors (installed or not, the circulars call these)."""
    calls = {"overdue": [], "stale": []}
    module = types.ModuleType("supervision.selectors")

    def overdue_supervisions(*, units, on):
        return list(calls["overdue"])

    def stale_supervisions(*, units, on, days):
        return [r for r in calls["stale"] if r["days_since"] >= days]

    module.overdue_supervisions = overdue_supervisions
    module.stale_supervisions = stale_supervisions
    package = types.ModuleType("supervision")
    package.selectors = module
    monkeypatch.setitem(sys.modules, "supervision", package)
    monkeypatch.setitem(sys.modules, "supervision.selectors", module)
    from circulars import services

    real = services.apps

    class Apps:
        def is_installed(self, name):
            return True if name == "supervision" else real.is_installed(name)

    monkeypatch.setattr(services, "apps", Apps())
    return calls
