"""The classes the unseen bank's first run found (issue 22), in words of these tests' own: corrections
of yes/no facts and of a list of citizenships, answers that say there is no offer, places explained
by a better-known one, shortened and supporting job names, and levels said without a level word."""

from __future__ import annotations

from typing import Any

import pytest

from imp_engine.occupations import match_profession
from imp_engine.rulebook import default_rulebook
from intake_nlu import parsers
from intake_nlu.corrections import corrections
from tests.nlu.test_understanding import stated


@pytest.mark.parametrize(
    ("text", "known", "changed"),
    [
        (
            "hang on, I got that wrong: it's a different employer, not the one I work for now",
            {"intra_company_transfer": True},
            {"intra_company_transfer": False},
        ),
        (
            "pardon, je me suis trompée : c'est un nouvel employeur, aucune mutation",
            {"intra_company_transfer": True, "audience": "worker"},
            {"intra_company_transfer": False},
        ),
        (
            "oops, it is primary agriculture after all, I'd be picking apples in an orchard",
            {"job_offer_primary_agriculture": False},
            {"job_offer_primary_agriculture": True},
        ),
        (
            "en fait c'est bien de l'agriculture primaire, je serais ouvrier agricole",
            {"job_offer_primary_agriculture": False},
            {"job_offer_primary_agriculture": True},
        ),
        (
            "I need to fix that: only Colombian, the Italian passport hasn't come through",
            {"citizenships": ["CO", "IT"]},
            {"citizenships": ["CO"]},
        ),
        ("je rectifie : uniquement colombienne", {"citizenships": ["CO", "IT"]}, {"citizenships": ["CO"]}),
        (
            "forget that, the job fell through, so there's no offer any more",
            {"has_job_offer": True},
            {"has_job_offer": False},
        ),
        ("oubliez ça, je n'ai plus d'offre", {"has_job_offer": True}, {"has_job_offer": False}),
        (
            "I meant Moncton, New Brunswick — Montreal is just where I interviewed",
            {"job_offer_province": "QC"},
            {"job_offer_province": "NB"},
        ),
        (
            "sorry, I should have said yes: I have a degree in nursing",
            {"has_degree": False},
            {"has_degree": True},
        ),
    ],
)
def test_a_correction_of_any_kind_of_fact_replaces_it(
    text: str, known: dict[str, Any], changed: dict[str, Any]
) -> None:
    assert corrections(text, known, stated(text)) == changed


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("it's for me, I'm the one who wants to work there", {"audience": "worker"}),
        ("I haven't got an offer yet", {"has_job_offer": False}),
        ("rien en vue pour l'instant, aucun emploi en vue", {"has_job_offer": False}),
        ("je n'ai pas encore d'offre", {"has_job_offer": False}),
        ("it's based in Trois-Rivières", {"job_offer_province": "QC"}),
        ("a clinic in Saint-Boniface — that's Winnipeg — wants to hire me", {"job_offer_province": "MB"}),
        ("une clinique de Saint-Boniface, à Winnipeg, veut m'embaucher", {"job_offer_province": "MB"}),
        ("a dental practice in Kelowna wants me to start in May", {"has_job_offer": True, "job_offer_province": "BC"}),
        ("un cabinet de Rimouski veut que je commence en mai", {"has_job_offer": True, "job_offer_province": "QC"}),
        ("I'm studying forestry and my school requires a practicum", {"is_student": True, "internship_required": True}),
        ("mon école m'oblige à faire un stage", {"internship_required": True}),
        ("my firm exports maple syrup and I'd manage that trade", {"trade_or_investment": True}),
        ("notre société exporte du sirop d'érable", {"trade_or_investment": True}),
        ("Dutch, 41, certified welder, and a shipyard in Halifax has offered me a job", {"job_offer_title": "welder"}),
        ("my bakery in Gander needs a baker and I know who I want", {"job_offer_title": "baker"}),
        ("il me manque un boulanger dans ma boulangerie de Gander", {"job_offer_title": "boulanger"}),
        ("we'd like our new pastry chef to start in June", {"job_offer_title": "pastry chef"}),
        ("the welder we chose is Filipino", {"job_offer_title": "welder", "audience": "employer"}),
        ("la soudeuse qu'on a choisie est philippine", {"job_offer_title": "soudeuse", "audience": "employer"}),
        (
            "my shop in Brandon is short a mechanic and I found one overseas",
            {"job_offer_province": "MB", "current_location": "abroad"},
        ),
    ],
)
def test_what_a_message_states(text: str, facts: dict[str, Any]) -> None:
    found = stated(text)
    assert {slot: found.get(slot) for slot in facts} == facts
    if "has_job_offer" not in facts:
        assert found.get("has_job_offer") in (None, True)


def test_saying_whose_permit_it_is_states_no_offer() -> None:
    assert "has_job_offer" not in stated("it's for me, I'm the one who wants to work there")
    assert "has_job_offer" not in stated("je me renseigne pour mon propre compte")


@pytest.mark.parametrize(
    "text", ["à New Denmark, au Nouveau-Brunswick", "New Denmark, New Brunswick", "the UNAM in Mexico"]
)
def test_a_town_or_a_university_is_no_citizenship(text: str) -> None:
    assert "citizenships" not in stated(text) or stated(text)["citizenships"] == ["MX"]
    assert parsers.misspelt_names(text) == []


@pytest.mark.parametrize(
    ("text", "audience"),
    [
        ("Once I'm there, could I change employers?", "worker"),
        ("une fois là-bas, pourrais-je changer d'employeur ?", "worker"),
        ("I'm asking on my own behalf", "worker"),
        ("je me renseigne pour mon propre compte", "worker"),
        ("we want to hire a welder from abroad", "employer"),
        ("Our new line cook arrives in March; he's in Manila for now", "employer"),
        ("notre nouvelle pâtissière arrive en mars, elle est encore à Lyon", "employer"),
        ("I already know who I want for my inn, she's in Peru", "employer"),
        ("I'll spend a year at the Calgary office — what do I do on my side?", "worker"),
        ("je passerai un an au bureau de Calgary : que dois-je faire de mon côté ?", "worker"),
        ("a bakery in Sherbrooke has accepted me for the summer", "worker"),
        ("une boulangerie de Sherbrooke m'a acceptée pour l'été", "worker"),
    ],
)
def test_who_is_speaking(text: str, audience: str) -> None:
    assert parsers.parse_audience(text) == audience


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("French isn't something I speak", "none"),
        ("aucunement", "none"),
        ("c'est ma langue", "advanced"),
        ("je travaille en français tous les jours", "advanced"),
    ],
)
def test_a_french_level_said_without_a_level_word(text: str, level: str) -> None:
    assert parsers.parse_french_level(text) == level


def test_a_secondary_school_diploma_is_secondary() -> None:
    assert parsers.parse_education("j'ai mon diplôme du secondaire") == "secondary"
    assert parsers.parse_education("un diplôme collégial") == "post_secondary"


def test_a_job_that_needs_no_diploma_is_teer_5() -> None:
    assert parsers.parse_teer_description("pas besoin de diplôme, on apprend sur le tas") == 5
    assert parsers.parse_teer_description("no diploma needed") == 5


@pytest.mark.parametrize(
    ("text", "profession"),
    [
        ("physio", "physiotherapist"),
        ("on m'engage comme physio", "physiotherapist"),
        ("vet tech", None),
        ("technicienne vétérinaire", None),
        ("pharmacy assistant", None),
        ("veterinarian", "veterinarian"),
    ],
)
def test_a_shortened_name_matches_and_a_supporting_job_does_not(text: str, profession: str | None) -> None:
    found = match_profession(text, default_rulebook())
    assert (found.id if found else None) == profession


@pytest.mark.parametrize(
    ("text", "citizenships"),
    [
        ("we've offered the post to a Greek data analyst, 29", ["GR"]),
        ("notre offre va à une Polonaise de 33 ans", ["PL"]),
        ("I give lessons to a Turkish class online", None),
        ("je parle ouzbek à la maison, je suis kazakhe", ["KZ"]),
    ],
)
def test_a_nationality_after_an_article_is_a_persons(text: str, citizenships: list[str] | None) -> None:
    assert stated(text).get("citizenships") == citizenships
