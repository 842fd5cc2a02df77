"""'Delete my data' / 'je retire mon consentement', understood anywhere, and confirmed once: "delete
everything you told me?". On a yes the profile, the contact details and consent are cleared, this
intake round's lead is deleted with its deliveries, the person is told, and the Rasa server erases
the stored conversation once this turn is saved (rasa_runtime/erasure.py reads the
`erase_conversation` slot). On a no nothing is deleted and the questions resume.

Two requests are not an erasure of everything:
- "Delete the email, I'd rather give my phone only" while the callback details are taken names one
  contact detail: that detail is corrected (not kept), the callback request stands.
- On a shared device, after "start over" the conversation holds someone else's round (and maybe their
  callback request): only what was said since the start over is deleted, and the person is told so."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.callback import NO_CONTACT
from actions.conversation import forget_the_person
from actions.handoff import RESTART_ACTION, lead_store, request_key, settings
from actions.slots import STREAK, latest_text
from intake_nlu.lexicon import finder

logger = logging.getLogger(__name__)
ERASE_SLOT = "erase_conversation"
RESUMES = "erasure_resumes"
CALLBACK_FORM = "callback_form"
OTHER_DETAIL = {"email": "phone", "phone": "email"}
DROPPED = {"email": "utter_contact_dropped_email", "phone": "utter_contact_dropped_phone"}


class ActionConfirmErasure(Action):
    """Asks once whether to delete everything, or corrects the one contact detail named."""

    def name(self) -> str:
        return "action_confirm_erasure"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        detail = named_detail(latest_text(tracker)) if tracker.active_loop_name == CALLBACK_FORM else None
        if detail:
            return drop_detail(detail, dispatcher, tracker)
        dispatcher.utter_message(response="utter_confirm_erasure")
        # No question is pending while the person decides: the "no" that keeps the data must not be
        # read as the answer to the question that was asked before.
        return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None), SlotSet(RESUMES, tracker.active_loop_name)]


class ActionKeepMyData(Action):
    """The person answered no: nothing is deleted, and the interrupted questions resume."""

    def name(self) -> str:
        return "action_keep_my_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_data_kept")
        form = tracker.get_slot(RESUMES)
        # The question comes back as it was first asked: a detour is no failed answer to rephrase.
        return [SlotSet(RESUMES, None), SlotSet(STREAK, None), *([FollowupAction(form)] if form else [])]


class ActionEraseMyData(Action):
    def name(self) -> str:
        return "action_erase_my_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        since = round_started_at(tracker)
        try:
            request = request_key(tracker)
            store = lead_store()
            removed = store.delete_request(request) if since else store.delete_conversation(tracker.sender_id)
        except SQLAlchemyError as error:
            logger.error("lead not deleted: %s", type(error).__name__)
            config = settings()
            dispatcher.utter_message(
                response="utter_data_not_erased", firm_phone=config.firm_phone, firm_email=config.firm_email
            )
            return []
        said = "utter_data_erased_since_restart" if since else "utter_data_erased"
        dispatcher.utter_message(response=said, leads=removed["leads"])
        if removed["calls_cancelled"]:
            dispatcher.utter_message(response="utter_erased_call_cancelled")
        marker: Any = {"since": since} if since else True
        return [ActiveLoop(None), *forget_the_person(), SlotSet(RESUMES, None), SlotSet(ERASE_SLOT, marker)]


def round_started_at(tracker: Tracker) -> float | None:
    """When this conversation was last started over (what came before is someone else's), or None."""
    restarts = [
        event.get("timestamp")
        for event in tracker.events
        if event.get("event") == "action" and event.get("name") == RESTART_ACTION
    ]
    latest = restarts[-1] if restarts else None
    return float(latest) if isinstance(latest, (int, float)) else None


def named_detail(text: str) -> str | None:
    """'email' or 'phone' when a request to delete names that one contact detail and not everything
    ("delete the email, I'd rather give my phone only": the detail right after the request)."""
    details = finder("contact_details").find_all(text)
    if any(found.key == "everything" for found in details):
        return None
    requests = [found for found in finder("question_topics").find_all(text) if found.key == "delete_my_data"]
    named = {next((d.key for d in details if d.start >= r.end), None) for r in requests} - {None}
    if not requests:
        named = {found.key for found in details}
    return named.pop() if len(named) == 1 else None


def drop_detail(detail: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """The detail is not kept; the other one becomes the way to reach the person (asked for, if
    the person had declined it too). The callback questions go on."""
    other = tracker.get_slot(OTHER_DETAIL[detail])
    if other == NO_CONTACT:
        dispatcher.utter_message(response="utter_contact_needed")
        events = [SlotSet(detail, None), SlotSet(OTHER_DETAIL[detail], None)]
    else:
        dispatcher.utter_message(response=DROPPED[detail])
        events = [SlotSet(detail, NO_CONTACT)]
    return [*events, FollowupAction(CALLBACK_FORM)]
