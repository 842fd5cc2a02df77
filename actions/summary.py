""" "My summary": what the person keeps. Their answers, the routes with reasons, what to prepare and
the pages to read, the rules' date and the disclaimer, stored by lead_handoff.summaries at a link
that expires (SUMMARY_DAYS) and that the web service shows as a printable page; sent by email too
to a person who gave an address and consented to be contacted."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.answers import shown_value
from actions.handoff import NO_CONTACT, handoff_sessions, request_key, settings
from actions.slots import language_of, phrases, profile_from
from imp_engine import assess_profile
from imp_engine.rulebook import default_rulebook
from lead_handoff.invitations import send_summary
from lead_handoff.models import utcnow
from lead_handoff.summaries import SummaryStore

logger = logging.getLogger(__name__)


def summary_store() -> SummaryStore:
    return SummaryStore(handoff_sessions())


class ActionKeepSummary(Action):
    def name(self) -> str:
        return "action_keep_summary"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        texts, language = phrases()["summary"], language_of(tracker)
        if tracker.get_slot("suggested_routes") is None:
            dispatcher.utter_message(text=texts["not_yet"][language])
            return []
        config = settings()
        content = summary_content(tracker, domain)
        try:
            token = summary_store().create(
                tracker.sender_id, request_key(tracker), language, content, config.summary_days
            )
        except SQLAlchemyError as error:
            logger.error("summary not stored: %s", type(error).__name__)
            dispatcher.utter_message(text=texts["not_stored"][language])
            return []
        link = f"{config.public_web_url}/summary/{token}"
        dispatcher.utter_message(text=texts["link"][language].format(link=link, days=config.summary_days))
        email = tracker.get_slot("email")
        if config.smtp and tracker.get_slot("consent") is True and email not in (None, NO_CONTACT):
            sent = await asyncio.to_thread(send_summary, config.smtp, email, language, link, config.summary_days)
            dispatcher.utter_message(text=texts["emailed" if sent else "not_emailed"][language])
        return []


def summary_content(tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
    """What the page shows, fixed when asked for (a later correction makes a new summary)."""
    language = language_of(tracker)
    profile = profile_from(tracker.slots)
    result = assess_profile(profile).to_json(language)
    suggested = tracker.get_slot("suggested_routes") or []
    by_id = {route["id"]: route for route in result["routes"]}
    return {
        "created": utcnow().date().isoformat(),
        "answers": _answers(tracker, language),
        "routes": [_route(by_id[name], language) for name in suggested if name in by_id],
        "rules_as_of": result["rules_as_of"],
        "disclaimer": _response_text(domain, "utter_disclaimer", language),
    }


def _answers(tracker: Tracker, language: str) -> list[dict[str, str]]:
    spec = default_rulebook().profile
    answers = []
    for field in spec.ask_order:
        value = tracker.get_slot(field)
        if value is not None and value != []:
            answers.append({"label": spec.label(field, language), "value": shown_value(field, value, language)})
    return answers


def _route(route: dict[str, Any], language: str) -> dict[str, Any]:
    spec = default_rulebook().profile
    return {
        "name": route["name"],
        "verdict": route["verdict"],
        "permit": phrases()["suggestion"]["permit"][route["permit"]][language],
        "code": route["exemption_code"],
        "reasons": route["reasons"],
        "to_check": [spec.label(field, language) for field in route["missing"]],
        "next_steps": route["next_steps"],
        "source": route["source"],
        "page_date": route["page_date"],
    }


def _response_text(domain: DomainDict, name: str, language: str) -> str:
    """The response's variation for the language (the French one has a condition, the English none)."""
    variations = domain["responses"][name]
    for variation in variations:
        conditions = variation.get("condition") or []
        if any(c.get("name") == "language" and c.get("value") == language for c in conditions):
            return str(variation["text"])
    return str(next(v["text"] for v in variations if not v.get("condition")))
