"""IMP+, CUSMA, Francophone Mobility and intra-company transferees, and what every verdict holds."""

from __future__ import annotations

import dataclasses

import pytest

from imp_engine import assess
from imp_engine.rulebook import default_rulebook

from .helpers import verdict, verdicts

ROUTE_IDS = [
    "imp_plus",
    "iec_working_holiday",
    "iec_young_professionals",
    "iec_international_coop",
    "cusma_professional",
    "cusma_intra_company_transferee",
    "cusma_trader_investor",
    "cusma_business_visitor",
    "ceta_professional",
    "cuktca_professional",
    "cptpp_professional",
    "fta_professional",
    "gats_professional",
    "ceta_intra_company_transferee",
    "cuktca_intra_company_transferee",
    "cptpp_intra_company_transferee",
    "fta_intra_company_transferee",
    "ceta_investor",
    "cuktca_investor",
    "cptpp_investor",
    "fta_trader_investor",
    "francophone_mobility",
    "intra_company_transferee",
    "pgwp",
    "spouse_of_worker",
    "spouse_of_student",
    "bridging_open_work_permit",
    "quebec_pstq_worker",
    "significant_benefit",
]


def test_every_contract_route_once_in_order() -> None:
    assert list(verdicts({})) == ROUTE_IDS


def test_every_route_decided_from_data_with_source_and_date() -> None:
    for route in default_rulebook().routes:
        assert route.row.source.url.startswith("https://") and route.row.checked and route.row.evidence
        # A page read without its own date can verify nothing: the route says why it is unverified.
        assert route.row.source.page_date or (not route.row.verified and route.row.source.page_date_unknown)


CSQ_HOLDERS = [
    {"has_csq": True, "current_location": "abroad", "has_job_offer": False},
    {"has_csq": True, "current_location": "canada_other"},
    {"has_csq": True, "current_location": "quebec"},
    {"has_csq": True},
    {"has_csq": True, "current_location": "abroad", "citizenships": ["FR"], "age": 30},
]


class TestImpPlus:
    @pytest.mark.parametrize("profile", CSQ_HOLDERS)
    def test_closed_since_2025_01_16_for_every_csq_holder(self, profile: dict) -> None:
        result = verdicts(profile)["imp_plus"]
        assert result["verdict"] == "ineligible" and result["status"] == "closed"
        assert result["status_since"] == "2025-01-16"
        assert "closed to new applicants since 2025-01-16" in result["reasons"][0]
        assert "consultant can check the other routes" in result["reasons"][1]
        assert result["missing"] == [] and result["next_steps"] == []

    @pytest.mark.parametrize("profile", CSQ_HOLDERS)
    def test_closed_in_french(self, profile: dict) -> None:
        result = verdicts(profile, "fr")["imp_plus"]
        assert result["verdict"] == "ineligible"
        assert "fermé aux nouveaux demandeurs depuis le 2025-01-16" in result["reasons"][0]

    def test_would_have_fitted_is_told_apart(self) -> None:
        assert verdicts(CSQ_HOLDERS[0])["imp_plus"]["verdict_if_open"] == "eligible"
        assert verdicts({"has_csq": False})["imp_plus"]["verdict_if_open"] == "ineligible"

    def test_a_closed_route_asks_nothing(self) -> None:
        result = assess({})
        assert "has_csq" not in result["next_questions"]


CUSMA_ROUTES = [
    "cusma_professional",
    "cusma_intra_company_transferee",
    "cusma_trader_investor",
    "cusma_business_visitor",
]
ALL_MET = {
    "has_job_offer": True,
    "occupation": "pharmacist",
    "has_degree": True,
    "intra_company_transfer": True,
    "trade_or_investment": True,
    "business_visit": True,
}


class TestCusma:
    @pytest.mark.parametrize("code", ["US", "MX"])
    @pytest.mark.parametrize("route_id", CUSMA_ROUTES)
    def test_us_and_mexican_citizens(self, code: str, route_id: str) -> None:
        result = verdicts({"citizenships": [code], **ALL_MET})[route_id]
        assert result["verdict"] == "eligible"
        assert result["next_steps"] and result["next_steps"][0]["url"].startswith("https://www.canada.ca/")

    @pytest.mark.parametrize("code", ["CA", "FR", "GT", "PR"])
    @pytest.mark.parametrize("route_id", CUSMA_ROUTES)
    def test_other_citizens(self, code: str, route_id: str) -> None:
        result = verdicts({"citizenships": [code], **ALL_MET})[route_id]
        assert result["verdict"] == "ineligible"
        assert result["reasons"] == ["CUSMA is open only to citizens of the United States and Mexico."]

    def test_dual_citizen_with_a_us_passport(self) -> None:
        assert verdict({"citizenships": ["FR", "US"], **ALL_MET}, "cusma_professional") == "eligible"

    def test_professional_needs_prearranged_work(self) -> None:
        profile = {"citizenships": ["US"], **ALL_MET, "has_job_offer": False}
        assert verdict(profile, "cusma_professional") == "ineligible"

    def test_a_contract_with_a_canadian_enterprise_is_prearranged_work(self) -> None:
        """'a contract between the professional's American or Mexican employer and a Canadian enterprise'."""
        profile = {"citizenships": ["US"], **ALL_MET, "has_job_offer": False, "service_contract": True}
        assert verdict(profile, "cusma_professional") == verdict(
            {"citizenships": ["US"], **ALL_MET}, "cusma_professional"
        )
        assert verdict({**profile, "service_contract": False}, "cusma_professional") == "ineligible"

    def test_profession_not_on_the_list(self) -> None:
        result = verdicts({"citizenships": ["MX"], **ALL_MET, "occupation": "line cook"})["cusma_professional"]
        assert result["verdict"] == "ineligible"
        assert "does not match a profession" in result["reasons"][0]

    def test_degree_only_profession_without_degree(self) -> None:
        profile = {"citizenships": ["US"], **ALL_MET, "occupation": "economist", "has_degree": False}
        result = verdicts(profile)["cusma_professional"]
        assert result["verdict"] == "ineligible"
        assert "requires a bachelor's or licenciatura degree" in result["reasons"][0]

    def test_licence_instead_of_degree(self) -> None:
        profile = {"citizenships": ["US"], **ALL_MET, "occupation": "architect", "has_degree": False}
        assert verdicts(profile)["cusma_professional"]["missing"] == ["has_professional_licence"]
        assert verdict({**profile, "has_professional_licence": True}, "cusma_professional") == "eligible"
        assert verdict({**profile, "has_professional_licence": False}, "cusma_professional") == "ineligible"
        # The contract's has_alternative_credential still means "a credential the list accepts instead".
        assert verdict({**profile, "has_alternative_credential": True}, "cusma_professional") == "eligible"

    @pytest.mark.parametrize("occupation", ["registered nurse", "psychologist"])
    def test_nurse_and_psychologist_need_a_licence_not_a_bachelors(self, occupation: str) -> None:
        profile = {"citizenships": ["US"], **ALL_MET, "occupation": occupation, "has_degree": True}
        assert verdicts(profile)["cusma_professional"]["missing"] == ["has_professional_licence"]
        assert verdict({**profile, "has_professional_licence": True}, "cusma_professional") == "eligible"
        refused = {**profile, "has_professional_licence": False, "has_alternative_credential": False}
        assert verdict(refused, "cusma_professional") == "ineligible"
        # a Mexican licenciatura is the list's other credential
        licenciatura = {**profile, "has_professional_licence": False, "has_alternative_credential": True}
        assert verdict(licenciatura, "cusma_professional") == "eligible"

    def test_nurse_needs_a_licence_of_the_province(self) -> None:
        profile = {
            "citizenships": ["MX"],
            **ALL_MET,
            "occupation": "registered nurse",
            "has_professional_licence": True,
        }
        assert any("licence from the province" in r for r in verdicts(profile)["cusma_professional"]["reasons"])

    @pytest.mark.parametrize(
        ("occupation", "words"), [("physician", "direct patient care"), ("claims adjuster", "disaster relief claims")]
    )
    def test_conditions_the_profile_cannot_settle_stay_possible(self, occupation: str, words: str) -> None:
        result = verdicts({"citizenships": ["US"], **ALL_MET, "occupation": occupation})["cusma_professional"]
        assert result["verdict"] == "possible" and result["missing"] == []
        assert any(words in r for r in result["reasons"])

    def test_exemption_codes_of_the_pdi(self) -> None:
        codes = {r["id"]: r["exemption_code"] for r in assess({})["routes"]}
        assert codes["cusma_professional"] == "T36"
        assert codes["cusma_intra_company_transferee"] == "T37/T38"
        assert codes["cusma_trader_investor"] == "T34/T35"
        assert codes["intra_company_transferee"] == "C61/C62/C63"
        assert codes["imp_plus"] == "A76" and codes["francophone_mobility"] == "C16"

    def test_trader_first_permit_is_one_year(self) -> None:
        profile = {"citizenships": ["US"], **ALL_MET}
        assert any("up to 1 year" in r for r in verdicts(profile)["cusma_trader_investor"]["reasons"])

    def test_missing_occupation_and_degree(self) -> None:
        result = verdicts({"citizenships": ["MX"], "has_job_offer": True})["cusma_professional"]
        assert result == {**result, "verdict": "possible", "missing": ["occupation"]}
        result = verdicts({"citizenships": ["MX"], "has_job_offer": True, "occupation": "ingénieur"})[
            "cusma_professional"
        ]
        assert result["missing"] == ["has_degree"]

    def test_reason_names_matched_profession_in_french(self) -> None:
        reasons = verdicts({"citizenships": ["MX"], **ALL_MET, "occupation": "je suis pharmacienne"}, "fr")[
            "cusma_professional"
        ]["reasons"]
        assert "« Pharmacien »" in " ".join(reasons)


class TestFrancophoneMobility:
    base = {
        "citizenships": ["CM"],
        "age": 52,
        "has_job_offer": True,
        "job_offer_province": "NB",
        "job_offer_primary_agriculture": False,
    }

    @pytest.mark.parametrize("level", ["intermediate", "advanced"])
    def test_job_outside_quebec_with_french(self, level: str) -> None:
        assert verdict({**self.base, "french_level": level}, "francophone_mobility") == "eligible"

    @pytest.mark.parametrize("level", ["none", "basic"])
    def test_french_below_nclc_5(self, level: str) -> None:
        assert verdict({**self.base, "french_level": level}, "francophone_mobility") == "ineligible"

    def test_job_in_quebec(self) -> None:
        result = verdicts({**self.base, "job_offer_province": "QC", "french_level": "advanced"})["francophone_mobility"]
        assert result["verdict"] == "ineligible"
        assert "outside Quebec" in result["reasons"][0]

    def test_needs_a_job_offer(self) -> None:
        assert (
            verdict({**self.base, "has_job_offer": False, "french_level": "advanced"}, "francophone_mobility")
            == "ineligible"
        )

    def test_any_teer_and_any_age(self) -> None:
        profile = {**self.base, "french_level": "intermediate", "job_offer_teer": 5, "age": 64}
        assert verdict(profile, "francophone_mobility") == "eligible"

    @pytest.mark.parametrize("teer", [4, 5])
    def test_low_skilled_primary_agriculture_is_excluded(self, teer: int) -> None:
        profile = {
            **self.base,
            "french_level": "advanced",
            "job_offer_teer": teer,
            "job_offer_primary_agriculture": True,
        }
        result = verdicts(profile)["francophone_mobility"]
        assert result["verdict"] == "ineligible"
        assert "primary agriculture" in result["reasons"][0]

    @pytest.mark.parametrize("teer", [0, 3])
    def test_skilled_primary_agriculture_qualifies(self, teer: int) -> None:
        profile = {
            **self.base,
            "french_level": "advanced",
            "job_offer_teer": teer,
            "job_offer_primary_agriculture": True,
        }
        assert verdict(profile, "francophone_mobility") == "eligible"

    def test_the_sector_is_asked_only_while_the_teer_could_be_4_or_5(self) -> None:
        profile = {**self.base, "french_level": "advanced"}
        del profile["job_offer_primary_agriculture"]
        assert verdicts(profile)["francophone_mobility"]["missing"] == ["job_offer_primary_agriculture"]
        assert verdict({**profile, "job_offer_teer": 2}, "francophone_mobility") == "eligible"
        farm = {**profile, "job_offer_primary_agriculture": True}
        assert verdicts(farm)["francophone_mobility"]["missing"] == ["job_offer_teer"]

    @pytest.mark.parametrize(
        ("noc", "teer"),
        [("84120", 4), ("85100", 5), ("85101", 5), ("85103", 5)],  # farm machinery, livestock, harvest, greenhouse
    )
    def test_a_low_skilled_farm_job_found_by_its_code_is_excluded_unasked(self, noc: str, teer: int) -> None:
        profile = {**self.base, "french_level": "advanced", "job_offer_noc": noc, "job_offer_teer": teer}
        del profile["job_offer_primary_agriculture"]
        result = verdicts(profile)["francophone_mobility"]
        assert result["verdict"] == "ineligible" and "primary agriculture" in result["reasons"][0]

    @pytest.mark.parametrize(("noc", "teer"), [("64100", 4), ("65310", 5), ("75110", 5)])
    def test_a_low_skilled_job_outside_natural_resources_is_not_farm_work(self, noc: str, teer: int) -> None:
        profile = {**self.base, "french_level": "advanced", "job_offer_noc": noc, "job_offer_teer": teer}
        del profile["job_offer_primary_agriculture"]
        assert verdict(profile, "francophone_mobility") == "eligible"

    @pytest.mark.parametrize(("noc", "teer"), [("85121", 5), ("84111", 4), ("85102", 5)])
    def test_another_natural_resources_job_is_asked(self, noc: str, teer: int) -> None:
        """Landscaping, silviculture, aquaculture: the sector depends on where and what (R315.2(4)-(5))."""
        profile = {**self.base, "french_level": "advanced", "job_offer_noc": noc, "job_offer_teer": teer}
        del profile["job_offer_primary_agriculture"]
        assert verdicts(profile)["francophone_mobility"]["missing"] == ["job_offer_primary_agriculture"]
        assert verdict({**profile, "job_offer_primary_agriculture": False}, "francophone_mobility") == "eligible"

    def test_the_persons_answer_wins_over_the_code(self) -> None:
        profile = {**self.base, "french_level": "advanced", "job_offer_noc": "85101", "job_offer_teer": 5}
        assert verdict(profile, "francophone_mobility") == "eligible"  # base: "not primary agriculture"

    def test_missing_facts(self) -> None:
        assert verdicts({"has_job_offer": True})["francophone_mobility"]["missing"] == [
            "job_offer_province",
            "french_level",
            "job_offer_primary_agriculture",
        ]


class TestIntraCompanyTransferee:
    @pytest.mark.parametrize("code", ["IN", "US", "FR"])
    def test_any_nationality(self, code: str) -> None:
        assert (
            verdict({"citizenships": [code], "intra_company_transfer": True}, "intra_company_transferee") == "eligible"
        )

    def test_not_transferred(self) -> None:
        assert verdict({"intra_company_transfer": False}, "intra_company_transferee") == "ineligible"


def test_verdict_shape() -> None:
    for route in verdicts({"citizenships": ["FR"], "age": 28}).values():
        assert route["verdict"] in {"eligible", "possible", "ineligible"}
        assert all(isinstance(r, str) and r for r in route["reasons"])
        if route["verdict"] == "possible" and not route["missing"]:
            assert not route["verified"] or any("consultant" in r for r in route["reasons"])
        if route["verdict"] == "ineligible":
            assert route["reasons"]
        assert route["status"] in {"open", "closed", "paused"}
        assert route["source"].startswith("https://") and (route["page_date"] or not route["verified"])
        assert route["checked"]
        assert bool(route["next_steps"]) <= (route["verdict"] != "ineligible")


def test_rules_as_of_is_the_oldest_check_of_the_rows_a_suggestion_used() -> None:
    rules = default_rulebook()
    fr_row = rules.iec["FR"].row
    older = dataclasses.replace(fr_row, checked="2026-01-02")
    book = dataclasses.replace(rules, iec={**rules.iec, "FR": dataclasses.replace(rules.iec["FR"], row=older)})
    assert assess({"citizenships": ["FR"], "age": 28}, rulebook=book)["rules_as_of"] == "2026-01-02"
    # a German is not suggested anything resting on France's row
    assert assess({"citizenships": ["DE"], "age": 28}, rulebook=book)["rules_as_of"] == "2026-11-26"
