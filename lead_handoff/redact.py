"""Personal data out of log lines and stored error messages: emails and phone numbers, summary links, and the
person's words wherever Rasa's structured log lines carry them (a failed message is logged with its
text at ERROR). tests/e2e/test_callback.py checks the logs of a whole conversation for names,
e-mails and phone numbers; tests/e2e/test_hostile_input.py those of malformed requests."""

from __future__ import annotations

import json
import logging
import re

import phonenumbers

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Phone numbers are told from addresses, ports, times, durations and ids by libphonenumber's matcher
# (a number valid where it is dialled); only lines with seven digits close together are read by it.
DIGITS = re.compile(r"\d(?:[\s().-]{0,2}\d){6}")
# Written with its country code: a phone number even where the metadata disagrees (an old format).
INTERNATIONAL = re.compile(r"\+\d(?:[\s().-]{0,2}\d){7,14}")
# A number without its country code is Canadian (as the callback form reads it), or, starting with
# 0, of a French-speaking country ("06 12 34 56 78").
HOME_REGION = "CA"
ZERO_REGIONS = ("FR", "BE", "CH")
NATIONAL_WITH_ZERO = re.compile(r"(?<![\d.:-])0\d(?:[\s./-]?\d){7,}")
# Digit groups in a row holding more digits than one phone number (15): the matcher reads none of
# "514 555 0199 438 555 0123", so such a run is redacted whole (dots left out: times, addresses).
GROUPS = re.compile(r"\+?\d+(?:[\s()+-]{1,3}\d+)+")
LONGEST_NUMBER = 15
# The matcher costs about a millisecond a number: a longer line is read with the wide pattern, which
# also takes addresses and times for phone numbers, so that no line costs more than a few.
MATCHED_CHARS = 1_000
WIDE = re.compile(r"\+?\d[\d\s().-]{6,}\d")
# Escaped characters in a logged repr or JSON ("\\n"), blanked for the matcher (which refuses a
# number glued to a letter), the same length so that positions hold.
ESCAPES = re.compile(r"\\(?:[nrt]|u[0-9a-fA-F]{4})")


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


# A summary's link (lead_handoff/summaries.py): its token cut to a few characters, in the web service's
# access log and wherever else a line holds it; the rest of the token would open the summary.
SUMMARY_LINK = re.compile(r"(/summary/[A-Za-z0-9_-]{6})[A-Za-z0-9_-]+")


def redact(text: str) -> str:
    text = SUMMARY_LINK.sub(r"\1…", text)
    return without_phone_numbers(EMAIL.sub("[email]", withhold_said(text)))


def without_phone_numbers(text: str) -> str:
    pieces, end = [], 0
    for start, stop in sorted(phone_number_spans(text)):
        if start >= end:
            pieces += [text[end:start], "[phone]"]
        end = max(end, stop)
    return "".join(pieces) + text[end:]


def phone_number_spans(text: str) -> set[tuple[int, int]]:
    if not DIGITS.search(text):
        return set()
    if len(text) > MATCHED_CHARS:
        return {match.span() for match in WIDE.finditer(text)}
    readable = ESCAPES.sub(_blank, text)
    runs = {run.span() for run in GROUPS.finditer(readable) if sum(map(str.isdigit, run.group())) > LONGEST_NUMBER}
    for start, end in runs:
        readable = readable[:start] + " " * (end - start) + readable[end:]
    regions = (HOME_REGION, *ZERO_REGIONS) if NATIONAL_WITH_ZERO.search(readable) else (HOME_REGION,)
    spans = runs | {match.span() for match in INTERNATIONAL.finditer(readable)}
    for region in regions:
        matches = phonenumbers.PhoneNumberMatcher(readable, region, leniency=phonenumbers.Leniency.VALID)
        spans |= {(match.start, match.end) for match in matches}
    return spans


def _blank(match: re.Match[str]) -> str:
    """As many spaces: the positions in the text stay those of the original."""
    return " " * len(match.group())


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
