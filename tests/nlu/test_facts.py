"""Several facts in one message, in English and French."""

from __future__ import annotations

import datetime

import pytest

from intake_nlu.facts import extract

TODAY = datetime.date(2026, 11, 25)


def facts(text: str) -> list[tuple[str, object]]:
    return [(f.slot, f.value) for f in extract(text, today=TODAY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "I'm 27, French and Mexican, and I have a job offer in Montreal",
            [
                ("age", 27),
                ("citizenships", "FR"),
                ("citizenships", "MX"),
                ("audience", "worker"),  # who has the offer is the one who would work
                ("has_job_offer", True),
                ("job_offer_province", "QC"),
            ],
        ),
        (
            "J'ai vingt-sept ans, je suis française et mexicaine et j'ai une offre d'emploi à Montréal",
            [
                ("age", 27),
                ("citizenships", "FR"),
                ("citizenships", "MX"),
                ("audience", "worker"),
                ("has_job_offer", True),
                ("job_offer_province", "QC"),
            ],
        ),
        ("je viens du Mexique", [("audience", "worker"), ("citizenships", "MX")]),  # who tells of themselves would work
        ("I was born in 1995 in Spain", [("audience", "worker"), ("age", 31), ("citizenships", "ES")]),
        ("actually I'm 31", [("audience", "worker"), ("age", 31)]),
        ("sorry, I meant Spain", [("audience", "worker"), ("citizenships", "ES")]),
        (
            "I live in Toronto but the job offer is in Calgary",
            [("current_location", "canada_other"), ("has_job_offer", True), ("job_offer_province", "AB")],
        ),
        ("J'habite à Laval", [("current_location", "quebec")]),
        ("I currently live abroad, in France", [("current_location", "abroad")]),
        ("I don't have a job offer yet", [("has_job_offer", False)]),
        ("je n'ai pas d'offre d'emploi", [("has_job_offer", False)]),
        ("I have 3 years of experience", []),
        ("it is a TEER 2 job", [("job_offer_teer", 2)]),
        (
            "I'm a registered nurse from the US",
            [
                ("audience", "worker"),
                ("occupation", "registered nurse"),
                ("job_offer_title", "registered nurse"),
                ("citizenships", "US"),
            ],
        ),
        (
            "Je suis infirmière, j'habite à Laval",
            [("occupation", "infirmière"), ("job_offer_title", "infirmière"), ("current_location", "quebec")],
        ),
        (
            "We are a company in Ottawa and want to hire a Mexican engineer",
            [
                ("audience", "employer"),
                ("job_offer_province", "ON"),
                ("citizenships", "MX"),
                ("occupation", "engineer"),
            ],
        ),
        ("ma candidate a 29 ans", [("audience", "employer"), ("age", 29)]),
        ("I'm Irish and 27", [("audience", "worker"), ("citizenships", "IE"), ("age", 27)]),
        ("française, 31", [("citizenships", "FR"), ("audience", "worker"), ("age", 31)]),
        ("French and 2 kids", [("citizenships", "FR"), ("audience", "worker")]),
    ],
)
def test_facts(text: str, expected: list[tuple[str, object]]) -> None:
    assert facts(text) == expected


@pytest.mark.parametrize(
    ("text", "province"),
    [
        ("a Toronto firm wants to hire me", "ON"),
        ("we'd like to bring an engineer from Guadalajara to our Toronto team", "ON"),
        ("un cabinet de Toronto veut m'embaucher", "ON"),
    ],
)
def test_a_place_before_a_workplace_is_where_the_job_is(text: str, province: str) -> None:
    assert ("job_offer_province", province) in facts(text)


def test_a_place_before_other_words_is_no_job() -> None:
    assert not [slot for slot, _ in facts("Toronto winters are long") if slot == "job_offer_province"]


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("I speak French fluently", "advanced"),
        ("my French is basic", "basic"),
        ("je parle français couramment", "advanced"),
    ],
)
def test_a_language_named_is_a_level_not_a_citizenship(text: str, level: str) -> None:
    found = facts(text)
    assert ("french_level", level) in found
    assert not any(slot == "citizenships" for slot, _ in found)


@pytest.mark.parametrize(
    ("text", "language"), [("en français svp", "fr"), ("English please", "en"), ("French please", "fr")]
)
def test_language_requests_are_not_citizenships(text: str, language: str) -> None:
    assert facts(text) == [("language", language)]


@pytest.mark.parametrize(
    "text", ["", "   ", "🙂🙂", "<script>alert(1)</script>", "'; DROP TABLE leads; --", "x" * 5000]
)
def test_odd_input_gives_no_facts_and_no_error(text: str) -> None:
    assert facts(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The job is NOC 63200 in Calgary",
            [("job_offer_noc", "63200"), ("job_offer_teer", 3), ("job_offer_province", "AB")],
        ),
        ("mon emploi : CNP 21231", [("job_offer_noc", "21231"), ("job_offer_teer", 1)]),
        ("I'm licensed to practise nursing", [("has_professional_licence", True)]),
        ("je n'ai pas de permis d'exercice", [("has_professional_licence", False)]),
    ],
)
def test_noc_codes_and_licences(text: str, expected: list[tuple[str, object]]) -> None:
    assert [fact for fact in facts(text) if fact[0] != "occupation"] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hello, French software developer, 31, with an offer in Quebec City",  # a greeting, then who one is
        "Hi, my name is France Joseph and I'd like to know what I can apply for",
        "hello, what kind of work permit could I get for Canada?",
        "Bonjour, quel permis pourrais-je obtenir ?",
    ],
)
def test_a_person_asking_for_their_own_permit_is_the_worker(text: str) -> None:
    assert ("audience", "worker") in facts(text)


@pytest.mark.parametrize(
    ("text", "citizenships"),
    [
        ("my French is rusty", []),  # a language one has
        ("mon français est rouillé", []),
        ("I have a French passport", ["FR"]),
        ("my French passport", ["FR"]),
    ],
)
def test_ones_own_language_is_no_citizenship(text: str, citizenships: list[str]) -> None:
    assert [value for slot, value in facts(text) if slot == "citizenships"] == citizenships


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("no wait, I'm French", None),  # a nationality has no level
        ("no French at all", "none"),
        ("I'm Irish and 27, no French at all", "none"),
        ("français courant", "advanced"),
        ("Belgian chef, 41, French is my mother tongue, and a restaurant offered me a job", "advanced"),
        ("French: advanced", "advanced"),
    ],
)
def test_a_french_level_is_said_of_the_language(text: str, level: str | None) -> None:
    assert next((value for slot, value in facts(text) if slot == "french_level"), None) == level


@pytest.mark.parametrize(
    ("text", "province"),
    [
        ("My uncle runs a garage in North Bay and wants to take me on as a mechanic", "ON"),
        ("The school board in Iqaluit has offered me a teaching post", "NU"),
        ("I'm planning to add a dentist from Ohio to my practice in Saskatoon", "SK"),
        ("Il me manque un machiniste dans mon atelier de Steinbach, la perle rare est outre-mer", "MB"),
        ("I live in Toronto and want to work", None),  # no job: where one lives is no job's place
    ],
)
def test_the_canadian_place_of_a_message_about_a_job_is_where_the_job_is(text: str, province: str | None) -> None:
    assert dict(facts(text)).get("job_offer_province") == province


@pytest.mark.parametrize(
    "text", ["A ski resort in Whistler has taken me on for the winter", "une agence veut m'embaucher"]
)
def test_someone_taking_the_person_on_is_a_job_offer(text: str) -> None:
    assert ("has_job_offer", True) in facts(text)


@pytest.mark.parametrize(
    ("text", "citizenships"),
    [
        ("Hey, Chad here — structural engineer", []),  # a name, signed
        ("Salut, ici Chad — ingénieur en structures", []),
        ("je viens du Tchad ici", ["TD"]),
        ("I'm from Chad", ["TD"]),
        ("New Denmark, New Brunswick", []),  # a town's name
        ("I'm from Denmark, New Brunswick is where the job is", ["DK"]),
    ],
)
def test_a_name_or_a_town_is_no_citizenship(text: str, citizenships: list[str]) -> None:
    assert [value for slot, value in facts(text) if slot == "citizenships"] == citizenships


def test_saying_there_is_no_candidate_is_no_job_offer() -> None:
    said = facts("pardon, il n'y a pas de candidat, c'est moi qui ferais le travail")
    assert ("audience", "worker") in said and "has_job_offer" not in dict(said)
