"""Corrections first, in the form's validation: the fact replaced, said back once, the question asked
left pending — unless the message states its answer too."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.intake_form import ValidateIntakeForm

from .helpers import domain, slot_events, texts, tracker


def validate(
    text: str, known: dict[str, Any], new: dict[str, Any], entities: list[dict[str, Any]]
) -> tuple[dict[str, Any], list[str]]:
    dispatcher = CollectingDispatcher()
    state = tracker(
        text=text,
        slots={"audience": "worker", "citizenships": ["FR"], **known, "requested_slot": "has_job_offer"},
        new=new,
        entities=entities,
    )
    events = asyncio.run(ValidateIntakeForm().run(dispatcher, state, domain()))
    return slot_events(events), texts(dispatcher)


def test_a_correction_at_a_yes_no_question_leaves_it_pending() -> None:
    text = "Ah pardon, j'ai 36 ans, pas 34"
    events, said = validate(text, {"age": 34}, {"age": 36, "has_job_offer": text}, [{"entity": "age", "value": 36}])
    assert events["age"] == 36 and events["has_job_offer"] is None
    assert said.count("utter_corrected") == 1


def test_a_correction_that_also_answers_keeps_the_answer() -> None:
    text = "actually I'm 36, and yes, I have a job offer"
    entities = [{"entity": "age", "value": 36}, {"entity": "has_job_offer", "value": True}]
    events, said = validate(text, {"age": 34}, {"age": 36, "has_job_offer": True}, entities)
    assert events["age"] == 36 and events["has_job_offer"] is True and "utter_corrected" in said


def test_a_yes_no_value_said_back_is_a_word_of_the_conversation() -> None:
    from actions.answers import shown_value

    assert shown_value("has_job_offer", "true", "fr") == "oui"  # an entity's value may come as text
    assert shown_value("has_job_offer", False, "en") == "no"
