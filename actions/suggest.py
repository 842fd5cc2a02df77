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
from imp_engine.rulebook import default_rulebook

MAX_REASONS_WHEN_NOTHING_FITS = 3


class ActionSuggestRoutes(Action):
    def name(self) -> str:
        return "action_suggest_routes"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        assessment = assess_profile(profile_from(tracker.slots))
        language, audience = language_of(tracker), audience_of(tracker)
        for text in suggestion_messages(assessment.to_json(language), language, audience):
            dispatcher.utter_message(text=text)
        dispatcher.utter_message(response="utter_disclaimer")
        return [SlotSet("suggested_routes", assessment.suggested_routes())]


def suggestion_messages(result: dict[str, Any], language: str, audience: str) -> list[str]:
    """The suggestion as chat messages, from the engine's JSON answer: what fits, what may fit, or
    why nothing does; a closed route the person would otherwise fit, said plainly; the rules' date."""
    texts = phrases()["suggestion"]
    eligible = [r for r in result["routes"] if r["verdict"] == "eligible" and r["suggested"]]
    possible = [r for r in result["routes"] if r["verdict"] == "possible" and r["suggested"]]
    closed = [r for r in result["routes"] if r["status"] != "open" and r["fits_if_open"]]
    messages: list[str] = []
    if eligible:
        messages.append(
            _lines(
                texts["intro_eligible"][audience][language],
                texts["eligible_line"][language],
                [
                    {"name": r["name"], "permit": _permit(r, language), "reasons": " ".join(r["reasons"])}
                    for r in eligible
                ],
                _first_steps(eligible, language),
            )
        )
    if possible:
        intro = texts["intro_possible" if eligible else "intro_possible_only"][audience][language]
        messages.append(
            _lines(
                intro,
                texts["possible_line"][language],
                [
                    {"name": r["name"], "permit": _permit(r, language), "missing": _what_to_check(r, language)}
                    for r in possible
                ],
                _first_steps(possible, language),
            )
        )
    if not eligible and not possible:
        messages.append(_nothing_fits(result, texts, language, audience))
    if closed:
        messages.append(
            _lines(
                None,
                texts["closed_line"][language],
                [{"name": r["name"], "reasons": " ".join(r["reasons"])} for r in closed],
            )
        )
    if eligible or possible:
        messages.append(texts["checklist_hint"][language])
    messages.append(texts["rules_as_of"][language].format(date=result["rules_as_of"]))
    return messages


def _permit(route: dict[str, Any], language: str) -> str:
    """'work permit tied to the employer, code T44/T41/T42': what the route gives, and the code(s)."""
    texts = phrases()["suggestion"]
    permit = texts["permit"][route["permit"]][language]
    if not route["exemption_code"]:
        return str(permit)
    return str(texts["permit_with_codes"][language].format(permit=permit, codes=route["exemption_code"]))


def _first_steps(routes: list[dict[str, Any]], language: str) -> list[str | None]:
    """Under each route, the first step of its checklist and the page to read (None: it has none)."""
    line = phrases()["suggestion"]["first_step"][language]
    return [line.format(**r["next_steps"][0]) if r["next_steps"] else None for r in routes]


def _lines(intro: str | None, line: str, values: list[dict[str, str]], under: list[str | None] | None = None) -> str:
    """The intro, then a line per route, each followed by what goes under it."""
    lines = [intro] if intro else []
    for value, extra in zip(values, under or [None] * len(values), strict=True):
        lines += [line.format(**value), *([extra] if extra else [])]
    return "\n".join(lines)


def _nothing_fits(result: dict[str, Any], texts: dict[str, Any], language: str, audience: str) -> str:
    """The main reasons, from open routes only (a closed route is said apart, to those it concerns)."""
    open_routes = [r for r in result["routes"] if r["status"] == "open" and r["reasons"]]
    reasons = list(dict.fromkeys(r["reasons"][0] for r in open_routes))[:MAX_REASONS_WHEN_NOTHING_FITS]
    lines = [texts["reason_line"][language].format(reason=reason) for reason in reasons]
    return "\n".join([texts["nothing_fits"][audience][language], *lines, texts["other_options"][language]])


def _what_to_check(route: dict[str, Any], language: str) -> str:
    """The facts still missing, or, when none is, why a consultant must confirm (an unverified rule,
    a condition of the list the conversation cannot settle)."""
    return _missing(route, language) if route["missing"] else " ".join(route["caveats"])


def _missing(route: dict[str, Any], language: str) -> str:
    spec = default_rulebook().profile
    separator = phrases()["list_separator"][language]
    return separator.join(spec.label(field, language) for field in route["missing"])
