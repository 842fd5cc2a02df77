"""Booking the call (when the firm's availability is configured, AVAILABILITY_FILE): the callback
form offers the next free times in the person's own time zone as buttons, understands "another
time" and "Tuesday afternoon" / "mardi après-midi", and action_save_lead books the time chosen
(lead_handoff.appointments: never twice). Without availability, the free-text preferred time stays."""

from __future__ import annotations

import datetime
import logging
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import get_timezone_name
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.handoff import NO_CONTACT, handoff_sessions, lead_store, request_key, settings
from actions.slots import language_of, latest_text, phrases
from intake_nlu.lexicon import finder
from intake_nlu.parsers import DAY_PARTS, TimeWish, parse_time_wish
from intake_nlu.text import fold
from lead_handoff.alerts import raise_alert
from lead_handoff.appointments import AppointmentStore
from lead_handoff.availability import UTC, availability_from_env, said_time, short_time

logger = logging.getLogger(__name__)
OFFERED = "offered_times"  # {"wish": {...}, "after": ISO, "times": [{"label", "start"}]}
TIMES_SHOWN = 4
MISSES_BEFORE_FREE_TEXT = 2


def booking() -> AppointmentStore | None:
    availability = availability_from_env()
    return AppointmentStore(handoff_sessions(), availability) if availability else None


def person_zone(tracker: Tracker, store: AppointmentStore) -> ZoneInfo:
    zone = tracker.get_slot("timezone")
    return ZoneInfo(zone) if zone else store.availability.zone


def free_starts(
    store: AppointmentStore, zone: ZoneInfo, state: dict[str, Any], now: datetime.datetime
) -> list[datetime.datetime]:
    """The distinct free start times after the last offered, matching the wish in the person's zone."""
    after = datetime.datetime.fromisoformat(state["after"]) if state.get("after") else None
    wish = state.get("wish") or {}
    starts = sorted({slot.start for slot in store.free_slots(now)})
    return [
        s for s in starts if (after is None or s > after) and _wished(s.astimezone(zone), wish, now.astimezone(zone))
    ]


def wish_state(wish: TimeWish) -> dict[str, Any]:
    """What a wish filters the times by, as kept in the `offered_times` slot (JSON)."""
    return {"weekday": wish.weekday, "part": wish.part, "in_days": wish.in_days, "month_day": wish.month_day}


def _wished(local: datetime.datetime, wish: dict[str, Any], today: datetime.datetime) -> bool:
    if wish.get("weekday") is not None and local.weekday() != wish["weekday"]:
        return False
    if wish.get("in_days") is not None and (local.date() - today.date()).days != wish["in_days"]:
        return False
    if wish.get("month_day") and (local.month, local.day) != tuple(wish["month_day"]):
        return False
    first, last = DAY_PARTS.get(wish.get("part") or "", (0, 24))
    return first <= local.hour < last


class ActionAskPreferredTime(Action):
    """The question of the callback form's `preferred_time`: the next free times as buttons when the
    firm books calls, else the free-text question."""

    def name(self) -> str:
        return "action_ask_preferred_time"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        store = booking()
        if store is None or (tracker.get_slot(OFFERED) or {}).get("none_free"):
            dispatcher.utter_message(response="utter_ask_preferred_time")
            return []
        texts, language = phrases()["booking"], language_of(tracker)
        zone, state, now = (
            person_zone(tracker, store),
            dict(tracker.get_slot(OFFERED) or {}),
            datetime.datetime.now(UTC),
        )
        try:
            starts = free_starts(store, zone, state, now)
        except SQLAlchemyError as error:  # the bookings cannot be read: the free-text question instead
            logger.error("free times not read: %s", type(error).__name__)
            dispatcher.utter_message(response="utter_ask_preferred_time")
            return [SlotSet(OFFERED, {"none_free": True})]
        if not starts and (state.get("wish") or state.get("after")):
            dispatcher.utter_message(text=texts["none_then"][language])
            state = {}
            starts = free_starts(store, zone, state, now)
        if not starts:
            dispatcher.utter_message(text=texts["none_free"][language].format(days=store.availability.days_ahead))
            dispatcher.utter_message(response="utter_ask_preferred_time")
            return [SlotSet(OFFERED, {"none_free": True})]
        times = [{"label": short_time(s, zone, language), "start": s.isoformat()} for s in starts[:TIMES_SHOWN]]
        zone_name = get_timezone_name(starts[0].astimezone(zone), "long", locale=language)
        minutes = int(store.availability.call.total_seconds() // 60)
        buttons = [{"title": t["label"], "payload": t["label"]} for t in times]
        buttons.append({"title": texts["another"][language], "payload": texts["another"][language]})
        dispatcher.utter_message(text=texts["offer"][language].format(minutes=minutes, zone=zone_name), buttons=buttons)
        return [SlotSet(OFFERED, {**state, "times": times})]


def chosen_start(text: str, offered: dict[str, Any]) -> str | None:
    """The start of the time chosen: a button's words, or its number."""
    times = offered.get("times") or []
    said = _plain(text).strip(" .!#")
    if said.isdigit() and 1 <= int(said) <= len(times):
        return str(times[int(said) - 1]["start"])
    return next((str(t["start"]) for t in times if _plain(t["label"]) == said), None)


def _plain(text: str) -> str:
    """Folded, every space one plain space: CLDR puts a narrow no-break space before "PM"."""
    return " ".join(fold(text).split())


def read_preferred_time(
    text: str, offered: dict[str, Any], store: AppointmentStore, dispatcher: CollectingDispatcher, language: str
) -> dict[str, Any]:
    """The slots validate_preferred_time sets when times were offered: the time chosen (still free),
    or what to offer next ("another time", "Tuesday afternoon"), or the same times again."""
    texts = phrases()["booking"]
    start = chosen_start(text, offered)
    if start is not None:
        moment = datetime.datetime.fromisoformat(start)
        if _still_free(store, moment):
            return {"preferred_time": start}
        dispatcher.utter_message(text=texts["taken"][language])
        return {"preferred_time": None, OFFERED: {}}
    wish = parse_time_wish(text)
    if wish.more:
        last = (offered.get("times") or [{}])[-1].get("start")
        return {"preferred_time": None, OFFERED: {"wish": offered.get("wish"), "after": last}}
    if wish.said:
        return {"preferred_time": None, OFFERED: {"wish": wish_state(wish)}}
    misses = int(offered.get("misses", 0)) + 1
    if misses >= MISSES_BEFORE_FREE_TEXT:
        # Never the same question a third time: the words are kept as a preference, and a
        # consultant arranges the time (no booking).
        return {"preferred_time": " ".join(text.split())[:200] or None}
    dispatcher.utter_message(text=texts["choose"][language])
    return {"preferred_time": None, OFFERED: {**{k: v for k, v in offered.items() if k != "times"}, "misses": misses}}


def _still_free(store: AppointmentStore, moment: datetime.datetime) -> bool:
    """Whether nobody took the time meanwhile; unknown when the bookings cannot be read (the
    booking itself decides, after the lead is stored)."""
    try:
        return any(slot.start == moment for slot in store.free_slots())
    except SQLAlchemyError:
        return True


def booked_message(booked_start: datetime.datetime, consultant: str, tracker: Tracker, store: AppointmentStore) -> str:
    """The time in the person's zone and the firm's, and whom they will talk to."""
    texts, language = phrases()["booking"], language_of(tracker)
    person = store.availability.consultant(consultant)
    invite = texts["invite"][language] if tracker.get_slot("email") not in (None, NO_CONTACT) else ""
    return texts["booked"][language].format(
        consultant=person.name if person else consultant,
        when=said_time(booked_start, person_zone(tracker, store), language),
        firm_when=said_time(booked_start, store.availability.zone, language),
        invite=invite,
    )


class ActionChangeAppointment(Action):
    """ "Cancel my call" cancels the booked call now; "can we move it to Friday?" offers other times
    (the call stays booked until one is chosen, then moves in one transaction)."""

    def name(self) -> str:
        return "action_change_appointment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        texts, language = phrases()["booking"], language_of(tracker)
        store = booking()
        try:
            lead = lead_store().by_request(request_key(tracker)) if store else None
            current = store.current(lead.id) if store and lead else None
        except SQLAlchemyError as error:
            logger.error("bookings not read: %s", type(error).__name__)
            dispatcher.utter_message(text=texts["unreachable"][language].format(firm_phone=settings().firm_phone))
            return []
        if store is None or current is None:
            dispatcher.utter_message(text=texts["no_call"][language])
            return []
        when = said_time(current.start, person_zone(tracker, store), language)
        text = latest_text(tracker)
        wish = parse_time_wish(text)
        if finder("time_wishes", "move").contains(text) or (wish.said and not wish.more):
            dispatcher.utter_message(text=texts["moving"][language].format(when=when))
            state = {"wish": wish_state(wish)} if wish.said and not wish.more else {}
            return [SlotSet("preferred_time", None), SlotSet(OFFERED, state), FollowupAction("callback_form")]
        try:
            store.cancel(current.id)
        except SQLAlchemyError as error:
            logger.error("call not cancelled: %s", type(error).__name__)
            dispatcher.utter_message(text=texts["unreachable"][language].format(firm_phone=settings().firm_phone))
            return []
        dispatcher.utter_message(text=texts["cancelled"][language].format(when=when))
        return [SlotSet("preferred_time", None), SlotSet(OFFERED, None)]


class ActionSayWhenWeCall(Action):
    """Before the callback offer, when the firm books calls: who can call and from when, said as
    "in now" during business hours, as "closed now" outside them (in the firm's time: the person's
    zone is not known yet)."""

    def name(self) -> str:
        return "action_say_when_we_call"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        store = booking()
        if store is None:
            return []
        texts, language, now = phrases()["booking"], language_of(tracker), datetime.datetime.now(UTC)
        try:
            free = store.free_slots(now)
        except SQLAlchemyError:
            return []  # nothing said of when: the offer of a call stands on its own
        if not free:
            return []
        consultant = store.availability.consultant(free[0].consultant)
        values = {
            "consultant": consultant.name if consultant else free[0].consultant,
            "when": said_time(free[0].start, store.availability.zone, language),
        }
        on_duty = store.availability.on_duty(now)
        dispatcher.utter_message(text=texts["open_now" if on_duty else "closed_now"][language].format(**values))
        if on_duty and self._alerted(tracker, language, [c.email for c in on_duty]):
            dispatcher.utter_message(text=texts["alerted"][language])
        return []

    @staticmethod
    def _alerted(tracker: Tracker, language: str, recipients: list[str]) -> bool:
        """The consultants on duty are emailed a link to this conversation in the live view."""
        channel = tracker.get_latest_input_channel() or "unknown"
        try:
            return raise_alert(lead_store().sessions, tracker.sender_id, channel, language, recipients)
        except SQLAlchemyError as error:
            logger.error("alert not queued: %s", type(error).__name__)
            return False
