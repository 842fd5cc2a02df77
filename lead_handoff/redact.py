"""Personal data out of log lines and stored error messages: emails and phone numbers."""
from __future__ import annotations

import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+?\d[\d\s().-]{6,}\d")


def redact(text: str) -> str:
    return PHONE.sub("[phone]", EMAIL.sub("[email]", text))


class RedactingFilter(logging.Filter):
    """Rewrites every record's message with personal data replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def install(logger: logging.Logger | None = None) -> None:
    """Adds the filter to every handler of the root logger (or of logger)."""
    target = logger or logging.getLogger()
    for handler in target.handlers or [logging.lastResort]:
        if handler is not None and not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
