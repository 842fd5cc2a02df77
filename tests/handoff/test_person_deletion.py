"""`bin/leads delete --email/--phone` finds the person's conversations without a lead too, in a
tracker store written by Rasa's own SQLTrackerStore, on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from lead_handoff import store as store_module
from lead_handoff.store import LeadStore

from .helpers import lead_data

EMAIL = "ana@example.org"
PHONE = "+15145550199"
# The person's own words or contact slots: each conversation must go.
WROTE_THE_EMAIL = {
    "email-typed": [UserUttered("yes"), UserUttered("you can write to Ana@Example.ORG, thanks")],
    "email-in-slot-only": [UserUttered("yes"), SlotSet("email", EMAIL)],
}
WROTE_THE_PHONE = {
    f"phone-typed-{index}": [UserUttered("hello"), UserUttered(f"my number is {typed}")]
    for index, typed in enumerate(
        ("(514) 555-0199", "514.555.0199", "+1 514 555 0199", "1-514-555-0199", "514 555 01 99", "5145550199")
    )
} | {"phone-in-slot-only": [UserUttered("sure"), SlotSet("phone", PHONE)]}
# Someone else, or the assistant's own words: each must stay.
OTHERS = {
    "longer-address": [UserUttered("write to hana@example.org")],
    "address-inside-another": [UserUttered("it's ana@example.org.evil.test")],
    "other-number": [UserUttered("call 514 555 0198")],
    "other-country": [UserUttered("call +33 5 14 55 50 19")],
    "assistant-said-it": [UserUttered("how do I reach you?"), BotUttered(f"Call {PHONE} or write to {EMAIL}")],
    "other-slot": [UserUttered("Ana"), SlotSet("name", f"{EMAIL} {PHONE}")],
}


def rasa_tracker_store(url: str) -> SQLTrackerStore:
    """Rasa's own SQL tracker store on the test's database: the events as Rasa writes them."""
    parts = make_url(url)
    if parts.get_backend_name() == "sqlite":
        return SQLTrackerStore(Domain.empty(), dialect="sqlite", db=parts.database)
    return SQLTrackerStore(
        Domain.empty(),
        dialect="postgresql",
        host=parts.host,
        port=parts.port,
        db=parts.database,
        username=parts.username,
    )


def write_conversations(url: str, conversations: dict[str, list[Event]]) -> None:
    tracker_store = rasa_tracker_store(url)
    for sender, events in conversations.items():
        tracker = DialogueStateTracker.from_events(sender, [ActionExecuted("action_session_start"), *events])
        asyncio.run(tracker_store.save(tracker))
    tracker_store.engine.dispose()


def events_by_sender(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id")).all()
    engine.dispose()
    return {sender: count for sender, count in rows}


@pytest.fixture()
def tracker_url(database_url: str) -> Iterator[str]:
    """The tracker store's tables beside the leads, in the same SQLite file or PostgreSQL database."""
    write_conversations(database_url, {**WROTE_THE_EMAIL, **WROTE_THE_PHONE, **OTHERS})
    yield database_url


def test_an_email_finds_the_conversations_without_a_lead(store: LeadStore, tracker_url: str) -> None:
    store.save(lead_data("with-lead", email=EMAIL, phone="+33612345678"), ("email",))
    write_conversations(tracker_url, {"with-lead": [UserUttered("hi")]})
    before = events_by_sender(tracker_url)
    removed = store.delete_person(email=" ANA@example.org ", tracker_url=tracker_url)
    gone = {"with-lead", *WROTE_THE_EMAIL}
    assert removed == {
        "leads": 1,
        "deliveries": 1,
        "calls_cancelled": 0,
        "conversation_events": sum(before[sender] for sender in gone),
        "conversations": 3,
    }
    assert set(events_by_sender(tracker_url)) == set(before) - gone


def test_a_phone_number_finds_them_however_it_was_typed(store: LeadStore, tracker_url: str) -> None:
    before = events_by_sender(tracker_url)
    removed = store.delete_person(phone="514-555-0199", tracker_url=tracker_url)
    assert removed["leads"] == 0 and removed["conversations"] == len(WROTE_THE_PHONE) == 7
    assert removed["conversation_events"] == sum(before[sender] for sender in WROTE_THE_PHONE)
    assert set(events_by_sender(tracker_url)) == set(before) - set(WROTE_THE_PHONE)


def test_someone_else_or_the_assistants_words_are_kept(store: LeadStore, tracker_url: str) -> None:
    store.delete_person(email=EMAIL, phone=PHONE, tracker_url=tracker_url)
    assert set(events_by_sender(tracker_url)) == set(OTHERS)


def test_python_reads_only_the_events_sql_kept(
    store: LeadStore, tracker_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_conversations(tracker_url, {f"stranger-{n}": [UserUttered(f"I'm {20 + n}, from Mexico")] for n in range(40)})
    total = sum(events_by_sender(tracker_url).values())
    read: list[Any] = []
    original = store_module.written_by_person
    monkeypatch.setattr(store_module, "written_by_person", lambda data: read.append(data) or original(data))
    store.delete_person(email=EMAIL, phone=PHONE, tracker_url=tracker_url)
    # Only the events holding the address or the number's digits: those of the conversations that
    # wrote them and of those that must stay (the assistant's words, another slot, longer addresses).
    assert total >= 100 and 0 < len(read) <= 20


def test_an_address_at_the_end_of_a_sentence_or_with_an_apostrophe(store: LeadStore, tracker_url: str) -> None:
    write_conversations(
        tracker_url,
        {"apostrophe": [UserUttered("It's O'Brien@example.org.")], "other": [UserUttered("brien@example.org")]},
    )
    assert store.delete_person(email="o'brien@example.org", tracker_url=tracker_url)["conversations"] == 1
    assert "apostrophe" not in events_by_sender(tracker_url) and "other" in events_by_sender(tracker_url)


def test_no_tracker_store_yet(store: LeadStore, tmp_path: Path) -> None:
    absent = f"sqlite:///{tmp_path / 'never-written.db'}"
    removed = store.delete_person(email=EMAIL, tracker_url=absent)
    assert removed == {"leads": 0, "deliveries": 0, "calls_cancelled": 0, "conversation_events": 0, "conversations": 0}
    assert not (tmp_path / "never-written.db").exists()


def test_the_command_line_counts_conversations_without_a_lead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from lead_handoff.cli import main

    tracker_db = tmp_path / "tracker.db"
    write_conversations(f"sqlite:///{tracker_db}", {**WROTE_THE_EMAIL, **OTHERS})
    monkeypatch.setenv("LEADS_DATABASE_URL", f"sqlite:///{tmp_path / 'leads.db'}")
    monkeypatch.setenv("RASA_TRACKER_DB", str(tracker_db))
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    assert main(["delete", "--email", EMAIL]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["conversations"] == 2 and "nothing was deleted" not in err
    assert "2 conversation(s)" in err
    assert main(["delete", "--email", EMAIL]) == 1  # now nothing is left
    assert "nothing was deleted" in capsys.readouterr().err
