"""Personal data out of log lines and stored error messages: emails and phone numbers, and the
person's words wherever Rasa's structured log lines carry them (a failed message is logged with its
text at ERROR). tests/e2e/test_callback.py checks the logs of a whole conversation for names,
e-mails and phone numbers; tests/e2e/test_hostile_input.py those of malformed requests."""

from __future__ import annotations

import json
import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+?\d[\d\s().-]{6,}\d")


# What a person said, in Rasa's structured (JSON) log lines: withheld whole, whatever it holds
# (a name is neither an e-mail nor a phone number). Rasa's own anonymizer needs a Rasa Pro plugin.
WITHHELD_KEYS = frozenset(
    {
        "text",
        "user_text",
        "user_message",
        "message",
        "json_message",
        "response_text",
        "parse_data_text",
        "parse_data_entities",
        "tracker_latest_message",
        "slot_values",
        "prefilled_slots",
        "slot_candidates",
        "rasa_event",
        "rasa_events",
        "entity",
        "current_entity",
        "next_entity",
        "token_text",
    }
)


def redact(text: str) -> str:
    return PHONE.sub("[phone]", EMAIL.sub("[email]", withhold_said(text)))


def withhold_said(line: str) -> str:
    """A structured log line with the person's words in it, without them."""
    if not line.startswith("{") or not any(f'"{key}"' in line for key in WITHHELD_KEYS):
        return line
    try:
        fields = json.loads(line)
    except ValueError:
        return line
    if not isinstance(fields, dict):
        return line
    return json.dumps({key: "[withheld]" if key in WITHHELD_KEYS else value for key, value in fields.items()})


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
