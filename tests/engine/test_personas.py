"""The simulated-user evaluation's personas (evaluation/personas.yaml) are written from the rules;
the engine must agree with each: given every true fact, the routes it must get are suggested and the
routes it must not get are not. A persona that disagrees is a wrong persona or a wrong rule — either
way the evaluation would measure nothing."""

from __future__ import annotations

import pytest

from evaluation.simulate import Persona, personas
from imp_engine import assess_profile
from imp_engine.profile import teer_of_noc


def full_profile(persona: Persona) -> dict:
    profile = dict(persona.facts)
    if persona.job:
        profile["job_offer_noc"] = persona.job["noc"]
        profile["job_offer_teer"] = teer_of_noc(persona.job["noc"])
    return profile


@pytest.mark.parametrize("persona", personas(), ids=lambda p: p.id)
def test_the_engine_agrees_with_the_persona(persona: Persona) -> None:
    suggested = assess_profile(full_profile(persona)).suggested_routes()
    assert set(persona.must) <= set(suggested), suggested
    assert not set(persona.must_not) & set(suggested), suggested


def test_the_personas_cover_both_audiences_and_a_person_nothing_fits() -> None:
    everyone = personas()
    assert {p.facts["audience"] for p in everyone} == {"worker", "employer"}
    assert any(not p.must for p in everyone)
    assert len({p.id for p in everyone}) == len(everyone)
