"""Answer parsers, English and French, good and bad answers."""

from __future__ import annotations

import datetime

import pytest

from intake_nlu import parsers
from intake_nlu.numbers import find_number_words

TODAY = datetime.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("twenty-seven", 27),
        ("twenty seven", 27),
        ("vingt-sept", 27),
        ("vingt et un", 21),
        ("soixante-dix-huit", 78),
        ("quatre-vingts", 80),
        ("quatre-vingt-deux", 82),
        ("quatre-vingt-dix-neuf", 99),
        ("dix-neuf", 19),
        ("trente-cinq", 35),
        ("one hundred and five", 105),
        ("seize", 16),
    ],
)
def test_number_words(text: str, value: int) -> None:
    assert [n.value for n in find_number_words(text)] == [value]


def test_number_words_that_make_no_number() -> None:
    assert find_number_words("two three") == []
    assert find_number_words("no numbers here") == []


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("27", 27),
        ("I'm 31", 31),
        ("twenty-eight", 28),
        ("vingt-sept ans", 27),
        ("j'ai 45 ans", 45),
        ("born in 1995", 31),
        ("1999", 27),
        ("né en 2001", 25),
        ("I'm 250", 250),
        ("-", None),
        ("old", None),
        ("je ne sais pas", parsers.DONT_KNOW),
    ],
)
def test_age(text: str, age: object) -> None:
    assert parsers.parse_age(text, TODAY) == age


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("yes", True),
        ("Yep", True),
        ("of course", True),
        ("I do", True),
        ("oui", True),
        ("Ouais", True),
        ("bien sûr", True),
        ("tout à fait", True),
        ("no", False),
        ("nope", False),
        ("not yet", False),
        ("Non, pas du tout", False),
        ("No, I have not", False),
        ("je n'en ai pas", False),
        ("pas encore", False),
        ("yes... no, sorry", False),
        ("not relaly", False),  # a short answer with a misspelt word
        ("pas vraimnet", False),
        ("of cousre", True),
        ("I live in Lyon with my familly", None),  # a longer sentence's near words are not guessed at
        ("I don't know", parsers.DONT_KNOW),
        ("aucune idée", parsers.DONT_KNOW),
        ("maybe", parsers.DONT_KNOW),
        ("purple", None),
        ("", None),
    ],
)
def test_yes_no(text: str, answer: object) -> None:
    assert parsers.parse_yes_no(text) == answer


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("fluent", "advanced"),
        ("native speaker", "advanced"),
        ("B2", "advanced"),
        ("NCLC 5", "intermediate"),
        ("conversational", "intermediate"),
        ("un peu", "basic"),
        ("de base", "basic"),
        ("aucun", "none"),
        ("intermédiaire", "intermediate"),
        ("couramment", "advanced"),
        ("basic, maybe intermediate", "intermediate"),
        ("I translate French into English for a living", "advanced"),  # working in French says the level
        ("j'enseigne le français depuis dix ans", "advanced"),
        ("I translate Spanish", None),
        ("pas un seul mot", "none"),
        ("je le parle un petit peu", "basic"),
        ("je me débrouille", "intermediate"),
        ("medium", "intermediate"),
        ("I only know 'bonjour'", "none"),
        ("I only know a few words", "basic"),
        ("French, only a little. Italian I speak fluently though", "basic"),  # the sentence naming French
        ("le français, très peu. L'italien, par contre, je le parle couramment", "basic"),
        ("French. Fluent.", "advanced"),  # no other language: the level said after
        ("bsaics", "basic"),  # "basics", misspelt
        ("I can manage simple things", "basic"),
        ("green", None),
    ],
)
def test_french_level(text: str, level: object) -> None:
    assert parsers.parse_french_level(text) == level


@pytest.mark.parametrize(
    ("text", "teer"), [("TEER 2", 2), ("2", 2), ("deux", 2), ("0", 0), ("7", None), ("don't know", parsers.DONT_KNOW)]
)
def test_teer(text: str, teer: object) -> None:
    assert parsers.parse_teer(text) == teer


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Mexican", ["MX"]),
        ("mexicaine", ["MX"]),
        ("from Mexico", ["MX"]),
        ("je viens du Mexique", ["MX"]),
        ("French and Mexican", ["FR", "MX"]),
        ("Etats-Unis", ["US"]),
        ("the USA", ["US"]),
        ("UK", ["GB"]),
        ("Côte d’Ivoire", ["CI"]),
        ("sud-coréenne", ["KR"]),
        ("Narnia", []),
        ("tell us", []),
        ("", []),
    ],
)
def test_citizenships(text: str, codes: list[str]) -> None:
    assert parsers.parse_citizenships(text) == codes


@pytest.mark.parametrize(
    ("text", "location"),
    [
        ("Montreal", "quebec"),
        ("Laval", "quebec"),
        ("Quebec City", "quebec"),
        ("in Toronto", "canada_other"),
        ("Colombie-Britannique", "canada_other"),
        ("France", "abroad"),
        ("abroad", "abroad"),
        ("à l'étranger", "abroad"),
        ("outside Canada", "abroad"),
        ("Narnia", None),
    ],
)
def test_current_location(text: str, location: object) -> None:
    assert parsers.parse_current_location(text) == location


def test_canada_without_province_needs_one() -> None:
    assert parsers.says_canada_only("in Canada") and not parsers.says_canada_only("in Canada, Ottawa")


@pytest.mark.parametrize(
    ("text", "code"), [("Montréal", "QC"), ("qc", "QC"), ("Ontario", "ON"), ("Halifax", "NS"), ("Paris", None)]
)
def test_province(text: str, code: object) -> None:
    assert parsers.parse_province(text) == code


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Bonjour", "fr"),
        ("Hi", "en"),
        ("Je voudrais travailler au Canada", "fr"),
        ("I want to work in Canada", "en"),
        ("27", None),
    ],
)
def test_detect_language(text: str, language: object) -> None:
    assert parsers.detect_language(text) == language


def test_only_a_plain_long_message_switches_a_conversation() -> None:
    assert parsers.detect_language("oui", confident=True) is None
    assert parsers.detect_language("Je voudrais continuer en français, merci", confident=True) == "fr"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("en français svp", "fr"),
        ("French please", "fr"),
        ("can we switch to English?", "en"),
        ("anglais", "en"),
        ("I speak French fluently", None),
        ("Je parle anglais couramment", None),
        ("il est français", None),  # a nationality, said of the candidate
        ("I'm French", None),
        ("c'est en français svp", "fr"),
        ("français courant", None),  # a level
        ("French please, ok?", "fr"),  # "ok" is no level of French here
        ("en français svp, merci bien", "fr"),
    ],
)
def test_language_request(text: str, language: object) -> None:
    assert parsers.parse_language_request(text) == language


@pytest.mark.parametrize(
    ("text", "audience"),
    [
        ("I'm an employer hiring", "employer"),
        ("Je veux travailler au Canada", "worker"),
        ("it's for my own permit", "worker"),
        ("pour ma pomme", "worker"),
        ("on embauche", "employer"),
        ("on m'embauche", "worker"),
        ("c'est nous, l'entreprise qui embauche", "employer"),
        ("le travaileur", "worker"),  # a short answer with a misspelt word
        ("le travailluer", "worker"),
        ("I'm the applicant", "worker"),  # as near "travailler" as "travailleur": both a worker's words
        ("emplyoer here", "employer"),
        ("hello", None),
    ],
)
def test_audience(text: str, audience: object) -> None:
    assert parsers.parse_audience(text) == audience


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("a college diploma", "post_secondary"),
        ("DEC en informatique", "post_secondary"),
        ("bac+2", "post_secondary"),
        ("no degree, but a two-year technical diploma", "post_secondary"),
        ("high school", "secondary"),
        ("le bac", "secondary"),
        ("bac+5", "bachelor_or_higher"),
        ("I have a master's", "bachelor_or_higher"),
        ("baccalauréat ou plus", "bachelor_or_higher"),
        ("aucun diplôme", "none"),
        ("no diploma", "none"),
        ("je ne sais pas", parsers.DONT_KNOW),
        ("purple", None),
    ],
)
def test_education(text: str, level: str | None) -> None:
    assert parsers.parse_education(text) == level


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("63200", "63200"),
        ("NOC 21231", "21231"),
        ("CNP 2021 : 72410", "72410"),
        ("123456", None),
        ("2", None),
        ("I don't know", parsers.DONT_KNOW),
    ],
)
def test_noc_code(text: str, code: str | None) -> None:
    assert parsers.parse_noc(text) == code
