"""Whole conversations over the REST channel against the real servers; the result is read back
through the HTTP API (behind its token), as an integration would."""

from __future__ import annotations

import pytest

from .servers import Assistant, request, texts

MAX_TURNS = 30

# Answers a person gives, by the question asked (the tracker's requested_slot).
WORKER_EN_FRENCH = {
    "audience": "I want to work in Canada",
    "citizenships": "I'm French",
    "age": "28",
    "has_job_offer": "yes",
    "job_offer_province": "Toronto",
    "job_offer_title": "an electrician",
    "teer_check": "yes",
    "job_offer_teer": "TEER 2",
    "french_level": "fluent",
    "is_student": "no",
    "has_csq": "no",
    "current_location": "abroad",
    "intra_company_transfer": "no",
    "trade_or_investment": "no",
    "has_degree": "yes",
    "job_offer_primary_agriculture": "no",
}
WORKER_FR_SPANISH = {
    "audience": "Je veux travailler au Canada",
    "citizenships": "je suis espagnole",
    "age": "vingt-deux ans",
    "has_job_offer": "oui",
    "job_offer_province": "Montréal",
    "job_offer_title": "vendeuse",
    "teer_check": "non, ce n'est pas ça",
    "job_offer_teer": "4",
    "has_degree": "non",
    "is_student": "oui",
    "internship_required": "oui",
    "has_csq": "oui",
    "current_location": "à l'étranger",
    "intra_company_transfer": "non",
    "trade_or_investment": "non",
    "french_level": "intermédiaire",
    "education": "un diplôme collégial",
    "job_offer_primary_agriculture": "non",
}
EMPLOYER_EN_AMERICAN = {
    "audience": "I'm an employer hiring",
    "citizenships": "American",
    "age": "45",
    "has_job_offer": "yes",
    "job_offer_province": "Quebec",
    "occupation": "pharmacist",
    "has_degree": "yes",
    "intra_company_transfer": "yes",
    "trade_or_investment": "yes",
    "business_visit": "yes",
    "has_csq": "no",
    "current_location": "abroad",
}
EMPLOYER_FR_INDIAN = {
    "audience": "Je suis un employeur qui veut embaucher",
    "citizenships": "indienne",
    "age": "40",
    "has_job_offer": "non",
    "has_csq": "non",
    "intra_company_transfer": "non",
    "current_location": "à l'étranger",
    "open_permits_check": "rien de cela",
}

# What anybody of the open-permit conversations below answers when asked (each overrides some).
OPEN_PERMIT_DEFAULTS_EN = {
    "audience": "for me",
    "age": "30",
    "has_job_offer": "no",
    "job_offer_province": "Ontario",
    "intra_company_transfer": "no",
    "trade_or_investment": "no",
    "business_visit": "no",
    "current_location": "outside Canada",
    "status_in_canada": "no status",
    "canadian_credential": "no studies in Canada",
    "english_level": "advanced, CLB 8",
    "french_level": "none",
    "partner_in_canada": "no",
    "pr_application": "no application",
    "pstq_invited": "no",
    "service_contract": "no",
    "has_degree": "yes",
    "education": "a bachelor's degree",
    "has_csq": "no",
    "open_permits_check": "none of these",
}
# The people of issue 23 the open permits and the agreements' professionals are for, each with the
# route a whole conversation must reach (the engine's tests decide every rule; these, the flow).
OPEN_PERMIT_PEOPLE = [
    (
        "Hi, I'm Indian, 24. I finished a two-year diploma at a college in Toronto three months ago "
        "and I'm still on my study permit",
        {**OPEN_PERMIT_DEFAULTS_EN, "current_location": "Ontario", "canadian_program_months": "2 years"},
        "pgwp",
    ),
    (
        "Hello, my husband is a civil engineer with a work permit in St. Albert, Alberta, 2 years left "
        "on it. I'm Brazilian, 33, still in Belo Horizonte",
        {**OPEN_PERMIT_DEFAULTS_EN, "partner_job_teer": "civil engineer", "partner_permit_months_left": "24 months"},
        "spouse_of_worker",
    ),
    (
        "Hi, I'm Nigerian, 30; my wife is doing her PhD at UBC on a study permit",
        {**OPEN_PERMIT_DEFAULTS_EN, "partner_study_level": "a doctorate"},
        "spouse_of_student",
    ),
    (
        "Hi, I'm Filipino, 35, in Vancouver on a work permit, and I applied for PR through Express Entry",
        {**OPEN_PERMIT_DEFAULTS_EN, "current_location": "British Columbia"},
        "bridging_open_work_permit",
    ),
    (
        "Hi, I'm Moroccan, 33, a welder in Granby, Quebec, on a closed permit; I got the PSTQ invitation "
        "and filed my DSP",
        {
            **OPEN_PERMIT_DEFAULTS_EN,
            "current_location": "Quebec",
            "has_job_offer": "yes",
            "job_offer_province": "Quebec",
        },
        "quebec_pstq_worker",
    ),
    (
        "Hi, I'm a German engineer, 40; my Munich employer is sending me to deliver a services contract "
        "for a client in Calgary",
        {**OPEN_PERMIT_DEFAULTS_EN, "service_contract": "yes"},
        "ceta_professional",
    ),
    (
        "Hi, I'm Indian, 40, an engineer; my firm in Pune has a two-month services contract with a client "
        "in Calgary and sends me to deliver it",
        {**OPEN_PERMIT_DEFAULTS_EN, "service_contract": "yes"},
        "gats_professional",
    ),
    (
        "Hi, I'm British, 45, a consultant with a services contract for a client in Toronto",
        {**OPEN_PERMIT_DEFAULTS_EN, "service_contract": "yes"},
        "cuktca_professional",
    ),
    (
        "Hi, I'm Japanese, 34, a software developer with a job offer in Vancouver",
        {
            **OPEN_PERMIT_DEFAULTS_EN,
            "has_job_offer": "yes",
            "job_offer_province": "Vancouver",
            "job_offer_title": "software developer",
            "teer_check": "yes",
            "job_offer_teer": "1",
        },
        "cptpp_professional",
    ),
    (
        "Hi, I'm Indian, 45, a cook with a job offer in Montreal",
        {
            **OPEN_PERMIT_DEFAULTS_EN,
            "has_job_offer": "yes",
            "job_offer_province": "Montreal",
            "job_offer_title": "cook",
            "teer_check": "yes",
            "job_offer_teer": "3",
            "job_offer_primary_agriculture": "no",
        },
        "significant_benefit",
    ),
]

# A German manager her Munich employer transfers to Calgary, who also invests there (CETA), and the
# Chilean director a Montreal company brings over, who trades between Chile and Canada (Canada–Chile
# agreement, CPTPP).
WORKER_EN_GERMAN = {
    "audience": "I want to work in Canada",
    "citizenships": "German",
    "age": "41",
    "has_job_offer": "yes",
    "job_offer_province": "Calgary",
    "job_offer_title": "operations manager",
    "teer_check": "yes",
    "job_offer_teer": "TEER 1",
    "french_level": "none",
    "intra_company_transfer": "yes",
    "trade_or_investment": "yes",
    "job_offer_primary_agriculture": "no",
}
EMPLOYER_FR_CHILEAN = {
    "audience": "Je suis un employeur qui veut embaucher",
    "citizenships": "chilien",
    "age": "38",
    "has_job_offer": "oui",
    "job_offer_province": "Montréal",
    "job_offer_title": "directeur des ventes",
    "teer_check": "oui",
    "job_offer_teer": "0",
    "has_degree": "oui",
    "intra_company_transfer": "oui",
    "trade_or_investment": "oui",
    "has_csq": "non",
    "current_location": "à l'étranger",
    "french_level": "aucun",
    "job_offer_primary_agriculture": "non",
}

# What each of them must be suggested, best first (eligible before possible). The Spanish saleswoman's
# TEER 4 job keeps Young Professionals "possible": "a NOC TEER 4 job might be accepted" with her
# college diploma, an officer decides (imp_engine/data/routes.yaml).
ROUTES_EN_FRENCH = ["iec_working_holiday", "iec_young_professionals", "francophone_mobility"]
ROUTES_FR_SPANISH = ["iec_working_holiday", "iec_international_coop", "iec_young_professionals"]
ROUTES_EN_AMERICAN = [
    "cusma_professional",
    "cusma_intra_company_transferee",
    "cusma_trader_investor",
    "cusma_business_visitor",
    "intra_company_transferee",
]
ROUTES_EN_GERMAN = ["intra_company_transferee", "ceta_intra_company_transferee", "ceta_investor"]
ROUTES_FR_CHILEAN = [
    "fta_trader_investor",
    "intra_company_transferee",
    "cptpp_professional",  # possible: the CPTPP's and the CCFTA's lists of occupations are for a consultant
    "fta_professional",
    "cptpp_intra_company_transferee",
    "fta_intra_company_transferee",
    "cptpp_investor",
]


def converse(assistant: Assistant, sender: str, opening: str, answers: dict[str, str]) -> list[str]:
    """Opens, then answers whatever is asked until the suggestion; returns everything said."""
    said = [texts(assistant.say(sender, opening))]
    for _ in range(MAX_TURNS):
        slots = assistant.slots(sender)
        asked = slots.get("requested_slot")
        if asked is None and slots.get("suggested_routes") is not None:
            return said
        assert asked in answers, f"asked {asked!r}, which this person has no answer for; so far: {said}"
        said.append(texts(assistant.say(sender, answers[asked])))
    raise AssertionError(f"no suggestion after {MAX_TURNS} turns: {said}")


@pytest.mark.parametrize(
    ("opening", "answers", "routes", "language"),
    [
        ("Hi", WORKER_EN_FRENCH, ROUTES_EN_FRENCH, "en"),
        ("Bonjour", WORKER_FR_SPANISH, ROUTES_FR_SPANISH, "fr"),
        ("Hello", EMPLOYER_EN_AMERICAN, ROUTES_EN_AMERICAN, "en"),
        ("Bonjour", EMPLOYER_FR_INDIAN, [], "fr"),
        ("Hi", WORKER_EN_GERMAN, ROUTES_EN_GERMAN, "en"),
        ("Bonjour", EMPLOYER_FR_CHILEAN, ROUTES_FR_CHILEAN, "fr"),
    ],
    ids=["en-worker", "fr-worker", "en-employer", "fr-employer-nothing-fits", "en-ceta", "fr-chile-cptpp"],
)
def test_full_conversation_suggests_the_right_routes(
    assistant: Assistant, sender: str, opening: str, answers: dict[str, str], routes: list[str], language: str
) -> None:
    said = converse(assistant, sender, opening, answers)
    slots = assistant.slots(sender)
    assert slots["suggested_routes"] == routes
    assert slots["language"] == language
    final = said[-1]
    disclaimer = "not legal advice" if language == "en" else "non un avis juridique"
    assert disclaimer in final
    if routes:
        assert ("✅" in final) and all(r not in final for r in routes)  # names, not ids, are shown
    else:
        assert ("none of the" in final) if language == "en" else ("aucune des voies" in final)


def test_every_open_route_is_suggested_by_some_conversation() -> None:
    """Each open route is among the routes a whole conversation above (or, for the Canada–UK routes,
    test_trade_agreements.py) must reach."""
    from imp_engine.rulebook import default_rulebook

    reached = {
        *ROUTES_EN_FRENCH,
        *ROUTES_FR_SPANISH,
        *ROUTES_EN_AMERICAN,
        *ROUTES_EN_GERMAN,
        *ROUTES_FR_CHILEAN,
        *(route for _, _, route in OPEN_PERMIT_PEOPLE),
        "cuktca_intra_company_transferee",
        "cuktca_investor",
    }
    assert reached == {route.id for route in default_rulebook().routes if route.status.open}


@pytest.mark.parametrize(
    ("opening", "answers", "route"), OPEN_PERMIT_PEOPLE, ids=[route for _, _, route in OPEN_PERMIT_PEOPLE]
)
def test_the_people_of_the_new_routes_reach_them(
    assistant: Assistant, sender: str, opening: str, answers: dict[str, str], route: str
) -> None:
    converse(assistant, sender, opening, answers)
    assert route in assistant.slots(sender)["suggested_routes"]


@pytest.mark.parametrize(
    ("opening", "answers", "words"),
    [
        (
            "Hi, I hold a CSQ as a skilled worker",
            {
                **EMPLOYER_FR_INDIAN,
                "audience": "I want to work in Canada",
                "citizenships": "Indian",
                "has_job_offer": "no",
                "intra_company_transfer": "no",
            },
            "IMP+ has been closed to new applicants since 2025-01-16",
        ),
        (
            "Bonjour, j'ai un CSQ de travailleur qualifié",
            EMPLOYER_FR_INDIAN,
            "Le PMI+ est fermé aux nouveaux demandeurs depuis le 2025-01-16",
        ),
    ],
    ids=["en", "fr"],
)
def test_a_csq_holder_is_told_imp_plus_is_closed(
    assistant: Assistant, sender: str, opening: str, answers: dict[str, str], words: str
) -> None:
    said = converse(assistant, sender, opening, answers)
    slots = assistant.slots(sender)
    assert slots["has_csq"] is True
    assert "imp_plus" not in slots["suggested_routes"]
    assert words in said[-1]
    assert "⛔" in said[-1] and "✅" not in said[-1]


def test_a_question_about_imp_plus_says_it_is_closed(assistant: Assistant, sender: str) -> None:
    assistant.say(sender, "Hi")
    assert "closed to new applicants since January 16, 2025" in texts(assistant.say(sender, "what is IMP+?"))


def test_several_facts_at_once_then_only_what_is_missing(assistant: Assistant, sender: str) -> None:
    assistant.say(sender, "Hi")
    assistant.say(sender, "I want to work in Canada")
    replies = assistant.say(sender, "I'm 27, French and Mexican, and I have a job offer in Montreal")
    slots = assistant.slots(sender)
    assert slots["age"] == 27 and sorted(slots["citizenships"]) == ["FR", "MX"]
    assert slots["has_job_offer"] is True and slots["job_offer_province"] == "QC"
    assert slots["requested_slot"] not in ("age", "citizenships", "has_job_offer", "job_offer_province")
    assert "French" not in texts(replies)  # asks on, does not repeat a question already answered


def test_a_correction_after_the_suggestion_re_decides(assistant: Assistant, sender: str) -> None:
    converse(assistant, sender, "Hi", WORKER_EN_FRENCH)
    assert "iec_working_holiday" in assistant.slots(sender)["suggested_routes"]
    replies = assistant.say(sender, "actually I'm 36")
    slots = assistant.slots(sender)
    assert slots["age"] == 36
    assert slots["suggested_routes"] == ["francophone_mobility"]
    assert "Francophone Mobility" in texts(replies)


def test_a_bad_answer_is_asked_again_and_nothing_is_lost(assistant: Assistant, sender: str) -> None:
    assistant.say(sender, "Hi")
    assistant.say(sender, "I want to work in Canada")
    assistant.say(sender, "French")
    replies = assistant.say(sender, "I'm 250")
    slots = assistant.slots(sender)
    assert slots["requested_slot"] == "age" and slots["age"] is None
    assert slots["citizenships"] == ["FR"] and slots["audience"] == "worker"
    assert "between 14 and 99" in texts(replies)
    replies = assistant.say(sender, "Narnia")
    assert "consultant" in texts(replies)  # the second misunderstanding in a row offers one


def test_unknown_country_gets_a_specific_re_ask(assistant: Assistant, sender: str) -> None:
    assistant.say(sender, "Bonjour")
    assistant.say(sender, "Je veux travailler au Canada")
    replies = assistant.say(sender, "Narnia")
    assert "Je ne reconnais pas « Narnia » comme un pays" in texts(replies)
    assert assistant.slots(sender)["requested_slot"] == "citizenships"


def test_a_question_on_the_way_is_answered_then_the_question_comes_back(assistant: Assistant, sender: str) -> None:
    assistant.say(sender, "Hi")
    assistant.say(sender, "I want to work in Canada")
    replies = assistant.say(sender, "what is an LMIA?")
    assert "Labour Market Impact Assessment" in texts(replies)
    assert "passport" in texts(replies)  # and the pending question again, in other words the second time
    assert assistant.slots(sender)["requested_slot"] == "citizenships"


def test_pause_ask_and_resume(assistant: Assistant, sender: str) -> None:
    assistant.say(sender, "Hi")
    assistant.say(sender, "I want to work in Canada")
    assistant.say(sender, "Irish")
    replies = assistant.say(sender, "let me ask something else")
    assert "continue" in texts(replies)
    assert assistant.slots(sender)["requested_slot"] is None
    assert "Young Professionals" in texts(assistant.say(sender, "what is IEC?"))
    replies = assistant.say(sender, "let's continue")
    slots = assistant.slots(sender)
    assert slots["citizenships"] == ["IE"] and slots["requested_slot"] == "age"
    assert "How old" in texts(replies)


def test_start_over_clears_the_answers(assistant: Assistant, sender: str) -> None:
    assistant.say(sender, "Hi")
    assistant.say(sender, "I want to work in Canada")
    assistant.say(sender, "I'm Japanese and 25")
    replies = assistant.say(sender, "start over")
    slots = assistant.slots(sender)
    assert slots["citizenships"] is None and slots["age"] is None and slots["audience"] is None
    assert slots["requested_slot"] == "audience"
    assert "start over" in texts(replies)


def test_switches_language_when_asked(assistant: Assistant, sender: str) -> None:
    assistant.say(sender, "Hi")
    replies = assistant.say(sender, "en français svp")
    assert assistant.slots(sender)["language"] == "fr"
    assert "français" in texts(replies)
    replies = assistant.say(sender, "English please")
    assert assistant.slots(sender)["language"] == "en"
    assert "English" in texts(replies)


def test_the_widget_language_is_used(assistant: Assistant, sender: str) -> None:
    replies = assistant.say(sender, "hello", metadata={"language": "fr"})
    assert assistant.slots(sender)["language"] == "fr"
    assert "Bonjour" in texts(replies)


def test_two_misunderstandings_in_a_row_offer_a_consultant(assistant: Assistant, sender: str) -> None:
    assistant.say(sender, "Hi")
    assistant.say(sender, "let me ask something else")
    first = assistant.say(sender, "zxq vlorp grmbl")
    assert "didn't understand" in texts(first)
    second = assistant.say(sender, "blorf quizzle wump")
    assert "consultant" in texts(second)
    assert any(r.get("buttons") for r in second)


def test_the_http_api_needs_the_token(assistant: Assistant, sender: str) -> None:
    assistant.say(sender, "Hi")
    status, _ = request("GET", f"{assistant.url}/conversations/{sender}/tracker")
    assert status == 401
    status, _ = request("GET", f"{assistant.url}/conversations/{sender}/tracker", token="wrong-token")
    assert status == 401


def test_answers_in_french_from_the_first_message(assistant: Assistant, sender: str) -> None:
    replies = assistant.say(sender, "J'ai 27 ans, je suis française et mexicaine et j'ai une offre d'emploi à Montréal")
    slots = assistant.slots(sender)
    assert slots["language"] == "fr"
    assert slots["age"] == 27 and sorted(slots["citizenships"]) == ["FR", "MX"]
    assert "Bonjour" in texts(replies)
