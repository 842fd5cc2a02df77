"""A lead's conversation as the consultant reads it beside the lead: both sides of the one intake
round the lead came from (on a shared device, the rounds before or after a "start over" are someone
else's), read from Rasa's SQL tracker store. Plain text only: the page escapes it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from lead_handoff.store import event_of, events_table

# Each "start over" opens a new intake round (actions/conversation.py runs it; actions/handoff.py
# keys a round's callback request as "<conversation>#<round>").
RESTART_ACTION = "action_restart_intake"
CONSULTANT = "consultant"  # the metadata key of a consultant's message in a live takeover (lead_handoff/live.py)
MAX_LINES = 2000  # a conversation is bounded by the channel's limits; a page stays readable


@dataclass(frozen=True)
class Line:
    at: datetime.datetime  # UTC
    speaker: str  # person, assistant, consultant (in a live takeover)
    text: str
    language: str | None = None  # the page's language when the person wrote
    choices: tuple[str, ...] = field(default=())  # the buttons offered with an assistant's message


@dataclass(frozen=True)
class Transcript:
    lines: list[Line]
    cut: bool  # the round had more than MAX_LINES lines: the first ones are shown


def round_of(request_key: str) -> int | None:
    """The intake round a callback request names ("<conversation>#<round>"); None for a request
    keyed before rounds were kept (the whole conversation is then the lead's)."""
    _, sep, number = request_key.rpartition("#")
    return int(number) if sep and number.isascii() and number.isdigit() else None


def transcript(tracker_url: str, conversation_id: str, request_key: str | None = None) -> Transcript:
    """The round a lead's request key names, or the conversation's latest round (request_key None)."""
    with events_table(tracker_url) as connection:
        if connection is None:
            return Transcript([], False)
        rows = connection.execute(
            text("SELECT type_name, action_name, timestamp, data FROM events WHERE sender_id = :id ORDER BY id"),
            {"id": conversation_id},
        ).all()
    restarts = sum(
        1 for type_name, action_name, _, _ in rows if type_name == "action" and action_name == RESTART_ACTION
    )
    lines = list(_lines(_in_round(rows, restarts if request_key is None else round_of(request_key))))
    return Transcript(lines[:MAX_LINES], len(lines) > MAX_LINES)


def _in_round(rows: Iterable[Any], wanted: int | None) -> Iterable[tuple[str, float, str]]:
    current = 0
    for type_name, action_name, timestamp, data in rows:
        if type_name == "action" and action_name == RESTART_ACTION:
            current += 1
        elif type_name in ("user", "bot") and (wanted is None or current == wanted):
            yield type_name, timestamp, data


def _lines(events: Iterable[tuple[str, float, str]]) -> Iterable[Line]:
    for type_name, timestamp, data in events:
        found = spoken(type_name, data)
        if found is None:
            continue
        speaker, said, event = found
        at = datetime.datetime.fromtimestamp(timestamp or 0, datetime.timezone.utc)
        if speaker == "person":
            metadata = event.get("metadata")
            language = metadata.get("language") if isinstance(metadata, dict) else None
            yield Line(at, speaker, said, language=language if isinstance(language, str) else None)
        else:
            yield Line(at, speaker, said, choices=_choices(event))


def spoken(type_name: str, data: Any) -> tuple[str, str, dict[str, Any]] | None:
    """Who said what in one stored user or bot event: (person, assistant or consultant; the text;
    the event), or None for an event with nothing said."""
    event = event_of(data)
    said = event.get("text") if event is not None else None
    if event is None or not isinstance(said, str) or not said.strip():
        return None
    if type_name == "user":
        return "person", said, event
    metadata = event.get("metadata")
    return ("consultant" if isinstance(metadata, dict) and metadata.get(CONSULTANT) else "assistant"), said, event


def _choices(event: dict[str, Any]) -> tuple[str, ...]:
    data = event.get("data")
    buttons = data.get("buttons") if isinstance(data, dict) else None
    if not isinstance(buttons, list):
        return ()
    return tuple(str(b["title"]) for b in buttons if isinstance(b, dict) and b.get("title"))
