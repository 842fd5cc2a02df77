"""Erases a conversation from the tracker store when the person asked for it ("delete my data").

The action that hears the request (actions/privacy.py) cannot erase the conversation itself: Rasa
saves the turn after the action, and would write every event back. So the Rasa server does it, right
after saving a turn in which the `erase_conversation` slot was set: to true, the SQL tracker store's
events for that sender are deleted (SQLite or PostgreSQL), or the in-memory store's entry, and the
next message of that sender starts an empty conversation. To `{"since": T}` (the conversation was
started over at T: on a shared device, what came before belongs to someone else), only the events
from T on are deleted, and the start over's own events (every answer cleared, no personal data) are
written back, so the next message neither sees this round nor revives the one before.

Replaces MessageProcessor.save_tracker (Rasa 3.6 has no delete in its TrackerStore API); it can go
when Rasa's tracker stores offer one.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore, TrackerStore
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from lead_handoff.transcripts import RESTART_ACTION
from rasa_runtime import seams

logger = logging.getLogger(__name__)
ERASE_SLOT = "erase_conversation"
# Called with the sender id after its conversation was erased (the widget channel issues a new
# session id then): in this process, after the erasure is stored.
ERASED_LISTENERS: list[Callable[[str], Awaitable[None]]] = []


def asked_to_erase(tracker: DialogueStateTracker) -> bool | float:
    """What this turn (the events since the latest user message) asked to erase: True for the whole
    conversation, a timestamp for what came from then on, False for nothing."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, SlotSet) and event.key == ERASE_SLOT and event.value:
            since = event.value.get("since") if isinstance(event.value, dict) else None
            return float(since) if isinstance(since, (int, float)) else True
    return False


def restart_events(tracker: DialogueStateTracker, since: float) -> list[Event]:
    """The start over at `since` and the slots it cleared: what stays of the erased round."""
    events = list(tracker.events)
    start = next(
        (
            i
            for i, e in enumerate(events)
            if isinstance(e, ActionExecuted) and e.action_name == RESTART_ACTION and e.timestamp >= since
        ),
        None,
    )
    if start is None:
        return []
    kept: list[Event] = [events[start]]
    for event in events[start + 1 :]:
        if isinstance(event, (ActionExecuted, UserUttered)):
            break
        if isinstance(event, SlotSet):
            kept.append(event)
    return kept


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


async def erase_round(store: TrackerStore, tracker: DialogueStateTracker, since: float) -> int:
    """Deletes the events from `since` on and writes back the start over that opened the round;
    returns how many events were deleted (1 for the in-memory store)."""
    kept = restart_events(tracker, since)
    store = innermost(store)
    if isinstance(store, SQLTrackerStore):
        with store.session_scope() as session:
            rows = session.query(store.SQLEvent).filter(
                store.SQLEvent.sender_id == tracker.sender_id, store.SQLEvent.timestamp >= since
            )
            deleted = int(rows.delete() or 0)
            session.add_all(_row(store, tracker.sender_id, event) for event in kept)
            session.commit()
            return deleted
    if isinstance(store, InMemoryTrackerStore):
        before = [e for e in tracker.events if e.timestamp < since]
        await store.save(DialogueStateTracker.from_events(tracker.sender_id, [*before, *kept], tracker.slots.values()))
        return 1
    logger.error("erasure: tracker store %s is not supported; the conversation was kept", type(store).__name__)
    return 0


def _row(store: SQLTrackerStore, sender_id: str, event: Event) -> Any:
    """An event as SQLTrackerStore.save stores it."""
    data = event.as_dict()
    return store.SQLEvent(
        sender_id=sender_id,
        type_name=event.type_name,
        timestamp=data.get("timestamp"),
        intent_name=None,
        action_name=data.get("name"),
        data=json.dumps(data),
    )


def apply() -> None:
    """Wraps the save_tracker in place when called (action_server_down.py replaces it too: applied
    first, its undone turn is saved, then the erasure runs)."""
    save_tracker = MessageProcessor.save_tracker

    async def save_then_erase(self: MessageProcessor, tracker: DialogueStateTracker, *args: Any, **kwargs: Any) -> None:
        await save_tracker(self, tracker, *args, **kwargs)
        asked = asked_to_erase(tracker)
        if asked is False:
            return
        if asked is True:
            erase(self.tracker_store, tracker.sender_id)
        else:
            await erase_round(self.tracker_store, tracker, asked)
        logger.info("erasure: a conversation was erased at the person's request")
        for listener in ERASED_LISTENERS:
            await listener(tracker.sender_id)

    seams.replace("erasure_save_tracker", save_then_erase)
