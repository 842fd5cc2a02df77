from __future__ import annotations

import json
import logging

import pytest

from lead_handoff.redact import install_in_records, redact


def test_emails_and_phone_numbers_are_replaced() -> None:
    assert redact("write to ana.p+x@example.org or call +1 (514) 555-0199") == "write to [email] or call [phone]"
    assert redact("lead 3f2a saved; retry in 30 s") == "lead 3f2a saved; retry in 30 s"


def test_every_record_is_redacted_whatever_handler_comes_later(caplog: pytest.LogCaptureFixture) -> None:
    install_in_records()
    install_in_records()  # once is enough; twice changes nothing
    with caplog.at_level(logging.INFO):
        logging.getLogger("late.handler").info("user said %s, phone %s", "ana@example.org", "514 555 0199")
    assert caplog.messages == ["user said [email], phone [phone]"]


def test_the_persons_words_are_withheld_from_rasas_structured_lines() -> None:
    line = '{"text": "je m\'appelle Zoë Tremblay", "event": "rest.message.received.failure", "level": "error"}'
    assert json.loads(redact(line)) == {
        "text": "[withheld]",
        "event": "rest.message.received.failure",
        "level": "error",
    }
    assert redact('{"event": "action.run", "name": "action_save_lead"}') == (
        '{"event": "action.run", "name": "action_save_lead"}'
    )
    assert redact("{not json: text}") == "{not json: text}"
