"""A script making leads in bulk: past ten leads a day from one address, or from a conversation
answered faster than anyone types, a lead is stored but held for review — no e-mail, no webhook —
until a consultant releases it. The person is told the same either way."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

import actions.callback as callback
from actions.callback import ActionSaveLead
from lead_handoff.pace import Reply, looks_scripted, replies_of, too_fast
from lead_handoff.store import LeadStore

from .helpers import domain, tracker

CONTACT = {
    "consent": True,
    "name": "Ana",
    "phone": "+15145550199",
    "email": "ana@example.org",
    "preferred_time": "mornings",
    "timezone": "America/Toronto",
    "citizenships": ["FR"],
}


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LeadStore]:
    monkeypatch.setenv("LEADS_DATABASE_URL", f"sqlite:///{tmp_path / 'leads.db'}")
    monkeypatch.setenv("LEADS_WEBHOOK_URL", "http://127.0.0.1:9/crm")
    monkeypatch.setenv("LEADS_WEBHOOK_SECRET", "s")
    monkeypatch.delenv("LEADS_PER_ADDRESS_PER_DAY", raising=False)
    monkeypatch.delenv("LEADS_HOLD_SCRIPTED", raising=False)
    callback.settings.cache_clear()
    yield callback.lead_store()
    callback.settings.cache_clear()


def conversation(seconds_per_reply: float, replies: int = 6) -> list[dict[str, Any]]:
    """The assistant asks, the person answers `seconds_per_reply` later, `replies` times."""
    events, now = [], 1_000.0
    for n in range(replies):
        events.append({"event": "bot", "text": "a question?", "timestamp": now})
        now += seconds_per_reply
        events.append({"event": "user", "text": f"answer number {n}", "timestamp": now})
        now += 0.5
    events.append({"event": "bot", "text": "a question?", "timestamp": now})
    return events


def save(sender: str, client: str | None, seconds_per_reply: float = 6.0) -> list[str]:
    state = tracker(
        text="Eastern",
        slots=CONTACT,
        active_loop=None,
        history=conversation(seconds_per_reply),
        metadata={"client": client} if client else {},
    )
    state.sender_id = sender
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionSaveLead().run(dispatcher, state, domain()))
    return [m["response"] for m in dispatcher.messages]


def test_the_eleventh_lead_from_one_address_in_a_day_is_held_not_delivered(store: LeadStore) -> None:
    for n in range(11):
        assert save(f"conv-{n}", "address-a") == ["utter_callback_confirmed"]  # the same words for all
    held = store.by_conversation("conv-10")
    assert (held.status, held.held_reason) == ("held", "address_limit")
    assert store.deliveries(held.id) == []
    for n in range(10):
        lead = store.by_conversation(f"conv-{n}")
        assert lead.status == "new" and [d.target for d in store.deliveries(lead.id)] == ["webhook"]
    save("conv-other", "address-b")  # another address is not affected
    assert store.by_conversation("conv-other").status == "new"
    assert store.release(held.id, ("webhook",))  # a consultant found it real
    assert store.by_conversation("conv-10").status == "new" and len(store.deliveries(held.id)) == 1
    assert not store.release(held.id, ("webhook",))  # released once


def test_a_conversation_answered_faster_than_anyone_types_is_held(store: LeadStore) -> None:
    assert save("scripted", "address-c", seconds_per_reply=0.05) == ["utter_callback_confirmed"]
    lead = store.by_conversation("scripted")
    assert (lead.status, lead.held_reason) == ("held", "scripted") and store.deliveries(lead.id) == []
    save("typed", "address-c", seconds_per_reply=4.0)
    assert store.by_conversation("typed").status == "new"


def test_the_client_address_comes_from_the_server_set_metadata_only(store: LeadStore) -> None:
    save("no-metadata", None)
    assert store.by_conversation("no-metadata").address_key is None


def test_typing_pace() -> None:
    assert looks_scripted([Reply(0.1, 20)] * 4)
    assert not looks_scripted([Reply(0.1, 20)] * 3)  # too few replies to tell
    assert not looks_scripted([Reply(3.0, 20)] * 6)  # 20 characters in 3 s: a fast typist
    assert looks_scripted([Reply(1.0, 30)] * 6)  # 30 characters in 1 s: nobody
    assert not looks_scripted([Reply(0.2, 3)] * 2 + [Reply(5, 3)] * 4)  # a few quick clicks
    events = conversation(2.0, replies=2)
    assert replies_of(events) == [Reply(2.0, 15), Reply(2.0, 15)]
    clicked = [
        {
            "event": "bot",
            "timestamp": 0.0,
            "data": {"buttons": [{"title": "Employer", "payload": "I'm an employer hiring"}]},
        },
        {"event": "user", "text": "I'm an employer hiring", "timestamp": 1.2},
    ]
    assert replies_of(clicked) == [Reply(1.2, 0)]  # a button clicked, not 22 characters typed
    assert not too_fast(Reply(1.2, 0))
