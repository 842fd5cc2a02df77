"""IEC: every partner country's age band at both edges and one past each, every category open or
closed, dual citizens, non-partner countries."""
from __future__ import annotations

import pytest

from imp_engine.rulebook import default_rulebook

from .helpers import CATEGORY_ROUTES, verdict, verdicts

RULES = default_rulebook()
OPEN_CASES = [
    (code, category)
    for code, country in sorted(RULES.iec.items())
    for category, band in country.categories.items()
    if band.open
]
CLOSED_CASES = [
    (code, category)
    for code, country in sorted(RULES.iec.items())
    for category in CATEGORY_ROUTES
    if category not in country.categories or not country.categories[category].open
]


@pytest.mark.parametrize(("code", "category"), OPEN_CASES)
def test_age_band_edges_and_one_past_each(code: str, category: str) -> None:
    band = RULES.iec[code].categories[category]
    route_id, ready = CATEGORY_ROUTES[category]
    profile = {"citizenships": [code], **ready}
    assert verdict({**profile, "age": band.min_age}, route_id) == "eligible"
    assert verdict({**profile, "age": band.max_age}, route_id) == "eligible"
    assert verdict({**profile, "age": band.min_age - 1}, route_id) == "ineligible"
    assert verdict({**profile, "age": band.max_age + 1}, route_id) == "ineligible"


@pytest.mark.parametrize(("code", "category"), CLOSED_CASES)
def test_closed_category_is_ineligible_with_reason(code: str, category: str) -> None:
    route_id, ready = CATEGORY_ROUTES[category]
    result = verdicts({"citizenships": [code], "age": 25, **ready})[route_id]
    assert result["verdict"] == "ineligible"
    assert "not open to citizens of" in result["reasons"][0]


def test_every_category_closed_somewhere_or_open_everywhere_is_covered() -> None:
    assert len(OPEN_CASES) + len(CLOSED_CASES) == 3 * len(RULES.iec)


@pytest.mark.parametrize(
    ("code", "age", "expected"),
    [
        ("FR", 35, "eligible"), ("FR", 36, "ineligible"), ("FR", 17, "ineligible"),
        ("JP", 30, "eligible"), ("JP", 31, "ineligible"),
        ("MX", 29, "eligible"), ("MX", 30, "ineligible"),
        ("BE", 30, "eligible"), ("BE", 31, "ineligible"),
        ("AU", 35, "eligible"), ("KR", 31, "ineligible"),
        ("CH", 25, "ineligible"),  # Switzerland: Young Professionals and Co-op only
        ("BR", 25, "ineligible"),  # no youth mobility agreement
    ],
)
def test_working_holiday_known_cases(code: str, age: int, expected: str) -> None:
    assert verdict({"citizenships": [code], "age": age}, "iec_working_holiday") == expected


def test_reason_names_country_band_and_age() -> None:
    reasons = verdicts({"citizenships": ["FR"], "age": 28})["iec_working_holiday"]["reasons"]
    assert reasons[0] == "Citizens of France aged 18 to 35 may apply to Working Holiday; you are 28."
    assert any("24 months" in r for r in reasons)


def test_reason_in_french() -> None:
    reasons = verdicts({"citizenships": ["JP"], "age": 33}, "fr")["iec_working_holiday"]["reasons"]
    assert reasons == ["Les citoyens de ce pays (Japon) peuvent demander la catégorie Vacances-travail jusqu'à 30 ans; vous avez 33 ans."]


def test_non_partner_points_to_recognized_organization() -> None:
    result = verdicts({"citizenships": ["IN"], "age": 25})["iec_working_holiday"]
    assert result["verdict"] == "ineligible"
    assert "Recognized Organization" in result["reasons"][0]


@pytest.mark.parametrize(
    ("citizenships", "age", "expected"),
    [
        (["BR", "FR"], 33, "eligible"),  # the French passport qualifies
        (["JP", "FR"], 33, "eligible"),  # Japan's band ends at 30, France's at 35
        (["JP", "BE"], 31, "ineligible"),  # both bands end at 30
        (["US", "IE"], 20, "eligible"),
        (["CH", "JP"], 25, "eligible"),  # Switzerland has no Working Holiday, Japan has
    ],
)
def test_dual_citizens_one_qualifying_passport_is_enough(citizenships: list[str], age: int, expected: str) -> None:
    assert verdict({"citizenships": citizenships, "age": age}, "iec_working_holiday") == expected


def test_dual_citizen_gets_the_longer_stay() -> None:
    reasons = verdicts({"citizenships": ["DE", "FR"], "age": 25})["iec_working_holiday"]["reasons"]
    assert "France" in reasons[0] and any("24 months" in r for r in reasons)


def test_missing_age_or_citizenship_is_possible() -> None:
    assert verdicts({"citizenships": ["FR"]})["iec_working_holiday"]["missing"] == ["age"]
    assert verdicts({"age": 25})["iec_working_holiday"]["missing"] == ["citizenships"]
    assert verdicts({})["iec_working_holiday"]["missing"] == ["citizenships"]


class TestYoungProfessionals:
    base = {"citizenships": ["FR"], "age": 28}

    def test_needs_job_offer(self) -> None:
        assert verdict({**self.base, "has_job_offer": False}, "iec_young_professionals") == "ineligible"
        assert verdicts(self.base)["iec_young_professionals"]["missing"] == ["has_job_offer"]

    def test_teer_only_asked_once_there_is_an_offer(self) -> None:
        assert verdicts({**self.base, "has_job_offer": True})["iec_young_professionals"]["missing"] == ["job_offer_teer"]

    @pytest.mark.parametrize("teer", [0, 1, 2, 3])
    def test_teer_0_to_3(self, teer: int) -> None:
        assert verdict({**self.base, "has_job_offer": True, "job_offer_teer": teer}, "iec_young_professionals") == "eligible"

    @pytest.mark.parametrize("teer", [4, 5])
    def test_teer_4_5_only_with_post_secondary_degree(self, teer: int) -> None:
        profile = {**self.base, "has_job_offer": True, "job_offer_teer": teer}
        assert verdicts(profile)["iec_young_professionals"]["missing"] == ["has_degree"]
        assert verdict({**profile, "has_degree": True}, "iec_young_professionals") == "eligible"
        assert verdict({**profile, "has_degree": False}, "iec_young_professionals") == "ineligible"


class TestInternationalCoop:
    base = {"citizenships": ["ES"], "age": 22}

    def test_all_met(self) -> None:
        profile = {**self.base, "is_student": True, "internship_required": True, "has_job_offer": True}
        assert verdict(profile, "iec_international_coop") == "eligible"

    @pytest.mark.parametrize("field", ["is_student", "internship_required", "has_job_offer"])
    def test_each_condition_fails_alone(self, field: str) -> None:
        profile = {**self.base, "is_student": True, "internship_required": True, "has_job_offer": True, field: False}
        assert verdict(profile, "iec_international_coop") == "ineligible"

    def test_required_internship_asked_only_of_students(self) -> None:
        assert "internship_required" not in verdicts(self.base)["iec_international_coop"]["missing"]
        missing = verdicts({**self.base, "is_student": True})["iec_international_coop"]["missing"]
        assert missing == ["has_job_offer", "internship_required"]
