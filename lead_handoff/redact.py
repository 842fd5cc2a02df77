"""Personal data out of log lines and stored error messages: emails and phone numbers. (Names are
never logged at the INFO level the services run at; tests/e2e/test_callback.py checks the logs of a
whole conversation for all three.)"""

from __future__ import annotations

import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+?\d[\d\s().-]{6,}\d")


def redact(text: str) -> str:
    return PHONE.sub("[phone]", EMAIL.sub("[email]", text))


def install_in_records() -> None:
    """Redacts every log record of this process when it is made, whatever handlers are added
    later (Rasa sets up its own logging after the project's code has run)."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "redacting", False):
        return

    def redacting_record(*args: object, **kwargs: object) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return record

    redacting_record.redacting = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(redacting_record)
