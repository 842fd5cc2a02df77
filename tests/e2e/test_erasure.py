""" "Delete my data", anywhere in the conversation and in both languages, against the real servers:
asked once to confirm, then the reply says so, the lead is gone, and the conversation's events are
gone from the tracker store. A "no" keeps everything; a request about one contact detail corrects
that detail; on a shared device only the current round is deleted."""

from __future__ import annotations

import sqlite3

import pytest

from .servers import Assistant, texts
from .test_callback import leads_for
from .test_conversations import WORKER_EN_FRENCH, converse

CALLBACK_DETAILS = ("yes please", "Yes, I agree", "Kenji Sato", "514 555 0199")


def stored_events(assistant: Assistant, sender: str) -> int:
    with sqlite3.connect(assistant.workdir / "tracker.db") as connection:
        return connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def stored_text(assistant: Assistant, sender: str) -> str:
    with sqlite3.connect(assistant.workdir / "tracker.db") as connection:
        rows = connection.execute("SELECT data FROM events WHERE sender_id = ?", (sender,)).fetchall()
    return " ".join(row[0] for row in rows)


def test_after_a_callback_request_the_lead_and_the_conversation_are_erased(assistant: Assistant, sender: str) -> None:
    converse(assistant, sender, "Hi", WORKER_EN_FRENCH)
    for message in (*CALLBACK_DETAILS, "no", "mornings", "Eastern"):
        assistant.say(sender, message)
    assert len(leads_for(assistant, sender)) == 1 and stored_events(assistant, sender) > 0
    asked = texts(assistant.say(sender, "I don't want to be contacted, delete my data"))
    assert "Delete everything you told me" in asked and len(leads_for(assistant, sender)) == 1  # nothing yet
    replies = texts(assistant.say(sender, "Yes, delete everything"))
    assert "deleted what you told me" in replies
    assert leads_for(assistant, sender) == []
    assert stored_events(assistant, sender) == 0
    assert "Kenji" not in str(assistant.tracker(sender))  # the next message starts afresh


@pytest.mark.parametrize(
    ("opening", "request_", "yes", "words"),
    [
        ("Hi", "please delete my data", "yes", "deleted what you told me"),
        ("Bonjour", "je retire mon consentement, effacez mes données", "oui", "J'ai effacé ce que vous m'avez dit"),
    ],
    ids=["en", "fr"],
)
def test_in_the_middle_of_the_questions(
    assistant: Assistant, sender: str, opening: str, request_: str, yes: str, words: str
) -> None:
    assistant.say(sender, opening)
    assistant.say(sender, "I want to work in Canada" if opening == "Hi" else "Je veux travailler au Canada")
    assistant.say(sender, "I'm French and 28" if opening == "Hi" else "je suis française et j'ai 28 ans")
    assert words not in texts(assistant.say(sender, request_))
    assert words in texts(assistant.say(sender, yes))
    assert stored_events(assistant, sender) == 0


@pytest.mark.parametrize(
    ("opening", "request_", "no", "kept", "next_question"),
    [
        ("Hi", "delete my data", "No, keep it", "I have deleted nothing", "Do you have a job offer"),
        ("Bonjour", "effacez mes données", "Non, gardez tout", "je n'ai rien effacé", "offre d'emploi"),
    ],
    ids=["en", "fr"],
)
def test_a_no_keeps_everything_and_the_questions_resume(
    assistant: Assistant, sender: str, opening: str, request_: str, no: str, kept: str, next_question: str
) -> None:
    assistant.say(sender, opening)
    assistant.say(sender, "I want to work in Canada" if opening == "Hi" else "Je veux travailler au Canada")
    assistant.say(sender, "I'm French and 28" if opening == "Hi" else "je suis française et j'ai 28 ans")
    assistant.say(sender, request_)
    replies = texts(assistant.say(sender, no))
    assert kept in replies and next_question in replies
    assert assistant.slots(sender)["age"] == 28 and stored_events(assistant, sender) > 0


def test_deleting_the_email_at_the_email_question_is_a_correction(assistant: Assistant, sender: str) -> None:
    converse(assistant, sender, "Hi", WORKER_EN_FRENCH)
    for message in CALLBACK_DETAILS:
        assistant.say(sender, message)
    replies = texts(assistant.say(sender, "Delete the email, I'd rather give my phone only"))
    assert "won't keep an email address" in replies and "When would you prefer to be called?" in replies
    assistant.say(sender, "weekday mornings")
    assistant.say(sender, "Eastern")
    [lead] = leads_for(assistant, sender)  # the callback request stands
    assert lead.phone == "+15145550199" and lead.email is None and stored_events(assistant, sender) > 0


def test_on_a_shared_device_only_the_current_round_is_deleted(assistant: Assistant, sender: str) -> None:
    converse(assistant, sender, "Hi", WORKER_EN_FRENCH)
    for message in (*CALLBACK_DETAILS, "no", "mornings", "Eastern"):
        assistant.say(sender, message)
    [first] = leads_for(assistant, sender)
    assistant.say(sender, "start over")
    assistant.say(sender, "I want to work in Canada")
    assistant.say(sender, "I'm Irish, Saoirse, 26")
    assistant.say(sender, "delete my data")
    replies = texts(assistant.say(sender, "yes"))
    assert "since this conversation was started over" in replies
    assert [lead.id for lead in leads_for(assistant, sender)] == [first.id]  # the first person's request stays
    assert "Saoirse" not in stored_text(assistant, sender) and "Kenji" in stored_text(assistant, sender)
    slots = assistant.slots(sender)
    assert slots["citizenships"] is None and slots["name"] is None and slots["lead_id"] is None  # nobody revived


def test_a_refused_consent_stores_no_text_of_the_refusal(assistant: Assistant, sender: str) -> None:
    converse(assistant, sender, "Hi", WORKER_EN_FRENCH)
    assistant.say(sender, "yes please")
    assistant.say(sender, "No. Don't keep kenji.sato@example.org")
    consent_values = [event["value"] for event in assistant.tracker(sender)["events"] if event.get("name") == "consent"]
    assert consent_values and all(value in (None, False) for value in consent_values)
