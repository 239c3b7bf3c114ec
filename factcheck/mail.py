"""An e-mail backend for servers without an SMTP relay."""

import logging

from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger(__name__)


class LogEmailBackend(BaseEmailBackend):
    """Writes each e-mail to the log instead of sending it: what a server does
    until ``EMAIL_HOST`` names an SMTP relay. Like the console backend (the
    local default), but through ``logging``, so it lands in the worker's log
    with everything else, and is not a development-only backend to Django's
    deployment checks."""

    def send_messages(self, email_messages):
        for message in email_messages:
            logger.info(
                "E-mail not sent (no EMAIL_HOST set) to %s: %s\n%s",
                ", ".join(message.recipients()),
                message.subject,
                message.body,
            )
        return len(email_messages)
