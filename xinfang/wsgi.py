import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xinfang.settings")
application = get_wsgi_application()

# A production server runs the system checks before taking requests, as runserver does: it refuses
# to start with demo accounts or the demo password (accounts.checks).
from django.conf import settings  # noqa: E402

if settings.XINFANG_PRODUCTION:
    from django.core.management import call_command  # noqa: E402

    call_command("check")
