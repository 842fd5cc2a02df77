"""action_ask_<question> for every question of the intake form. Rasa's form asks a question with
`action_ask_<slot>` when the domain names one (else with the response `utter_ask_<slot>`): these
actions say the question, and the second time in a row its rephrased form (`utter_ask_<slot>_again`:
other words, what a good answer looks like, buttons with its answers and "I don't know"). The TEER
confirmation names the unit group found ("a cook — that's NOC 63200, Cooks, TEER 3, right?")."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from actions.intake_form import plan_next_question, tell_left_for_consultant
from actions.slots import (
    JOB_TITLE,
    MAX_ASKS,
    OPEN_PERMITS_CHECK,
    SKIPPED,
    STREAK,
    TEER_CANDIDATE,
    TEER_CHECK,
    language_of,
    profile_fields,
    shown,
)
from intake_nlu import noc

QUESTIONS = (*profile_fields(), JOB_TITLE, TEER_CHECK, OPEN_PERMITS_CHECK)


class AskQuestion(Action, ABC):
    @property
    @abstractmethod
    def question(self) -> str:
        """The question (its slot); each subclass names it as a class attribute."""

    def name(self) -> str:
        return f"action_ask_{self.question}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        times = times_in_a_row(tracker, self.question)
        if times > MAX_ASKS:
            # Asked twice already and the person went elsewhere twice: left for the consultant.
            return instead_of(self.question, tracker, dispatcher)
        self.say(dispatcher, tracker, again=times == MAX_ASKS)
        return [SlotSet(STREAK, {"slot": self.question, "times": times})]

    def say(self, dispatcher: CollectingDispatcher, tracker: Tracker, again: bool) -> None:
        response = f"utter_ask_{self.question}_again" if again else f"utter_ask_{self.question}"
        dispatcher.utter_message(response=response, **self.values(tracker))

    def values(self, tracker: Tracker) -> dict[str, Any]:
        return {}


class AskTeerCheck(AskQuestion):
    question = TEER_CHECK

    def values(self, tracker: Tracker) -> dict[str, Any]:
        candidate = tracker.get_slot(TEER_CANDIDATE) or {}
        group = noc.unit_group(candidate.get("noc") or "")
        title = group.title(language_of(tracker)) if group else ""
        return {
            "job": shown(tracker.get_slot(JOB_TITLE) or ""),
            "noc": candidate.get("noc") or "",
            "title": title,
            "teer": candidate.get("teer", ""),
        }

    def say(self, dispatcher: CollectingDispatcher, tracker: Tracker, again: bool) -> None:
        candidate = tracker.get_slot(TEER_CANDIDATE) or {}
        kind = "utter_ask_teer_check" if candidate.get("noc") else "utter_ask_teer_check_described"
        dispatcher.utter_message(response=kind + ("_again" if again else ""), **self.values(tracker))


def times_in_a_row(tracker: Tracker, question: str) -> int:
    """Which time in a row this asking of question is."""
    streak = tracker.get_slot(STREAK) or {}
    return streak.get("times", 0) + 1 if streak.get("slot") == question else 1


def instead_of(question: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> list[EventType]:
    """Leaves question for the consultant and asks the next one (or lets the form end)."""
    plan = plan_next_question({**tracker.slots, SKIPPED: [*(tracker.get_slot(SKIPPED) or []), question], STREAK: None})
    tell_left_for_consultant(dispatcher, [question], language_of(tracker))
    events: list[EventType] = [
        SlotSet(SKIPPED, plan.skipped),
        SlotSet(REQUESTED_SLOT, plan.question),
        SlotSet(STREAK, plan.streak),
    ]
    if plan.question is None:
        return [*events, FollowupAction("intake_form")]
    ask = next(cls for cls in AskQuestion.__subclasses__() if cls.question == plan.question)
    ask().say(dispatcher, tracker, again=False)
    return events


# One action per question, named as Rasa's form looks for it.
for _question in QUESTIONS:
    if _question != TEER_CHECK:
        _name = "Ask" + "".join(part.title() for part in _question.split("_"))
        globals()[_name] = type(_name, (AskQuestion,), {"question": _question})
