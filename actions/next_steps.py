""" "What do I need?": the checklist of every route suggested, step by step with the official pages,
and what a consultant will check where a rule or a fact is not settled. The rules of data/rules.yml
return to the questions afterwards."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.slots import language_of, phrases, profile_from
from imp_engine import assess_profile


class ActionNextSteps(Action):
    def name(self) -> str:
        return "action_next_steps"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        texts, language = phrases()["next_steps"], language_of(tracker)
        suggested = tracker.get_slot("suggested_routes")
        if suggested is None:
            dispatcher.utter_message(text=texts["not_yet"][language])
            return []
        if not suggested:
            dispatcher.utter_message(text=texts["nothing_fits"][language])
            return []
        routes = assess_profile(profile_from(tracker.slots)).to_json(language)["routes"]
        dispatcher.utter_message(text=checklist_message(routes, suggested, language))
        return []


def checklist_message(routes: list[dict[str, Any]], suggested: list[str], language: str) -> str:
    """The routes in the order they were suggested, each with its steps and, when it is only
    possible, what a consultant checks."""
    texts = phrases()["next_steps"]
    by_id = {route["id"]: route for route in routes}
    lines = [texts["intro"][language]]
    for route in (by_id[name] for name in suggested if name in by_id):
        lines.append(texts["route"][language].format(name=route["name"]))
        lines += [texts["step"][language].format(**step) for step in route["next_steps"]]
        lines += [texts["consultant_checks"][language].format(check=check) for check in route["caveats"]]
    return "\n".join(lines)
