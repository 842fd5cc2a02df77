"""How the open permits' answers and facts are read (intake_nlu.durations, parsers.parse_field_value,
the opening's facts): lengths, times since, a partner's sentence, studies in Canada."""

from __future__ import annotations

import datetime

import pytest

from intake_nlu import durations, parsers
from intake_nlu.facts import extract

TODAY = datetime.date(2026, 12, 3)


def facts(text: str) -> dict[str, object]:
    return {fact.slot: fact.value for fact in extract(text, today=TODAY)}


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("2 years", 24),
        ("two years", 24),
        ("deux ans", 24),
        ("a year and a half", 18),
        ("un an et demi", 18),
        ("18 mois", 18),
        ("4 years, regular bachelor's", 48),
        ("1 year and 6 months", 18),
        ("2", 24),  # a bare small number is years
        ("18", 18),
        ("it was a 2-year diploma", 24),
    ],
)
def test_a_length_in_months(text: str, months: int) -> None:
    assert durations.parse_months(text) == months


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("3 months ago", 90),
        ("il y a deux mois", 60),
        ("ça fait 5 mois", 150),
        ("in June", 171),  # mid-June 2026 to 2026-12-03
        ("en août", 110),
        ("just graduated", 3),
        ("last month", 30),
        ("not yet", -30),
        ("pas encore", -30),
        ("i finish in 2 months", -60),
    ],
)
def test_a_time_since(text: str, days: int) -> None:
    assert durations.parse_days_ago(text, TODAY) == days


def test_a_month_still_to_come_this_year_is_last_year_s() -> None:
    assert durations.parse_days_ago("in December", datetime.date(2026, 11, 1)) == 321


def test_may_is_a_month_only_when_said_as_one() -> None:
    assert durations.parse_days_ago("I may have finished", TODAY) is None
    assert durations.parse_days_ago("I finished in May", TODAY) == 202


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        ("partner_in_canada", "no, i don't have a spouse or partner working or studying in canada", "none"),
        ("partner_in_canada", "yes, my husband is on a study permit since september", "student"),
        ("partner_in_canada", "nobody", "none"),
        ("pr_application", "no, i didn't apply for residence, i don't know how", "none"),
        ("pr_application", "not yet, first i need the CSQ from quebec", "none"),
        ("pr_application", "yes, alberta nominated me through the AAIP, not express entry; no restriction", "pnp"),
        ("status_in_canada", "visitor now, my study permit expired so i changed to visitor", "visitor"),
        ("english_level", "not good, maybe CLB 3 or 4", "basic"),
        ("canadian_credential", "no idea", parsers.DONT_KNOW),
        ("canadian_credential", "yes, a masters at UBC", "masters"),
        ("partner_study_level", "professional program", "professional"),
    ],
)
def test_an_answer_names_its_value(field: str, text: str, value: str) -> None:
    assert parsers.parse_field_value(field, text) == value


def test_a_partner_s_job_by_its_title() -> None:
    assert parsers.parse_teer_of_a_job("civil engineer") == (1, "21300")
    assert parsers.parse_teer_of_a_job("TEER 2") == (2, None)


class TestOpenings:
    def test_the_graduate_of_the_issue(self) -> None:
        said = facts(
            "Hi, I am Indian, 24, I finished a two-year diploma at a college in Toronto three months ago "
            "and I am still on my study permit"
        )
        assert said["canadian_credential"] == "college" and said["canadian_program_months"] == 24
        assert said["completed_days_ago"] == 90 and said["status_in_canada"] == "student"

    def test_the_engineer_s_wife_of_the_issue(self) -> None:
        said = facts(
            "my husband is a civil engineer, brazilian like me, he has a work permit in st. albert, alberta "
            "with 2 years left on it. i'm still in belo horizonte."
        )
        assert said["partner_in_canada"] == "worker" and said["partner_job_teer"] == 1
        assert said["partner_permit_months_left"] == 24
        # the partner's city and job are not the person's
        assert "job_offer_province" not in said and "occupation" not in said

    def test_a_doctorate_in_engineering_is_a_doctorate(self) -> None:
        said = facts("my wife is starting her PhD in electrical engineering at université laval, a 5-year program")
        assert said["partner_study_level"] == "doctorate" and said["partner_program_months"] == 60
        assert "has_degree" not in said  # hers, not the person's

    def test_a_profession_is_no_program(self) -> None:
        assert "partner_in_canada" not in facts("my wife has a law practice in Lyon")

    def test_ma_femme_is_no_master_s(self) -> None:
        said = facts("ma femme est partie au canada pour son BBA à l'université algoma")
        assert said["partner_study_level"] == "bachelor"

    def test_a_credential_is_canadian_only_with_a_canadian_place(self) -> None:
        assert facts("i did a 2-year master's at université laval in sainte-foy")["canadian_credential"] == "masters"
        assert "canadian_credential" not in facts("I did a master's in India, now I have a job offer in Toronto")

    def test_an_education_named_alone_was_not_earned_in_canada(self) -> None:
        # the answer to "what is your highest education?" (found by the e2e conversations)
        assert "canadian_credential" not in facts("un diplôme collégial")
        assert "canadian_credential" not in facts("a college diploma")

    def test_someone_else_s_program_is_not_one_s_own(self) -> None:
        said = facts("he's doing a 1-year college certificate at sheridan college in oakville")
        assert "canadian_credential" not in said and "canadian_program_months" not in said

    def test_the_last_status_said_counts(self) -> None:
        said = facts("my study permit ran out last month and i extended as a visitor")
        assert said["status_in_canada"] == "visitor"

    def test_waiting_for_a_csq_is_not_holding_one(self) -> None:
        assert facts("i filed my DSP, now waiting for my CSQ")["has_csq"] is False
        assert facts("pas encore, il me faut le CSQ du québec d'abord")["has_csq"] is False

    def test_an_express_entry_application(self) -> None:
        said = facts("my PGWP expires in 3 months. i applied for PR thru express entry (CEC)")
        assert said["pr_application"] == "express_entry" and said["status_in_canada"] == "worker"

    def test_who_speaks_of_their_own_permit_or_partner_is_the_worker(self) -> None:
        assert (
            facts("my study permit is still valid and my completion letter came 4 months ago")["audience"] == "worker"
        )
        assert facts("my husband has a work permit in Calgary with 2 years left")["audience"] == "worker"
        assert facts("our candidate is on a PGWP, she graduated from Humber")["audience"] == "employer"

    def test_a_worker_in_a_canadian_town_lives_there_and_names_the_program_applied_to(self) -> None:
        said = facts(
            "i work in saint-jean-sur-richelieu on a closed permit. i got my CSQ through the PEQ and sent my "
            "PR application to IRCC"
        )
        assert said["status_in_canada"] == "worker" and said["current_location"] == "quebec"
        assert said["pr_application"] == "quebec"

    def test_a_program_s_length_said_after_it(self) -> None:
        said = facts(
            "i did a graduate certificate at humber, etobicoke campus. it was 7 months and i finished 2 months ago"
        )
        assert said["canadian_program_months"] == 7 and said["completed_days_ago"] == 60
