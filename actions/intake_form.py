"""The intake form. Its questions come from the eligibility engine: after every answer, the engine
says which missing fact would settle the most routes, and the form asks that one; when no answer
could change a verdict any more, the form ends (and the suggestion follows)."""
from __future__ import annotations

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from actions.answers import ProfileAnswers
from actions.slots import SKIPPED, profile_fields, profile_from
from imp_engine import assess_profile

FIRST_QUESTION = "audience"


def next_question(slots: dict[str, Any]) -> str | None:
    """Who is asking first; then the engine's most decisive missing fact, not skipped."""
    if slots.get(FIRST_QUESTION) is None and FIRST_QUESTION not in (slots.get(SKIPPED) or []):
        return FIRST_QUESTION
    skipped = slots.get(SKIPPED) or []
    return next(iter(assess_profile(profile_from(slots)).next_questions(unanswerable=skipped)), None)


class ValidateIntakeForm(ProfileAnswers, FormValidationAction):
    def name(self) -> str:
        return "validate_intake_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        # Every profile slot may be validated (several facts come in one message); which one is
        # asked is decided by next_requested_slot.
        return [FIRST_QUESTION, *(f for f in profile_fields() if f != FIRST_QUESTION)]

    async def next_requested_slot(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> EventType | None:
        if not has_spoken(tracker):
            # The first reply of a session greets, in the language of the person's first message.
            dispatcher.utter_message(response="utter_greet")
        return SlotSet(REQUESTED_SLOT, next_question(tracker.slots))


def has_spoken(tracker: Tracker) -> bool:
    """Whether the assistant has said anything since the session started."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return True
        if event.get("event") == "session_started":
            return False
    return False
