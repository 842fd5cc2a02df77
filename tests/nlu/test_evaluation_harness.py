"""The simulated-user harness itself (evaluation/simulate.py), without servers: a scripted assistant
says the domain's own texts, and the simulated person must read them as a person would — who is
addressed, what was read back — and behave as its persona says: correct a fact a few questions
later, object when taken for someone else, confirm only its own job. The new figure, questions
that ask again a fact already stated, must count what it says it counts."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import Any

import pytest

from evaluation.simulate import (
    LANGUAGES,
    FactLog,
    Outcome,
    Person,
    Persona,
    Said,
    Stranger,
    bank_personas,
    bank_styles,
    converse,
    data,
    plan,
    read,
    read_as,
    summary,
    summary_by_group,
)
from tools.build_domain import merged_domain

SUGGESTION = "This is general information, not legal advice: a licensed consultant confirms every case."


@cache
def responses() -> dict[str, Any]:
    return merged_domain()["responses"]


def text(name: str, language: str = "en", voice: str | None = None, **values: str) -> str:
    """The domain's text of a response, for a language and (when the response has them) a voice."""
    for variation in responses()[name]:
        conditions = {c["name"]: c["value"] for c in variation.get("condition") or []}
        if voice and conditions.get("voice") == f"{language}_{voice}":
            return str(variation["text"]).format(**values)
        if not voice and conditions.get("language") == language:
            return str(variation["text"]).format(**values)
    fallback = [v for v in responses()[name] if not v.get("condition")]
    return str(fallback[0]["text"]).format(**values)


class Scripted:
    """An assistant that says, to each message, the next replies of its script (then a suggestion)."""

    def __init__(self, turns: list[list[str]], suggested: list[str] | None = None, language: str = "en") -> None:
        self.turns, self.heard = list(turns), []  # type: list[list[str]], list[str]
        self.suggested, self.language = suggested or [], language

    def say(self, sender: str, message: str) -> list[dict[str, Any]]:
        self.heard.append(message)
        return [{"text": t} for t in (self.turns.pop(0) if self.turns else [SUGGESTION])]

    def slots(self, sender: str) -> dict[str, Any]:
        return {"suggested_routes": self.suggested, "language": self.language}


def stranger(persona_id: str, language: str = "en", style: str = "terse", seed: int = 1) -> Stranger:
    persona = next(p for p in bank_personas("strangers") if p.id == persona_id)
    return Stranger(persona, language, style, random.Random(seed), "strangers")


def talk(persona_id: str, assistant: Scripted, language: str = "en", style: str = "terse") -> Outcome:
    persona = next(p for p in bank_personas("strangers") if p.id == persona_id)
    return converse(persona, language, style, 7, assistant.say, assistant.slots, bank="strangers")


# --- reading the assistant -------------------------------------------------------------------------


def test_a_question_says_whom_it_addresses() -> None:
    assert read(text("utter_ask_age", "en", "employer")) == Said("question", "age", "employer")
    assert read(text("utter_ask_age", "fr", "employer")) == Said("question", "age", "employer")
    assert read(text("utter_ask_age", "fr", "worker")) == Said("question", "age", "worker")
    assert read("How old are you? (Your age on the day you would apply.)").voice == "worker"
    assert read(text("utter_ask_age_again", "en")).voice is None  # the same words for both


def test_a_text_shared_by_both_audiences_addresses_neither() -> None:
    shared = text("utter_ask_job_offer_primary_agriculture", "fr", "employer")
    assert shared == text("utter_ask_job_offer_primary_agriculture", "fr", "worker")
    assert read(shared) == Said("question", "job_offer_primary_agriculture", None)


@pytest.mark.parametrize("language", LANGUAGES)
def test_what_the_assistant_says_it_read_is_found(language: str) -> None:
    said = text("utter_read_as", language, typed="aussi", read="Australia")
    assert read_as(said) == "Australia"
    assert read_as(text("utter_ask_age", language)) is None


# --- the facts a person stated ---------------------------------------------------------------------


def test_a_fact_asked_again_counts_once_stated_and_not_after_a_correction() -> None:
    log = FactLog()
    assert not log.asked("age")
    log.state("age", "not_a_fact")
    assert log.asked("age") and log.asked("age")
    assert "not_a_fact" not in log.stated
    log.contradict("age")
    assert not log.asked("age")  # checking a corrected fact once is fair
    assert log.asked("age")


def test_an_opening_with_facts_makes_the_next_questions_about_them_asked_again() -> None:
    persona = next(p for p in bank_personas("dev") if p.id == "irish_backpacker")
    assistant = Scripted([[text("utter_ask_citizenships")], [text("utter_ask_age")], [text("utter_ask_has_job_offer")]])
    outcome = converse(persona, "en", "facts_first", 2026, assistant.say, assistant.slots, bank="dev")
    assert assistant.heard[0] != "hi"  # the facts opening: nationality and age
    assert outcome.asked_again == 2
    assert outcome.questions == 3


def test_an_answer_said_once_is_asked_again_the_second_time_only() -> None:
    persona = next(p for p in bank_personas("dev") if p.id == "irish_backpacker")
    age = text("utter_ask_age")
    outcome = converse(persona, "en", "terse", 2026, *_scripted([[age], [age], [text("utter_ask_age_again")]]))
    assert outcome.asked_again == 2


def _scripted(turns: list[list[str]]) -> tuple[Callable[..., Any], Callable[..., Any]]:
    assistant = Scripted(turns)
    return assistant.say, assistant.slots


# --- a stranger's behaviours -----------------------------------------------------------------------


def test_the_correction_comes_later_while_another_question_waits_and_the_wrong_value_is_never_repeated() -> None:
    questions = ["utter_ask_has_job_offer", "utter_ask_is_student", "utter_ask_french_level", "utter_ask_education"]
    assistant = Scripted([[text(q)] for q in questions])
    outcome = talk("irish_36_first_said_34", assistant)
    opening, *answers = assistant.heard
    assert "34" in opening
    corrections = [a for a in answers if "36" in a]
    assert len(corrections) == 1 and "not 34" in corrections[0]
    assert answers.index(corrections[0]) <= 2  # the 1st to 3rd question after the opening, instead of its answer
    assert outcome.asked_again == 0


def test_a_correction_not_yet_made_is_made_after_the_suggestion_and_the_new_suggestion_is_judged() -> None:
    assistant = Scripted([[SUGGESTION]], suggested=["iec_working_holiday"])
    outcome = talk("irish_36_first_said_34", assistant)
    assert assistant.heard[1] == "wait, I got my age wrong: 36, not 34"
    assert not outcome.success and "wrongly suggested ['iec_working_holiday']" in outcome.why


def test_the_wrong_value_is_said_the_first_time_the_fact_is_asked() -> None:
    assistant = Scripted([[text("utter_ask_age")], [text("utter_ask_has_job_offer")], [text("utter_ask_is_student")]])
    talk("swapped_the_digits_35_53", assistant)
    assert "53" in assistant.heard[1] and "35" not in assistant.heard[1]
    assert any("35, not 53" in message for message in assistant.heard[2:])


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_worker_addressed_as_an_employer_objects_at_most_twice(language: str) -> None:
    person = stranger("company_moves_me_to_calgary", language)
    as_employer = Said("question", "age", "employer")
    ask = text("utter_ask_age", language, "employer")
    said = [person.reply(as_employer, n, [ask]) for n in range(3)]
    corrections = data("phrasings_strangers")["audience_corrections"]["worker"][language]
    assert [s in corrections for s in said] == [True, True, False]
    assert "34" in said[2]
    assert person.log.asked("audience")


def test_an_employer_addressed_as_the_worker_objects() -> None:
    person = stranger("employer_brings_engineer_from_guadalajara")
    said = person.reply(Said("question", "age", "worker"), 0, [text("utter_ask_age")])
    assert said in data("phrasings_strangers")["audience_corrections"]["employer"]["en"]
    assert person.reply(Said("question", "age", "employer"), 1, [text("utter_ask_age", "en", "employer")]) != said


def test_a_wrong_country_read_back_gets_one_objection_and_a_right_one_none() -> None:
    person = stranger("mexican_and_spanish_as_well")
    question = Said("question", "age", "worker")
    wrong = [text("utter_read_as", typed="Spanish as well", read="Mexico, Spain and Australia"), text("utter_ask_age")]
    objection = person.reply(question, 0, wrong)
    assert objection == "no, that's not right — I'm Mexican and Spanish"
    assert person.reply(question, 1, wrong) != objection  # once
    right = [text("utter_read_as", typed="Mexican", read="Mexico and Spain"), text("utter_ask_age")]
    assert "not right" not in stranger("mexican_and_spanish_as_well").reply(question, 0, right)


def test_a_wrong_province_read_back_gets_an_objection_naming_the_right_one() -> None:
    person = stranger("care_aide_in_kapuskasing", "fr")
    said = [text("utter_read_as", "fr", typed="Kapuskasing", read="Saskatchewan"), text("utter_ask_age", "fr")]
    assert person.reply(Said("question", "age", "worker"), 0, said) == "non, l'emploi est en Ontario"


def test_a_persons_own_words_come_first_then_its_rewording() -> None:
    person = stranger("care_aide_in_kapuskasing")
    question = Said("question", "job_offer_province", "worker")
    assert person.reply(question, 0, ["In which province or territory is the job?"]) == "Kapuskasing"
    assert person.reply(question, 1, ["Where in Canada is the job?"]) == "Kapuskasing, it's in northern Ontario"
    title = Said("question", "job_offer_title", "worker")
    assert person.reply(title, 0, ["What is the job you were offered?"]) == "patient care attendant"
    assert person.reply(title, 1, ["What is the job called?"]) == "nurse aide"


@pytest.mark.parametrize(
    ("proposal", "confirmed"),
    [
        ('"Intern" — that\'s NOC 31102 (General practitioners and family physicians), TEER 1, right?', False),
        ('"Intern" — that\'s NOC 11100 (Financial auditors and accountants), TEER 1, right?', True),
        ('"Intern" — that\'s NOC 12200 (Accounting technicians and bookkeepers), TEER 2, right?', True),
        ("A job like that usually falls in TEER 1 of the National Occupational Classification. Is that right?", True),
        ("A job like that usually falls in TEER 3 of the National Occupational Classification. Is that right?", False),
    ],
)
def test_a_stranger_confirms_only_its_own_job(proposal: str, confirmed: bool) -> None:
    person = stranger("accounting_intern_in_kelowna")
    slot = read(proposal).slot or ""
    answer = person.reply(Said("question", slot, None), 0, [proposal])
    phrasings = data("phrasings_strangers")
    assert answer in phrasings["confirm_yes" if confirmed else "confirm_no"]["en"]


def test_a_stranger_without_a_job_offer_says_so_when_asked_about_the_job() -> None:
    person = stranger("korean_just_the_one_passport")
    answer = person.reply(Said("question", "job_offer_province", "worker"), 0, ["In which province is the job?"])
    assert answer in data("phrasings_strangers")["no_job_offer"]["en"]


def test_the_tracker_holding_a_wrong_fact_fails_and_an_unknown_one_does_not() -> None:
    def judged(audience: str | None) -> Outcome:
        assistant = Scripted([], suggested=["intra_company_transferee"])
        assistant.slots = lambda sender: {  # type: ignore[method-assign]
            "suggested_routes": ["intra_company_transferee"],
            "language": "en",
            "audience": audience,
        }
        return talk("company_moves_me_to_calgary", assistant)

    assert judged("worker").success and judged(None).success
    assert judged("employer").why == "audience is 'employer', not 'worker'"


# --- the bank --------------------------------------------------------------------------------------


def every_text(persona: Persona) -> list[tuple[str, Any]]:
    """Every piece of the persona's own words, and of the bank, that the person may fill in."""
    script, bank = persona.script, data("phrasings_strangers")
    pieces: list[tuple[str, Any]] = [("opening", script.get("opening")), ("correction", script.get("correction"))]
    for slot, own in script.get("answers", {}).items():
        pieces += [(slot, own), (f"{slot} again", own.get("again"))]
    pieces += [("audience correction", bank["audience_corrections"][persona.facts["audience"]])]
    pieces += [(f"objection {slot}", words) for slot, words in bank["read_as_objections"].items()]
    return [(name, words) for name, words in pieces if words]


@pytest.mark.parametrize("persona", bank_personas("strangers"), ids=lambda p: p.id)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_words_of_a_stranger_fill_in_both_languages(persona: Persona, language: str) -> None:
    person = Stranger(persona, language, "terse", random.Random(0), "strangers")
    for name, words in every_text(persona):
        assert words[language], f"{persona.id}: {name} has no {language} words"
        for template in words[language]:
            filled = person._fill(template)
            assert "{" not in filled and filled.strip(), (name, template)


@pytest.mark.parametrize("persona", bank_personas("strangers"), ids=lambda p: p.id)
def test_a_stranger_states_only_facts_and_its_opening_says_what_it_states(persona: Persona) -> None:
    from evaluation.simulate import fact_slots

    opening = persona.script.get("opening", {})
    assert set(opening.get("states", [])) <= fact_slots()
    for own in persona.script.get("answers", {}).values():
        assert set(own.get("states", [])) <= fact_slots()
    if persona.group == "opening_facts":
        assert len(opening["states"]) >= 4, persona.id
    correction = persona.script.get("correction")
    if correction and correction["slot"] in opening.get("states", []):  # the opening says the wrong value
        wrong = correction["wrong"]
        if correction["slot"] == "job_offer_province":  # as the town the person names in that province
            wrong = persona.script["places"][wrong]
        for language in LANGUAGES:
            said = wrong[language] if isinstance(wrong, dict) else wrong
            assert all(re.search(rf"\b{said}\b", o) for o in opening[language]), (persona.id, language)


def test_the_strangers_bank_has_ten_personas_a_class_in_each_language() -> None:
    conversations = plan(2026, None, "strangers")
    assert bank_styles("strangers") == ("terse", "chatty")
    assert len(conversations) == len(bank_personas("strangers")) * 2 * 2
    per_class_and_language = Counter((p.group, language) for p, language, style in conversations if style == "terse")
    assert len(per_class_and_language) == 5 * 2
    assert min(per_class_and_language.values()) >= 10, per_class_and_language


def test_the_other_banks_keep_their_personas_styles_and_people() -> None:
    for bank in ("dev", "holdout", "fresh"):
        assert len(plan(2026, None, bank)) == 17 * 2 * 11
    assert not any(p.group or p.script for p in bank_personas("dev"))
    persona = next(p for p in bank_personas("dev") if p.id == "irish_backpacker")
    assistant = Scripted([[text("utter_ask_age", "en", "employer")]])
    converse(persona, "en", "terse", 2026, assistant.say, assistant.slots, bank="dev")
    assert "26" in assistant.heard[1]  # a Person of these banks answers; only a Stranger objects
    assert isinstance(Stranger(persona, "en", "terse", random.Random(0), "strangers"), Person)


def test_the_figures_count_questions_asked_again_per_language_and_class() -> None:
    def outcome(language: str, group: str, asked_again: int) -> Outcome:
        return Outcome("p", language, "terse", True, "ok", 5, 1, 0, [], [], group, asked_again)

    outcomes = [outcome("en", "words", 2), outcome("en", "speaker", 0), outcome("fr", "words", 1)]
    figures = summary(outcomes)
    assert figures["en"]["asked_again"] == 2 and figures["en"]["asked_again_per_conversation"] == 1.0
    assert figures["fr"]["asked_again"] == 1
    assert summary_by_group(outcomes)["words"]["en"]["asked_again"] == 2
    assert summary_by_group([outcome("en", "", 3)]) == {}
