"""Runs after every user message (Rasa's action_validate_slot_mappings): sets the language (the
widget's choice, an explicit request, or the language of the first messages), the derived voice,
resets the misunderstanding count once a message is understood, and validates facts given outside
the intake form ("actually I'm 31" after a suggestion)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker, ValidationAction
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.answers import ProfileAnswers
from actions.conversation import nationality_answered
from actions.slots import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    MISUNDERSTANDINGS,
    latest_intent,
    latest_text,
    profile_fields,
    voice,
)
from intake_nlu import parsers

NOT_UNDERSTOOD = ("nlu_fallback", "out_of_scope")


class ValidateSlotMappings(ProfileAnswers, ValidationAction):
    def domain_slots(self, domain: DomainDict) -> list[str]:
        return list(domain.get("slots", {}))

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        always = ["language", "voice", MISUNDERSTANDINGS]
        # While the form runs, it validates the profile itself.
        return always if tracker.active_loop_name else [*always, *profile_fields()]

    def reads_corrections(self, tracker: Tracker) -> bool:
        return not tracker.active_loop_name  # while a form runs, its own validation reads them

    def extract_language(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        chosen = choose_language(tracker)
        return {"language": chosen} if chosen != tracker.get_slot("language") else {}

    def extract_voice(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        current = voice(tracker.get_slot("language"), tracker.get_slot("audience"))
        return {"voice": current} if current != tracker.get_slot("voice") else {}

    def extract_misunderstandings(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        intent = latest_intent(tracker)
        understood = intent is not None and intent not in NOT_UNDERSTOOD
        if understood and not tracker.active_loop_name and tracker.get_slot(MISUNDERSTANDINGS):
            return {MISUNDERSTANDINGS: 0}
        return {}


def choose_language(tracker: Tracker) -> str:
    """An explicit request wins; then a change of the widget's language; then the language of the
    first message; later, only a long message plainly in the other language switches."""
    current = tracker.get_slot("language")
    text = latest_text(tracker)
    requested = parsers.parse_language_request(text)
    if requested and current is not None and nationality_answered(tracker):
        return current
    if requested:
        return requested
    page = _metadata_language(tracker.latest_message)
    if page and (current is None or page != _metadata_language(_previous_user_message(tracker))):
        return page
    detected = parsers.detect_language(text, confident=current is not None)
    if current is None:
        return detected or DEFAULT_LANGUAGE
    return detected or current


def _metadata_language(message: dict[str, Any] | None) -> str | None:
    language = ((message or {}).get("metadata") or {}).get("language")
    return language if language in LANGUAGES else None


def _previous_user_message(tracker: Tracker) -> dict[str, Any] | None:
    users = [e for e in tracker.events if e.get("event") == "user"]
    if len(users) < 2:
        return None
    return {"metadata": users[-2].get("metadata")}
