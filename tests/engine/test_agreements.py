"""The transferee and investor categories of the trade agreements other than CUSMA (CETA, Canada–UK,
CPTPP and the bilateral ones), each case built from the lines of IRCC's pages quoted in
imp_engine/data/agreements.yaml and routes.yaml."""

from __future__ import annotations

from typing import Any

import pytest

from .helpers import verdicts

TRANSFERRED = {"intra_company_transfer": True}
INVESTING = {"trade_or_investment": True}


def decided(route_id: str, citizenships: list[str], **facts: Any) -> dict[str, Any]:
    return verdicts({"citizenships": citizenships, "age": 40, **facts})[route_id]


@pytest.mark.parametrize(
    ("route_id", "citizenships", "employer_where"),
    [
        # CETA: 'be a citizen of a European Union member state'; '… the foreign enterprise in the
        # European Union member state where they are currently employed'
        ("ceta_intra_company_transferee", ["DE"], "member state of the European Union"),
        ("ceta_intra_company_transferee", ["HR"], "member state of the European Union"),
        # Canada–UK: 'be a citizen of the UK'; '… the foreign enterprise in the UK'
        ("cuktca_intra_company_transferee", ["GB"], "in the United Kingdom"),
        # CPTPP: executives and managers: citizens of AU, BN, CL, JP, MY, MX, NZ, PE; 'employed by an
        # enterprise in 1 of the CPTPP countries, except Singapore and Vietnam'
        ("cptpp_intra_company_transferee", ["JP"], "CPTPP country other than Singapore and Vietnam"),
        ("cptpp_intra_company_transferee", ["NZ"], "CPTPP country other than Singapore and Vietnam"),
        # Chile, Peru, Colombia, Korea, Ukraine: '… the foreign enterprise in Chile / Peru / …'
        ("fta_intra_company_transferee", ["KR"], "agreement's country"),
    ],
)
def test_a_transferee_of_a_party_is_possible_until_a_consultant_confirms_where_the_employer_is(
    route_id: str, citizenships: list[str], employer_where: str
) -> None:
    route = decided(route_id, citizenships, **TRANSFERRED)
    assert route["verdict"] == "possible" and route["missing"] == []
    assert any(employer_where in caveat for caveat in route["caveats"])
    assert route["permit"] == "employer_specific" and route["verified"]


@pytest.mark.parametrize(
    ("route_id", "citizenships"),
    [
        # Switzerland and Norway are not EU member states; the UK left the EU and has its own agreement
        ("ceta_intra_company_transferee", ["CH"]),
        ("ceta_intra_company_transferee", ["NO"]),
        ("ceta_intra_company_transferee", ["GB"]),
        ("cuktca_intra_company_transferee", ["IE"]),
        # CPTPP transferees: 'except Singapore and Vietnam'
        ("cptpp_intra_company_transferee", ["SG"]),
        ("cptpp_intra_company_transferee", ["VN"]),
        # Panama's transferee provisions are not in force; the US has CUSMA
        ("fta_intra_company_transferee", ["PA"]),
        ("fta_intra_company_transferee", ["US"]),
    ],
)
def test_a_transferee_of_a_country_the_agreement_does_not_cover_is_ineligible(
    route_id: str, citizenships: list[str]
) -> None:
    assert decided(route_id, citizenships, **TRANSFERRED)["verdict"] == "ineligible"


def test_a_dual_citizen_qualifies_through_either_passport() -> None:
    assert decided("ceta_intra_company_transferee", ["CH", "FR"], **TRANSFERRED)["verdict"] == "possible"
    assert decided("cuktca_intra_company_transferee", ["IN", "GB"], **TRANSFERRED)["verdict"] == "possible"


def test_malaysians_are_transferees_as_executives_or_managers_only() -> None:
    """'Specialists must be a citizen of Australia, Brunei, Chile, Japan, Mexico, New Zealand, Peru':
    no Malaysia, which the executives' and managers' lists have."""
    route = decided("cptpp_intra_company_transferee", ["MY"], **TRANSFERRED)
    assert route["verdict"] == "possible"
    assert any("executives or managers only" in caveat for caveat in route["caveats"])
    both = decided("cptpp_intra_company_transferee", ["MY", "AU"], **TRANSFERRED)
    assert not any("executives or managers only" in caveat for caveat in both["caveats"])


def test_nobody_transferred_by_an_employer_is_a_transferee_of_any_agreement() -> None:
    for route_id, country in [
        ("ceta_intra_company_transferee", "FR"),
        ("cuktca_intra_company_transferee", "GB"),
        ("cptpp_intra_company_transferee", "JP"),
        ("fta_intra_company_transferee", "CL"),
    ]:
        route = decided(route_id, [country], intra_company_transfer=False)
        assert route["verdict"] == "ineligible", route_id


@pytest.mark.parametrize(
    ("country", "agreement", "codes"),
    [
        ("CL", "the Canada–Chile Free Trade Agreement", "F23, F24"),
        ("PE", "the Canada–Peru Free Trade Agreement", "F53, F54, F55"),
        ("CO", "the Canada–Colombia Free Trade Agreement", "F13, F14, F15"),
        ("KR", "the Canada–Korea Free Trade Agreement", "F33, F34, F35"),
        ("UA", "the Canada–Ukraine Free Trade Agreement", "F71, F74"),
    ],
)
def test_the_bilateral_transferee_route_names_the_agreement_and_its_codes(
    country: str, agreement: str, codes: str
) -> None:
    route = decided("fta_intra_company_transferee", [country], **TRANSFERRED)
    assert f"covered by {agreement} (codes {codes})" in route["reasons"][0]


def test_the_french_reasons_name_the_agreement_in_french() -> None:
    route = verdicts({"citizenships": ["PE"], **TRANSFERRED}, "fr")["fta_intra_company_transferee"]
    assert "l'Accord de libre-échange Canada-Pérou (codes F53, F54, F55)" in route["reasons"][0]


@pytest.mark.parametrize(
    ("route_id", "citizenships"),
    [
        ("ceta_investor", ["IT"]),
        ("cuktca_investor", ["GB"]),
        # CPTPP investors: AU, BN, CL, JP, MX, PE, SG, VN
        ("cptpp_investor", ["SG"]),
        ("cptpp_investor", ["VN"]),
        ("cptpp_investor", ["JP"]),
    ],
)
def test_an_investor_under_an_agreement_without_traders_is_possible_at_most(
    route_id: str, citizenships: list[str]
) -> None:
    """The profile's trade_or_investment covers traders too, whom these agreements do not admit."""
    route = decided(route_id, citizenships, **INVESTING)
    assert route["verdict"] == "possible" and route["missing"] == []
    assert any("admits investors, not traders" in caveat for caveat in route["caveats"])


@pytest.mark.parametrize(
    ("route_id", "citizenships"),
    [
        # CPTPP investors: 'Malaysia' and 'New Zealand' are not listed
        ("cptpp_investor", ["MY"]),
        ("cptpp_investor", ["NZ"]),
        ("ceta_investor", ["CH"]),
        ("cuktca_investor", ["FR"]),
        ("fta_trader_investor", ["PA"]),
    ],
)
def test_an_investor_of_a_country_the_category_does_not_cover_is_ineligible(
    route_id: str, citizenships: list[str]
) -> None:
    assert decided(route_id, citizenships, **INVESTING)["verdict"] == "ineligible"


def test_chile_peru_colombia_and_korea_admit_traders_and_investors_ukraine_investors_only() -> None:
    for country in ("CL", "PE", "CO", "KR"):
        assert decided("fta_trader_investor", [country], **INVESTING)["verdict"] == "eligible", country
    ukraine = decided("fta_trader_investor", ["UA"], **INVESTING)
    assert ukraine["verdict"] == "possible"
    assert "F70" in ukraine["reasons"][0]


def test_someone_who_neither_trades_nor_invests_is_no_investor() -> None:
    for route_id, country in [("ceta_investor", "DE"), ("cptpp_investor", "AU"), ("fta_trader_investor", "KR")]:
        assert decided(route_id, [country], trade_or_investment=False)["verdict"] == "ineligible", route_id


def test_an_agreement_route_asks_what_it_needs_only_of_the_citizens_it_covers() -> None:
    german = verdicts({"citizenships": ["DE"], "age": 40})
    assert german["ceta_investor"]["missing"] == ["trade_or_investment"]
    assert german["cptpp_investor"]["verdict"] == "ineligible"
    assert german["fta_trader_investor"]["missing"] == []
