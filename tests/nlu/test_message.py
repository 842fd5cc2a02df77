"""A message's surroundings are read one way by every reader (intake_nlu.message): the clause of a
word ends at commas, colons, dashes and sentence ends — and, where asked, before "and"/"but" — and
the sentence before a word never reaches into the sentence before it."""

from __future__ import annotations

import pytest

from intake_nlu.message import AND_BUT, BUT, read


def at(text: str, word: str) -> int:
    return text.index(word)


@pytest.mark.parametrize(
    ("text", "word", "clause"),
    [
        ("Colombian — my partner is French", "French", " my partner is "),
        ("Je suis mexicain: ma femme est française", "française", " ma femme est "),
        ("I speak French", "French", "I speak "),
        ("Hi. My wife is Irish, I'm Spanish", "Spanish", " I'm "),
    ],
)
def test_the_clause_before_a_word_starts_at_its_clause(text: str, word: str, clause: str) -> None:
    assert read(text).clause_before(at(text, word)) == clause


@pytest.mark.parametrize(
    ("text", "word", "joins", "clause"),
    [
        ("French and I speak it", "French", AND_BUT, " "),
        ("French and I speak it", "French", (), " and I speak it"),
        ("in Ottawa, not Gatineau", "Ottawa", BUT, ""),
        ("pas 34 mais 36", "34", BUT, " "),
        ("pas 34 MAIS 36", "34", BUT, " "),
        ("Mexican civil engineer here – 38", "civil", (), " engineer here "),
    ],
)
def test_the_clause_after_a_word_ends_at_a_mark_or_a_join(
    text: str, word: str, joins: tuple[str, ...], clause: str
) -> None:
    start = at(text, word) + len(word)
    assert read(text).clause_after(start, joins) == clause


def test_the_words_before_stay_in_their_sentence() -> None:
    text = "I live in Lyon. Born in 1990"
    assert read(text).words_before(at(text, "1990"), 4) == "Born in"
    assert read(text).words_before(at(text, "Lyon"), 2, floor=at(text, "live")) == "live in"


def test_the_words_after_are_counted() -> None:
    text = "27 years old, and a cook"
    assert read(text).words_after(2, 2) == "years old,"
