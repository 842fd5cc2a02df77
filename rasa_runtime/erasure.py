"""Erases a conversation from the tracker store when the person asked for it ("delete my data").

The action that hears the request (actions/privacy.py) cannot erase the conversation itself: Rasa
saves the turn after the action, and would write every event back. So the Rasa server does it, right
after saving a turn in which the `erase_conversation` slot was set to true: the SQL tracker store's
events for that sender are deleted (SQLite or PostgreSQL), or the in-memory store's entry. The next
message of that sender starts an empty conversation.

Replaces MessageProcessor.save_tracker (Rasa 3.6 has no delete in its TrackerStore API); it can go
when Rasa's tracker stores offer one.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore, TrackerStore
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_runtime import seams

logger = logging.getLogger(__name__)
ERASE_SLOT = "erase_conversation"


def asked_to_erase(tracker: DialogueStateTracker) -> bool:
    """Whether this turn (the events since the latest user message) set the erase marker."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, SlotSet) and event.key == ERASE_SLOT and event.value is True:
            return True
    return False


def innermost(store: TrackerStore) -> TrackerStore:
    """The store under Rasa's wrappers (AwaitableTrackerStore, FailSafeTrackerStore)."""
    while hasattr(store, "_tracker_store"):
        store = store._tracker_store
    return store


def erase(store: TrackerStore, sender_id: str) -> int:
    """Deletes every stored event of the conversation; returns how many (1 for the in-memory store)."""
    store = innermost(store)
    if isinstance(store, SQLTrackerStore):
        with store.session_scope() as session:
            deleted = session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender_id).delete()
            session.commit()
            return int(deleted or 0)
    if isinstance(store, InMemoryTrackerStore):
        return 1 if store.store.pop(sender_id, None) is not None else 0
    logger.error("erasure: tracker store %s is not supported; the conversation was kept", type(store).__name__)
    return 0


def apply() -> None:
    """Wraps the save_tracker in place when called (action_server_down.py replaces it too: applied
    first, its undone turn is saved, then the erasure runs)."""
    save_tracker = MessageProcessor.save_tracker

    async def save_then_erase(self: MessageProcessor, tracker: DialogueStateTracker, *args: Any, **kwargs: Any) -> None:
        await save_tracker(self, tracker, *args, **kwargs)
        if asked_to_erase(tracker):
            erase(self.tracker_store, tracker.sender_id)
            logger.info("erasure: a conversation was erased at the person's request")

    seams.replace("erasure_save_tracker", save_then_erase)
