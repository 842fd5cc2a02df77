"""The professionals of Canada's bilateral agreements — Chile (F22), Peru (F52), Colombia (F12), Korea
(F32), Panama (F42), Ukraine (F72): route fta_professional, each country's own terms in
imp_engine/data/agreements.yaml — and of GATS (T33: gats_professional). Each case is built from the
lines of IRCC's pages quoted there and in routes.yaml."""

from __future__ import annotations

import dataclasses
import io
import json
from typing import Any

import pytest
from hypothesis import given, settings

from imp_engine import assess_profile
from imp_engine.rulebook import default_rulebook
from imp_engine.rules_cli import main

from .helpers import verdicts
from .test_properties import PROFILES

PARTIES = ["CL", "PE", "CO", "KR", "PA", "UA"]
NEW_ROUTES = {"fta_professional", "gats_professional"}
OFFER = {"has_job_offer": True}


def fta(citizenships: list[str], **facts: Any) -> dict[str, Any]:
    return verdicts({"citizenships": citizenships, "age": 35, **facts})["fta_professional"]


def gats(citizenships: list[str], **facts: Any) -> dict[str, Any]:
    return verdicts({"citizenships": citizenships, "age": 35, **facts})["gats_professional"]


def said(route: dict[str, Any], words: str) -> bool:
    return any(words in text for text in route["reasons"])


def cautioned(route: dict[str, Any], words: str) -> bool:
    return any(words in text for text in route["caveats"])


# --- Chile (F22): 'be a citizen of Chile'; Appendix K-03.IV.1; the offer in 'a TEER 0, 1, 2 or 3 occupation'


def test_a_chilean_civil_engineer_with_a_teer_1_offer_is_possible_for_the_list_of_63() -> None:
    route = fta(["CL"], **OFFER, job_offer_noc="21300", has_degree=True)  # 21300: civil engineers, TEER 1
    assert (route["verdict"], route["missing"], route["suggested"]) == ("possible", [], True)
    assert (
        route["reasons"][0]
        == "As a citizen of Chile, you are covered by the Canada–Chile Free Trade Agreement (code F22)."
    )
    assert cautioned(route, "63 professions of the agreement's Appendix K-03.IV.1")
    assert route["verified"] and route["permit"] == "employer_specific"
    assert route["next_steps"] and route["next_steps"][0]["url"].endswith("employer-portal.html")
    # Chile is a CPTPP party too: both agreements are offered.
    assert verdicts({"citizenships": ["CL"], "age": 35, **OFFER, "job_offer_noc": "21300", "has_degree": True})[
        "cptpp_professional"
    ]["suggested"]


@pytest.mark.parametrize(("teer", "expected"), [(0, "possible"), (3, "possible"), (4, "ineligible"), (5, "ineligible")])
def test_chile_admits_teer_0_to_3(teer: int, expected: str) -> None:
    route = fta(["CL"], **OFFER, job_offer_teer=teer)
    assert route["verdict"] == expected
    if expected == "ineligible":
        assert said(route, f"TEER {teer}: this agreement's professionals work in TEER 0, 1, 2 or 3 occupations")


def test_the_chilean_list_accepts_credentials_other_than_a_degree() -> None:
    """'be qualified to work in that profession (degree or certification in a related educational
    program)': the list gives diplomas with experience, licences… — no degree is no refusal."""
    assert fta(["CL"], **OFFER, job_offer_teer=2, has_degree=False)["verdict"] == "possible"


def test_no_offer_no_professional() -> None:
    """'have pre-arranged employment with a Canadian employer'."""
    for country in ("CL", "PE", "CO", "PA", "UA"):
        route = fta([country], has_job_offer=False)
        assert route["verdict"] == "ineligible", country
        assert said(route, "pre-arranged employment with a Canadian employer")


@pytest.mark.parametrize("country", ["CL", "PE", "CO", "PA"])
def test_a_contract_with_a_canadian_client_is_pre_arranged_employment(country: str) -> None:
    """'The following are some examples of pre-arranged employment: a contract between the
    professional and a Canadian enterprise; or a contract between the professional's [Chilean,
    Peruvian, Colombian, Panamanian] employer and a Canadian enterprise.' Ukraine's page asks for 'an
    IMP offer of employment' and gives no such example."""
    route = fta([country], has_job_offer=False, service_contract=True, has_degree=True)
    assert route["verdict"] == "possible", country
    assert said(route, "a contract with a Canadian client")
    assert fta(["UA"], has_job_offer=False, service_contract=True)["verdict"] == "ineligible"


def test_a_contract_is_read_only_once_known_nobody_is_asked_for_one() -> None:
    """Without an offer, the contract is a cue the conversation learns: the route does not wait for it."""
    route = fta(["CO"], has_job_offer=False)
    assert (route["verdict"], route["missing"]) == ("ineligible", [])


@pytest.mark.parametrize(
    ("country", "noc", "excluded"),
    [
        ("CO", "31301", True),  # registered nurses: 'Nurse Supervisors and Registered Nurses'
        ("PE", "41220", True),  # 'Secondary/Elementary School Teachers and Counsellors'
        ("UA", "41220", True),  # 'health, education and social services occupations'
        ("PE", "90010", True),  # 'Managers in Manufacturing'
        ("UA", "90010", False),  # Ukraine's six groups have no managers in manufacturing
        ("CO", "50011", True),  # 'Managers in Publishing, Motion Pictures, Broadcasting and Performing Arts'
        ("UA", "10030", True),  # 'managers of telecommunications carriers'
        ("CO", "21300", False),  # civil engineers
        ("PE", "41101", False),  # lawyers, 'except Foreign Legal Consultants': for a consultant
    ],
)
def test_the_excluded_professionals_are_read_from_the_jobs_noc_code(country: str, noc: str, excluded: bool) -> None:
    route = fta([country], **OFFER, job_offer_noc=noc, has_degree=True, education="bachelor_or_higher")
    assert (route["verdict"] == "ineligible") is excluded, route["reasons"]
    assert said(route, "The agreement excludes this occupation") is excluded


# --- Panama (F42): 'be in a TEER 0 or 1 occupation identified in Appendix 13.04-D'; a degree of 4 years


def test_a_panamanian_in_a_teer_2_job_is_not_a_cpafta_professional() -> None:
    route = fta(["PA"], **OFFER, job_offer_teer=2, has_degree=True)
    assert route["verdict"] == "ineligible"
    assert route["reasons"] == [
        "As a citizen of Panama, you are covered by the Canada–Panama Free Trade Agreement (code F42).",
        "The job is in TEER 2: this agreement admits professionals in TEER 0 or 1 occupations only.",
    ]


def test_a_panamanian_in_a_teer_1_job_with_a_degree_is_possible_for_the_closed_list() -> None:
    route = fta(["PA"], **OFFER, job_offer_teer=1, has_degree=True)
    assert (route["verdict"], route["missing"]) == ("possible", [])
    assert cautioned(route, "closed list of 33 professions (Appendix 13.04-D")
    without_degree = fta(["PA"], **OFFER, job_offer_teer=1, has_degree=False)
    assert without_degree["verdict"] == "ineligible"
    assert said(without_degree, "a post-secondary degree of 4 or more years of study")


# --- Korea (F32): contract service suppliers and independent professionals, 'a TEER 0, 1, 2 or 3 occupation'


def test_a_korean_with_a_services_contract_and_no_job_offer_is_possible() -> None:
    """'independent professional means a self-employed professional who seeks to engage, as part of a
    service contract …'; pre-arranged employment includes 'a contract between the professional's
    Korean employer and a Canadian enterprise'."""
    route = fta(["KR"], has_job_offer=False, service_contract=True)
    assert (route["verdict"], route["missing"]) == ("possible", [])
    assert "Canada–Korea Free Trade Agreement (code F32)" in route["reasons"][0]
    assert said(route, "a job offer or a services contract")
    assert cautioned(route, "Appendix 12-A-2")


def test_a_korean_without_an_offer_is_asked_about_a_contract_and_neither_is_refused() -> None:
    assert fta(["KR"], has_job_offer=False)["missing"] == ["service_contract"]
    route = fta(["KR"], has_job_offer=False, service_contract=False)
    assert route["verdict"] == "ineligible"
    assert said(route, "a job offer, or a services contract with a Canadian client")


@pytest.mark.parametrize(("teer", "expected"), [(1, "possible"), (3, "possible"), (4, "ineligible")])
def test_a_korean_job_offer_must_be_teer_0_to_3(teer: int, expected: str) -> None:
    assert fta(["KR"], **OFFER, job_offer_teer=teer)["verdict"] == expected


# --- Ukraine (F72): TEER 0 or 1; 'a post-secondary credential of 3 or more years'; 2 years' experience


def test_a_ukrainian_manager_with_a_degree_is_possible_for_the_exclusions_and_experience() -> None:
    route = fta(["UA"], **OFFER, job_offer_noc="10010", has_degree=True)  # 10010: financial managers, TEER 0
    assert (route["verdict"], route["missing"]) == ("possible", [])
    assert "Canada–Ukraine Free Trade Agreement (code F72)" in route["reasons"][0]
    assert cautioned(route, "2 years of paid experience") and cautioned(route, "prevailing wage")


@pytest.mark.parametrize(
    ("facts", "expected", "words"),
    [
        ({"job_offer_teer": 2, "has_degree": True}, "ineligible", "TEER 0 or 1 occupations only"),
        ({"job_offer_teer": 1, "education": "secondary"}, "ineligible", "3 or more years of study"),
        # a college credential: only a program of 3 years or more counts
        ({"job_offer_teer": 1, "education": "post_secondary"}, "possible", "lasted 3 years or more"),
    ],
)
def test_ukraine_levels_and_credentials(facts: dict[str, Any], expected: str, words: str) -> None:
    route = fta(["UA"], **OFFER, **facts)
    assert route["verdict"] == expected
    assert said(route, words)


def test_a_ukrainian_without_a_degree_is_asked_for_the_education_completed() -> None:
    assert fta(["UA"], **OFFER, job_offer_teer=1, has_degree=False)["missing"] == ["education"]


# --- Peru (F52) and Colombia (F12): professionals TEER 0 or 1 with a 4-year degree; technicians
# TEER 2 or 3 with 'a post-secondary or technical degree requiring 1 or more years of study'


@pytest.mark.parametrize(
    ("country", "agreement"), [("PE", "Canada–Peru (code F52)"), ("CO", "Canada–Colombia (code F12)")]
)
def test_a_technician_in_a_teer_2_or_3_job_with_a_college_credential(country: str, agreement: str) -> None:
    for teer in (2, 3):
        route = fta([country], **OFFER, job_offer_teer=teer, education="post_secondary")
        assert (route["verdict"], route["missing"]) == ("possible", []), teer
        assert agreement.split(" (")[0] in route["reasons"][0] and agreement.split("(")[1][:-1] in route["reasons"][0]
        assert cautioned(route, "only the 36 technician occupations the agreement lists")
        assert not cautioned(route, "Every professional occupation qualifies")


@pytest.mark.parametrize("country", ["PE", "CO"])
@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"job_offer_teer": 2, "education": "secondary"}, "ineligible"),  # no post-secondary credential
        ({"job_offer_teer": 4, "education": "post_secondary"}, "ineligible"),  # below a technician's TEER
        ({"job_offer_teer": 1, "has_degree": True}, "possible"),  # a professional
        ({"job_offer_teer": 1, "education": "post_secondary"}, "ineligible"),  # a professional needs a degree
        ({"job_offer_teer": 2}, "possible"),  # the education is asked
    ],
)
def test_peru_and_colombia_professionals_and_technicians(country: str, facts: dict[str, Any], expected: str) -> None:
    assert fta([country], **OFFER, **facts)["verdict"] == expected


def test_a_peruvian_professional_is_told_the_excluded_occupations() -> None:
    """'All professionals that meet the general definition of professionals are covered, except' the
    table, which for Peru and Colombia adds managers in manufacturing, utilities, construction and
    transportation to the CPTPP-style groups."""
    route = fta(["PE"], **OFFER, job_offer_teer=1, has_degree=True)
    assert cautioned(route, "manufacturing, utilities, construction and transportation")
    assert cautioned(route, "degree must be of 4 years or more")
    assert fta(["PE"], **OFFER, job_offer_teer=2)["missing"] == ["education"]


# --- Who is covered at all


@pytest.mark.parametrize("country", ["MX", "US", "FR", "IN", "NZ", "HN", "CR"])
def test_citizens_of_other_countries_are_not_covered(country: str) -> None:
    """Honduras and Costa Rica have no temporary-entry chapter on IRCC's index of agreements."""
    route = fta([country], **OFFER, job_offer_teer=1, has_degree=True)
    assert (route["verdict"], route["missing"]) == ("ineligible", [])
    assert route["reasons"] == [
        "Canada's bilateral free trade agreements open this category only to citizens of "
        "Chile, Peru, Colombia, South Korea, Panama and Ukraine."
    ]


@pytest.mark.parametrize("order", [["PA", "KR"], ["KR", "PA"]])
def test_a_dual_citizen_qualifies_through_the_passport_whose_agreement_fits(order: list[str]) -> None:
    """Panama's agreement admits TEER 0 or 1 only, Korea's TEER 0 to 3: a TEER 2 job fits Korea's."""
    route = fta(order, **OFFER, job_offer_teer=2)
    assert route["verdict"] == "possible"
    assert "Canada–Korea Free Trade Agreement" in route["reasons"][0]
    assert not said(route, "Canada–Panama")


def test_of_two_fitting_passports_the_one_that_needs_no_more_facts_decides() -> None:
    """Panama's agreement asks for a degree, Korea's does not: a Panamanian-Korean with a TEER 1 offer
    is not asked about a degree for this route."""
    for order in (["PA", "KR"], ["KR", "PA"]):
        route = fta(order, **OFFER, job_offer_teer=1)
        assert (route["verdict"], route["missing"]) == ("possible", []), order
        assert "code F32" in route["reasons"][0]


def test_a_dual_citizen_refused_by_both_hears_both() -> None:
    route = fta(["PA", "UA"], **OFFER, job_offer_teer=3)
    assert route["verdict"] == "ineligible"
    assert said(route, "Canada–Panama") and said(route, "Canada–Ukraine")


def test_the_french_reasons_name_the_agreement_in_french() -> None:
    route = verdicts({"citizenships": ["PA"], **OFFER, "job_offer_teer": 1, "has_degree": True}, "fr")[
        "fta_professional"
    ]
    assert (
        route["reasons"][0]
        == "Comme citoyen de ce pays (Panama), vous relevez de l'Accord de libre-échange Canada-Panama (code F42)."
    )
    assert any("appendice 13.04-D" in caveat for caveat in route["caveats"])


@settings(max_examples=300, deadline=None)
@given(PROFILES)
def test_never_eligible_on_an_unchecked_list_of_occupations(profile: dict[str, Any]) -> None:
    """Every country's occupations (a list, or the excluded groups) are for a consultant."""
    routes = {r["id"]: r for r in _assess(profile)}
    assert routes["fta_professional"]["verdict"] != "eligible"
    assert routes["gats_professional"]["verdict"] != "eligible"


def _assess(profile: dict[str, Any]) -> list[dict[str, Any]]:
    from imp_engine import assess

    return list(assess(profile)["routes"])


# --- Questions: asked of the agreements' citizens only


def test_the_route_asks_its_own_citizens_in_order_and_nobody_else() -> None:
    assert fta(["CL"])["missing"] == ["has_job_offer"]
    assert fta(["UA"], **OFFER)["missing"] == ["job_offer_teer"]
    assert fta(["FR"])["missing"] == [] and not fta(["FR"])["suggested"]


WITHOUT_NEW_ROUTES = dataclasses.replace(
    default_rulebook(), routes=tuple(r for r in default_rulebook().routes if r.id not in NEW_ROUTES)
)


@settings(max_examples=400, deadline=None)
@given(PROFILES)
def test_nobody_else_is_asked_more_than_before(profile: dict[str, Any]) -> None:
    """For a person who is no citizen of the six countries and has no services contract, the new
    routes change no question, not even when nothing fits: GATS waits for the cue of a contract,
    which the conversation's one question for the last leads asks."""
    if set(profile.get("citizenships") or []) & set(PARTIES) or profile.get("service_contract"):
        return
    profile = {name: value for name, value in profile.items() if value is not None}
    now, before = assess_profile(profile), assess_profile(profile, WITHOUT_NEW_ROUTES)
    assert now.at_the_last_resort() == before.at_the_last_resort()
    assert now.next_questions() == before.next_questions()


def test_a_typical_persons_questions_are_the_same() -> None:
    for profile in (
        {"citizenships": ["FR"], "age": 28},
        {"citizenships": ["MX"], "age": 40, **OFFER, "occupation": "engineer"},
        {"citizenships": ["JP"], "age": 34, **OFFER, "job_offer_noc": "21232", "has_degree": True},
        {"citizenships": ["IN"], "age": 40, **OFFER, "intra_company_transfer": False},
    ):
        assert assess_profile(profile).next_questions() == assess_profile(profile, WITHOUT_NEW_ROUTES).next_questions()


# --- GATS (T33): a services contract, a WTO member's citizen, nine professions, 90 days


ENGINEER_UNDER_CONTRACT = {"service_contract": True, "has_degree": True}


def test_an_indian_engineer_delivering_a_contract_is_possible_for_the_professions_and_the_wto_list() -> None:
    route = gats(["IN"], **ENGINEER_UNDER_CONTRACT)
    assert (route["verdict"], route["missing"], route["suggested"]) == ("possible", [], True)
    assert cautioned(route, "GATS covers nine professions only")
    assert cautioned(route, "member of the World Trade Organization")
    assert not route["verified"]  # the WTO's list is not on IRCC's page
    assert said(route, "90 days (three months) at most within twelve months, with no extension")
    assert route["exemption_code"] == "T33"
    steps = [step["text"] for step in route["next_steps"]]
    assert steps[0].startswith("Gather a copy of the signed services contract")
    assert steps[1].startswith("Have the Canadian professional association recognize your credentials")


def test_gats_is_offered_only_on_the_cue_of_a_contract() -> None:
    assert not gats(["IN"], has_degree=True)["suggested"]
    assert gats(["IN"], has_degree=True)["missing"] == ["service_contract"]
    route = gats(["IN"], service_contract=False, has_degree=True)
    assert route["verdict"] == "ineligible"
    assert said(route, "signed services contract")


@pytest.mark.parametrize("country", ["IR", "IQ", "RS", "BY", "DZ", "ET", "UZ"])
def test_the_unverified_wto_list_rules_nobody_out_a_consultant_checks_it(country: str) -> None:
    route = gats([country], **ENGINEER_UNDER_CONTRACT)
    assert route["verdict"] == "possible"
    assert said(route, "citizens of the members of the World Trade Organization")
    assert cautioned(route, "member of the World Trade Organization")


@pytest.mark.parametrize("country", ["CN", "TW", "HK", "UA", "AF", "TL", "KM", "GB", "NO"])
def test_wto_members_including_customs_territories_and_recent_members(country: str) -> None:
    assert gats([country], **ENGINEER_UNDER_CONTRACT)["verdict"] == "possible"


def test_a_dual_citizen_needs_one_wto_passport() -> None:
    assert gats(["IR", "CA"], **ENGINEER_UNDER_CONTRACT)["verdict"] == "possible"


@pytest.mark.parametrize(
    ("facts", "expected", "missing"),
    [
        ({"has_degree": True}, "possible", []),
        # 'Baccalaureate degree in forestry management or forestry engineering, or a provincial licence'
        ({"has_degree": False, "has_professional_licence": True}, "possible", []),
        ({"has_degree": False, "has_professional_licence": False}, "ineligible", []),
        ({"has_degree": False}, "possible", ["has_professional_licence"]),
        ({}, "possible", ["has_degree"]),
    ],
)
def test_a_degree_or_only_for_foresters_a_licence(facts: dict[str, Any], expected: str, missing: list[str]) -> None:
    route = gats(["BR"], service_contract=True, **facts)
    assert (route["verdict"], route["missing"]) == (expected, missing)
    licence_only = cautioned(route, "only a forestry professional with a provincial licence")
    assert licence_only == (facts.get("has_degree") is False and facts.get("has_professional_licence") is True)


def test_a_contractor_of_the_eu_gets_ceta_and_gats_with_one_degree_question() -> None:
    profile = {"citizenships": ["DE"], "age": 40, "service_contract": True}
    routes = verdicts(profile)
    assert routes["ceta_professional"]["missing"] == routes["gats_professional"]["missing"] == ["has_degree"]
    questions = assess_profile(profile).next_questions()
    assert (
        questions.count("has_degree") == 1 and questions == assess_profile(profile, WITHOUT_NEW_ROUTES).next_questions()
    )


def test_gats_in_french() -> None:
    route = verdicts({"citizenships": ["SN"], **ENGINEER_UNDER_CONTRACT}, "fr")["gats_professional"]
    assert any("90 jours" in reason for reason in route["reasons"])
    assert any("neuf professions" in caveat for caveat in route["caveats"])


# --- What the rules rest on


def test_the_report_lists_each_countrys_page_as_a_verified_row_and_the_wto_list_as_unverified() -> None:
    out = io.StringIO()
    assert main(["report"], stdout=out) == 0
    rows = {(row["file"], row["key"]): row for row in json.loads(out.getvalue())}
    pages = {
        "CL": ("pdi_ccfta_professionals", "2025-01-20", "be a citizen of Chile"),
        "PE": ("pdi_cpfta_professionals", "2025-01-03", "be a citizen or permanent resident of Peru"),
        "CO": ("pdi_ccofta_professionals", "2025-01-03", "be a citizen, national or permanent resident of Colombia"),
        "KR": ("pdi_ckfta_professionals", "2025-01-20", "be a citizen or permanent resident of Korea"),
        "PA": ("pdi_cpafta_professionals", "2025-01-03", "be a citizen or permanent resident of Panama"),
        "UA": ("pdi_cufta_professionals", "2025-01-03", "citizenship or are permanent residents in Ukraine"),
    }
    for code, (source, page_date, line) in pages.items():
        row = rows[("agreements.yaml", f"lists.fta_professional.{code}")]
        assert (row["source"], row["page_date"], row["checked"], row["verified"]) == (
            source,
            page_date,
            "2026-12-04",
            True,
        )
        assert line in row["evidence"] and "TEER" in row["evidence"]
    index = rows[("agreements.yaml", "lists.fta_professional")]
    assert (index["source"], index["page_date"]) == ("pdi_ftas_index", "2025-01-15")
    wto = rows[("agreements.yaml", "lists.gats")]
    assert (wto["source"], wto["page_date"], wto["verified"]) == ("pdi_gats", "2018-04-05", False)
    assert "numbering 148 as of 2005" in wto["evidence"] and "WTO's 166 members" in wto["unverified_why"]
    route = rows[("routes.yaml", "gats_professional")]
    assert route["verified"] and "Entry is for a period of 90 days." in route["evidence"]
