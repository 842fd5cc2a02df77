"""The personas of the banks with people of their own — the strangers bank (evaluation/
personas_strangers.yaml, issue 22) and the unseen bank (evaluation/personas_unseen.yaml, written
after the strangers bank was studied) — are written from the rules; the engine must agree with
each, as for personas.yaml (test_personas.py). And each difficulty must be measurable: the wrong
reading a persona guards against (`misreading`), and the wrong value a correction persona says
first, must change what the engine suggests — or be a fact the judge reads from the tracker
(`must_facts`). A trap the result cannot show measures nothing."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from evaluation.simulate import PERSONAS, Persona, personas
from imp_engine import assess_profile
from imp_engine.profile import teer_of_noc

CLASSES = {"speaker", "correction", "words", "opening_facts", "outside_lists"}
# The banks written for a family of routes (issue 23) have classes of their own, fewer people each.
ROUTE_BANKS = {
    "treaties": {"transferee", "investor", "lookalike", "employer", "older", "opening_facts"},
    "campus": {"graduate", "spouse", "bridging", "quebec", "lookalike", "opening_facts"},
    "bilateral": {"professional", "contract", "lookalike", "older", "opening_facts"},
}
PEOPLE = {bank: personas(file) for bank, file in PERSONAS.items()}  # the banks whose people are their own
# What a stranger judged from IRCC's pages and the engine leaves to a consultant ("possible", the
# list named): the closed lists of occupations are not matched to NOC codes, and no profile field holds
# a contract's length. Strict: once the engine decides one, the test says so.
LEFT_TO_A_CONSULTANT = {
    "bilateral-seoul_independent_consultant_on_a_six_month_contract_in_laval": "GATS's nine professions",
    "bilateral-medellin_software_engineer_placed_with_a_dartmouth_client_for_six_months": "GATS's nine professions and 90 days",
    "bilateral-manila_structural_engineer_on_a_twelve_month_contract_in_kamloops": "GATS's 90 days",
    "bilateral-panamanian_architect_offered_a_post_in_saint_john": "Panama's list of 33 professions",
    "bilateral-suwon_industrial_designer_offered_a_job_in_guelph": "Korea's list of 26 professions",
    "bilateral-concepcion_forestry_engineer_sent_to_a_thunder_bay_mill_for_ten_weeks": (
        "the CPTPP's TEER of an occupation under contract (no job offer's NOC)"
    ),
    "crosstalk-tucson_translator_spanish_into_english": "CUSMA's list of professions (the conversation asks it)",
    "crosstalk-hermosillo_heavy_duty_mechanic_weyburn": (
        "CUSMA's list of professions (the conversation asks it); the CPTPP's list of technicians, and the"
        " persona's must_not for it, not checked against Annex 12-A"
    ),
}


def judged(bank: str, persona: Persona) -> Any:
    key = f"{bank}-{persona.id}"
    left = LEFT_TO_A_CONSULTANT.get(key)
    marks = [pytest.mark.xfail(strict=True, reason=f"left to a consultant: {left}")] if left else []
    return pytest.param(persona, id=key, marks=marks)


EVERYONE = [judged(bank, p) for bank, people in PEOPLE.items() for p in people]


def full_profile(persona: Persona, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    profile = dict(persona.facts)
    if persona.job:
        profile["job_offer_noc"] = persona.job["noc"]
        profile["job_offer_teer"] = teer_of_noc(persona.job["noc"])
    profile.update(overrides or {})
    return {field: value for field, value in profile.items() if value is not None}


def agrees(persona: Persona, profile: dict[str, Any]) -> bool:
    suggested = set(assess_profile(profile).suggested_routes())
    return set(persona.must) <= suggested and not set(persona.must_not) & suggested


@pytest.mark.parametrize("persona", EVERYONE)
def test_the_engine_agrees_with_the_stranger(persona: Persona) -> None:
    suggested = assess_profile(full_profile(persona)).suggested_routes()
    assert set(persona.must) <= set(suggested), suggested
    assert not set(persona.must_not) & set(suggested), suggested


def wrong_readings(persona: Persona) -> list[dict[str, Any]]:
    readings = [persona.misreading] if persona.misreading else []
    correction = persona.script.get("correction")
    if correction:
        readings.append({correction["slot"]: correction["wrong"]})
    return readings


@pytest.mark.parametrize(
    ("persona", "reading"),
    [
        pytest.param(p, r, id=f"{bank}-{p.id}-{r}")
        for bank, people in PEOPLE.items()
        for p in people
        for r in wrong_readings(p)
    ],
)
def test_a_wrong_reading_shows_in_the_result(persona: Persona, reading: dict[str, Any]) -> None:
    judged_on_the_fact = any(field in persona.must_facts for field in reading)
    assert judged_on_the_fact or not agrees(persona, full_profile(persona, reading)), (
        f"{persona.id}: reading {reading} gives the same routes; the evaluation could not see it"
    )


@pytest.mark.parametrize("bank", PERSONAS)
def test_every_class_has_ten_personas_and_every_persona_a_class(bank: str) -> None:
    people = PEOPLE[bank]
    counts = Counter(p.group for p in people)
    assert set(counts) == ROUTE_BANKS.get(bank, CLASSES), counts
    assert min(counts.values()) >= (4 if bank in ROUTE_BANKS else 10), counts
    assert len({p.id for p in people}) == len(people)


@pytest.mark.parametrize("bank", [bank for bank in PERSONAS if bank not in ROUTE_BANKS])
def test_every_speaker_is_judged_on_who_is_speaking(bank: str) -> None:
    speakers = [p for p in PEOPLE[bank] if p.group == "speaker"]
    assert all("audience" in p.must_facts for p in speakers)
    assert {p.facts["audience"] for p in speakers} == {"worker", "employer"}


@pytest.mark.parametrize("bank", PERSONAS)
def test_every_correction_persona_says_a_wrong_value_first(bank: str) -> None:
    for persona in (p for p in PEOPLE[bank] if p.group == "correction"):
        correction = persona.script["correction"]
        assert correction["wrong"] != persona.facts[correction["slot"]], persona.id
