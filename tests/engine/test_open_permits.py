"""The open permits and the Canadian-interest routes of issue 23, each case built from its page's
own line (imp_engine/data/routes.yaml quotes them): the post-graduation permit (C43), the spouses of
workers (C41) and of students (C42), the bridging permit (A75), Quebec's PSTQ public policy and the
significant benefit (C10)."""

from __future__ import annotations

import datetime

import pytest

from imp_engine import assess, clock

from .helpers import verdict, verdicts

# An Indian graduate of a two-year college program in Ontario, finished three months ago.
GRADUATE = {
    "citizenships": ["IN"],
    "age": 24,
    "current_location": "canada_other",
    "status_in_canada": "student",
    "canadian_credential": "college",
    "canadian_program_months": 24,
    "completed_days_ago": 90,
    "english_level": "intermediate",
}
# The wife of a Brazilian engineer with a work permit in a TEER 1 job and two years left on it.
ENGINEER_WIFE = {
    "citizenships": ["BR"],
    "age": 31,
    "current_location": "abroad",
    "partner_in_canada": "worker",
    "partner_job_teer": 1,
    "partner_permit_months_left": 24,
}
DOCTORAL_SPOUSE = {
    "citizenships": ["NG"],
    "age": 30,
    "partner_in_canada": "student",
    "partner_study_level": "doctorate",
}
EXPRESS_ENTRY_WORKER = {
    "citizenships": ["PH"],
    "age": 35,
    "current_location": "canada_other",
    "status_in_canada": "worker",
    "pr_application": "express_entry",
}
PSTQ_INVITEE = {
    "citizenships": ["MA"],
    "age": 33,
    "current_location": "quebec",
    "pstq_invited": True,
    "has_job_offer": True,
}


class TestPostGraduation:
    """'a minimum of 8 months in duration'; 'received within 180 days'; CLB/NCLC 7 after a degree,
    5 after a college program; a college program's field of study on IRCC's list."""

    def test_a_college_graduate_is_possible_for_the_field_of_study_list(self) -> None:
        route = verdicts(GRADUATE)["pgwp"]
        assert (route["verdict"], route["missing"], route["suggested"]) == ("possible", [], True)
        assert any("field of study" in reason for reason in route["caveats"])

    @pytest.mark.parametrize("credential", ["bachelor", "masters", "doctorate"])
    def test_a_degree_needs_no_field_of_study_but_level_7(self, credential: str) -> None:
        graduate = {**GRADUATE, "canadian_credential": credential}
        assert verdict({**graduate, "english_level": "advanced"}, "pgwp") == "eligible"
        assert (
            verdict({**graduate, "french_level": "none"}, "pgwp") == "ineligible"
        )  # CLB 5 is not enough after a degree

    @pytest.mark.parametrize(("months", "expected"), [(8, "possible"), (7, "ineligible")])
    def test_eight_months_of_program_and_seven(self, months: int, expected: str) -> None:
        assert verdict({**GRADUATE, "canadian_program_months": months}, "pgwp") == expected

    @pytest.mark.parametrize(("days", "expected"), [(180, "eligible"), (181, "ineligible"), (-30, "eligible")])
    def test_180_days_after_completion_and_181(self, days: int, expected: str) -> None:
        graduate = {**GRADUATE, "canadian_credential": "masters", "english_level": "advanced"}
        assert verdict({**graduate, "completed_days_ago": days}, "pgwp") == expected

    def test_french_counts_as_much_as_english(self) -> None:
        graduate = {**GRADUATE, "canadian_credential": "bachelor", "english_level": "basic"}
        assert verdict({**graduate, "french_level": "advanced"}, "pgwp") == "eligible"
        assert verdicts(graduate)["pgwp"]["missing"] == ["french_level"]
        assert verdict({**graduate, "french_level": "intermediate"}, "pgwp") == "ineligible"

    def test_no_canadian_program_no_permit(self) -> None:
        assert verdict({**GRADUATE, "canadian_credential": "none"}, "pgwp") == "ineligible"

    def test_the_program_is_asked_before_its_length(self) -> None:
        student = {"citizenships": ["IN"], "age": 24, "current_location": "canada_other", "status_in_canada": "student"}
        assert verdicts(student)["pgwp"]["missing"] == ["canadian_credential"]

    def test_said_in_french(self) -> None:
        route = verdicts({**GRADUATE, "canadian_program_months": 7}, "fr")["pgwp"]
        assert route["name"] == "Permis de travail postdiplôme (PTPD)"
        assert "7 mois" in route["reasons"][-1]


class TestSpouseOfWorker:
    """Applications from 2025-01-21: a partner in TEER 0 or 1 or a select TEER 2 or 3 occupation, with
    a permit valid 16 months or more after the application's receipt; the C41 page could be read
    only in part, so the route is possible at best."""

    def test_the_engineer_s_wife_is_possible_and_told_why(self) -> None:
        route = verdicts(ENGINEER_WIFE)["spouse_of_worker"]
        assert (route["verdict"], route["missing"], route["verified"], route["suggested"]) == (
            "possible",
            [],
            False,
            True,
        )

    @pytest.mark.parametrize(("months", "expected"), [(16, "possible"), (15, "ineligible")])
    def test_sixteen_months_left_and_fifteen(self, months: int, expected: str) -> None:
        assert verdict({**ENGINEER_WIFE, "partner_permit_months_left": months}, "spouse_of_worker") == expected

    @pytest.mark.parametrize(
        ("teer", "expected"), [(0, "possible"), (2, "possible"), (3, "possible"), (4, "ineligible"), (5, "ineligible")]
    )
    def test_teer_of_the_partner_s_job(self, teer: int, expected: str) -> None:
        assert verdict({**ENGINEER_WIFE, "partner_job_teer": teer}, "spouse_of_worker") == expected

    def test_a_select_teer_2_occupation_is_for_the_consultant(self) -> None:
        route = verdicts({**ENGINEER_WIFE, "partner_job_teer": 2})["spouse_of_worker"]
        assert any("Annex A" in reason for reason in route["caveats"])

    def test_the_noc_code_gives_the_teer(self) -> None:
        wife = {k: v for k, v in ENGINEER_WIFE.items() if k != "partner_job_teer"}
        assert verdict({**wife, "partner_job_noc": "65201"}, "spouse_of_worker") == "ineligible"  # TEER 5

    def test_a_partner_who_studies_is_the_other_route(self) -> None:
        assert verdict({**ENGINEER_WIFE, "partner_in_canada": "student"}, "spouse_of_worker") == "ineligible"


class TestSpouseOfStudent:
    """'only spouses of principal foreign nationals in doctorate programs, certain eligible programs or
    professional programs, and master's programs of 16 months or longer'."""

    def test_a_doctoral_student_s_spouse(self) -> None:
        assert verdict(DOCTORAL_SPOUSE, "spouse_of_student") == "eligible"

    @pytest.mark.parametrize(("months", "expected"), [(16, "eligible"), (15, "ineligible")])
    def test_a_master_s_of_sixteen_months_and_fifteen(self, months: int, expected: str) -> None:
        spouse = {**DOCTORAL_SPOUSE, "partner_study_level": "masters", "partner_program_months": months}
        assert verdict(spouse, "spouse_of_student") == expected

    def test_the_length_is_asked_only_of_a_master_s(self) -> None:
        assert verdicts({**DOCTORAL_SPOUSE, "partner_study_level": "masters"})["spouse_of_student"]["missing"] == [
            "partner_program_months"
        ]
        assert verdicts(DOCTORAL_SPOUSE)["spouse_of_student"]["missing"] == []

    @pytest.mark.parametrize("level", ["college", "bachelor"])
    def test_college_and_bachelor_s_programs_no_longer_qualify(self, level: str) -> None:
        assert verdict({**DOCTORAL_SPOUSE, "partner_study_level": level}, "spouse_of_student") == "ineligible"

    def test_a_professional_degree_is_checked_against_the_list(self) -> None:
        route = verdicts({**DOCTORAL_SPOUSE, "partner_study_level": "professional"})["spouse_of_student"]
        assert route["verdict"] == "possible" and any("BScN" in reason for reason in route["caveats"])


class TestBridging:
    """In Canada with a valid work permit; a principal applicant for permanent residence."""

    def test_an_express_entry_applicant_with_a_work_permit(self) -> None:
        assert verdict(EXPRESS_ENTRY_WORKER, "bridging_open_work_permit") == "eligible"

    @pytest.mark.parametrize(
        "change",
        [
            {"status_in_canada": "visitor"},
            {"status_in_canada": "student"},
            {"pr_application": "none"},
            {"current_location": "abroad"},
        ],
    )
    def test_visitors_students_and_people_without_an_application_do_not_qualify(self, change: dict) -> None:
        profile = {**EXPRESS_ENTRY_WORKER, **change}
        if change.get("current_location") == "abroad":
            del profile["status_in_canada"]
        assert verdict(profile, "bridging_open_work_permit") == "ineligible"

    def test_a_provincial_nomination_must_not_tie_to_an_employer(self) -> None:
        route = verdicts({**EXPRESS_ENTRY_WORKER, "pr_application": "pnp"})["bridging_open_work_permit"]
        assert route["verdict"] == "possible" and any("nomination" in reason for reason in route["caveats"])


class TestQuebecPstq:
    """The PSTQ public policy: read only in part (never eligible), and closed after its end date."""

    def test_an_invitee_in_quebec_with_an_offer_is_possible(self) -> None:
        route = verdicts(PSTQ_INVITEE)["quebec_pstq_worker"]
        assert (route["verdict"], route["verified"], route["status"]) == ("possible", False, "open")

    def test_the_day_after_its_end_it_reports_itself_closed(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(clock, "today", lambda: datetime.date(2026, 12, 31))
        assert verdicts(PSTQ_INVITEE)["quebec_pstq_worker"]["status"] == "open"
        monkeypatch.setattr(clock, "today", lambda: datetime.date(2027, 1, 1))
        route = verdicts(PSTQ_INVITEE)["quebec_pstq_worker"]
        assert (route["verdict"], route["status"], route["status_since"]) == ("ineligible", "closed", "2027-01-01")
        assert route["reasons"][0] == "The temporary public policy for PSTQ invitees ended on 2027-01-01."
        assert "pstq_invited" not in assess({"current_location": "quebec"})["next_questions"]

    def test_a_csq_holder_in_quebec_hears_imp_plus_is_closed_and_where_to_look(self) -> None:
        routes = verdicts({**PSTQ_INVITEE, "has_csq": True})
        assert routes["imp_plus"]["verdict"] == "ineligible"
        assert routes["quebec_pstq_worker"]["suggested"]


class TestSignificantBenefit:
    """Never decided by the engine: at most possible, and offered only when nothing else is."""

    def test_offered_when_nothing_else_fits(self) -> None:
        nothing_else = {
            "citizenships": ["IN"],
            "age": 45,
            "has_job_offer": True,
            "job_offer_province": "QC",
            "intra_company_transfer": False,
            "canadian_credential": "none",
            "partner_in_canada": "none",
            "current_location": "abroad",
        }
        route = verdicts(nothing_else)["significant_benefit"]
        assert (route["verdict"], route["suggested"]) == ("possible", True)
        assert any("officer decides" in reason for reason in route["caveats"])

    def test_not_offered_beside_a_route_that_fits(self) -> None:
        route = verdicts({**ENGINEER_WIFE, "has_job_offer": True})["significant_benefit"]
        assert (route["verdict"], route["suggested"]) == ("possible", False)


class TestAskedOnACue:
    """The open permits add no question for a person another route fits, unless they gave a cue."""

    def test_not_offered_without_a_fact(self) -> None:
        assert not verdicts({"citizenships": ["FR"], "age": 28})["pgwp"]["suggested"]


class TestAgreementProfessionals:
    """CETA's and the Canada–UK agreement's service suppliers (a services contract, a university
    degree, a sector of Annex 10-E); the CPTPP's professionals and technicians, country by country."""

    GERMAN_ENGINEER = {"citizenships": ["DE"], "age": 40, "service_contract": True, "has_degree": True}
    JAPANESE_DEVELOPER = {
        "citizenships": ["JP"],
        "age": 34,
        "has_job_offer": True,
        "job_offer_noc": "21232",
        "has_degree": True,
    }

    def test_the_german_engineer_delivering_a_contract_is_possible_for_the_sector_list(self) -> None:
        route = verdicts(self.GERMAN_ENGINEER)["ceta_professional"]
        assert (route["verdict"], route["missing"], route["suggested"]) == ("possible", [], True)
        assert any("Annex 10-E" in reason for reason in route["caveats"])

    def test_no_degree_no_contract_no_eu_passport(self) -> None:
        assert verdict({**self.GERMAN_ENGINEER, "has_degree": False}, "ceta_professional") == "ineligible"
        assert verdict({**self.GERMAN_ENGINEER, "service_contract": False}, "ceta_professional") == "ineligible"
        assert verdict({**self.GERMAN_ENGINEER, "citizenships": ["CH"]}, "ceta_professional") == "ineligible"
        assert verdict({**self.GERMAN_ENGINEER, "citizenships": ["GB"]}, "cuktca_professional") == "possible"

    def test_a_french_working_holiday_maker_is_not_asked_about_a_services_contract(self) -> None:
        french = {"citizenships": ["FR"], "age": 28, "has_job_offer": False, "current_location": "abroad"}
        assert "service_contract" not in assess(french)["next_questions"]

    def test_the_japanese_developer_past_the_iec_age_band(self) -> None:
        routes = verdicts(self.JAPANESE_DEVELOPER)
        assert routes["iec_working_holiday"]["verdict"] == "ineligible"  # Japan's band is 18 to 30
        assert routes["cptpp_professional"]["verdict"] == "possible" and routes["cptpp_professional"]["suggested"]

    @pytest.mark.parametrize(
        ("country", "committed"),
        [("JP", True), ("MX", True), ("AU", True), ("NZ", False), ("SG", False), ("VN", False)],
    )
    def test_parties_that_did_and_did_not_commit_to_professionals(self, country: str, committed: bool) -> None:
        expected = "possible" if committed else "ineligible"
        assert verdict({**self.JAPANESE_DEVELOPER, "citizenships": [country]}, "cptpp_professional") == expected

    def test_brunei_and_malaysia_say_their_own_limits(self) -> None:
        brunei = verdicts({**self.JAPANESE_DEVELOPER, "citizenships": ["BN"]})["cptpp_professional"]
        assert any("petroleum engineers" in reason for reason in brunei["caveats"])
        malaysia = verdicts({**self.JAPANESE_DEVELOPER, "citizenships": ["MY"]})["cptpp_professional"]
        assert any("no technicians" in reason for reason in malaysia["caveats"])

    @pytest.mark.parametrize(
        ("job", "expected"),
        [
            ({"job_offer_teer": 1}, "possible"),
            ({"job_offer_teer": 2, "education": "post_secondary"}, "possible"),  # a technician
            ({"job_offer_teer": 2, "education": "secondary"}, "ineligible"),
            ({"job_offer_teer": 4, "education": "post_secondary"}, "ineligible"),
            ({"job_offer_teer": 1, "has_degree": False}, "ineligible"),
        ],
    )
    def test_professional_and_technician_levels(self, job: dict, expected: str) -> None:
        profile = {k: v for k, v in self.JAPANESE_DEVELOPER.items() if k not in ("job_offer_noc", "has_degree")}
        if "has_degree" not in job and "education" not in job:
            profile["has_degree"] = True
        assert verdict({**profile, **job}, "cptpp_professional") == expected
