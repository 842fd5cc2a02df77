"""What one intake round of a conversation tells the dashboard, read from its stored events as Rasa
writes them (dicts of the SQL tracker store's `data` column): counts and flags only, never a name,
an address, a number or a message's text. A pure function of the events: computing it twice gives
the same row, so two replicas refreshing at once cannot count a conversation twice."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lead_handoff.transcripts import RESTART_ACTION

SUGGESTION_ACTION = "action_suggest_routes"
CALLBACK_OFFER = "utter_offer_callback"
MISUNDERSTANDING_ACTION = "action_handle_misunderstanding"
TAKEOVER_EVENT = "consultant_joined"  # the live takeover's "a consultant joined" (lead_handoff/live.py JOINED)
CONTACT_SLOTS = ("email", "phone")


@dataclass
class RoundFacts:
    round: int
    day: str = ""  # the day (UTC) of the person's first message, YYYY-MM-DD
    channel: str = ""
    language: str = "en"
    started: bool = False  # the person wrote something (the widget's opening payload does not count)
    reached_suggestion: bool = False
    routes: list[str] | None = None  # the routes suggested (eligible or possible); [] when nothing fits
    callback_offered: bool = False
    consent: bool = False
    contact: bool = False
    taken_over: bool = False
    questions: int = 0  # questions asked, repeats included
    misunderstandings: int = 0
    pending_question: str | None = None  # the question still waiting when the round ended


def rounds_of(events: Iterable[dict[str, Any]]) -> list[RoundFacts]:
    """The facts of each intake round of one conversation (a "start over" opens the next); rounds in
    which the person never wrote are left out."""
    rounds = [RoundFacts(0)]
    for event in events:
        kind = event.get("event")
        if kind == "action" and event.get("name") == RESTART_ACTION:
            rounds.append(RoundFacts(len(rounds), channel=rounds[-1].channel, language=rounds[-1].language))
            continue
        _read(rounds[-1], kind, event)
    return [facts for facts in rounds if facts.started]


def _read(facts: RoundFacts, kind: Any, event: dict[str, Any]) -> None:
    if kind == "user":
        _user(facts, event)
    elif kind == "action":
        name = event.get("name")
        facts.reached_suggestion |= name == SUGGESTION_ACTION
        facts.callback_offered |= name == CALLBACK_OFFER
        facts.misunderstandings += name == MISUNDERSTANDING_ACTION
    elif kind == "slot":
        _slot(facts, event.get("name"), event.get("value"))
    elif kind == "bot" and _metadata(event).get(TAKEOVER_EVENT):
        facts.taken_over = True


def _user(facts: RoundFacts, event: dict[str, Any]) -> None:
    text = event.get("text")
    if not isinstance(text, str) or text.startswith("/"):
        return  # the widget's opening payload, a button's intent: nobody typed it
    if not facts.started:
        facts.started = True
        stamp = event.get("timestamp")
        moment = datetime.datetime.fromtimestamp(stamp if isinstance(stamp, (int, float)) else 0, datetime.timezone.utc)
        facts.day = moment.date().isoformat()
    channel = event.get("input_channel")
    if isinstance(channel, str) and channel and not facts.channel:
        facts.channel = channel[:40]
    language = _metadata(event).get("language")
    if language in ("en", "fr"):
        facts.language = language


def _slot(facts: RoundFacts, name: Any, value: Any) -> None:
    if name == "requested_slot":
        facts.pending_question = value if isinstance(value, str) else None
        facts.questions += isinstance(value, str)
    elif name == "language" and value in ("en", "fr"):
        facts.language = value
    elif name == "suggested_routes" and isinstance(value, list):
        facts.routes = sorted({str(route) for route in value})
    elif name == "consent" and value is True:
        facts.consent = True
    elif name in CONTACT_SLOTS and value:
        facts.contact = True


def _metadata(event: dict[str, Any]) -> dict[str, Any]:
    metadata = event.get("metadata")
    return metadata if isinstance(metadata, dict) else {}
