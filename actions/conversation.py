"""Restart, pause, and what happens when a message is not understood."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from actions.answers import corrected_this_turn
from actions.handoff import RESTART_ACTION
from actions.slots import (
    JOB_TITLE,
    MISUNDERSTANDINGS,
    PAUSED,
    SKIPPED,
    STREAK,
    TEER_CANDIDATE,
    has_spoken,
    language_of,
    latest_intent,
    latest_text,
    profile_fields,
    voice,
)
from intake_nlu import parsers
from intake_nlu.lexicon import finder

OFFER_CONSULTANT_AFTER = 2  # misunderstandings in a row


# What "start over" forgets besides the profile: on a shared device the next person must not inherit
# the previous one's consent, contact details or callback request.
CALLBACK_SLOTS = ("consent", "name", "phone", "email", "preferred_time", "timezone", "lead_id")


def forget_the_person() -> list[EventType]:
    """Every answer, the suggestion, consent and contact details, and the question being asked:
    what "start over" and "delete my data" both clear."""
    fields = (
        *profile_fields(),
        *CALLBACK_SLOTS,
        "suggested_routes",
        SKIPPED,
        STREAK,
        JOB_TITLE,
        TEER_CANDIDATE,
        PAUSED,
    )
    return [*(SlotSet(field, None) for field in fields), SlotSet(MISUNDERSTANDINGS, 0), SlotSet(REQUESTED_SLOT, None)]


class ActionRestartIntake(Action):
    """Clears every answer, consent and contact details included; keeps the language."""

    def name(self) -> str:
        return RESTART_ACTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_restarted")
        return [*forget_the_person(), SlotSet("voice", voice(language_of(tracker), None))]


class ActionPauseIntake(Action):
    """Stops the questions; every answer given so far is kept for when the person resumes."""

    def name(self) -> str:
        return "action_pause_intake"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_paused")
        return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None), SlotSet(PAUSED, True)]


class ActionResumeIntake(Action):
    """After an answer outside the questions (what IEC is, what the assistant does): the questions
    start, or resume, unless the suggestion was given or the person paused them. A person who was
    never asked anything leaves."""

    def name(self) -> str:
        return "action_resume_intake"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return questions_to_resume(tracker)


class ActionLanguageSwitched(Action):
    """ "Sure, I'll continue in English" — unless the message was a bare nationality answering the
    citizenship question ("French", "anglaise"): the question decides, the answer is taken and the
    language stays (actions/slot_mappings.py does not switch either)."""

    def name(self) -> str:
        return "action_language_switched"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        codes = nationality_answered(tracker)
        if codes:
            return [SlotSet("citizenships", codes)]
        dispatcher.utter_message(response="utter_language_switched")
        return []


def nationality_answered(tracker: Tracker) -> list[str]:
    """The citizenships a bare nationality names when the citizenship question is being asked."""
    text = latest_text(tracker)
    if (
        tracker.get_slot(REQUESTED_SLOT) != "citizenships"
        or len(text.split()) > 2
        or finder("cues", "request").contains(text)
    ):
        return []
    return parsers.parse_citizenships(text)


def questions_to_resume(tracker: Tracker) -> list[EventType]:
    """The intake form next, unless the suggestion was given or the person paused the questions
    (asking what the options are resumes them: that is what the questions are for)."""
    paused = tracker.get_slot(PAUSED) and latest_intent(tracker) != "ask_capabilities"
    if tracker.get_slot("suggested_routes") is not None or paused:
        return []
    return [FollowupAction("intake_form")]


class ActionHandleMisunderstanding(Action):
    """A clear reply, never silence; the second misunderstanding in a row offers a consultant."""

    def name(self) -> str:
        return "action_handle_misunderstanding"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if corrected_this_turn(tracker) and not tracker.active_loop_name:
            # "I meant Edmundston, New Brunswick" after the suggestion: no intent, yet a correction,
            # taken and said back already (actions/slot_mappings.py); the questions decide again.
            return [SlotSet(MISUNDERSTANDINGS, 0), FollowupAction("intake_form")]
        if latest_intent(tracker) == "nlu_fallback" and not has_spoken(tracker) and not tracker.active_loop_name:
            # A first message no intent caught ("salut, ça fait une semaine que je lis sur les permis
            # et je suis perdu") is an introduction: the greeting says what the assistant does, and
            # the questions start (actions/intake_form.py greets), with no "I didn't understand".
            return questions_to_resume(tracker)
        count = int(tracker.get_slot(MISUNDERSTANDINGS) or 0) + 1
        # As the dialogue's fallback (an understood message with no sensible next step), the
        # message is set aside as Rasa's own default fallback does, so the bot waits for the next.
        set_aside = [] if latest_intent(tracker) == "nlu_fallback" else [UserUtteranceReverted()]
        if count < OFFER_CONSULTANT_AFTER:
            dispatcher.utter_message(response="utter_misunderstood")
            start = [] if set_aside or tracker.active_loop_name else questions_to_resume(tracker)
            return [SlotSet(MISUNDERSTANDINGS, count), *set_aside, *start]
        if tracker.active_loop_name:
            # Inside the questions a yes/no offer would be read as an answer: name the way out instead.
            dispatcher.utter_message(response="utter_offer_consultant_hint")
            return [SlotSet(MISUNDERSTANDINGS, count), *set_aside]
        return [SlotSet(MISUNDERSTANDINGS, 0), *set_aside, FollowupAction("utter_misunderstood_offer_consultant")]
