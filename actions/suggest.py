"""The suggestion: the eligible routes with the engine's reasons, then the possible ones with what
would settle them, or honestly none and why; always the disclaimer. Sets `suggested_routes`."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.slots import audience_of, language_of, phrases, profile_from
from imp_engine import assess_profile

MAX_REASONS_WHEN_NOTHING_FITS = 3


class ActionSuggestRoutes(Action):
    def name(self) -> str:
        return "action_suggest_routes"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        assessment = assess_profile(profile_from(tracker.slots))
        language, audience = language_of(tracker), audience_of(tracker)
        for text in suggestion_messages(assessment.to_json(language), language, audience):
            dispatcher.utter_message(text=text)
        dispatcher.utter_message(response="utter_disclaimer")
        return [SlotSet("suggested_routes", assessment.suggested_routes())]


def suggestion_messages(result: dict[str, Any], language: str, audience: str) -> list[str]:
    """The suggestion as chat messages, from the engine's JSON answer."""
    texts = phrases()["suggestion"]
    eligible = [r for r in result["routes"] if r["verdict"] == "eligible"]
    possible = [r for r in result["routes"] if r["verdict"] == "possible"]
    messages: list[str] = []
    if eligible:
        lines = [texts["intro_eligible"][audience][language]]
        lines += [texts["eligible_line"][language].format(name=r["name"], reasons=" ".join(r["reasons"]))
                  for r in eligible]
        messages.append("\n".join(lines))
    if possible:
        intro = texts["intro_possible" if eligible else "intro_possible_only"][audience][language]
        lines = [intro] + [texts["possible_line"][language].format(name=r["name"], missing=_missing(r, language))
                           for r in possible]
        messages.append("\n".join(lines))
    if not eligible and not possible:
        reasons = list(dict.fromkeys(r["reasons"][0] for r in result["routes"] if r["reasons"]))
        lines = [texts["nothing_fits"][audience][language]]
        lines += [texts["reason_line"][language].format(reason=reason)
                  for reason in reasons[:MAX_REASONS_WHEN_NOTHING_FITS]]
        lines.append(texts["other_options"][language])
        messages.append("\n".join(lines))
    messages.append(texts["rules_as_of"][language].format(date=result["rules_as_of"]))
    return messages


def _missing(route: dict[str, Any], language: str) -> str:
    labels = phrases()["fields"]
    separator = phrases()["list_separator"][language]
    return separator.join(labels[field][language] for field in route["missing"])
