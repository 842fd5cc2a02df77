"""IEC: every partner country's age band at both edges and one past each, every category open or
closed, dual citizens, non-partner countries."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from imp_engine.rulebook import default_rulebook

from .helpers import CATEGORY_ROUTES, verdict, verdicts

RULES = default_rulebook()
OFFICIAL = yaml.safe_load((Path(__file__).parent / "iec_official_table.yaml").read_text(encoding="utf-8"))["partners"]
# What a profile that meets every other criterion gets inside the band: Working Holiday rests only
# on verified rows; Young Professionals' TEER rule and Co-op's "placement required by the studies"
# could not be verified in the PDI, so those stay "possible" (imp_engine/data/routes.yaml).
INSIDE = {"working_holiday": "eligible", "young_professionals": "eligible", "international_coop": "eligible"}
OFFICIAL_CASES = [(code, category, band) for code, row in OFFICIAL.items() for category, band in row.items()]
ABSENT_CASES = [
    (code, category) for code, row in OFFICIAL.items() for category in CATEGORY_ROUTES if category not in row
]


def test_the_partners_are_those_of_the_official_table() -> None:
    assert set(RULES.iec) == set(OFFICIAL)
    assert len(OFFICIAL) == 36


@pytest.mark.parametrize(("code", "category", "band"), OFFICIAL_CASES)
def test_official_band_first_and_last_age_and_one_past_each(code: str, category: str, band: list[int]) -> None:
    low, high = band
    route_id, ready = CATEGORY_ROUTES[category]
    profile = {"citizenships": [code], **ready}
    assert verdict({**profile, "age": low}, route_id) == INSIDE[category]
    assert verdict({**profile, "age": high}, route_id) == INSIDE[category]
    assert verdict({**profile, "age": low - 1}, route_id) == "ineligible"
    assert verdict({**profile, "age": high + 1}, route_id) == "ineligible"


@pytest.mark.parametrize(("code", "category"), ABSENT_CASES)
def test_category_absent_from_the_official_table_is_ineligible_with_reason(code: str, category: str) -> None:
    route_id, ready = CATEGORY_ROUTES[category]
    result = verdicts({"citizenships": [code], "age": 25, **ready})[route_id]
    assert result["verdict"] == "ineligible"
    assert "not open to citizens of" in result["reasons"][0]


@pytest.mark.parametrize(
    ("code", "age", "expected"),
    [
        ("FR", 35, "eligible"),
        ("FR", 36, "ineligible"),
        ("FR", 17, "ineligible"),
        ("JP", 30, "eligible"),
        ("JP", 31, "ineligible"),
        ("BE", 30, "eligible"),
        ("BE", 31, "ineligible"),
        ("AU", 35, "eligible"),
        ("KR", 35, "eligible"),
        ("KR", 36, "ineligible"),
        ("AT", 30, "eligible"),
        ("AT", 31, "ineligible"),  # Austria: Working Holiday 18-30 only
        ("LU", 35, "eligible"),
        ("FI", 35, "eligible"),
        ("IS", 30, "eligible"),
        ("IS", 31, "ineligible"),
        ("CH", 25, "ineligible"),  # Switzerland: Young Professionals and Co-op only
        ("MX", 25, "ineligible"),  # no row in the PDI table: Recognized Organization only
        ("UA", 25, "ineligible"),
        ("BR", 25, "ineligible"),  # no youth mobility agreement
    ],
)
def test_working_holiday_known_cases(code: str, age: int, expected: str) -> None:
    assert verdict({"citizenships": [code], "age": age}, "iec_working_holiday") == expected


@pytest.mark.parametrize(("code", "months"), [("KR", 24), ("GB", 24), ("PT", 24), ("NZ", 23), ("AT", 12)])
def test_longest_stay_from_the_official_table(code: str, months: int) -> None:
    reasons = verdicts({"citizenships": [code], "age": 25})["iec_working_holiday"]["reasons"]
    assert any(f"up to {months} months" in r for r in reasons)


def test_uk_and_korea_have_all_three_categories_since_2023() -> None:
    for code in ("GB", "KR", "NO"):
        assert set(RULES.iec[code].categories) == set(CATEGORY_ROUTES), code
    assert set(RULES.iec["SM"].categories) == {"working_holiday"}


def test_every_partner_row_carries_its_evidence() -> None:
    for country in RULES.iec.values():
        assert country.row.source.key == "pdi_iec_bilateral"
        assert country.row.verified and country.row.evidence and country.row.checked


def test_reason_names_country_band_and_age() -> None:
    reasons = verdicts({"citizenships": ["FR"], "age": 28})["iec_working_holiday"]["reasons"]
    assert reasons[0] == "Citizens of France aged 18 to 35 may apply to Working Holiday; you are 28."
    assert any("24 months" in r for r in reasons)


def test_reason_in_french() -> None:
    reasons = verdicts({"citizenships": ["JP"], "age": 33}, "fr")["iec_working_holiday"]["reasons"]
    assert reasons == [
        "Les citoyens de ce pays (Japon) peuvent demander la catégorie Vacances-travail jusqu'à 30 ans; vous avez 33 ans."
    ]


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
        assert verdicts({**self.base, "has_job_offer": True})["iec_young_professionals"]["missing"] == [
            "job_offer_teer"
        ]

    @pytest.mark.parametrize("teer", [0, 1, 2, 3])
    def test_teer_0_to_3_eligible(self, teer: int) -> None:
        result = verdicts({**self.base, "has_job_offer": True, "job_offer_teer": teer})["iec_young_professionals"]
        assert result["verdict"] == "eligible" and result["missing"] == []

    @pytest.mark.parametrize("education", ["post_secondary", "bachelor_or_higher"])
    def test_teer_4_with_a_post_secondary_diploma_certificate_or_degree(self, education: str) -> None:
        profile = {**self.base, "has_job_offer": True, "job_offer_teer": 4}
        assert verdicts(profile)["iec_young_professionals"]["missing"] == ["education"]
        result = verdicts({**profile, "education": education})["iec_young_professionals"]
        assert result["verdict"] == "possible" and result["missing"] == []  # "might be accepted": an officer decides
        assert any("officer's discretion" in reason for reason in result["reasons"])

    @pytest.mark.parametrize("education", ["none", "secondary"])
    def test_teer_4_without_post_secondary_studies(self, education: str) -> None:
        profile = {**self.base, "has_job_offer": True, "job_offer_teer": 4, "education": education}
        assert verdict(profile, "iec_young_professionals") == "ineligible"

    def test_a_college_diploma_passes_teer_4_and_a_degree_never_passes_teer_5(self) -> None:
        offer = {**self.base, "has_job_offer": True}
        assert (
            verdict(
                {**offer, "job_offer_teer": 4, "has_degree": False, "education": "post_secondary"},
                "iec_young_professionals",
            )
            == "possible"
        )
        result = verdicts({**offer, "job_offer_teer": 5, "has_degree": True})["iec_young_professionals"]
        assert result["verdict"] == "ineligible"
        assert "TEER 5 job never" in result["reasons"][0]


class TestInternationalCoop:
    base = {"citizenships": ["ES"], "age": 22}

    def test_all_met_is_eligible(self) -> None:
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
