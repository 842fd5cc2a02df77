"""The classes the sealed bank's first run found (issue 22), in words of these tests' own."""

from __future__ import annotations

from typing import Any

import pytest

from intake_nlu import parsers
from intake_nlu.corrections import corrections
from tests.nlu.test_understanding import stated


@pytest.mark.parametrize(
    ("text", "known", "changed"),
    [
        (
            "one more thing: the 41 I gave you was wrong, I'm 40",
            {"age": 41},
            {"age": 40},
        ),
        (
            "I think I misunderstood the transfer question: my own company is moving me to its Leeds-owned Ottawa office",
            {"intra_company_transfer": False},
            {"intra_company_transfer": True},
        ),
        (
            "attendez, j'ai mis 33 par réflexe : j'ai 34 ans depuis juin",
            {"age": 33},
            {"age": 34},
        ),
        (
            "oops, I jumped the gun: it's just an interview, nobody has offered me anything",
            {"has_job_offer": True},
            {"has_job_offer": False},
        ),
        (
            "correction: the internship isn't compulsory, my school only recommends it",
            {"internship_required": True},
            {"internship_required": False},
        ),
        (
            "that no was wrong, it is about trade: we sell and ship machine parts to buyers in Canada",
            {"trade_or_investment": False, "citizenships": ["MX"]},
            {"trade_or_investment": True},
        ),
    ],
)
def test_a_correction_replaces_the_fact_and_nothing_else(
    text: str, known: dict[str, Any], changed: dict[str, Any]
) -> None:
    assert corrections(text, known, stated(text)) == changed


@pytest.mark.parametrize(
    ("text", "audience"),
    [
        ("I'm writing on behalf of the company, not for myself", "employer"),
        ("je vous écris au nom de l'entreprise, pas pour moi", "employer"),
        ("a Chilean cook I met could join us for the summer", "employer"),
        ("I'm the person planning to work there", "worker"),
        ("I'm not the one applying, I want to hire a cook", "employer"),
        ("nobody's being hired by me, the worker is me", "worker"),
        ("head office put me down for a posting in Regina", "worker"),
        ("there's a Danish welder I'd love to bring over to my shop", "employer"),
        ("he'd be working with me in my body shop in Laval", "employer"),
        ("que ma cousine vienne travailler dans mon café à Gatineau", "employer"),
    ],
)
def test_a_denied_audience_phrase_counts_for_nothing(text: str, audience: str) -> None:
    assert parsers.audience_in(text) == audience


@pytest.mark.parametrize(
    "text",
    [
        "I do Swedish massage and hot stones",
        "je fais surtout du massage suédois",
        "our bakery sells Danish pastries",
        "on vend des pâtisseries danoises",
        "steel from Monterrey shipped to buyers in Canada",
        "on vend des danoises et des croissants",
    ],
)
def test_a_nationality_naming_a_style_or_a_place_is_no_citizenship(text: str) -> None:
    assert "citizenships" not in stated(text)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("I never took French", "none"),
        ("French? I can't speak a word of it", "none"),
        ("French is my everyday language", "advanced"),
    ],
)
def test_french_never_learnt(text: str, level: str) -> None:
    assert parsers.parse_french_level(text) == level


@pytest.mark.parametrize(
    ("text", "audience"),
    [
        ("I'm not the one applying: I want to hire someone", "employer"),
        ("ce n'est pas pour moi, je veux embaucher quelqu'un", "employer"),
        ("sorry, wrong side: I'm the cook they want to hire", "worker"),
    ],
)
def test_an_audience_said_outright_either_way(text: str, audience: str) -> None:
    assert parsers.states_audience(text) == audience


@pytest.mark.parametrize("text", ["Portugal Cove-St. Philip's", "a clinic in Jordan Falls, Nova Scotia"])
def test_a_country_that_starts_a_towns_name_is_no_citizenship(text: str) -> None:
    assert "citizenships" not in stated(text)


def test_a_job_learnt_by_doing_is_teer_5() -> None:
    assert parsers.parse_teer_description("rien à étudier, ça s'apprend sur le tas") == 5
    assert parsers.parse_teer_description("nothing to study, you learn on the job") == 5


def test_hiring_is_not_being_hired_once_accents_are_folded() -> None:
    said = "pardon : ce n'est pas moi qui embauche, c'est moi le cuisinier qu'ils veulent engager"
    assert parsers.states_audience(said) == "worker"
    assert "has_job_offer" not in stated(said)


@pytest.mark.parametrize(("text", "audience"), [("m'embauchr", "worker"), ("employeer", "employer")])
def test_a_misspelt_audience_word_is_an_audience_not_a_kind_of_phrase(text: str, audience: str) -> None:
    assert parsers.parse_audience(text) == audience
