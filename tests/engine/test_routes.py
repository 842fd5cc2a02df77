"""IMP+, CUSMA, Francophone Mobility and intra-company transferees, and what every verdict holds."""
from __future__ import annotations

import pytest

from imp_engine.rulebook import default_rulebook

from .helpers import verdict, verdicts

ROUTE_IDS = [
    "imp_plus", "iec_working_holiday", "iec_young_professionals", "iec_international_coop",
    "cusma_professional", "cusma_intra_company_transferee", "cusma_trader_investor",
    "cusma_business_visitor", "francophone_mobility", "intra_company_transferee",
]


def test_every_contract_route_once_in_order() -> None:
    assert list(verdicts({})) == ROUTE_IDS


def test_every_route_decided_from_data_with_source_and_date() -> None:
    for route in default_rulebook().routes:
        assert route.source.startswith("https://") and route.checked


class TestImpPlus:
    def test_csq_holder_living_abroad_needs_no_job_offer(self) -> None:
        result = verdicts({"has_csq": True, "current_location": "abroad", "has_job_offer": False})["imp_plus"]
        assert result["verdict"] == "eligible"
        assert any("no job offer" in r for r in result["reasons"])
        assert any("invitation" in r for r in result["reasons"])

    def test_csq_holder_in_another_province(self) -> None:
        assert verdict({"has_csq": True, "current_location": "canada_other"}, "imp_plus") == "eligible"

    def test_living_in_quebec_is_not_covered(self) -> None:
        result = verdicts({"has_csq": True, "current_location": "quebec"})["imp_plus"]
        assert result["verdict"] == "ineligible"
        assert "already living in Quebec" in result["reasons"][0]

    def test_no_csq(self) -> None:
        assert verdict({"has_csq": False, "current_location": "abroad"}, "imp_plus") == "ineligible"

    def test_missing_facts(self) -> None:
        assert verdicts({"has_csq": True})["imp_plus"]["missing"] == ["current_location"]


CUSMA_ROUTES = ["cusma_professional", "cusma_intra_company_transferee", "cusma_trader_investor", "cusma_business_visitor"]
ALL_MET = {
    "has_job_offer": True, "occupation": "pharmacist", "has_degree": True,
    "intra_company_transfer": True, "trade_or_investment": True, "business_visit": True,
}


class TestCusma:
    @pytest.mark.parametrize("code", ["US", "MX"])
    @pytest.mark.parametrize("route_id", CUSMA_ROUTES)
    def test_us_and_mexican_citizens(self, code: str, route_id: str) -> None:
        assert verdict({"citizenships": [code], **ALL_MET}, route_id) == "eligible"

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
        assert verdicts(profile)["cusma_professional"]["missing"] == ["has_alternative_credential"]
        assert verdict({**profile, "has_alternative_credential": True}, "cusma_professional") == "eligible"
        assert verdict({**profile, "has_alternative_credential": False}, "cusma_professional") == "ineligible"

    def test_missing_occupation_and_degree(self) -> None:
        result = verdicts({"citizenships": ["MX"], "has_job_offer": True})["cusma_professional"]
        assert result == {**result, "verdict": "possible", "missing": ["occupation"]}
        result = verdicts({"citizenships": ["MX"], "has_job_offer": True, "occupation": "ingénieur"})["cusma_professional"]
        assert result["missing"] == ["has_degree"]

    def test_reason_names_matched_profession_in_french(self) -> None:
        reasons = verdicts({"citizenships": ["MX"], **ALL_MET, "occupation": "je suis pharmacienne"}, "fr")["cusma_professional"]["reasons"]
        assert "« Pharmacien »" in " ".join(reasons)


class TestFrancophoneMobility:
    base = {"citizenships": ["CM"], "age": 52, "has_job_offer": True, "job_offer_province": "NB"}

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
        assert verdict({**self.base, "has_job_offer": False, "french_level": "advanced"}, "francophone_mobility") == "ineligible"

    def test_any_teer_and_any_age(self) -> None:
        profile = {**self.base, "french_level": "intermediate", "job_offer_teer": 5, "age": 64}
        assert verdict(profile, "francophone_mobility") == "eligible"

    def test_missing_facts(self) -> None:
        assert verdicts({"has_job_offer": True})["francophone_mobility"]["missing"] == ["job_offer_province", "french_level"]


class TestIntraCompanyTransferee:
    @pytest.mark.parametrize("code", ["IN", "US", "FR"])
    def test_any_nationality(self, code: str) -> None:
        assert verdict({"citizenships": [code], "intra_company_transfer": True}, "intra_company_transferee") == "eligible"

    def test_not_transferred(self) -> None:
        assert verdict({"intra_company_transfer": False}, "intra_company_transferee") == "ineligible"


def test_verdict_shape() -> None:
    for route in verdicts({"citizenships": ["FR"], "age": 28}).values():
        assert route["verdict"] in {"eligible", "possible", "ineligible"}
        assert all(isinstance(r, str) and r for r in route["reasons"])
        assert (route["verdict"] == "possible") == bool(route["missing"])
        if route["verdict"] == "ineligible":
            assert route["reasons"]


def test_rules_as_of_is_the_newest_check() -> None:
    rules = default_rulebook()
    dates = [r.checked for r in rules.routes] + [c.checked for c in rules.iec.values()]
    assert rules.rules_as_of == max(dates)
