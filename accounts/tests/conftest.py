import pytest


@pytest.fixture
def axes_on(settings, db):
    """The lockout backend on, as in production (the suite turns it off for the test client's login)."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()
    return settings


@pytest.fixture
def require_2fa(settings):
    settings.XINFANG_REQUIRE_2FA = True
    return settings
