"""The intake form. Its questions come from the eligibility engine: after every answer, the engine
says which missing fact would settle the most routes, and the form asks that one; when no answer
could change a verdict any more, the form ends (and the suggestion follows).

Two questions of the conversation stand in front of the engine's TEER question, because most people
do not know their TEER: the job's title (looked up in the NOC 2021 table) and the confirmation of the
TEER found ("a cook — that's NOC 63200, TEER 3, right?"). The TEER question itself is asked only
when the title was not found or the person said the classification found is wrong. And when the
engine asks the open permits' two cues at the end (studies in Canada, a partner there), one question
asks for both; "neither" settles them in one answer.

No question is asked more than twice in a row (MAX_ASKS): the second time it is rephrased with its
answers as buttons (actions/questions.py), and when it is still unanswered it is left for the
consultant, the person is told so, and the next question follows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict

from actions.answers import ProfileAnswers
from actions.slots import (
    JOB_TITLE,
    MAX_ASKS,
    OPEN_PERMIT_CUES,
    OPEN_PERMITS_CHECK,
    PAUSED,
    SKIPPED,
    STREAK,
    TEER_CANDIDATE,
    TEER_CHECK,
    has_spoken,
    language_of,
    profile_fields,
    profile_from,
)
from imp_engine import assess_profile
from imp_engine.rulebook import default_rulebook

FIRST_QUESTION = "audience"


def next_question(slots: dict[str, Any]) -> str | None:
    """Who is asking first; then the engine's most decisive missing fact, not skipped; for the TEER,
    the job title and the confirmation of what it gave come first."""
    skipped = slots.get(SKIPPED) or []
    if slots.get(FIRST_QUESTION) is None and FIRST_QUESTION not in skipped:
        return FIRST_QUESTION
    questions = assess_profile(profile_from(slots)).next_questions(unanswerable=skipped)
    question = next(iter(questions), None)
    if _both_cues_pending(slots, questions) and OPEN_PERMITS_CHECK not in skipped:
        return OPEN_PERMITS_CHECK
    if question == "job_offer_teer":
        if slots.get(TEER_CANDIDATE):
            return TEER_CHECK
        if slots.get(JOB_TITLE) is None and JOB_TITLE not in skipped:
            return JOB_TITLE
    return question


def _both_cues_pending(slots: dict[str, Any], questions: list[str]) -> bool:
    """The next question is one of the open permits' cues and the other is pending too, neither known
    nor asked yet: one question asks for both."""
    return (
        bool(questions)
        and questions[0] in OPEN_PERMIT_CUES
        and all(cue in questions and slots.get(cue) is None for cue in OPEN_PERMIT_CUES)
        and slots.get(OPEN_PERMITS_CHECK) is None
    )


@dataclass
class Plan:
    """What the form asks next, and what it leaves for the consultant on the way."""

    question: str | None
    skipped: list[str]
    streak: dict[str, Any] | None
    left: list[str] = field(default_factory=list)


def plan_next_question(slots: dict[str, Any]) -> Plan:
    """The next question; one already asked MAX_ASKS times in a row (the streak the ask actions
    keep) and still unanswered is skipped instead (its fact stays unknown, and the verdicts that
    need it say "possible"). streak: what the question's ask action will record."""
    skipped = list(slots.get(SKIPPED) or [])
    streak = slots.get(STREAK) or {}
    left: list[str] = []
    question = next_question({**slots, SKIPPED: skipped})
    while question is not None and question == streak.get("slot") and streak.get("times", 0) >= MAX_ASKS:
        skipped.append(question)
        left.append(question)
        streak = {}
        question = next_question({**slots, SKIPPED: skipped})
    times = streak.get("times", 0) + 1 if question is not None and question == streak.get("slot") else 1
    return Plan(question, skipped, {"slot": question, "times": times} if question else None, left)


class ValidateIntakeForm(ProfileAnswers, FormValidationAction):
    def name(self) -> str:
        return "validate_intake_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        # Every profile slot may be validated (several facts come in one message); which one is
        # asked is decided by next_requested_slot.
        return [
            FIRST_QUESTION,
            *(f for f in profile_fields() if f != FIRST_QUESTION),
            JOB_TITLE,
            TEER_CHECK,
            OPEN_PERMITS_CHECK,
        ]

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        # No event is added to a message that filled nothing: Rasa then lets a rule answer it (a
        # question about a program) before the form asks again (actions/questions.py counts that).
        events = await super().get_validation_events(dispatcher, tracker, domain)
        if not events:
            return events
        slots = {**tracker.slots, **{e["name"]: e["value"] for e in events if e.get("event") == "slot"}}
        plan = plan_next_question(slots)
        extra: list[EventType] = [SlotSet(PAUSED, None)] if tracker.get_slot(PAUSED) else []
        if plan.left:
            tell_left_for_consultant(dispatcher, plan.left, language_of(tracker))
            extra.append(SlotSet(SKIPPED, plan.skipped))
        return [*events, *extra]

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> EventType | None:
        if not has_spoken(tracker):
            # The first reply of a session greets, in the language of the person's first message.
            dispatcher.utter_message(response="utter_greet")
        return SlotSet(REQUESTED_SLOT, plan_next_question(tracker.slots).question)


def tell_left_for_consultant(dispatcher: CollectingDispatcher, facts: list[str], language: str) -> None:
    for fact in facts:
        dispatcher.utter_message(response="utter_left_for_consultant", fact=fact_label(fact, language))


def fact_label(fact: str, language: str) -> str:
    """The profile's label of a fact ("the age"); the conversation's own questions are the job's."""
    if fact in (JOB_TITLE, TEER_CHECK):
        fact = "job_offer_teer"
    if fact == OPEN_PERMITS_CHECK:
        fact = "canadian_credential"
    return default_rulebook().profile.label(fact, language)
