"""Log redaction tells phone numbers from the other numbers of a log line: an address with its port
(`127.0.0.1:25055` was once logged as `[phone]`), IPv6, times, durations, sizes and ids stay; a phone
number in the usual North-American and international formats goes."""

from __future__ import annotations

import time

import pytest

from lead_handoff.redact import MATCHED_CHARS, redact

MUST_KEEP = [
    "connected to 127.0.0.1:25055",
    "peer 192.168.100.200 port 5432",
    "listening on [::1]:5005 and [2001:db8::8a2e:370:7334]:443",
    "client ::ffff:192.0.2.128 refused",
    "2026-11-26 12:00:01,123 rasa.core.processor - Action 'action_listen' ended",
    "event at 2026-11-26T12:00:01.123456+00:00",
    "Mon, 26 Nov 2026 12:00:01 +0000",
    "26/11/2026 12:00 next run",
    "timestamp 1732623000.1234567",
    "epoch ms 1732623000123",
    "took 12345678 ms, then 0.0123456 s",
    "duration 0:00:12.345678",
    "elapsed 1234.5678 ms",
    "sender 9f1c2d3e4b5a69788796a5b4c3d2e1f0 saved",
    "request 123e4567-e89b-12d3-a456-426614174000",
    "pid 123456, port 25055, 1048576 bytes",
    "rasa 3.6.21, sqlalchemy 1.4.54, 1.2.3.4",
    "lead 3f2a saved; retry in 30 s",
    "retry 3/5 in 120 s",
]

MUST_REDACT = [
    ("call +1 (514) 555-0199", "call [phone]"),
    ("call (514) 555-0199 today", "call [phone] today"),
    ("call 514 555 0199", "call [phone]"),
    ("call 514-555-0199", "call [phone]"),
    ("call 514.555.0199", "call [phone]"),
    ("call (514)555-0199;", "call [phone];"),
    ("call 1-514-555-0199", "call [phone]"),
    ("call 1 514 555 0199", "call [phone]"),
    ("call 15145550199", "call [phone]"),
    ("call +15145550199", "call [phone]"),
    ("call 5145550199", "call [phone]"),
    ("tel:+1-438-555-0123", "tel:[phone]"),
    ("phone=4185550123 saved", "phone=[phone] saved"),
    ("tel 418-555-0123 ext. 12", "tel [phone]"),
    ("call +33 6 12 34 56 78", "call [phone]"),
    ("call +33612345678", "call [phone]"),
    ("call +33 (0)6 12 34 56 78", "call [phone]"),
    ("call 06 12 34 56 78", "call [phone]"),
    ("call 06.12.34.56.78", "call [phone]"),
    ("call 0470 12 34 56", "call [phone]"),
    ("call 079 123 45 67", "call [phone]"),
    ("call 011 33 6 12 34 56 78", "call [phone]"),
    ("call +44 20 7946 0958", "call [phone]"),
    ("call +52 55 1234 5678", "call [phone]"),
    ("call +52 1 55 1234 5678", "call [phone]"),  # an old format the metadata no longer calls valid
    ("call +91 98765 43210", "call [phone]"),
    ("call +86 138 0013 8000", "call [phone]"),
    ("call +1 514 555 0199,+1 438 555 0123", "call [phone],[phone]"),
    ("numbers 514 555 0199 438 555 0123", "numbers [phone]"),
    ("Received user message 'my number\\n5145550199' with intent inform", None),
    ('{"value": "+15145550199"}', '{"value": "[phone]"}'),
    ("POST /conversations/5145550199/tracker", "POST /conversations/[phone]/tracker"),
]


@pytest.mark.parametrize("line", MUST_KEEP)
def test_other_numbers_are_kept(line: str) -> None:
    assert redact(line) == line


@pytest.mark.parametrize(("line", "redacted"), MUST_REDACT)
def test_phone_numbers_are_redacted(line: str, redacted: str | None) -> None:
    cleaned = redact(line)
    if redacted is not None:
        assert cleaned == redacted
    assert "[phone]" in cleaned and not any(digits in cleaned for digits in ("555", "0199", "12 34", "4321"))


def test_a_phone_number_beside_kept_numbers() -> None:
    line = "127.0.0.1:25055 at 2026-11-26 12:00:01 said +1 514 555 0199 (took 0.0123 s)"
    assert redact(line) == "127.0.0.1:25055 at 2026-11-26 12:00:01 said [phone] (took 0.0123 s)"


def test_emails_first_then_phone_numbers() -> None:
    assert redact("ana.5145550199@example.org or 514 555 0199") == "[email] or [phone]"


def test_a_long_line_is_redacted_with_the_wide_pattern_in_bounded_time() -> None:
    numbers = " ".join(f"514.555.{n:04d}" for n in range(400))
    assert len(numbers) > MATCHED_CHARS
    started = time.perf_counter()
    cleaned = redact(f"numbers {numbers}")
    assert "555" not in cleaned and cleaned.startswith("numbers [phone]")
    assert time.perf_counter() - started < 0.2  # the matcher: about a millisecond a number, 0.4 s here
