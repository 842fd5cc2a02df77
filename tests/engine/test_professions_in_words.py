"""The CUSMA professions found in a person's words however they are worded (cusma.yaml `matching`):
French names, feminine and plural forms, small words and word order read alike; a trainee is not
the professional. And the near matches behind misspelt words (intake_nlu.text.nearest, on
rapidfuzz) read as the hand-written edit distance they replace did."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imp_engine.occupations import match_profession, profession_matcher
from imp_engine.rulebook import default_rulebook
from intake_nlu.text import nearest

RULES = default_rulebook()


@pytest.mark.parametrize(
    ("text", "profession"),
    [
        ("analyste en systèmes informatiques", "computer_systems_analyst"),
        ("analyste de systèmes", "computer_systems_analyst"),
        ("Analystes de systèmes informatiques", "computer_systems_analyst"),
        ("computer systems analyst", "computer_systems_analyst"),
        ("IT systems analyst", "computer_systems_analyst"),
        ("Analyst, computer systems", "computer_systems_analyst"),
        ("développeuses de logiciels", "computer_systems_analyst"),
        ("ingénieure civile", "engineer"),
        ("ingénieures civiles", "engineer"),
        ("comptable", "accountant"),
        ("experte-comptable", "accountant"),
        ("pharmacienne", "pharmacist"),
        ("avocate", "lawyer"),
        ("conseillères d'orientation", "vocational_counsellor"),
        ("technologiste médicale", "medical_laboratory_technologist"),
        ("rédactrices techniques", "technical_publications_writer"),
        ("nurse, registered", "registered_nurse"),
        ("actuaries", "mathematician"),
    ],
)
def test_forms_not_listed_are_read_as_the_listed_one(text: str, profession: str) -> None:
    match = match_profession(text, RULES)
    assert match is not None and match.id == profession


@pytest.mark.parametrize(
    "text",
    [
        "stagiaire ingénieur",
        "ingénieure stagiaire",
        "engineering intern",
        "engineer in training",
        "student nurse",
        "apprentie comptable",
        "pharmacist trainee",
    ],
)
def test_a_trainee_is_not_the_professional(text: str) -> None:
    assert match_profession(text, RULES) is None


def test_a_trainee_elsewhere_in_the_sentence_leaves_the_profession() -> None:
    match = match_profession("I'm an engineer and I supervise interns", RULES)
    assert match is not None and match.id == "engineer"


def _official_names() -> Iterable[tuple[str, str]]:
    """Each profession's English and French name as the list words it, when it is one title (no
    qualifier, no alternatives)."""
    for profession in RULES.professions:
        for name in profession.name.values():
            if not re.search(r"[(/]| ou | or ", name):
                yield name, profession.id


@pytest.mark.parametrize(("name", "profession"), list(_official_names()))
def test_the_list_s_own_names_match_whole(name: str, profession: str) -> None:
    found = profession_matcher(RULES).find(name)
    assert found is not None and found[0].id == profession and (found[1], found[2]) == (0, len(name))


def test_no_two_professions_share_a_synonym_once_normalized() -> None:
    matcher = profession_matcher(RULES)
    owners: dict[tuple[str, ...], str] = {}
    for profession in RULES.professions:
        for synonym in profession.synonyms:
            words = tuple(sorted(matcher.normalized(synonym)))
            assert owners.setdefault(words, profession.id) == profession.id, synonym


def test_the_match_stands_where_the_person_wrote_it() -> None:
    text = "Je suis analyste en systèmes informatiques à Monterrey"
    found = profession_matcher(RULES).find(text)
    assert found is not None and text[found[1] : found[2]] == "analyste en systèmes informatiques"


def _optimal_string_alignment(a: str, b: str) -> int:
    """The hand-written distance nearest used before rapidfuzz, kept as the oracle."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


WORDS = st.text(alphabet="abcdeéy -", max_size=12)


@given(WORDS, st.lists(st.tuples(WORDS, st.sampled_from("XYZ")), max_size=8))
def test_nearest_keeps_its_rule(word: str, candidates: list[tuple[str, str]]) -> None:
    """The key of the nearest spellings within one letter (two from eight), if they agree."""
    allowed = 1 if len(word) < 8 else 2
    near = [(_optimal_string_alignment(word, spelling), key) for spelling, key in candidates]
    near = [(distance, key) for distance, key in near if distance <= allowed]
    keys = {key for distance, key in near if distance == min(d for d, _ in near)} if near else set()
    assert nearest(word, candidates) == (keys.pop() if len(keys) == 1 else None)


@pytest.mark.parametrize(
    ("word", "key"),
    [("enigneer", "engineer"), ("pharmacsit", "pharmacist"), ("acountant", "accountant"), ("purple", None)],
)
def test_a_misspelt_word_is_read_as_the_nearest(word: str, key: str | None) -> None:
    vocabulary = ["engineer", "pharmacist", "accountant", "architect", "economist"]
    assert nearest(word, ((known, known) for known in vocabulary)) == key
