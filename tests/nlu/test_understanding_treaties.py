"""What the people of the `treaties` bank said that was misread on its first run (2026-12-03): a
country's residence or its citizens in general taken for the writer's citizenship, a French negation
after the verb, studies in the past, an answer's "I am the owner" or "how it is" taken for a yes, an
owner's investment taken for an employer, and an employer who brings a colleague over."""

from __future__ import annotations

import pytest

from intake_nlu import parsers

from .test_understanding import stated


@pytest.mark.parametrize(
    ("text", "citizenships"),
    [
        ("I hold German permanent residence and they're transferring me", None),
        ("I'm Indian with German permanent residence", ["IN"]),
        ("j'ai la résidence permanente allemande mais je suis indien", ["IN"]),
        ("j'ai lu que les citoyens vietnamiens ne peuvent pas l'utiliser", None),
        ("Vietnamese citizens can't use it, I read", None),
        ("I'm a Vietnamese citizen", ["VN"]),
        ("je suis citoyen vietnamien", ["VN"]),
    ],
)
def test_a_countrys_residence_or_its_citizens_in_general_are_not_the_writers_citizenship(
    text: str, citizenships: list[str] | None
) -> None:
    assert stated(text).get("citizenships") == citizenships


@pytest.mark.parametrize(
    ("text", "transfer"),
    [
        ("non, elle travaille pour une autre firme : on l'embauche, on la mute pas", False),
        ("on me mute pas à Toronto, on m'embauche", False),
        ("mon employeur me mute à Toronto", True),
        ("she works for another firm in Lucerne, we're hiring her", False),
    ],
)
def test_a_transfer_denied_after_the_verb_or_by_another_firm_is_no_transfer(text: str, transfer: bool) -> None:
    assert stated(text)["intra_company_transfer"] is transfer


@pytest.mark.parametrize(
    ("text", "student"),
    [
        ("not one year, no — I started only 7 months ago, before that I was at university", False),
        ("avant, j'étais étudiante", False),
        ("I'm a student at university", True),
        ("je suis étudiante à l'université", True),
    ],
)
def test_studies_said_in_the_past_are_no_enrolment(text: str, student: bool) -> None:
    assert stated(text)["is_student"] is student


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("no, that's not how it is", False),
        ("no, nobody transfers me. I am the owner", False),
        ("non, je suis le propriétaire", False),
        ("yes I am", True),
        ("no... yes it is", True),
        ("yes, I have one in Toronto", True),
        ("it is", True),
        ("yes... no, sorry", False),
        ("non, en fait oui", True),
    ],
)
def test_a_subject_and_verb_that_go_on_to_state_something_are_no_yes(text: str, answer: bool) -> None:
    assert parsers.parse_yes_no(text) is answer


@pytest.mark.parametrize(
    ("text", "outright"),
    [
        ("no, nobody transfers me. I am the owner", None),
        ("I'm the owner, I'd be hiring him", "employer"),
        ("I own the practice — she'd be working for me", "employer"),
        ("je suis la propriétaire de la clinique. elle serait mon employée", "employer"),
        ("no, I'm not the one moving — I'm asking for the company", "employer"),
        ("the permit would be for me — I'm the one moving", "worker"),
    ],
)
def test_owning_a_business_alone_never_corrects_who_is_speaking(text: str, outright: str | None) -> None:
    assert parsers.states_audience(text) == outright


@pytest.mark.parametrize(
    "text",
    [
        "I run people operations for the Canadian arm of an insurer. We're bringing a claims manager over from Leeds",
        "pour un collègue qu'on fait venir",
    ],
)
def test_an_employer_bringing_someone_over_is_the_employer(text: str) -> None:
    assert stated(text)["audience"] == "employer"


@pytest.mark.parametrize(
    ("text", "citizenships"),
    [
        ("Indian — that's my only passport. Germany gave me permanent residence, not citizenship", ["IN"]),
        ("indien, c'est mon seul passeport. l'Allemagne m'a donné la résidence permanente", ["IN"]),
        ("Indian and German", ["IN", "DE"]),
    ],
)
def test_the_country_that_gave_a_residence_is_no_citizenship_in_the_answer(text: str, citizenships: list[str]) -> None:
    assert parsers.parse_citizenships(text) == citizenships


def test_a_kind_of_visa_asked_about_states_nothing() -> None:
    said = stated("ils veulent m'envoyer à la succursale de Burnaby. je peux avoir un visa de mutation d'entreprise ?")
    assert "intra_company_transfer" not in said
    assert stated("mon employeur me mute à Toronto")["intra_company_transfer"] is True


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        (
            "ils me mutent à notre usine de Cambridge, en Ontario, comme directeur d'usine",
            {"intra_company_transfer": True, "audience": "worker"},
        ),
        (
            "they've got an office in Vancouver and want me over there on a 2-year secondment",
            {"intra_company_transfer": True, "audience": "worker", "has_job_offer": True},
        ),
        ("ils ont un bureau à Vancouver et veulent m'y détacher pour 2 ans", {"intra_company_transfer": True}),
        (
            "I'm opening a second plant in Winnipeg, bought with my money. I need to go there to direct the plant",
            {"trade_or_investment": True, "audience": "worker"},
        ),
        (
            "je rachète une boulangerie à Sherbrooke avec 450 000 dollars de mes économies et je vais la tenir moi-même",
            {"trade_or_investment": True, "audience": "worker"},
        ),
        (
            "I own a restaurant in Montreal and I run it myself; I want to hire a cook from Mexico",
            {"audience": "employer"},
        ),
    ],
)
def test_a_transferees_or_an_investors_opening_says_what_it_says(text: str, facts: dict[str, object]) -> None:
    said = stated(text)
    assert {field: said.get(field) for field in facts} == facts
