"""The consultant callback: consent first (what is kept, why, how long), then name, phone and/or
email, preferred time and time zone; then the lead is stored before anything else happens, and
delivered by the outbox worker (lead_handoff). No consent: nothing personal is kept."""

from __future__ import annotations

import datetime
import logging
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import get_timezone_location
from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.booking import OFFERED, booked_message, booking, person_zone, read_preferred_time
from actions.handoff import NO_CONTACT, lead_store, request_key, settings
from actions.slots import inert, language_of, latest_intent, latest_text, phrases, profile_from, shown
from imp_engine import assess_profile
from intake_nlu import parsers
from lead_handoff.appointments import AppointmentStore, SlotTaken
from lead_handoff.models import utcnow
from lead_handoff.pace import looks_scripted, replies_of

logger = logging.getLogger(__name__)
CONTACT_SLOTS = ("name", "phone", "email", "preferred_time", "timezone")
MAX_NAME_LENGTH = 100


def phone_region(tracker: Tracker) -> str:
    """Where a number without a country code is read: Canada for an employer or someone living
    here (the facts are then the candidate's, not the caller's), else the person's country."""
    if tracker.get_slot("audience") == "employer" or tracker.get_slot("current_location") in ("quebec", "canada_other"):
        return "CA"
    citizenships = tracker.get_slot("citizenships") or []
    return citizenships[0] if citizenships else "CA"


class ValidateCallbackForm(FormValidationAction):
    def name(self) -> str:
        return "validate_callback_form"

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> EventType | None:
        slots = tracker.slots
        if slots.get("consent") is False:
            return SlotSet(REQUESTED_SLOT, None)  # no consent: nothing more is asked
        needed = ["consent", "name", "phone", "email", "preferred_time", "timezone"]
        if booking() is not None:  # the times are offered in the person's own zone: asked first
            needed = ["consent", "name", "phone", "email", "timezone", "preferred_time"]
        return SlotSet(REQUESTED_SLOT, next((s for s in needed if slots.get(s) is None), None))

    def _again(self, slot: str, dispatcher: CollectingDispatcher, response: str, **values: Any) -> dict[str, Any]:
        dispatcher.utter_message(response=response, **values)
        return {slot: None}

    def _correction(self, slot: str, text: str, tracker: Tracker) -> dict[str, Any]:
        """'Actually my number is 438 555 0123' while another detail is asked: the phone (or email)
        is replaced, and the question asked stays open."""
        found: dict[str, Any] = {}
        phone = parsers.parse_phone(text, phone_region(tracker)) if slot != "phone" else None
        email = parsers.parse_email(text) if slot != "email" else None
        if phone and phone != tracker.get_slot("phone"):
            found["phone"] = phone
        if email and email != tracker.get_slot("email"):
            found["email"] = email
        return {slot: None, **found} if found else {}

    async def extract_consent(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The answer to the consent question as a decision: True, False, or None (asked again).
        Never the text itself: a refusal may carry the very details the person will not leave."""
        if tracker.get_slot(REQUESTED_SLOT) != "consent" or latest_intent(tracker) in digressions(domain):
            return {}
        answer = parsers.parse_yes_no(latest_text(tracker))
        if answer not in (True, False):
            return self._again("consent", dispatcher, "utter_invalid_consent")
        return {"consent": answer}

    def validate_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if correction := self._correction("name", str(value), tracker):
            return correction
        name = " ".join(str(value).split())
        if not any(ch.isalpha() for ch in name) or len(name) > MAX_NAME_LENGTH:
            return self._again("name", dispatcher, "utter_invalid_name")
        return {"name": name}

    def validate_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = str(value)
        phone = parsers.parse_phone(text, phone_region(tracker))
        if phone:
            return {"phone": phone}
        if parsers.parse_yes_no(text) is False or "pas de t" in text.lower() or "no phone" in text.lower():
            return {"phone": NO_CONTACT}
        return self._again("phone", dispatcher, "utter_invalid_phone")  # never quoted back: personal data

    def validate_email(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if correction := self._correction("email", str(value), tracker):
            return correction
        text = str(value)
        email = parsers.parse_email(text)
        if email:
            return {"email": email}
        declined = parsers.parse_yes_no(text) is False and "@" not in text
        if declined and tracker.get_slot("phone") not in (None, NO_CONTACT):
            return {"email": NO_CONTACT}
        if declined:  # no phone either: one way to reach the person is needed
            return self._again("email", dispatcher, "utter_ask_email_required")
        return self._again("email", dispatcher, "utter_invalid_email")  # never quoted back: personal data

    def validate_preferred_time(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if correction := self._correction("preferred_time", str(value), tracker):
            return correction
        store, offered = booking(), tracker.get_slot(OFFERED) or {}
        if store is not None and offered.get("times"):
            return read_preferred_time(str(value), offered, store, dispatcher, language_of(tracker))
        return {"preferred_time": " ".join(str(value).split())[:200] or None}

    def validate_timezone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if correction := self._correction("timezone", str(value), tracker):
            return correction
        zone = parsers.parse_timezone(str(value))
        if zone is None:
            return self._again("timezone", dispatcher, "utter_invalid_timezone", value=shown(str(value)))
        return {"timezone": zone}


class ActionAskConsent(Action):
    """The consent question names the firm's privacy notice and retention, from configuration."""

    def name(self) -> str:
        return "action_ask_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        config = settings()
        dispatcher.utter_message(
            response="utter_ask_consent", privacy_url=config.privacy_url, retention_days=config.retention_days
        )
        return []


class ActionAskTimezone(Action):
    """The time zone question, with the zone the person's device is set to (the widget's
    `timezone`, which the channel keeps only when it names a real zone) offered first."""

    def name(self) -> str:
        return "action_ask_timezone"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        device_zone = (tracker.latest_message.get("metadata") or {}).get("timezone")
        if not isinstance(device_zone, str) or not parsers.parse_timezone(device_zone):
            dispatcher.utter_message(response="utter_ask_timezone")
            return []
        dispatcher.utter_message(
            response="utter_ask_timezone_device",
            device_zone=device_zone,
            device_zone_name=get_timezone_location(ZoneInfo(device_zone), locale=language_of(tracker)),
        )
        return []


class ActionSaveLead(Action):
    def name(self) -> str:
        return "action_save_lead"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        config = settings()
        firm = {"firm_phone": config.firm_phone, "firm_email": config.firm_email}
        if tracker.get_slot("consent") is not True:
            dispatcher.utter_message(
                response="utter_callback_no_consent", conversation_days=config.conversation_retention_days, **firm
            )
            return [SlotSet(slot, None) for slot in (*CONTACT_SLOTS, "consent")]
        try:
            lead = lead_from(tracker, hold_scripted=config.hold_scripted)
            saved = lead_store().save(lead, config.targets, config.leads_per_address_per_day)
        except SQLAlchemyError as error:
            logger.error("lead not saved: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_lead_not_saved", **firm)
            return [SlotSet("consent", None), SlotSet(REQUESTED_SLOT, None)]  # the details stay for a retry
        store, start = booking(), slot_start(tracker.get_slot("preferred_time"))
        if store is not None and start is not None:
            return book_call(store, saved.lead.id, start, dispatcher, tracker)
        if not saved.created:
            dispatcher.utter_message(response="utter_callback_already")
            return [SlotSet("lead_id", saved.lead.id)]
        dispatcher.utter_message(response="utter_callback_confirmed", **confirmation(tracker))
        return [SlotSet("lead_id", saved.lead.id)]


def slot_start(value: Any) -> datetime.datetime | None:
    """The start of a time booked from the offer (an ISO moment), or None for a typed preference."""
    try:
        moment = datetime.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


def book_call(
    store: AppointmentStore, lead_id: str, start: datetime.datetime, dispatcher: CollectingDispatcher, tracker: Tracker
) -> list[EventType]:
    """The lead is stored; now its call. A time taken meanwhile gets new times offered (the form
    asks again); the same request booked already is confirmed again; a booking the database cannot
    take leaves the lead for a consultant to call and arrange the time."""
    language = language_of(tracker)
    try:
        current = store.current(lead_id)
        booked = (
            current
            if current and current.start == start
            else store.book(lead_id, start, person_zone(tracker, store).key)
        )
    except SQLAlchemyError as error:
        logger.error("call not booked: %s", type(error).__name__)
        dispatcher.utter_message(text=phrases()["booking"]["not_booked"][language])
        return [SlotSet("lead_id", lead_id)]
    except SlotTaken:
        dispatcher.utter_message(text=phrases()["booking"]["taken"][language])
        return [
            SlotSet("lead_id", lead_id),
            SlotSet("preferred_time", None),
            SlotSet(OFFERED, None),
            FollowupAction("callback_form"),
        ]
    dispatcher.utter_message(text=booked_message(booked.start, booked.consultant, tracker, store))
    return [SlotSet("lead_id", lead_id)]


def digressions(domain: DomainDict) -> set[str]:
    """The intents that never answer a callback question (the domain's callback_digressions)."""
    mappings = domain.get("slots", {}).get("name", {}).get("mappings", [])
    return {intent for mapping in mappings for intent in mapping.get("not_intent", [])}


def lead_from(tracker: Tracker, hold_scripted: bool = True) -> dict[str, Any]:
    slots = tracker.slots
    profile = profile_from(slots)
    assessment = assess_profile(profile)
    return {
        "conversation_id": tracker.sender_id,
        "request_key": request_key(tracker),
        "channel": tracker.get_latest_input_channel() or "rest",
        "language": language_of(tracker),
        "audience": slots.get("audience"),
        "name": slots.get("name"),
        "email": _given(slots.get("email")),
        "phone": _given(slots.get("phone")),
        "preferred_time": slots.get("preferred_time"),
        "timezone": slots.get("timezone"),
        "consent": True,
        "consent_at": consent_time(tracker),
        "profile": profile,
        "suggested_routes": slots.get("suggested_routes") or assessment.suggested_routes(),
        "summary": summary(assessment.to_json("en")),
        # Set by the server's channels, never by the client (channels/rest.py, channels/widget.py).
        "address_key": _client_of(tracker),
        "scripted": hold_scripted and looks_scripted(replies_of(tracker.events)),
    }


def _client_of(tracker: Tracker) -> str | None:
    metadata = tracker.latest_message.get("metadata")
    client = metadata.get("client") if isinstance(metadata, dict) else None
    return client if isinstance(client, str) else None


def summary(result: dict[str, Any]) -> str:
    """For the consultant: the routes with the engine's reasons, and what is still open."""
    lines = [f"Rules as of {result['rules_as_of']}."]
    for route in result["routes"]:
        if route["verdict"] == "ineligible":
            continue
        detail = " ".join(route["reasons"][:2])
        missing = f" Still to check: {', '.join(route['missing'])}." if route["missing"] else ""
        lines.append(f"- {route['name']} [{route['verdict']}]: {detail}{missing}")
    if len(lines) == 1:
        lines.append("No IMP route fits on the facts given:")
        lines += [f"- {reason}" for reason in dict.fromkeys(r["reasons"][0] for r in result["routes"] if r["reasons"])]
    return "\n".join(lines)


def consent_time(tracker: Tracker) -> datetime.datetime:
    """When the person said yes: the first consent=true since consent was last cleared or refused
    (later events that set it true again are re-validations, not a new yes)."""
    said_yes: float | None = None
    for event in tracker.events:
        if event.get("event") != "slot" or event.get("name") != "consent":
            continue
        said_yes = (said_yes or event.get("timestamp")) if event.get("value") is True else None
    if said_yes:
        return datetime.datetime.fromtimestamp(said_yes, datetime.timezone.utc).replace(tzinfo=None)
    return utcnow()


def confirmation(tracker: Tracker) -> dict[str, Any]:
    """What the confirmation says: how and when, never the name, number or address themselves (a
    reply can be read by whoever holds the screen or the conversation); the time as typed, inert."""
    french = language_of(tracker) == "fr"
    if _given(tracker.get_slot("phone")):
        how = "au numéro que vous avez donné" if french else "at the number you gave"
    else:
        how = "à l'adresse courriel que vous avez donnée" if french else "at the email address you gave"
    preferred_time = inert(tracker.get_slot("preferred_time") or "")
    return {"how": how, "preferred_time": preferred_time, "timezone": tracker.get_slot("timezone")}


def _given(value: Any) -> Any:
    return None if value in (None, NO_CONTACT) else value
