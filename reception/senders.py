"""Who tells a person about their appointment. Pluggable: ``XINFANG_RECEPTION_SENDER`` names a class with
``send(phone, text)``; the default writes to the log (console), as the embedded default sends no SMS."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from core.masking import mask_phone

log = logging.getLogger("reception.sms")


class ConsoleSender:
    def send(self, phone: str, text: str) -> None:
        log.info("SMS to %s: %s", mask_phone(phone), text)


def sender():
    return import_string(getattr(settings, "XINFANG_RECEPTION_SENDER", "reception.senders.ConsoleSender"))()
