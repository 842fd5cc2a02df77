"""domain/questions.yml is generated (tools/build_domain.py) from the profile fields and
actions/questions.yaml: the checked-in file must be what the generator writes today, and the
generator must refuse a profile field without a question."""

from __future__ import annotations

import copy

import pytest
import yaml

from tools.build_domain import PROFILE, QUESTIONS, build, generated_text, main, merged_domain

PROFILE_DATA = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
SOURCE = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))


def test_the_checked_in_domain_is_current() -> None:
    assert main(["--check"]) == 0, "domain/questions.yml is stale: run `make domain`"


def test_a_new_yes_no_field_becomes_a_slot_a_form_question_and_its_replies() -> None:
    profile = copy.deepcopy(PROFILE_DATA)
    source = copy.deepcopy(SOURCE)
    profile["fields"]["has_spouse_in_canada"] = {"type": "boolean", "label": {"en": "x", "fr": "x"}}
    source["questions"]["has_spouse_in_canada"] = {
        "buttons": "yes_no",
        "ask": {"en": "Is your spouse in Canada?", "fr": "Votre conjoint est-il au Canada ?"},
        "again": {"en": "Yes or no: is your spouse in Canada?", "fr": "Oui ou non : votre conjoint est-il au Canada ?"},
    }
    domain = build(profile, source)
    assert "has_spouse_in_canada" in domain["forms"]["intake_form"]["required_slots"]
    assert "action_ask_has_spouse_in_canada" in domain["actions"]
    assert [m["type"] for m in domain["slots"]["has_spouse_in_canada"]["mappings"]] == ["from_entity", "from_text"]
    asked, again = (domain["responses"][f"utter_ask_has_spouse_in_canada{s}"] for s in ("", "_again"))
    assert asked[0]["condition"] == [{"type": "slot", "name": "language", "value": "fr"}]
    assert [b["title"] for b in asked[1]["buttons"]] == ["Yes", "No", "I don't know"]
    assert [b["title"] for b in again[0]["buttons"]] == ["Oui", "Non", "Je ne sais pas"]


def test_a_profile_field_without_a_question_is_refused() -> None:
    profile = copy.deepcopy(PROFILE_DATA)
    profile["fields"]["has_spouse_in_canada"] = {"type": "boolean"}
    with pytest.raises(ValueError, match="has_spouse_in_canada"):
        build(profile, SOURCE)


def test_a_question_missing_a_voice_is_refused() -> None:
    source = copy.deepcopy(SOURCE)
    del source["questions"]["age"]["ask"]["fr_employer"]
    with pytest.raises(ValueError, match="fr_employer"):
        build(PROFILE_DATA, source)


def test_the_generated_text_is_what_rasa_will_read() -> None:
    assert yaml.safe_load(generated_text()) == build(PROFILE_DATA, SOURCE)
    assert set(merged_domain()["forms"]) == {"intake_form", "callback_form"}
