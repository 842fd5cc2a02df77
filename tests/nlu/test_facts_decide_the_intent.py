"""nlu_components/facts_decide_the_intent.py over real messages: a lone yes or no the classifier took
for "I don't know" is a yes or a no; a real "I don't know" stays one."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu_components.facts_decide_the_intent import FactsDecideTheIntent


def decided(text: str, classified: str) -> str:
    message = Message({TEXT: text, INTENT: {INTENT_NAME_KEY: classified, "confidence": 0.45}})
    FactsDecideTheIntent({"confidence": 0.3}).process([message])
    return str(message.get(INTENT)[INTENT_NAME_KEY])


@pytest.mark.parametrize(
    ("text", "intent"),
    [("yup", "affirm"), ("nah", "deny"), ("oui oui", "affirm"), ("not sure", "dont_know"), ("no idea", "dont_know")],
)
def test_a_lone_yes_or_no_taken_for_i_dont_know_is_a_yes_or_a_no(text: str, intent: str) -> None:
    assert decided(text, "dont_know") == intent


def test_i_dont_know_with_a_yes_in_it_stays_i_dont_know() -> None:
    assert decided("I don't know, maybe yes", "dont_know") == "dont_know"


@pytest.mark.parametrize(
    ("text", "classified", "intent"),
    [
        ("yup", "nlu_fallback", "affirm"),  # not understood, yet a yes
        ("see ya", "goodbye", "goodbye"),  # "ya" reads as a yes; a goodbye in its own words
        ("ok, goodbye then", "goodbye", "goodbye"),
        ("yes please, I'd like a call back", "nlu_fallback", "affirm"),  # an opening yes, asking nothing
        ("ok so what are my next steps", "ask_next_steps", "ask_next_steps"),  # a yes that goes on to ask
        ("Another time", "stop_questions", "inform"),  # answers the times offered for a call
        ("let me ask something else", "stop_questions", "stop_questions"),  # a pause, no time
        ("erase.me@example.org", "delete_my_data", "inform"),  # an address, whatever its words spell
        ("delete-my-data@example.org.", "delete_my_data", "inform"),
        ("please delete my data, my email is ana@example.org", "delete_my_data", "delete_my_data"),
    ],
)
def test_what_a_message_says_outweighs_a_misreading(text: str, classified: str, intent: str) -> None:
    assert decided(text, classified) == intent
