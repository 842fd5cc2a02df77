"""Restart, pause, and what happens when a message is not understood."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from actions.slots import MISUNDERSTANDINGS, SKIPPED, language_of, latest_intent, profile_fields, voice

OFFER_CONSULTANT_AFTER = 2  # misunderstandings in a row


# What "start over" forgets besides the profile: on a shared device the next person must not inherit
# the previous one's consent, contact details or callback request.
CALLBACK_SLOTS = ("consent", "name", "phone", "email", "preferred_time", "timezone", "lead_id")


def forget_the_person() -> list[EventType]:
    """Every answer, the suggestion, consent and contact details, and the question being asked:
    what "start over" and "delete my data" both clear."""
    fields = (*profile_fields(), *CALLBACK_SLOTS, "suggested_routes", SKIPPED)
    return [*(SlotSet(field, None) for field in fields), SlotSet(MISUNDERSTANDINGS, 0), SlotSet(REQUESTED_SLOT, None)]


class ActionRestartIntake(Action):
    """Clears every answer, consent and contact details included; keeps the language."""

    def name(self) -> str:
        return "action_restart_intake"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_restarted")
        return [*forget_the_person(), SlotSet("voice", voice(language_of(tracker), None))]


class ActionPauseIntake(Action):
    """Stops the questions; every answer given so far is kept for when the person resumes."""

    def name(self) -> str:
        return "action_pause_intake"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_paused")
        return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]


class ActionHandleMisunderstanding(Action):
    """A clear reply, never silence; the second misunderstanding in a row offers a consultant."""

    def name(self) -> str:
        return "action_handle_misunderstanding"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        count = int(tracker.get_slot(MISUNDERSTANDINGS) or 0) + 1
        # As the dialogue's fallback (an understood message with no sensible next step), the
        # message is set aside as Rasa's own default fallback does, so the bot waits for the next.
        set_aside = [] if latest_intent(tracker) == "nlu_fallback" else [UserUtteranceReverted()]
        if count < OFFER_CONSULTANT_AFTER:
            dispatcher.utter_message(response="utter_misunderstood")
            return [SlotSet(MISUNDERSTANDINGS, count), *set_aside]
        if tracker.active_loop_name:
            # Inside the questions a yes/no offer would be read as an answer: name the way out instead.
            dispatcher.utter_message(response="utter_offer_consultant_hint")
            return [SlotSet(MISUNDERSTANDINGS, count), *set_aside]
        return [SlotSet(MISUNDERSTANDINGS, 0), *set_aside, FollowupAction("utter_misunderstood_offer_consultant")]


