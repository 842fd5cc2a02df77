"""What strangers say when they do not answer the question asked (issue 22's classes), read by the
language helpers: who is speaking, corrections, and words that are not what they look like."""

from __future__ import annotations

from typing import Any

import pytest

from intake_nlu import facts, parsers
from intake_nlu.corrections import corrections


def stated(text: str) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for fact in facts.extract(text):
        if fact.slot == "citizenships":
            found.setdefault(fact.slot, []).append(fact.value)
        else:
            found.setdefault(fact.slot, fact.value)
    return found


@pytest.mark.parametrize(
    ("text", "audience"),
    [
        ("My employer is sending me to their Toronto branch", "worker"),
        ("mon employeur veut me muter", "worker"),
        ("une agence de Toronto veut m'embaucher", "worker"),
        ("the company I work for wants to move me to its Calgary office", "worker"),
        ("sorry, there's no candidate, it's for me", "worker"),
        ("c'est moi qui travaillerais au Canada", "worker"),
        ("I have a job offer in Halifax", "worker"),
        ("we want to hire a foreign worker", "employer"),
        ("notre candidate est mexicaine", "employer"),
        ("I'm hiring a cook for my restaurant", "employer"),
    ],
)
def test_who_is_speaking_is_read_from_the_whole_message(text: str, audience: str) -> None:
    assert stated(text).get("audience") == audience


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("sorry, there's no candidate, it's for me", "worker"),
        ("c'est pour moi", "worker"),
        ("I'm the employee they're moving, not the company", "worker"),
        ("I'm the employer", "employer"),
        ("I'm 28 and French", None),  # states facts, says nothing of who the permit is for
        ("the candidate is 28", None),
        ("yes, I do", None),  # answers a yes/no question: "I do" says who only when that is asked
    ],
)
def test_an_audience_said_outright_corrects_the_one_understood(text: str, said: str | None) -> None:
    assert parsers.states_audience(text) == said


@pytest.mark.parametrize(
    ("text", "known", "changed"),
    [
        ("Ah pardon, j'ai 36 ans, pas 34", {"age": 34}, {"age": 36}),
        ("sorry, I'm 36, not 34", {"age": 34}, {"age": 36}),
        (
            "Oh, sorry, the office is in Ottawa, not Gatineau",
            {"job_offer_province": "QC"},
            {"job_offer_province": "ON"},
        ),
        ("désolée, c'est à Moncton, pas à Montréal", {"job_offer_province": "QC"}, {"job_offer_province": "NB"}),
        ("ugh, autocorrect — Austrian, not Australian!", {"citizenships": ["AU"]}, {"citizenships": ["AT"]}),
        ("pardon, je suis autrichienne, pas australienne", {"citizenships": ["AU"]}, {"citizenships": ["AT"]}),
        (
            "actually, I undersold my French earlier — I can hold a real conversation, I'd say intermediate",
            {"french_level": "basic"},
            {"french_level": "intermediate"},
        ),
        (
            "honestly, I oversold my French — it's only the basics",
            {"french_level": "advanced"},
            {"french_level": "basic"},
        ),
        (  # "my French" is the language: the Moroccan stays Moroccan
            "actually, I undersold my French earlier — I can hold a real conversation, I'd say intermediate",
            {"french_level": "basic", "citizenships": ["MA"]},
            {"french_level": "intermediate"},
        ),
        (
            "attendez, j'ai dit pas d'offre mais c'est faux : j'en ai signé une avec un studio de Montréal",
            {"has_job_offer": False},
            {"has_job_offer": True},
        ),
        ("sorry, there's no candidate, it's for me", {"audience": "employer"}, {"audience": "worker"}),
        ("c'est pour moi", {"audience": "employer"}, {"audience": "worker"}),
        ("I'm not sure", {"age": 30}, {}),
        ("I'm 36", {"age": 34}, {}),  # no word of correction: an answer, read as one
    ],
)
def test_a_correction_replaces_the_known_fact(text: str, known: dict[str, Any], changed: dict[str, Any]) -> None:
    assert corrections(text, known, stated(text)) == changed


@pytest.mark.parametrize(
    "text",
    ["Ah pardon, j'ai 36 ans, pas 34", "J'ai 36 ans, pas 34", "Je suis francophone", "I am 28 and I have a degree"],
)
def test_a_sentence_that_states_facts_opens_with_no_yes(text: str) -> None:
    assert parsers.parse_opening_yes_no(text) is None


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("yes, and I'm 28", True),
        ("yes I'm 28", True),
        ("Non, j'ai 36 ans", False),
        ("oui oui, j'ai 27 ans", True),
        ("I do", True),
    ],
)
def test_a_yes_or_no_said_first_answers(text: str, answer: bool) -> None:
    assert parsers.parse_opening_yes_no(text) is answer


@pytest.mark.parametrize(
    ("text", "citizenships"),
    [
        ("I translate French to English", []),
        ("Le français, je le parle un peu", []),
        ("French? I speak it a bit", []),
        ("je suis traductrice d'anglais", []),
        ("I teach Spanish", []),
        ("c'est moi qui travaillerais au Canada", []),
        ("only French", ["FR"]),
        ("il est français", ["FR"]),
        ("I'm French, I speak English too", ["FR"]),
        ("I am French and I speak it fluently", ["FR"]),
        ("moi aussi", []),  # "aussi" is a word of French, not a misspelt Australie
        ("Colombian — my partner is French, if that changes anything", ["CO"]),
        ("colombienne, et mon conjoint est français", ["CO"]),
        ("colombien, ma compagne est française, si ça change quelque chose", ["CO"]),
        ("argentin, ma langue maternelle c'est l'espagnol", ["AR"]),
        ("Spanish is my mother tongue, but I'm Mexican", ["MX"]),
    ],
)
def test_language_words_are_languages(text: str, citizenships: list[str]) -> None:
    assert parsers.parse_citizenships(text) == citizenships


@pytest.mark.parametrize(
    "text", ["Hi, my name is France Joseph and I'd like to know my options", "je m'appelle France"]
)
def test_a_name_is_no_country(text: str) -> None:
    assert "citizenships" not in stated(text)


@pytest.mark.parametrize(
    ("text", "citizenships"),
    [
        ("argentin, ma langue maternelle c'est l'espagnol", ["AR"]),
        ("Colombian — my partner is French, if that changes anything", ["CO"]),
        ("he is French", ["FR"]),
        ("I'm Irish, I speak English and French", ["IE"]),
    ],
)
def test_facts_of_a_message_keep_only_the_persons_own_citizenship(text: str, citizenships: list[str]) -> None:
    assert stated(text)["citizenships"] == citizenships


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("the one who wants to work there", None),
        ("une agence de Toronto veut m'embaucher", None),
        ("Le français, je le parle un peu", None),
        ("twenty-one", 21),
        ("vingt et un ans", 21),
        ("I'm thirty one", 31),
        ("one", 1),  # a number alone stands where a number can stand (then refused as an age)
    ],
)
def test_number_words_are_numbers_only_where_a_number_can_stand(text: str, age: int | None) -> None:
    assert parsers.parse_age(text) == age


@pytest.mark.parametrize(
    ("text", "of_oneself"),
    [
        ("Je suis francophone", True),
        ("I'm bilingual", True),
        ("francophone mobility", False),
        ("c'est quoi la mobilité francophone ?", False),
        ("je suis francophone, est-ce que j'ai droit à la mobilité francophone ?", False),
    ],
)
def test_a_statement_about_oneself_is_no_program_question(text: str, of_oneself: bool) -> None:
    assert parsers.says_of_oneself(text) is of_oneself
