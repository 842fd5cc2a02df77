"""The suggestion says plainly when a route is closed, when a verdict rests on a rule that could not
be verified, and how old the rules it used are — in both languages."""

from __future__ import annotations

import pytest

from actions.suggest import suggestion_messages
from imp_engine import assess

CSQ_ABROAD = {
    "has_csq": True,
    "current_location": "abroad",
    "citizenships": ["IN"],
    "age": 40,
    "has_job_offer": False,
    "intra_company_transfer": False,
}


def said(profile: dict, language: str = "en", audience: str = "worker") -> str:
    return "\n".join(suggestion_messages(assess(profile, language), language, audience))


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "closed to new applicants since 2025-01-16"), ("fr", "fermé aux nouveaux demandeurs depuis le 2025-01-16")],
)
def test_a_csq_holder_is_told_imp_plus_is_closed_and_what_else_to_do(language: str, words: str) -> None:
    text = said(CSQ_ABROAD, language)
    closed_line = next(line for line in text.splitlines() if line.startswith("⛔"))
    assert words in closed_line
    assert ("consultant can check the other routes" if language == "en" else "consultant peut vérifier") in closed_line
    assert "✅" not in text and "❔" not in text  # never offered as an option


def test_imp_plus_is_not_mentioned_to_someone_who_never_spoke_of_a_csq() -> None:
    assert "IMP+" not in said({"citizenships": ["FR"], "age": 28})


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "only at the officer's discretion"), ("fr", "qu'à la discrétion de l'agent")],
)
def test_a_verdict_an_officer_decides_says_why_a_consultant_must_confirm(language: str, words: str) -> None:
    """Young Professionals with a TEER 4 job: "might be accepted" with a post-secondary credential."""
    profile = {
        "citizenships": ["FR"],
        "age": 28,
        "has_job_offer": True,
        "job_offer_teer": 4,
        "education": "post_secondary",
        "job_offer_province": "ON",
        "is_student": False,
        "intra_company_transfer": False,
        "french_level": "none",
    }
    line = next(line for line in said(profile, language).splitlines() if line.startswith("❔"))
    assert "Young Professionals" in line or "Jeunes professionnels" in line
    assert words in line


def test_rules_checked_as_of_the_oldest_row_used() -> None:
    assert said({"citizenships": ["FR"], "age": 28}).endswith("(Rules checked as of 2026-11-26.)")


BRITISH_TRANSFEREE = {
    "citizenships": ["GB"],
    "age": 45,
    "intra_company_transfer": True,
    "has_job_offer": True,
    "job_offer_province": "ON",
    "trade_or_investment": False,
    "french_level": "none",
}


@pytest.mark.parametrize(
    ("language", "eligible", "possible"),
    [
        (
            "en",
            "✅ Intra-company transferee (work permit tied to the employer, code C61/C62/C63): ",
            "❔ Canada–UK agreement: intra-corporate transferee (work permit tied to the employer, code F61/F63/F62): "
            "The company that employs you abroad must be in the United Kingdom",
        ),
        (
            "fr",
            "✅ Personne mutée à l'intérieur d'une société (permis de travail lié à l'employeur, code C61/C62/C63) : ",
            "❔ Accord Canada–Royaume-Uni – personne mutée à l'intérieur d'une société (permis de travail lié à "
            "l'employeur, code F61/F63/F62) : L'entreprise qui vous emploie à l'étranger doit se trouver au Royaume-Uni",
        ),
    ],
)
def test_each_route_is_named_with_the_permit_it_gives_and_its_codes(
    language: str, eligible: str, possible: str
) -> None:
    lines = said(BRITISH_TRANSFEREE, language).splitlines()
    assert any(line.startswith(eligible) for line in lines)
    assert any(line.startswith(possible) for line in lines)


def test_a_route_that_gives_an_open_permit_says_so() -> None:
    lines = said({"citizenships": ["FR"], "age": 25, "has_job_offer": False, "is_student": False}).splitlines()
    assert any(line.startswith("✅ IEC Working Holiday (open work permit, code C21): ") for line in lines)


# One person per family of routes, each offered the route named: the first step of its checklist
# and the page to read come under it, in both languages.
FAMILIES = {
    "iec": ({"citizenships": ["FR"], "age": 25, "has_job_offer": False, "is_student": False}, "IEC Working Holiday"),
    "agreement": (BRITISH_TRANSFEREE, "Canada–UK agreement: intra-corporate transferee"),
    "transferee": (BRITISH_TRANSFEREE, "Intra-company transferee"),
    "cusma": (
        {"citizenships": ["US"], "age": 40, "occupation": "engineer", "has_degree": True, "has_job_offer": True},
        "CUSMA professional",
    ),
    "open permit": (
        {
            "citizenships": ["IN"],
            "age": 24,
            "current_location": "canada_other",
            "status_in_canada": "student",
            "canadian_credential": "bachelor",
            "english_level": "advanced",
            "canadian_program_months": 36,
            "completed_days_ago": 20,
        },
        "Post-graduation work permit",
    ),
    "unverified": (
        {"citizenships": ["IN"], "age": 30, "current_location": "quebec", "pstq_invited": True, "has_job_offer": True},
        None,
    ),
}


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize(("language", "first"), [("en", "   ➜ First step: "), ("fr", "   ➜ Première étape : ")])
def test_each_route_offered_comes_with_its_first_step_and_page(family: str, language: str, first: str) -> None:
    profile, name = FAMILIES[family]
    result = assess(profile, language)
    offered = [r for r in result["routes"] if r["suggested"]]
    assert offered, f"{family}: nothing offered"
    lines = "\n".join(suggestion_messages(result, language, "worker")).splitlines()
    for route in offered:
        at = next(i for i, line in enumerate(lines) if line[:2] in ("✅ ", "❔ ") and route["name"] in line)
        step = route["next_steps"][0]
        assert lines[at + 1] == f"{first}{step['text']} {step['url']}"
        assert step["url"].startswith("https://www.canada.ca/")
    if name and language == "en":
        assert any(r["name"].startswith(name) for r in offered), [r["name"] for r in offered]
    hint = "what do I need?" if language == "en" else "de quoi ai-je besoin ?"
    assert hint in "\n".join(lines)


def test_the_agreements_link_their_own_page_not_another_s() -> None:
    routes = {r["id"]: r for r in assess(BRITISH_TRANSFEREE)["routes"]}
    assert "/agreement-cuktca/transferees.html" in routes["cuktca_intra_company_transferee"]["next_steps"][0]["url"]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "A consultant checks the policy's current terms"),
        ("fr", "Un consultant vérifie les conditions actuelles"),
    ],
)
def test_an_unverified_rule_is_said_as_what_a_consultant_checks(language: str, words: str) -> None:
    text = said(FAMILIES["unverified"][0], language)
    pstq = next(line for line in text.splitlines() if line.startswith("❔") and ("PSTQ" in line))
    assert words in pstq
    assert "could not be checked" not in text and "n'a pas pu être vérifiée" not in text


def test_nothing_fits_gives_no_checklist_hint() -> None:
    text = said({"citizenships": ["IN"], "age": 50, "has_job_offer": False, "intra_company_transfer": False})
    assert "what do I need?" not in text
