"""Builds rasa_sdk trackers the way the Rasa server sends them to the action server."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from tools.build_domain import merged_domain

ROOT = Path(__file__).resolve().parents[2]


@cache
def domain() -> dict[str, Any]:
    return merged_domain()


def tracker(
    text: str = "",
    slots: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    intent: str = "inform",
    entities: list[dict[str, Any]] | None = None,
    active_loop: str | None = "intake_form",
    history: list[dict[str, Any]] | None = None,
    metadata: dict[str, Any] | None = None,
) -> Tracker:
    """slots: known before the message; new: what the message set (validated by the action)."""
    all_slots = {name: None for name in domain()["slots"]}
    all_slots.update(slots or {})
    all_slots.update(new or {})
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities or [],
        "metadata": metadata or {},
    }
    events = [
        *(history or []),
        *(_slot(k, v) for k, v in (slots or {}).items()),
        {"event": "user", "text": text, "parse_data": message, "metadata": metadata or {}},
        *(_slot(k, v) for k, v in (new or {}).items()),
    ]
    loop = {"name": active_loop} if active_loop else {}
    return Tracker("test", all_slots, message, events, False, None, loop, "action_listen")


def _slot(name: str, value: Any) -> dict[str, Any]:
    return {"event": "slot", "name": name, "value": value}


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("response") or m.get("text") for m in dispatcher.messages]


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
