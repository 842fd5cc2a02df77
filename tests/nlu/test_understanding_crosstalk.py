"""What the people of the `crosstalk` bank said that was misread on its first run (2026-12-04): a
nationality that is a language one speaks, even one the table of languages lacks; a country the
writer then says they never held; the one passport said outright after another nationality; the
writer's own age after a sentence about their partner; an age corrected with "X, not Y"; and a
Quebec "bon matin". (These cases are worded anew, not the bank's sentences.)"""

from __future__ import annotations

import pytest

from intake_nlu import corrections, parsers

from .test_understanding import stated


@pytest.mark.parametrize(
    ("text", "citizenships"),
    [
        ("I'm Chilean and I speak a little Irish from my year in Cork", ["CL"]),
        ("Chilean, and I'm learning some Danish", ["CL"]),
        ("chilien, et j'apprends un peu le danois", ["CL"]),
        ("I'm Irish", ["IE"]),
        ("Irish and Chilean, two passports", ["IE", "CL"]),
    ],
)
def test_a_nationality_after_speaking_or_learning_is_a_language(text: str, citizenships: list[str]) -> None:
    assert parsers.parse_citizenships(text) == citizenships
    assert stated(text).get("citizenships") == citizenships


@pytest.mark.parametrize(
    ("text", "citizenships"),
    [
        ("Colombian. My father comes from Italy, but I never had that passport", ["CO"]),
        ("colombienne, mon père vient d'Italie mais j'ai jamais eu ce passeport", ["CO"]),
        ("Colombian and Italian", ["CO", "IT"]),
    ],
)
def test_a_country_the_writer_says_they_never_held_is_not_theirs(text: str, citizenships: list[str]) -> None:
    assert parsers.parse_citizenships(text) == citizenships


@pytest.mark.parametrize(
    ("text", "citizenships"),
    [
        ("Moroccan. Spanish too, sort of, I grew up in Ceuta, but the only passport I have is Moroccan", ["MA"]),
        ("marocaine, espagnole presque, mais mon seul passeport est marocain", ["MA"]),
        ("Moroccan — my only passport. Spain gave me residence", ["MA"]),
        ("Moroccan and Spanish", ["MA", "ES"]),
    ],
)
def test_the_one_passport_said_outright_is_the_whole_answer(text: str, citizenships: list[str]) -> None:
    assert parsers.parse_citizenships(text) == citizenships


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("the 41 was my wife's age, and I'm 33", 33),
        ("41 c'est l'âge de ma femme, moi j'ai 33 ans", 33),
        ("my wife is 41", None),
    ],
)
def test_the_writers_age_after_a_sentence_about_the_partner_is_theirs(text: str, age: int | None) -> None:
    assert stated(text).get("age") == age


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("oops, wrong key for the age: 29, not 39", 29),
        ("oups, pour l'âge : 29, pas 39", 29),
    ],
)
def test_an_age_corrected_with_the_one_it_replaces(text: str, age: int) -> None:
    assert corrections.corrections(text, {"age": 39}, stated(text)) == {"age": age}


def test_a_quebec_good_morning_is_french() -> None:
    assert parsers.detect_language("bon matin") == "fr"
    assert parsers.detect_language("good morning") == "en"


@pytest.mark.parametrize(
    "text",
    [
        "for myself, no company is hiring anyone through me",
        "there's a misunderstanding: I'm not an employer, I'm asking for myself",
        "je ne suis pas un employeur, c'est pour moi",
        "personne n'embauche à travers moi, c'est pour moi",
    ],
)
def test_an_employers_word_denied_is_the_worker_speaking(text: str) -> None:
    assert parsers.states_audience(text) == "worker"
    assert stated(text).get("audience") in (None, "worker")


@pytest.mark.parametrize("text", ["no, we're hiring a welder", "I'm not the one applying", "c'est moi qui embauche"])
def test_an_employer_still_speaks_as_one(text: str) -> None:
    assert parsers.states_audience(text) == "employer"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("fluent enough, working in French would be no problem at all", "advanced"),
        ("ça va, travailler en français ne me pose aucune difficulté", "advanced"),
        ("no French, not a word", "none"),
    ],
)
def test_no_trouble_in_french_is_a_level_not_a_no(text: str, level: str) -> None:
    assert stated(text).get("french_level") == level


@pytest.mark.parametrize(
    ("text", "citizenships"),
    [
        ("je suis uruguayen, je parle aussi un peu d'irlandais", ["UY"]),
        ("Uruguayan, and I speak a little bit of Irish", ["UY"]),
        ("I speak Spanish and I'm Irish", ["IE"]),
    ],
)
def test_words_between_speaking_and_a_language_are_read_past(text: str, citizenships: list[str]) -> None:
    assert parsers.parse_citizenships(text) == citizenships


@pytest.mark.parametrize(
    ("text", "audience"),
    [
        ("la recrue est belge", None),
        ("the worker is Belgian", None),
        ("non, je suis pas le demandeur, je suis la patronne", "employer"),
        ("c'est pour moi-même", "worker"),
    ],
)
def test_the_worker_spoken_of_is_no_correction_of_who_speaks(text: str, audience: str | None) -> None:
    assert parsers.states_audience(text) == audience
