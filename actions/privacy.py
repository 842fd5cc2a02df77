"""'Delete my data' / 'je retire mon consentement', understood anywhere: the profile, the contact
details and consent are cleared, any lead of this conversation is deleted with its deliveries, the
person is told, and the Rasa server erases the stored conversation once this turn is saved
(rasa_runtime/erasure.py reads the `erase_conversation` slot)."""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.callback import lead_store, settings
from actions.conversation import forget_the_person

logger = logging.getLogger(__name__)
ERASE_SLOT = "erase_conversation"


class ActionEraseMyData(Action):
    def name(self) -> str:
        return "action_erase_my_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        try:
            removed = lead_store().delete_conversation(tracker.sender_id)
        except SQLAlchemyError as error:
            logger.error("lead not deleted: %s", type(error).__name__)
            config = settings()
            dispatcher.utter_message(
                response="utter_data_not_erased", firm_phone=config.firm_phone, firm_email=config.firm_email
            )
            return []
        dispatcher.utter_message(response="utter_data_erased", leads=removed["leads"])
        return [ActiveLoop(None), *forget_the_person(), SlotSet(ERASE_SLOT, True)]
