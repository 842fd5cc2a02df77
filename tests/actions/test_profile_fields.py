"""One list of profile fields (imp_engine/data/profile.yaml): the conversation's slots, the intake
form, its questions and the yes/no validators must agree with it. This test names what is missing
when a field is added in one place only."""

from __future__ import annotations

from typing import Any

import pytest

from actions.answers import YES_NO_SLOTS, ProfileAnswers
from actions.slots import profile_fields
from imp_engine.rulebook import LANGUAGES, default_rulebook

from .helpers import domain

SPEC = default_rulebook().profile
FIELDS = sorted(SPEC.fields)


def test_the_conversation_reads_the_profile_fields_from_the_engine() -> None:
    assert set(profile_fields()) == set(FIELDS)
    assert set(YES_NO_SLOTS) == {name for name in FIELDS if SPEC.fields[name]["type"] == "boolean"}


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_is_a_slot_the_form_may_fill(field: str) -> None:
    slots = domain()["slots"]
    assert field in slots, f"actions/questions.yaml: add the question {field!r}, then `make domain`"
    assert field in domain()["forms"]["intake_form"]["required_slots"], "domain/questions.yml is stale: `make domain`"
    typed = [m for m in slots[field]["mappings"] if m["type"] == "from_text"]
    assert any({"active_loop": "intake_form", "requested_slot": field} in m.get("conditions", []) for m in typed), (
        f"slot {field!r} needs a from_text mapping while it is asked"
    )


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_has_a_question_in_both_languages(field: str) -> None:
    variations = domain()["responses"].get(f"utter_ask_{field}")
    assert variations, f"actions/questions.yaml: add the question {field!r}"
    languages = {_language(v) for v in variations}
    assert languages == set(LANGUAGES), f"utter_ask_{field} speaks {sorted(languages)}"


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_is_validated_and_labelled(field: str) -> None:
    assert hasattr(ProfileAnswers, f"validate_{field}"), f"actions/answers.py: add validate_{field}"
    for language in LANGUAGES:
        assert SPEC.label(field, language)


def test_a_yes_no_question_offers_yes_no_and_dont_know() -> None:
    for field in YES_NO_SLOTS:
        for variation in domain()["responses"][f"utter_ask_{field}"]:
            assert len(variation.get("buttons", [])) == 3, f"utter_ask_{field}"


def _language(variation: dict[str, Any]) -> str:
    for condition in variation.get("condition", []):
        value = str(condition.get("value"))
        if condition.get("name") in ("language", "voice"):
            return value.split("_")[0]
    return "en"
