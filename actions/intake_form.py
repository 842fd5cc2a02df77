"""The intake form. Its questions come from the eligibility engine: after every answer, the engine
says which missing fact would settle the most routes, and the form asks that one; when no answer
could change a verdict any more, the form ends (and the suggestion follows).

Two questions of the conversation stand in front of the engine's TEER question, because most people
do not know their TEER: the job's title (looked up in the NOC 2021 table) and the confirmation of the
TEER found ("a cook — that's NOC 63200, TEER 3, right?"). The TEER question itself is asked only
when the title was not found or the person said the classification found is wrong. And when the
engine asks about the open permits at the end (nothing else fits, and nothing was said of them), one
question asks for their cues at once — studies in Canada, a partner there, an application for
permanent residence —; "none of these" settles them all.

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
    assessment = assess_profile(profile_from(slots))
    question = next(iter(assessment.next_questions(unanswerable=skipped)), None)
    if question and _no_cue_given(slots, skipped) and assessment.at_the_last_resort(unanswerable=skipped):
        return OPEN_PERMITS_CHECK
    if question == "job_offer_teer":
        if slots.get(TEER_CANDIDATE):
            return TEER_CHECK
        if slots.get(JOB_TITLE) is None and JOB_TITLE not in skipped:
            return JOB_TITLE
    return question


def _no_cue_given(slots: dict[str, Any], skipped: list[str]) -> bool:
    """None of the open permits' cues is known, and the one question for them was not asked yet."""
    asked = slots.get(OPEN_PERMITS_CHECK) is not None or OPEN_PERMITS_CHECK in skipped
    return not asked and all(slots.get(cue) is None for cue in OPEN_PERMIT_CUES)


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
