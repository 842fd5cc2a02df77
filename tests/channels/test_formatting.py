from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from channels.formatting import chosen_payload, numbered, platform, present, split_text

YES_NO = [
    {"title": "Yes", "payload": "Yes"},
    {"title": "No", "payload": "No"},
    {"title": "I don't know", "payload": "I don't know"},
]
TEER = [{"title": "TEER 0-1", "payload": "1"}, {"title": "TEER 2", "payload": "2"}, {"title": "TEER 3", "payload": "3"}]


def test_short_text_is_one_message() -> None:
    assert split_text("Hello.\n\nWhich country?", 1600) == ["Hello.\n\nWhich country?"]


def test_paragraphs_are_kept_whole_when_they_fit() -> None:
    text = "\n\n".join(["a" * 900, "b" * 900, "c" * 100])
    assert split_text(text, 1600) == ["a" * 900, "b" * 900 + "\n\n" + "c" * 100]


def test_a_long_paragraph_is_cut_between_sentences_then_words() -> None:
    sentence = "This route may fit you. "
    parts = split_text(sentence * 100, 200)
    assert all(len(p) <= 200 for p in parts)
    assert all(p.endswith(".") for p in parts)
    assert split_text("word " * 50, 22)[0] == "word word word word"


def test_a_single_huge_word_is_cut_to_the_limit() -> None:
    assert split_text("x" * 45, 20) == ["x" * 20, "x" * 20, "x" * 5]


@given(st.text(min_size=1, max_size=3000), st.integers(min_value=5, max_value=500))
def test_every_piece_fits_and_no_word_is_lost(text: str, limit: int) -> None:
    parts = split_text(text, limit)
    assert all(len(p) <= limit for p in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())


def test_numbered_choices_follow_the_question() -> None:
    assert numbered("Do you have a job offer?", YES_NO) == (
        "Do you have a job offer?\n\n1. Yes\n2. No\n3. I don't know"
    )


def test_a_typed_number_or_title_is_the_choice() -> None:
    assert chosen_payload("2", YES_NO) == "No"
    assert chosen_payload(" 3. ", YES_NO) == "I don't know"
    assert chosen_payload("#1", TEER) == "1"
    assert chosen_payload("teer 2", TEER) == "2"
    assert chosen_payload("i DON'T know", YES_NO) == "I don't know"


def test_anything_else_is_not_a_choice() -> None:
    assert chosen_payload("4", YES_NO) is None
    assert chosen_payload("0", YES_NO) is None
    assert chosen_payload("31", YES_NO) is None
    assert chosen_payload("yes, I have one", YES_NO) is None
    assert chosen_payload("2", []) is None
    assert chosen_payload("", YES_NO) is None


def test_platform_buttons_only_where_the_platform_can_show_them() -> None:
    question = "Do you have a job offer?"
    assert present(question, YES_NO, platform("whatsapp")) == (numbered(question, YES_NO), [])
    assert present(question, YES_NO, platform("telegram")) == (question, YES_NO)
    assert present(question, YES_NO, platform("messenger")) == (question, YES_NO)


def test_titles_too_long_for_quick_replies_become_numbers() -> None:
    choices = [{"title": "I want to work in Canada", "payload": "worker"}, {"title": "Employer", "payload": "boss"}]
    text, shown = present("Who are you?", choices, platform("messenger"))  # quick reply titles: 20 characters
    assert text == numbered("Who are you?", choices)
    assert shown == [{"title": "1", "payload": "worker"}, {"title": "2", "payload": "boss"}]


def test_choices_the_platform_cannot_carry_are_numbered_in_the_text() -> None:
    long_payload = [{"title": "x", "payload": "é" * 40}]
    assert present("Q", long_payload, platform("telegram")) == (numbered("Q", long_payload), [])  # 64 bytes
    many = [{"title": str(i), "payload": str(i)} for i in range(14)]
    assert present("Q", many, platform("messenger")) == (numbered("Q", many), [])  # 13 quick replies
