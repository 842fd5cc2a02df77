"""intake_nlu/data/intents.yaml is the one list of intents: each one's role decides whether it can
answer a question, a program question's entry generates its answer and rules, and whatever a new
intent still lacks is named here."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from intake_nlu.lexicon import intents
from tools.build_domain import (
    PROFILE,
    QUESTIONS,
    build,
    build_intents,
    build_program_rules,
    callback_text,
    intents_table,
    main,
    never_answering,
)

ROOT = Path(__file__).resolve().parents[2]
ROLES = {"answer", "program", "digression", "control", "social", "other"}
NEW_QUESTION = {
    "role": "program",
    "topics": ["ceta", "aecg"],
    "answer": {"en": "CETA is the Canada–EU agreement.", "fr": "L'AECG est l'accord Canada–UE."},
}


def examples(language: str) -> dict[str, list[str]]:
    document = yaml.safe_load((ROOT / "data" / f"nlu_{language}.yml").read_text(encoding="utf-8"))
    return {item["intent"]: item["examples"].splitlines() for item in document["nlu"] if "intent" in item}


def with_new_question() -> dict[str, Any]:
    table = copy.deepcopy(intents_table())
    table["intents"]["ask_ceta"] = NEW_QUESTION
    return table


def test_the_generated_files_are_current() -> None:
    assert main(["--check"]) == 0, "run `make domain`"


def test_every_intent_has_a_known_role() -> None:
    assert {name: spec["role"] for name, spec in intents().items() if spec["role"] not in ROLES} == {}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_intent_is_trained_in_each_language_and_every_trained_intent_is_in_the_table(language: str) -> None:
    trained = examples(language)
    assert sorted(set(intents()) - set(trained)) == [], f"intents without examples in data/nlu_{language}.yml"
    assert sorted(set(trained) - set(intents())) == [], "intents missing from intake_nlu/data/intents.yaml"


def test_a_new_program_question_is_answered_everywhere_and_never_read_as_an_answer() -> None:
    table = with_new_question()
    responses = build_intents(table)["responses"]
    assert [v["text"] for v in responses["utter_answer_ceta"]] == [
        NEW_QUESTION["answer"]["fr"],
        NEW_QUESTION["answer"]["en"],
    ]
    rules = [rule for rule in build_program_rules(table)["rules"] if rule["steps"][0] == {"intent": "ask_ceta"}]
    assert [rule["condition"] for rule in rules] == [
        [{"active_loop": "intake_form"}],
        [{"active_loop": None}],
        [{"active_loop": "callback_form"}],
    ]
    assert "ask_ceta" in never_answering(table["intents"], "intake")
    assert "ask_ceta" in never_answering(table["intents"], "callback")
    profile, questions = (yaml.safe_load(path.read_text(encoding="utf-8")) for path in (PROFILE, QUESTIONS))
    slots = build(profile, questions, table)["slots"]
    assert "ask_ceta" in slots["age"]["mappings"][-1]["not_intent"]
    assert "ask_ceta" in callback_text(table, (ROOT / "domain" / "callback.yml").read_text(encoding="utf-8"))


def test_a_program_question_without_its_answer_or_topic_words_is_refused() -> None:
    for missing in ("answer", "topics"):
        table = with_new_question()
        del table["intents"]["ask_ceta"][missing]
        with pytest.raises(ValueError, match="ask_ceta"):
            build_intents(table)


def test_answers_and_the_greetings_the_callback_form_never_excluded_may_answer_a_callback_question() -> None:
    table = intents_table()["intents"]
    intake, callback = never_answering(table, "intake"), never_answering(table, "callback")
    assert "inform" not in intake and "inform" not in callback
    assert "greet" in intake and "greet" not in callback
    assert "start_over" in intake and "start_over" in callback
