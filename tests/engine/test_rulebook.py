"""A consultant edits one data file; a wrong edit fails naming the file, the entry and the problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from imp_engine import RuleDataError, assess, load_rulebook
from imp_engine.rulebook import DATA_DIR, default_rulebook


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def edit(data_dir: Path, name: str, old: str, new: str) -> None:
    path = data_dir / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_consultant_changes_an_age_band_without_python(data_dir: Path) -> None:
    japan = "working_holiday: {status: open, min_age: 18, max_age: 30, max_months: 12}"
    text = (data_dir / "iec.yaml").read_text(encoding="utf-8")
    start = text.index("  - code: 'JP'")
    end = text.index(japan, start) + len(japan)
    edited = text[:start] + text[start:end].replace("max_age: 30", "max_age: 31") + text[end:]
    (data_dir / "iec.yaml").write_text(edited, encoding="utf-8")
    rules = load_rulebook(data_dir)
    result = assess({"citizenships": ["JP"], "age": 31}, rulebook=rules)
    assert result["routes"][1]["id"] == "iec_working_holiday"
    assert result["routes"][1]["verdict"] == "eligible"


def test_a_consultant_closes_a_category(data_dir: Path) -> None:
    doc = yaml.safe_load((data_dir / "iec.yaml").read_text(encoding="utf-8"))
    france = next(c for c in doc["countries"] if c["code"] == "FR")
    france["categories"]["young_professionals"].update(
        status="paused", since="2026-03-01", reason="iec.category_paused"
    )
    (data_dir / "iec.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    rules = load_rulebook(data_dir)
    routes = {
        r["id"]: r for r in assess({"citizenships": ["FR"], "age": 25, "has_job_offer": True}, rulebook=rules)["routes"]
    }
    assert routes["iec_young_professionals"]["verdict"] == "ineligible"
    assert routes["iec_young_professionals"]["reasons"] == [
        "Young Professionals for citizens of France is paused since 2026-03-01."
    ]


def test_a_consultant_closes_a_route(data_dir: Path) -> None:
    doc = yaml.safe_load((data_dir / "routes.yaml").read_text(encoding="utf-8"))
    transferee = [r["id"] for r in doc["routes"]].index("intra_company_transferee")
    doc["routes"][transferee].update(status="paused", since="2026-12-01", reason="route.paused")
    (data_dir / "routes.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    result = assess({"intra_company_transfer": True}, rulebook=load_rulebook(data_dir))["routes"][transferee]
    assert (result["verdict"], result["status"], result["verdict_if_open"]) == ("ineligible", "paused", "eligible")
    assert result["reasons"] == ["This route is paused since 2026-12-01: no new applications are taken for now."]


def test_a_route_marked_unverified_is_never_eligible(data_dir: Path) -> None:
    doc = yaml.safe_load((data_dir / "routes.yaml").read_text(encoding="utf-8"))
    transferee = [r["id"] for r in doc["routes"]].index("intra_company_transferee")
    doc["routes"][transferee].update(
        verified=False, unverified_why="page not reachable", consultant_checks="c10.consultant_checks"
    )
    (data_dir / "routes.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    result = assess({"intra_company_transfer": True}, rulebook=load_rulebook(data_dir))["routes"][transferee]
    assert (result["verdict"], result["verified"]) == ("possible", False)
    # said in the route's plain words, not "one of the rules could not be checked"
    assert result["caveats"] == [
        "A consultant judges whether your work would bring Canada a significant benefit: an officer's decision, not a rule."
    ]


def test_an_unverified_route_must_say_what_a_consultant_checks(data_dir: Path) -> None:
    doc = yaml.safe_load((data_dir / "routes.yaml").read_text(encoding="utf-8"))
    doc["routes"][0].update(verified=False, unverified_why="page not reachable")
    (data_dir / "routes.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(RuleDataError, match="says what a consultant checks"):
        load_rulebook(data_dir)


def test_a_checklist_step_needs_its_message_and_source(data_dir: Path) -> None:
    edit(data_dir, "checklists", "text: next.iec_police", "text: next.nowhere")
    with pytest.raises(RuleDataError, match=r"checklists.iec\[1\]: message 'next.nowhere'"):
        load_rulebook(data_dir)


def test_a_route_s_steps_link_its_own_page_where_the_checklist_says_route() -> None:
    routes = {route.id: route for route in default_rulebook().routes}
    ceta, uk = routes["ceta_intra_company_transferee"], routes["cuktca_intra_company_transferee"]
    assert ceta.next_steps[0].url == ceta.row.source.url != uk.next_steps[0].url == uk.row.source.url


def test_an_unverified_row_without_a_why_is_refused(data_dir: Path) -> None:
    edit(data_dir, "iec", "verified: true", "verified: false")
    with pytest.raises(RuleDataError, match="unverified_why"):
        load_rulebook(data_dir)


def test_a_closed_category_needs_since_and_reason(data_dir: Path) -> None:
    edit(data_dir, "iec", "working_holiday: {status: open", "working_holiday: {status: closed")
    with pytest.raises(RuleDataError, match="since"):
        load_rulebook(data_dir)


def test_an_unknown_source_is_refused(data_dir: Path) -> None:
    edit(data_dir, "routes", "source: pdi_ict_c61_c62_c63", "source: pdi_nowhere")
    with pytest.raises(RuleDataError, match=r"source 'pdi_nowhere' is not in sources\.yaml"):
        load_rulebook(data_dir)


def test_an_older_check_date_moves_rules_as_of(data_dir: Path) -> None:
    edit(data_dir, "iec", "checked: '2026-11-26'", "checked: '2026-01-15'")
    assert load_rulebook(data_dir).rules_as_of == "2026-01-15"


def test_unquoted_dates_are_read_as_dates(data_dir: Path) -> None:
    edit(data_dir, "iec", "checked: '2026-11-26'", "checked: 2026-02-01")
    assert load_rulebook(data_dir).rules_as_of == "2026-02-01"


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        (
            "iec",
            "working_holiday: {status: open, min_age: 18, max_age: 30, max_months: 12}",
            "working_holiday: {status: open, min_age: 18, max_age: -1, max_months: 12}",
            "iec.yaml: countries[0] (code AD).categories.working_holiday.max_age: -1 is less than the minimum of 0",
        ),
        (
            "iec",
            "working_holiday: {status: open, min_age: 18, max_age: 30, max_months: 12}",
            "working_holiday: {status: open, min_age: 40, max_age: 30, max_months: 12}",
            "iec.yaml: countries[0] (code AD).working_holiday: min_age 40 is above max_age 30",
        ),
        ("iec", "  - code: 'FR'", "  - code: 'QQ'", "iec.yaml: countries[11] (code QQ): unknown ISO 3166 country code"),
        (
            "iec",
            "working_holiday: {status: open, min_age: 18, max_age: 30, max_months: 12}",
            "working_holiday: {status: open, min_age: 18, max_age: thirty, max_months: 12}",
            "countries[0] (code AD).categories.working_holiday.max_age: 'thirty' is not of type 'integer'",
        ),
        (
            "iec",
            "working_holiday: {status: open, min_age: 18, max_age: 35, max_months: 24}",
            "working_holday: {status: open, min_age: 18, max_age: 35, max_months: 24}",
            "(code AU).categories: Additional properties are not allowed ('working_holday' was unexpected)",
        ),
        (
            "routes",
            "kind: is_true, field: has_csq",
            "kind: is_true, field: has_cs",
            "routes.yaml: routes[0] (id imp_plus).criteria[0]: field 'has_cs' is not a profile field",
        ),
        ("routes", "fail: imp_plus.no_csq", "fail: imp_plus.nope", "message 'imp_plus.nope' is not in messages.yaml"),
        (
            "routes",
            "{kind: iec_partner_age, category: working_holiday}",
            "{kind: iec_age, category: working_holiday}",
            "routes.yaml: routes[1] (id iec_working_holiday).criteria[0].kind: 'iec_age' is not one of",
        ),
        (
            "cusma",
            "credentials: [degree, professional_designation]",
            "credentials: [degree, diploma]",
            "cusma.yaml: professions[0] (id accountant): unknown credential kind 'diploma'",
        ),
        (
            "messages",
            'imp_plus.has_csq: {en: "You hold',
            'imp_plus.has_csq: {en_: "You hold',
            "messages.yaml: reasons.imp_plus.has_csq",
        ),
        (
            "profile",
            "age:             {type: integer",
            "age:             {type: int",
            "profile.yaml: fields.age.type: 'int' is not one of",
        ),
        (
            "profile",
            "[AB, BC, MB, NB, NL, NS, NT, NU, 'ON',",
            "[AB, BC, MB, NB, NL, NS, NT, NU, ON,",
            "fields.job_offer_province.enum[8]: True is not of type 'string'",
        ),
        (
            "countries",
            "- code: FR\n",
            "- code: fr\n",
            "countries.yaml: countries[74] (code fr).code: 'fr' does not match",
        ),
        (
            "routes",
            "cap: iec.yp_teer4_officer_decides",
            "cap: iec.yp_teer4_maybe",
            "criteria[2]: message 'iec.yp_teer4_maybe' is not in messages.yaml",
        ),
        (
            "routes",
            "source: ircc_hire_iec\n",
            "source: ircc_hire\n",
            "(id iec_young_professionals): source 'ircc_hire' is not in sources.yaml",
        ),
        (
            "sources",
            '    page_date_unknown: "the stored copy of the page shows no \'Date modified\'"\n    copy: "stored copy of the canada.ca',
            '    copy: "stored copy of the canada.ca',
            "sources.yaml: sources.ircc_hire_iec",
        ),
        ("routes", "noc_field: job_offer_noc", "noc_field: job_noc", "noc_field 'job_noc' is not a profile field"),
        ("iec", "countries:\n", "countries: [\n", "iec.yaml: is not valid YAML"),
        (
            "agreements",
            "      MY: {cap: cptpp.my_managers_only}",
            "      SG: {cap: cptpp.my_managers_only}",
            "agreements.yaml: lists.cptpp_ict.by_country: 'SG' is not among the list's countries",
        ),
        (
            "agreements",
            "      MY: {cap: cptpp.my_managers_only}",
            "      MY: {cap: cptpp.managers}",
            "agreements.yaml: lists.cptpp_ict.by_country.MY: message 'cptpp.managers' is not in messages.yaml",
        ),
        (
            "agreements",
            "CL: {agreement: ccfta, codes: 'F23, F24'",
            "CL: {agreement: chile, codes: 'F23, F24'",
            "agreements.yaml: lists.fta_ict.by_country.CL: agreement 'chile' is not in messages.yaml",
        ),
        (
            "agreements",
            "countries: [GB]",
            "countries: [UK]",
            "agreements.yaml: lists.cuktca: unknown ISO 3166 country code 'UK'",
        ),
        (
            "routes",
            "{kind: citizenship_in, list: cuktca, pass: agreement.citizen_uk",
            "{kind: citizenship_in, list: uk, pass: agreement.citizen_uk",
            "routes.yaml: routes (id cuktca_professional).criteria[1]: country list 'uk' is unknown",
        ),
        (
            "routes",
            "cap: agreement.ict_employer_in_uk}",
            "cap: agreement.employer_in_uk}",
            "message 'agreement.employer_in_uk' is not in messages.yaml",
        ),
        # A country's own terms (agreements.yaml fta_professional) are checked as a route's criteria.
        (
            "agreements",
            "fields: [has_job_offer, service_contract], cue_only",
            "fields: [has_job_offer, services_contract], cue_only",
            "agreements.yaml: lists.fta_professional.by_country.CL.terms[0]: fields[1] 'services_contract' is not a"
            " profile field",
        ),
        (
            "agreements",
            "cue_only: [service_contract]",
            "cue_only: [has_degree]",
            "agreements.yaml: lists.fta_professional.by_country.CL.terms[0]: a cue_only field of any_true is not"
            " among its fields",
        ),
        (
            "agreements",
            "fail: fta.teer_0_or_1_only}\n          - {kind: is_true, field: has_degree",
            "fail: fta.teer_low}\n          - {kind: is_true, field: has_degree",
            "agreements.yaml: lists.fta_professional.by_country.PA.terms[1]: message 'fta.teer_low' is not in messages.yaml",
        ),
        (
            "agreements",
            "fail: fta.no_degree_4_years}\n      UA:",
            "fail: fta.no_degree_4_years, source: pdi_gats}\n      UA:",
            "by_country.PA.terms[2]: Additional properties are not allowed ('source' was unexpected)",
        ),
        (
            "routes",
            "{kind: country_terms, list: fta_professional,",
            "{kind: country_terms, list: gats,",
            "routes.yaml: routes (id fta_professional).criteria[0]: country list 'gats' gives no country its terms",
        ),
        (
            "routes",
            "capped: {has_professional_licence: gats.licence_forestry_only}",
            "capped: {has_licence: gats.licence_forestry_only}",
            "(id gats_professional).criteria[2]: a capped field of any_true is not among its fields",
        ),
    ],
)
def test_bad_file_names_file_entry_and_problem(data_dir: Path, name: str, old: str, new: str, expected: str) -> None:
    edit(data_dir, name, old, new)
    with pytest.raises(RuleDataError) as error:
        load_rulebook(data_dir)
    assert expected in str(error.value)


def test_missing_file(data_dir: Path) -> None:
    (data_dir / "cusma.yaml").unlink()
    with pytest.raises(RuleDataError, match=r"cusma\.yaml: cannot be read"):
        load_rulebook(data_dir)
