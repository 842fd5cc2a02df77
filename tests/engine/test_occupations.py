"""Free-text occupations in English and French matched to the CUSMA professions list."""

from __future__ import annotations

import pytest

from imp_engine.occupations import match_profession
from imp_engine.rulebook import default_rulebook
from intake_nlu.text import fold

RULES = default_rulebook()


@pytest.mark.parametrize(
    ("text", "profession"),
    [
        ("software engineer", "engineer"),
        ("ingénieure civile", "engineer"),
        ("Je suis l’ingénieure civile de l'équipe", "engineer"),
        ("I'm a pharmacist", "pharmacist"),
        ("PHARMACIENNE", "pharmacist"),
        ("landscape architect", "landscape_architect"),
        ("architecte paysagiste", "landscape_architect"),
        ("architect", "architect"),
        ("I work as a registered nurse in Texas", "registered_nurse"),
        ("infirmière", "registered_nurse"),
        ("comptable", "accountant"),
        ("management consultant", "management_consultant"),
        ("conseillère en gestion", "management_consultant"),
        ("actuary", "mathematician"),
        ("university professor", "teacher_post_secondary"),
        ("technicienne de laboratoire", "scientific_technician"),
    ],
)
def test_matches(text: str, profession: str) -> None:
    match = match_profession(text, RULES)
    assert match is not None and match.id == profession


@pytest.mark.parametrize(
    "text",
    ["line cook", "engineering student", "veteran", "pharmacy assistant", "truck driver", "serveuse", "", "!!!"],
)
def test_no_match_without_a_whole_listed_phrase(text: str) -> None:
    assert match_profession(text, RULES) is None


def test_every_synonym_matches_its_own_profession_and_no_other() -> None:
    owners: dict[str, str] = {}
    for profession in RULES.professions:
        for synonym in profession.synonyms:
            assert owners.setdefault(fold(synonym), profession.id) == profession.id, f"{synonym!r} listed twice"
            match = match_profession(synonym, RULES)
            assert match is not None and match.id == profession.id, synonym
