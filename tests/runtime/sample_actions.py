"""Actions for tests/runtime/test_inprocess_actions.py: one of each kind of answer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import ActionExecutionRejection


class Answers(Action):
    def name(self) -> str:
        return "action_sample_answers"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        dispatcher.utter_message(text=f"you said {tracker.latest_message.get('text')}")
        return [SlotSet("language", ("fr",))]  # a tuple: over HTTP it would arrive as a list


class Raises(Action):
    def name(self) -> str:
        return "action_sample_raises"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        raise KeyError("a bug")


class Rejects(Action):
    def name(self) -> str:
        return "action_sample_rejects"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        raise ActionExecutionRejection(self.name(), "not this turn")


class ChangesTheDomain(Action):
    def name(self) -> str:
        return "action_sample_changes_the_domain"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        domain["slots"]["language"]["initial_value"] = "fr"  # every later call would see it
        return []


class ChangesASlotValue(Action):
    def name(self) -> str:
        return "action_sample_changes_a_slot_value"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        tracker.slots["citizenships"].append("FR")  # Rasa's own list, not a copy
        return []


class UpdatesItsOwnSlots(Action):
    def name(self) -> str:
        return "action_sample_updates_its_own_slots"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[Any]:
        tracker.slots.update({"citizenships": ["MX"]})  # what Rasa SDK's validation actions do: allowed
        return []
