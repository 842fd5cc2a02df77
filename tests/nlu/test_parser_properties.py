"""Properties of every answer parser over any text (Hypothesis): no exception, and an answer of the
right kind and range, or None."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from imp_engine.rulebook import default_rulebook
from intake_nlu import parsers
from intake_nlu.facts import extract

ANY_TEXT = st.text(max_size=300)
WORDS = st.lists(
    st.sampled_from(
        [
            "I'm",
            "je",
            "suis",
            "27",
            "ans",
            "French",
            "française",
            "Canada",
            "Québec",
            "Toronto",
            "yes",
            "non",
            "born",
            "in",
            "1990",
            "TEER",
            "3",
            "@",
            "+1",
            "514",
            "555",
            "0199",
            "ana@example.org",
            "not",
            "pas",
            "🙂",
            "<b>",
            "'",
            "-1",
            # names of several words, found or misspelt, next to each other and to commas
            "South",
            "Korean,",
            "British",
            "Colubmia",
            "New",
            "Brunswik",
            "Mexcian",
            "Untied",
            "States.",
            ",",
            "—",
        ]
    ),
    max_size=12,
).map(" ".join)
TEXTS = st.one_of(ANY_TEXT, WORDS)
PROVINCES = set(default_rulebook().profile.fields["job_offer_province"]["enum"])
LIMITS = parsers.limits()


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_age_is_a_number_or_dont_know_or_nothing(text: str) -> None:
    age = parsers.parse_age(text, today=datetime.date(2026, 11, 25))
    assert age is None or age == parsers.DONT_KNOW or isinstance(age, int)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_citizenships_are_known_iso_codes_once_each(text: str) -> None:
    codes = parsers.parse_citizenships(text)
    assert len(codes) == len(set(codes))
    assert set(codes) <= set(default_rulebook().countries)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_province_is_a_province_code_or_nothing(text: str) -> None:
    assert parsers.parse_province(text) in PROVINCES | {None, parsers.DONT_KNOW}


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_yes_no_is_a_boolean_dont_know_or_nothing(text: str) -> None:
    assert parsers.parse_yes_no(text) in (True, False, None, parsers.DONT_KNOW)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_email_is_one_address_or_nothing(text: str) -> None:
    email = parsers.parse_email(text)
    assert email is None or (email.count("@") == 1 and " " not in email and email in text.lower() + text)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from([None, "FR", "US", "MX", "IN"]))
def test_phone_is_e164_or_nothing(text: str, region: str | None) -> None:
    phone = parsers.parse_phone(text, region)
    assert phone is None or (phone.startswith("+") and phone[1:].isdigit() and 8 <= len(phone) <= 16)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_facts_lie_inside_the_message(text: str) -> None:
    for fact in extract(text, today=datetime.date(2026, 11, 25)):
        assert 0 <= fact.start <= fact.end <= len(text)
        if fact.slot == "age":
            assert isinstance(fact.value, int)
