"""The Rasa server's erasure: the whole conversation, or on a shared device only the round since the
latest "start over", with that start over written back so the next message revives neither round."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_runtime.erasure import asked_to_erase, erase_round

DOMAIN = Domain.from_dict({"slots": {s: {"type": "any", "mappings": [{"type": "custom"}]} for s in ("name", "age")}})
RESTART_AT = 2_000.0


def conversation() -> list[Event]:
    """Ana's round, a start over, then Ben's round ending with his "delete my data"."""
    return [
        UserUttered("I'm Ana, 31", timestamp=1_000.0),
        SlotSet("name", "Ana", timestamp=1_001.0),
        SlotSet("age", 31, timestamp=1_002.0),
        UserUttered("start over", timestamp=1_999.0),
        ActionExecuted("action_restart_intake", timestamp=RESTART_AT),
        BotUttered("All right, let's start over.", timestamp=RESTART_AT + 0.1),
        SlotSet("name", None, timestamp=RESTART_AT + 0.2),
        SlotSet("age", None, timestamp=RESTART_AT + 0.3),
        ActionExecuted("action_listen", timestamp=RESTART_AT + 1),
        UserUttered("I'm Ben, 45", timestamp=3_000.0),
        SlotSet("name", "Ben", timestamp=3_001.0),
        SlotSet("age", 45, timestamp=3_002.0),
        UserUttered("delete my data", timestamp=3_100.0),
        SlotSet("erase_conversation", {"since": RESTART_AT}, timestamp=3_101.0),
    ]


def sqlite_store(tmp_path: Path) -> TrackerStore:
    return SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db"))


@pytest.mark.parametrize("make_store", [lambda _: InMemoryTrackerStore(DOMAIN), sqlite_store], ids=["memory", "sqlite"])
def test_only_the_round_since_the_start_over_is_erased(tmp_path: Path, make_store) -> None:
    store = make_store(tmp_path)
    tracker = DialogueStateTracker.from_events("device", conversation(), DOMAIN.slots)
    assert asked_to_erase(tracker) == RESTART_AT

    async def scenario() -> DialogueStateTracker:
        await store.save(tracker)
        await erase_round(store, tracker, RESTART_AT)
        stored = await store.retrieve_full_tracker("device")
        assert stored is not None
        return stored

    stored = asyncio.run(scenario())
    texts = [e.text for e in stored.events if isinstance(e, UserUttered)]
    assert texts == ["I'm Ana, 31", "start over"]  # Ben's words are gone, Ana's stay with her request
    assert stored.get_slot("name") is None and stored.get_slot("age") is None  # neither round revived
    assert "Ben" not in str([e.as_dict() for e in stored.events])


def test_without_a_start_over_the_whole_conversation_is_asked_for() -> None:
    events = [UserUttered("delete my data"), SlotSet("erase_conversation", True)]
    assert asked_to_erase(DialogueStateTracker.from_events("a", events)) is True
