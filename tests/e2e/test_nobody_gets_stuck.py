"""What strangers wrote and the assistant once got wrong (issue "Nobody gets stuck"), in English and
French, against the real servers: each must now be understood, keep its facts, and lead on to a
question or a suggestion."""

from __future__ import annotations

import pytest

from .servers import Assistant, texts

GREETING = {"en": "Hello", "fr": "Bonjour"}
WORKER = {"en": "I want to work in Canada", "fr": "Je veux travailler au Canada"}


def say_all(assistant: Assistant, sender: str, *messages: str) -> str:
    """Sends the messages in turn; returns the last reply."""
    reply = ""
    for message in messages:
        reply = texts(assistant.say(sender, message))
    return reply


def asked(assistant: Assistant, sender: str) -> str | None:
    return assistant.slots(sender).get("requested_slot")


@pytest.mark.parametrize(
    ("language", "opening", "facts"),
    [
        ("en", "Hi, I'm Irish, 36 — is there a working holiday visa for me?", {"citizenships": ["IE"], "age": 36}),
        (
            "fr",
            "Bonjour, je suis irlandais, j'ai 36 ans — est-ce qu'il y a un PVT pour moi ?",
            {"citizenships": ["IE"], "age": 36},
        ),
        ("en", "Hallo! I'm nineteen, from Germany, just finished school.", {"citizenships": ["DE"], "age": 19}),
        (
            "fr",
            "Salut ! J'ai dix-neuf ans, je viens d'Allemagne, je viens de finir le lycée.",
            {"citizenships": ["DE"], "age": 19},
        ),
    ],
)
def test_facts_in_the_opening_are_kept_and_a_question_follows(
    assistant: Assistant, sender: str, language: str, opening: str, facts: dict
) -> None:
    reply = say_all(assistant, sender, opening)
    slots = assistant.slots(sender)
    assert {k: slots[k] for k in facts} == facts
    assert slots["language"] == language
    assert asked(assistant, sender) is not None, reply
    assert "?" in reply.splitlines()[-1]


@pytest.mark.parametrize(
    ("language", "question"), [("en", "so what are my options?"), ("fr", "alors, quelles sont mes options ?")]
)
def test_asking_for_the_options_starts_the_questions(
    assistant: Assistant, sender: str, language: str, question: str
) -> None:
    say_all(assistant, sender, question)
    assert asked(assistant, sender) is not None


@pytest.mark.parametrize(("language", "question"), [("en", "what is an LMIA?"), ("fr", "c'est quoi une EIMT ?")])
def test_a_program_question_is_answered_and_the_questions_start(
    assistant: Assistant, sender: str, language: str, question: str
) -> None:
    reply = say_all(assistant, sender, question)
    assert ("LMIA" in reply) if language == "en" else ("EIMT" in reply)
    assert asked(assistant, sender) is not None


@pytest.mark.parametrize(
    ("language", "answer"), [("fr", "moi"), ("fr", "c'est pour moi"), ("en", "me"), ("en", "myself")]
)
def test_who_is_it_for_answered_me(assistant: Assistant, sender: str, language: str, answer: str) -> None:
    say_all(assistant, sender, GREETING[language], answer)
    assert assistant.slots(sender)["audience"] == "worker"
    assert asked(assistant, sender) == "citizenships"


def to_the_french_question(assistant: Assistant, sender: str, language: str) -> None:
    """A Mexican with a job offer in Toronto: the French question comes once the job is known."""
    answers = {
        "citizenships": {"en": "Mexican", "fr": "mexicaine"},
        "age": {"en": "29", "fr": "29"},
        "has_job_offer": {"en": "yes", "fr": "oui"},
        "job_offer_province": {"en": "Toronto", "fr": "Toronto"},
        "intra_company_transfer": {"en": "no", "fr": "non"},
        "job_offer_title": {"en": "line cook", "fr": "cuisinier"},
        "teer_check": {"en": "yes", "fr": "oui"},
        "occupation": {"en": "cook", "fr": "cuisinier"},
        "has_degree": {"en": "no", "fr": "non"},
        "is_student": {"en": "no", "fr": "non"},
        "job_offer_primary_agriculture": {"en": "no", "fr": "non"},
        "trade_or_investment": {"en": "no", "fr": "non"},
        "business_visit": {"en": "no", "fr": "non"},
        "education": {"en": "high school", "fr": "secondaire"},
    }
    say_all(assistant, sender, GREETING[language], WORKER[language])
    for _ in range(15):
        question = asked(assistant, sender)
        if question == "french_level":
            return
        assert question in answers, f"asked {question!r}"
        say_all(assistant, sender, answers[question][language])
    raise AssertionError("the French question never came")


@pytest.mark.parametrize(
    ("language", "answer", "level"),
    [
        ("fr", "je ne parle pas français", "none"),
        ("en", "I don't speak French", "none"),
        ("en", "no French at all", "none"),
        ("en", "I only speak a few words of French", "basic"),
        ("fr", "pas un mot de français", "none"),
        ("fr", "quelques mots de français", "basic"),
    ],
)
def test_the_french_question_answered_in_words(
    assistant: Assistant, sender: str, language: str, answer: str, level: str
) -> None:
    to_the_french_question(assistant, sender, language)
    reply = say_all(assistant, sender, answer)
    slots = assistant.slots(sender)
    assert slots["french_level"] == level
    assert slots["citizenships"] == ["MX"], "a language word is no citizenship"
    assert slots["language"] == language, "the level of French is no request to switch"
    assert "continue" not in reply


@pytest.mark.parametrize(
    ("language", "title", "noc", "teer"),
    [
        ("en", "a line cook", "63200", 3),
        ("fr", "cuisinière", "63200", 3),
        ("en", "software developer", "21232", 1),
        ("fr", "soudeur", "72106", 2),
    ],
)
def test_the_teer_comes_from_the_job_title_confirmed(
    assistant: Assistant, sender: str, language: str, title: str, noc: str, teer: int
) -> None:
    to_the_job_title(assistant, sender, language)
    reply = say_all(assistant, sender, title)
    assert noc in reply and str(teer) in reply
    assert asked(assistant, sender) == "teer_check"
    say_all(assistant, sender, {"en": "yes, that's right", "fr": "oui c'est ça"}[language])
    slots = assistant.slots(sender)
    assert slots["job_offer_noc"] == noc and slots["job_offer_teer"] == teer


def to_the_job_title(assistant: Assistant, sender: str, language: str) -> None:
    """A French citizen of 28 with a job offer in Ontario: the job title is asked for the TEER."""
    say_all(
        assistant,
        sender,
        GREETING[language],
        WORKER[language],
        {"en": "I'm French", "fr": "je suis française"}[language],
        "28",
        {"en": "yes", "fr": "oui"}[language],
        "Ottawa",
    )
    assert asked(assistant, sender) == "job_offer_title"


@pytest.mark.parametrize(
    ("language", "description", "teer"),
    [
        ("en", "it's a professional job, you need a degree for it", 1),
        ("fr", "un poste de technicien", 2),
    ],
)
def test_a_teer_question_answered_with_a_description(
    assistant: Assistant, sender: str, language: str, description: str, teer: int
) -> None:
    to_the_job_title(assistant, sender, language)
    say_all(assistant, sender, {"en": "chief happiness wizard", "fr": "pirate de l'espace"}[language])
    assert asked(assistant, sender) == "job_offer_teer"
    reply = say_all(assistant, sender, description)
    assert asked(assistant, sender) == "teer_check" and str(teer) in reply
    say_all(assistant, sender, {"en": "yes", "fr": "oui"}[language])
    assert assistant.slots(sender)["job_offer_teer"] == teer


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_question_is_asked_a_third_time(assistant: Assistant, sender: str, language: str) -> None:
    first = say_all(assistant, sender, GREETING[language], WORKER[language]).splitlines()[-1]
    replies = assistant.say(sender, "blorp")
    assert asked(assistant, sender) == "citizenships"
    assert replies[-1]["text"] != first, "the second asking is rephrased"
    assert [b["payload"] for b in replies[-1]["buttons"]] == [{"en": "I don't know", "fr": "Je ne sais pas"}[language]]
    last = texts(assistant.say(sender, "blorp blorp"))
    assert asked(assistant, sender) not in (None, "citizenships")
    assert "citizenships" in assistant.slots(sender)["skipped_questions"]
    assert "consultant" in last


@pytest.mark.parametrize(
    ("language", "answer", "codes"),
    [("en", "Mexcian", ["MX"]), ("fr", "francais", ["FR"]), ("en", "Irland", ["IE"]), ("fr", "mexicain", ["MX"])],
)
def test_countries_with_typos_or_without_accents(
    assistant: Assistant, sender: str, language: str, answer: str, codes: list[str]
) -> None:
    say_all(assistant, sender, GREETING[language], WORKER[language], answer)
    assert assistant.slots(sender)["citizenships"] == codes
    assert asked(assistant, sender) not in (None, "citizenships")


@pytest.mark.parametrize(
    ("language", "answer"),
    [("en", "yes, I do have one actually"), ("fr", "oui j'en ai une"), ("en", "yse"), ("fr", "ouais ouais")],
)
def test_yes_said_in_a_sentence_or_misspelt(assistant: Assistant, sender: str, language: str, answer: str) -> None:
    say_all(assistant, sender, GREETING[language], WORKER[language], "Mexican", "29")
    assert asked(assistant, sender) == "has_job_offer"
    say_all(assistant, sender, answer)
    assert assistant.slots(sender)["has_job_offer"] is True


@pytest.mark.parametrize(
    ("language", "accept"), [("fr", "oui, je veux bien être rappelé"), ("en", "yes please, I'd like a call back")]
)
def test_accepting_the_callback_in_a_sentence(assistant: Assistant, sender: str, language: str, accept: str) -> None:
    say_all(
        assistant,
        sender,
        GREETING[language],
        WORKER[language],
        "Indian" if language == "en" else "indien",
        "40",
        {"en": "no", "fr": "non"}[language],
    )
    for _ in range(6):
        if assistant.slots(sender).get("suggested_routes") is not None:
            break
        say_all(assistant, sender, {"en": "no", "fr": "non"}[language])
    assert assistant.slots(sender).get("suggested_routes") is not None
    say_all(assistant, sender, accept)
    tracker = assistant.tracker(sender)
    assert tracker["active_loop"].get("name") == "callback_form"
    assert tracker["slots"]["requested_slot"] == "consent"
