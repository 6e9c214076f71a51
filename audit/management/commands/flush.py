"""Django's ``flush``, allowed to empty the append-only audit log on SQLite (see ``audit.maintenance``)."""

from django.core.management.commands.flush import Command as FlushCommand

from audit.maintenance import flushing


class Command(FlushCommand):
    def handle(self, **options):
        with flushing():
            return super().handle(**options)
