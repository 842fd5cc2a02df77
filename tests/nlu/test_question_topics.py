"""A question about a program names it: every example of the ask_* intents (training and held-out)
does, and an answer that is not a question (a mistyped email, a name) names none."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from intake_nlu.lexicon import lexicon
from nlu_components.questions_name_their_topic import names_its_topic

ROOT = Path(__file__).resolve().parents[2]
FILES = ["data/nlu_en.yml", "data/nlu_fr.yml", "tests/nlu_holdout/holdout_en.yml", "tests/nlu_holdout/holdout_fr.yml"]


def questions() -> list[tuple[str, str]]:
    found = []
    for name in FILES:
        for item in yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))["nlu"]:
            if item.get("intent") in lexicon()["question_topics"]:
                found += [(item["intent"], line[2:]) for line in item["examples"].splitlines() if line.startswith("- ")]
    return found


@pytest.mark.parametrize(("intent", "text"), questions())
def test_every_question_example_names_its_program(intent: str, text: str) -> None:
    assert names_its_topic(intent, text)


@pytest.mark.parametrize("text", ["lucia chez exemple", "ravi at example", "Kenji Sato", "evenings", "Eastern"])
def test_an_answer_names_no_program(text: str) -> None:
    assert not any(names_its_topic(intent, text) for intent in lexicon()["question_topics"])
