"""Whether a conversation was typed by a person or sent by a script: a person needs time to read
a question and to type the answer. A lead from a conversation answered too fast, too often, is held
for a consultant's review instead of being delivered (lead_handoff/limits.yaml)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LIMITS = Path(__file__).with_name("limits.yaml")


@dataclass(frozen=True)
class Reply:
    seconds: float  # after the assistant's last message
    chars: int


@cache
def limits() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(LIMITS.read_text(encoding="utf-8"))
    return document


def too_fast(reply: Reply, rules: Mapping[str, Any] | None = None) -> bool:
    rules = rules or limits()["typing"]
    needed = float(rules["min_seconds"]) + reply.chars / float(rules["chars_per_second"])
    return reply.seconds < needed


def looks_scripted(replies: Iterable[Reply], rules: Mapping[str, Any] | None = None) -> bool:
    rules = rules or limits()["typing"]
    replies = list(replies)
    if len(replies) < int(rules["min_replies"]):
        return False
    fast = sum(too_fast(reply, rules) for reply in replies)
    return fast / len(replies) >= float(rules["fast_share"])


def replies_of(events: Iterable[Mapping[str, Any]]) -> list[Reply]:
    """The person's replies in Rasa's tracker events, each timed from the assistant's message before
    it. A reply that is one of that message's button payloads was clicked, not typed: no characters."""
    replies: list[Reply] = []
    last_bot: float | None = None
    payloads: set[str] = set()
    for event in events:
        kind, at = event.get("event"), event.get("timestamp")
        if kind == "bot" and isinstance(at, int | float):
            last_bot, payloads = float(at), _payloads(event)
        elif kind == "user" and isinstance(at, int | float) and last_bot is not None:
            text = event.get("text") or ""
            replies.append(Reply(float(at) - last_bot, 0 if text in payloads else len(text)))
            last_bot = None
    return replies


def _payloads(bot_event: Mapping[str, Any]) -> set[str]:
    data = bot_event.get("data")
    buttons = data.get("buttons") if isinstance(data, Mapping) else None
    if not isinstance(buttons, list):
        return set()
    return {str(b.get("payload")) for b in buttons if isinstance(b, Mapping) and b.get("payload")}
