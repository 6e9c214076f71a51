"""Sending the query code to the petitioner: a pluggable sender (``settings.PORTAL_CODE_SENDER``, a dotted path).

The embedded default logs the message (console); a deployment names its SMS gateway or mail sender class, which
takes ``send(*, phone, email, message)`` and must not raise for a single failed delivery (the code is shown on
screen as well).
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from core.masking import mask_phone

logger = logging.getLogger("portal.codes")


class LogSender:
    """Writes the message to the log: for the embedded default and development."""

    def send(self, *, phone: str, email: str, message: str) -> None:
        logger.info("to %s %s: %s", mask_phone(phone) if phone else "-", email or "-", message)


class MailSender(LogSender):
    """Sends by e-mail (Django's mail settings) when an address was given, else logs."""

    def send(self, *, phone: str, email: str, message: str) -> None:
        if not email:
            return super().send(phone=phone, email=email, message=message)
        try:
            send_mail("网上信访查询码", message, None, [email])
        except Exception:  # the code is on the screen too; a failed mail must not fail the submission
            logger.exception("query code mail to %s failed", email)


def get_sender():
    return import_string(getattr(settings, "PORTAL_CODE_SENDER", "portal.senders.LogSender"))()
