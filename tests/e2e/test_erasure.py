""" "Delete my data", anywhere in the conversation and in both languages, against the real servers:
the reply says so, the lead is gone, and the conversation's events are gone from the tracker store."""

from __future__ import annotations

import sqlite3

import pytest

from .servers import Assistant, texts
from .test_callback import leads_for
from .test_conversations import WORKER_EN_FRENCH, converse


def stored_events(assistant: Assistant, sender: str) -> int:
    with sqlite3.connect(assistant.workdir / "tracker.db") as connection:
        return connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def test_after_a_callback_request_the_lead_and_the_conversation_are_erased(assistant: Assistant, sender: str) -> None:
    converse(assistant, sender, "Hi", WORKER_EN_FRENCH)
    for message in ("yes please", "Yes, I agree", "Kenji Sato", "514 555 0199", "no", "mornings", "Eastern"):
        assistant.say(sender, message)
    assert len(leads_for(assistant, sender)) == 1 and stored_events(assistant, sender) > 0
    replies = texts(assistant.say(sender, "I don't want to be contacted, delete my data"))
    assert "deleted what you told me" in replies
    assert leads_for(assistant, sender) == []
    assert stored_events(assistant, sender) == 0
    assert "Kenji" not in str(assistant.tracker(sender))  # the next message starts afresh


@pytest.mark.parametrize(
    ("opening", "request_", "words"),
    [
        ("Hi", "please delete my data", "deleted what you told me"),
        ("Bonjour", "je retire mon consentement, effacez mes données", "J'ai effacé ce que vous m'avez dit"),
    ],
    ids=["en", "fr"],
)
def test_in_the_middle_of_the_questions(
    assistant: Assistant, sender: str, opening: str, request_: str, words: str
) -> None:
    assistant.say(sender, opening)
    assistant.say(sender, "I want to work in Canada" if opening == "Hi" else "Je veux travailler au Canada")
    assistant.say(sender, "I'm French and 28" if opening == "Hi" else "je suis française et j'ai 28 ans")
    assert words in texts(assistant.say(sender, request_))
    assert stored_events(assistant, sender) == 0
