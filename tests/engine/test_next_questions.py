"""The engine says which missing fact settles the most routes next, and when nothing is left."""

from __future__ import annotations

from imp_engine import next_questions


def test_empty_profile_starts_with_citizenship_then_age() -> None:
    assert next_questions({})[0] == "citizenships"
    assert next_questions({"citizenships": ["FR"]})[0] == "age"


def test_citizenship_and_age_before_anything_specific() -> None:
    questions = next_questions({})
    assert questions[0] == "citizenships"
    assert next_questions({"citizenships": ["FR"]})[0] == "age"
    assert questions.index("citizenships") < questions.index("french_level")


def test_never_asks_about_a_closed_route() -> None:
    assert "has_csq" not in next_questions({})
    assert "has_csq" not in next_questions({"citizenships": ["IN"], "age": 40})


def test_never_asks_csq_of_someone_living_in_quebec() -> None:
    assert "has_csq" not in next_questions({"current_location": "quebec"})


def test_never_asks_french_when_the_job_is_in_quebec() -> None:
    assert "french_level" not in next_questions({"has_job_offer": True, "job_offer_province": "QC"})


def test_never_asks_studies_when_no_iec_category_is_open() -> None:
    questions = next_questions({"citizenships": ["IN"], "age": 30})
    assert "is_student" not in questions and "internship_required" not in questions


def test_cusma_questions_only_for_us_and_mexican_citizens() -> None:
    assert "occupation" not in next_questions({"citizenships": ["FR"], "age": 30, "has_job_offer": True})
    assert "occupation" in next_questions({"citizenships": ["US"], "age": 30, "has_job_offer": True})


def test_the_most_decisive_question_comes_first() -> None:
    # A 28-year-old French citizen: a job offer decides three routes at once.
    assert next_questions({"citizenships": ["FR"], "age": 28})[0] == "has_job_offer"


# What settles the open permits for someone abroad who has no Canadian studies and no partner there.
NO_OPEN_PERMIT = {"current_location": "abroad", "canadian_credential": "none", "partner_in_canada": "none"}


def test_nothing_left_to_ask_once_every_route_is_decided() -> None:
    profile = {
        "citizenships": ["IN"],
        "age": 40,
        "has_job_offer": False,
        "has_csq": False,
        "intra_company_transfer": False,
    }
    # Nothing fits yet: the open permits are asked about, where the person lives first (it settles
    # two of them), then studies in Canada and a partner there.
    assert next_questions(profile)[0] == "current_location"
    assert next_questions({**profile, "current_location": "abroad"})[:2] == ["canadian_credential", "partner_in_canada"]
    assert next_questions({**profile, **NO_OPEN_PERMIT}) == []


def test_the_open_permits_wait_for_a_cue_when_a_route_fits() -> None:
    # A French 28-year-old fits the Working Holiday: nobody asks about a partner in Canada...
    working_holiday = {"citizenships": ["FR"], "age": 28, "has_job_offer": False, "current_location": "abroad"}
    assert "partner_in_canada" not in next_questions(working_holiday)
    # ...unless the person said so: then what decides the spouse's permit is asked.
    assert "partner_job_teer" in next_questions({**working_holiday, "partner_in_canada": "worker"})
    # A student in Canada is asked about the program, whatever else fits.
    student = {**working_holiday, "current_location": "canada_other", "status_in_canada": "student"}
    assert "canadian_credential" in next_questions(student)


def test_a_route_that_cannot_be_settled_asks_nothing_more() -> None:
    from imp_engine import assess_profile

    profile = {
        "citizenships": ["IN"],
        "age": 40,
        "has_job_offer": True,
        "intra_company_transfer": False,
        **NO_OPEN_PERMIT,
    }
    assert assess_profile(profile).next_questions() == [
        "job_offer_province",
        "french_level",
        "job_offer_primary_agriculture",
    ]
    assert assess_profile(profile).next_questions(unanswerable=["french_level"]) == []


def test_an_agreement_repeating_a_route_does_not_push_its_question_ahead() -> None:
    """For a French citizen the CETA transferee route repeats the general one: the transfer question
    still counts once, and the job's TEER (which settles Young Professionals) comes first."""
    questions = next_questions({"citizenships": ["FR"], "age": 28, "has_job_offer": True, "job_offer_province": "ON"})
    assert questions.index("job_offer_teer") < questions.index("intra_company_transfer")


def test_a_question_only_an_agreement_needs_is_still_asked_of_its_citizens() -> None:
    assert "trade_or_investment" in next_questions({"citizenships": ["DE"], "age": 40})
    assert "trade_or_investment" not in next_questions({"citizenships": ["CH"], "age": 40})
