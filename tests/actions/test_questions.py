"""The ask actions: the second asking in a row is rephrased; a third (after digressions) is not made,
the fact is left for the consultant and the next question asked."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.questions import QUESTIONS, AskQuestion, AskTeerCheck

from .helpers import domain, slot_events, texts, tracker

KNOWN = {"audience": "worker", "citizenships": ["FR"]}


def ask(question: str, **slots: Any) -> tuple[dict[str, Any], list[str], list[dict[str, Any]]]:
    action = next(cls for cls in AskQuestion.__subclasses__() if cls.question == question)()
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker(slots={**KNOWN, **slots}), domain()))
    return slot_events(events), texts(dispatcher), events


def test_every_question_has_an_ask_action_and_a_rephrasing_in_both_languages() -> None:
    names = {cls().name() for cls in AskQuestion.__subclasses__()}
    assert names == {f"action_ask_{q}" for q in QUESTIONS}
    # every question the intake form's slots are filled from has its action (one without stalls)
    asked = {
        condition["requested_slot"]
        for slot in domain()["slots"].values()
        for mapping in slot.get("mappings", [])
        for condition in mapping.get("conditions", [])
        if condition.get("active_loop") == "intake_form" and condition.get("requested_slot")
    }
    assert {f"action_ask_{q}" for q in asked} <= names
    for question in QUESTIONS:
        again = "utter_ask_teer_check_described_again" if question == "teer_check" else f"utter_ask_{question}_again"
        variations = domain()["responses"][again]
        assert len(variations) == 2 and all(v.get("buttons") for v in variations), again


def test_the_first_asking_uses_the_question_and_starts_the_count() -> None:
    events, said, _ = ask("age")
    assert said == ["utter_ask_age"] and events["question_streak"] == {"slot": "age", "times": 1}


def test_the_second_asking_in_a_row_is_rephrased() -> None:
    events, said, _ = ask("age", question_streak={"slot": "age", "times": 1})
    assert said == ["utter_ask_age_again"] and events["question_streak"] == {"slot": "age", "times": 2}


def test_a_third_asking_leaves_the_fact_and_asks_the_next_question() -> None:
    events, said, _ = ask("age", question_streak={"slot": "age", "times": 2})
    assert said[0] == "utter_left_for_consultant" and said[1].startswith("utter_ask_") and "age" not in said[1]
    assert "age" in events["skipped_questions"] and events["requested_slot"] not in (None, "age")
    assert events["question_streak"] == {"slot": events["requested_slot"], "times": 1}


def test_the_teer_check_names_the_unit_group() -> None:
    dispatcher = CollectingDispatcher()
    slots = {**KNOWN, "job_offer_title": "line cook", "teer_candidate": {"teer": 3, "noc": "63200", "source": "title"}}
    asyncio.run(AskTeerCheck().run(dispatcher, tracker(slots=slots), domain()))
    message = dispatcher.messages[0]
    assert message["response"] == "utter_ask_teer_check"
    assert message["noc"] == "63200" and message["teer"] == 3 and message["title"] == "Cooks"
