"""People who do not answer the question asked, against the real servers, in both languages: who is
speaking, a correction at any moment, words that are not what they look like, and facts of the
opening never asked again (issue 22's classes)."""

from __future__ import annotations

import pytest

from .servers import Assistant, texts

CANDIDATE = ("your candidate", "the candidate", "votre candidat", "le candidat", "la personne")


def ask(assistant: Assistant, sender: str, *messages: str) -> str:
    said = ""
    for message in messages:
        said = texts(assistant.say(sender, message))
    return said


@pytest.mark.parametrize(
    ("opening", "told"),
    [
        (("Hi", "My employer is sending me to their Toronto branch"), "Which country's citizenship do you hold?"),
        (("Bonjour", "mon employeur veut me muter à Toronto"), "De quel pays avez-vous la citoyenneté ?"),
        (("Bonjour", "une agence de Toronto veut m'embaucher"), "De quel pays avez-vous la citoyenneté ?"),
    ],
    ids=["sending-me", "me-muter", "m-embaucher"],
)
def test_a_worker_sent_or_hired_by_someone_is_the_worker(
    assistant: Assistant, sender: str, opening: tuple[str, ...], told: str
) -> None:
    said = ask(assistant, sender, *opening)
    assert told in said and not any(word in said for word in CANDIDATE)
    assert assistant.slots(sender)["audience"] == "worker"
    assert assistant.slots(sender)["job_offer_province"] == "ON"


@pytest.mark.parametrize(
    ("messages", "correction", "citizenship_question"),
    [
        (("Hi", "we want to hire someone"), "sorry, there's no candidate, it's for me", "Which country's citizenship"),
        (("Bonjour", "on veut embaucher quelqu'un"), "pardon, c'est pour moi", "De quel pays avez-vous la citoyenneté"),
    ],
    ids=["en", "fr"],
)
def test_the_audience_is_corrected_at_any_moment_and_nothing_else_is_read(
    assistant: Assistant, sender: str, messages: tuple[str, ...], correction: str, citizenship_question: str
) -> None:
    ask(assistant, sender, *messages)
    assert assistant.slots(sender)["audience"] == "employer"
    said = ask(assistant, sender, correction)
    slots = assistant.slots(sender)
    assert slots["audience"] == "worker" and slots["citizenships"] is None
    assert citizenship_question in said


@pytest.mark.parametrize(
    ("messages", "correction", "changed", "question"),
    [
        (
            ("Bonjour", "je veux travailler au Canada", "française", "34"),
            "Ah pardon, j'ai 36 ans, pas 34",
            ("age", 36),
            "offre d'emploi",
        ),
        (
            ("Hello, I have a job offer in Gatineau and I'm Belgian",),
            "Oh, sorry, the office is in Ottawa, not Gatineau",
            ("job_offer_province", "ON"),
            "How old are you?",
        ),
    ],
    ids=["fr-age-at-a-yes-no-question", "en-province-at-the-age-question"],
)
def test_a_correction_replaces_the_fact_and_the_question_stays_pending(
    assistant: Assistant,
    sender: str,
    messages: tuple[str, ...],
    correction: str,
    changed: tuple[str, object],
    question: str,
) -> None:
    pending = ask(assistant, sender, *messages)
    said = ask(assistant, sender, correction)
    slots = assistant.slots(sender)
    assert slots[changed[0]] == changed[1]
    assert slots["has_job_offer"] is not False and said.count("corrig" if "Bonjour" in messages else "corrected") == 1
    assert question in said and question in pending  # the same question, still pending


@pytest.mark.parametrize(
    ("messages", "answer", "not_citizenship"),
    [
        (("Hi", "I want to work in Canada"), "I translate French to English", "FR"),
        (("Bonjour", "je veux travailler au Canada"), "Le français, je le parle un peu", "FR"),
    ],
    ids=["en", "fr"],
)
def test_a_language_spoken_is_no_citizenship(
    assistant: Assistant, sender: str, messages: tuple[str, ...], answer: str, not_citizenship: str
) -> None:
    ask(assistant, sender, *messages)
    ask(assistant, sender, answer)
    assert not_citizenship not in (assistant.slots(sender)["citizenships"] or [])


def test_aussi_is_no_australia_and_nothing_is_read_back(assistant: Assistant, sender: str) -> None:
    ask(assistant, sender, "Bonjour", "je veux travailler au Canada")
    said = ask(assistant, sender, "je suis mexicaine, et aussi espagnole")
    assert "Australie" not in said and sorted(assistant.slots(sender)["citizenships"]) == ["ES", "MX"]


@pytest.mark.parametrize(
    ("opening", "stated"),
    [
        # the questions' own words: the suggestion's checklist may well speak of "proof of your citizenship"
        ("Hi! I'm 28, Irish, and I'd like to work in Canada", ("citizenship do you hold", "How old")),
        (
            "Bonjour, j'ai 28 ans, je suis irlandaise et je veux travailler au Canada",
            ("avez-vous la citoyenneté", "Quel âge"),
        ),
    ],
    ids=["en", "fr"],
)
def test_facts_of_the_opening_are_never_asked_again(
    assistant: Assistant, sender: str, opening: str, stated: tuple[str, str]
) -> None:
    said = [texts(assistant.say(sender, opening))]
    for answer in ("no", "no", "no", "no"):
        said.append(texts(assistant.say(sender, answer)))
    assert not any(question in reply for reply in said for question in stated)
    assert assistant.slots(sender)["age"] == 28 and assistant.slots(sender)["citizenships"] == ["IE"]


@pytest.mark.parametrize(
    ("messages", "province"),
    [
        (("Hi", "I want to work in Canada", "I have a job offer in Leamington"), "ON"),
        (("Bonjour", "je veux travailler au Canada", "j'ai une offre d'emploi à Sept-Îles"), "QC"),
    ],
    ids=["en-leamington", "fr-sept-iles"],
)
def test_a_town_outside_the_hand_lists_names_its_province(
    assistant: Assistant, sender: str, messages: tuple[str, ...], province: str
) -> None:
    ask(assistant, sender, *messages)
    assert assistant.slots(sender)["job_offer_province"] == province


@pytest.mark.parametrize(
    ("opening", "title", "not_offered"),
    [
        ("Hi, I'm 29, Irish, and I have a job offer in Toronto", "Intern", "31102"),
        (
            "Bonjour, j'ai 29 ans, je suis irlandaise et j'ai une offre d'emploi à Toronto",
            "stagiaire ingénieur",
            "11100",
        ),
    ],
    ids=["en-intern", "fr-stagiaire-ingenieur"],
)
def test_a_status_word_is_no_job_title(
    assistant: Assistant, sender: str, opening: str, title: str, not_offered: str
) -> None:
    said = [texts(assistant.say(sender, opening))]
    for _ in range(6):
        if any(word in said[-1] for word in ("What is the job", "Quel est l'emploi")):
            break
        said.append(texts(assistant.say(sender, "no")))
    assert any(word in said[-1] for word in ("What is the job", "Quel est l'emploi")), said[-1]
    reply = texts(assistant.say(sender, title))
    assert not_offered not in reply and assistant.slots(sender)["job_offer_noc"] is None


def test_a_cusma_profession_in_french_is_found(assistant: Assistant, sender: str) -> None:
    ask(assistant, sender, "Bonjour", "je veux travailler au Canada")
    ask(assistant, sender, "je suis mexicaine, j'ai 33 ans, analyste en systèmes informatiques")
    assert assistant.slots(sender)["occupation"]


@pytest.mark.parametrize(
    ("messages", "correction", "changed", "still_asked"),
    [
        (
            ("hello", "myself", "Mexico", "no", "no", "no"),
            "let me correct that: I am investing, I'm buying into a bakery chain there and will run it",
            {"trade_or_investment": True, "business_visit": None},
            "short business activities",
        ),
        (
            ("bonjour", "moi-même", "Mexique", "non", "non", "pantoute"),
            "je corrige : c'est un investissement, j'achète des parts d'une chaîne de boulangeries",
            {"trade_or_investment": True, "business_visit": None},
            "courtes activités d'affaires",
        ),
    ],
    ids=["en", "fr"],
)
def test_a_correction_with_a_yes_in_it_answers_no_pending_question(
    assistant: Assistant, sender: str, messages: tuple[str, ...], correction: str, changed: dict, still_asked: str
) -> None:
    ask(assistant, sender, *messages)
    said = ask(assistant, sender, correction)
    slots = assistant.slots(sender)
    assert {slot: slots[slot] for slot in changed} == changed
    assert still_asked in said


@pytest.mark.parametrize(
    ("opening", "asked", "not_taken"),
    [
        (
            "Hi! I'm Chad, just done with uni and I fancy working in Canada for a year, nothing lined up",
            "Which country's citizenship do you hold?",
            {"citizenships": None},
        ),
        (
            "Salut, c'est Jordan, couvreur, et une boîte de Gatineau me veut pour l'été",
            "De quel pays avez-vous la citoyenneté ?",
            {"citizenships": None, "job_offer_province": "QC", "has_job_offer": True},
        ),
        (
            "Bonjour, ça fait 12 ans que je suis soudeur et je suis irlandais",
            "Quel âge avez-vous ?",
            {"age": None, "citizenships": ["IE"]},
        ),
        (
            "Hello, I'm Angolan — Portuguese is what we speak at home — and I'd like to work in Canada",
            "Do you have a job offer from an employer in Canada?",
            {"citizenships": ["AO"]},
        ),
    ],
    ids=["first-name-en", "first-name-fr", "duration-fr", "language-at-home-en"],
)
def test_words_of_an_opening_that_are_not_what_they_look_like(
    assistant: Assistant, sender: str, opening: str, asked: str, not_taken: dict
) -> None:
    said = ask(assistant, sender, opening)
    slots = assistant.slots(sender)
    assert asked in said
    assert {slot: slots[slot] for slot in not_taken} == not_taken


@pytest.mark.parametrize(
    ("opening", "greeting", "misunderstood"),
    [
        ("hey, been reading about permits all week and honestly I'm lost", "Hello!", "didn't understand"),
        ("salut, ça fait des jours que je lis sur les permis et je m'y perds", "Bonjour !", "pas compris"),
    ],
    ids=["en", "fr"],
)
def test_a_first_message_no_intent_caught_is_greeted_not_misunderstood(
    assistant: Assistant, sender: str, opening: str, greeting: str, misunderstood: str
) -> None:
    said = ask(assistant, sender, opening)
    assert greeting in said and misunderstood not in said
    assert assistant.slots(sender)["requested_slot"] is not None


EN_WORKER = ("hi", "myself", "Irish", "29", "yes")
FR_WORKER = ("salut", "moi-même", "irlandaise", "29 ans", "oui")


@pytest.mark.parametrize(
    ("messages", "town", "asked", "answer", "province"),
    [
        (
            EN_WORKER,
            "it's in Stratford",
            "There is a Stratford in more than one province (Ontario or Prince Edward Island)",
            "Ontario",
            "ON",
        ),
        (
            FR_WORKER,
            "c'est à Souris",
            "Il y a un Souris dans plus d'une province (Manitoba ou Île-du-Prince-Édouard)",
            "au Manitoba",
            "MB",
        ),
        (EN_WORKER, "the job's in Nelson", "There is a Nelson in Canada (British Columbia)", "yes", "BC"),
        (FR_WORKER, "à Kingston", "Il y a un Kingston dans plus d'une province", "en Ontario", "ON"),
    ],
    ids=["two-provinces-en", "two-provinces-fr", "abroad-en", "two-provinces-kingston-fr"],
)
def test_a_town_with_namesakes_is_asked_about_then_taken(
    assistant: Assistant, sender: str, messages: tuple[str, ...], town: str, asked: str, answer: str, province: str
) -> None:
    ask(assistant, sender, *messages)
    assert asked in ask(assistant, sender, town)
    ask(assistant, sender, answer)
    assert assistant.slots(sender)["job_offer_province"] == province


@pytest.mark.parametrize(
    ("opening", "slots", "not_asked"),
    [
        (
            "Hello, a garden centre in Red Deer, Alta. wants me to run their greenhouse. I'm Irish, 27",
            {"job_offer_province": "AB", "has_job_offer": True, "audience": "worker", "age": 27},
            ("province", "job offer", "looking to work in Canada yourself"),
        ),
        (
            "Bonjour, une fromagerie de Victo veut que je vienne faire ses fromages, je suis suisse, 31 ans",
            {"job_offer_province": "QC", "has_job_offer": True, "audience": "worker", "age": 31},
            ("province", "offre d'emploi", "travailler vous-même"),
        ),
    ],
    ids=["en-workplace-wants-me", "fr-workplace-veut-que-je"],
)
def test_a_workplace_that_wants_the_person_settles_offer_place_and_speaker(
    assistant: Assistant, sender: str, opening: str, slots: dict[str, object], not_asked: tuple[str, ...]
) -> None:
    said = [texts(assistant.say(sender, opening))]
    said.append(texts(assistant.say(sender, "no")))
    held = assistant.slots(sender)
    assert {slot: held[slot] for slot in slots} == slots
    assert not any(question in reply for reply in said for question in not_asked)


@pytest.mark.parametrize(
    ("greeting", "answer", "audience", "next_question"),
    [
        ("hi", "I own the bakery, the permit would be for the baker", "employer", "your candidate"),
        ("bonjour", "le permis serait pour le boulanger, c'est moi la proprio", "employer", "votre candidat"),
        ("hi", "the permit is for me, my sister just found this site", "worker", "citizenship do you hold"),
    ],
    ids=["en-employer", "fr-employer", "en-worker"],
)
def test_who_the_permit_is_for_answers_who_is_speaking(
    assistant: Assistant, sender: str, greeting: str, answer: str, audience: str, next_question: str
) -> None:
    ask(assistant, sender, greeting)
    said = ask(assistant, sender, answer)
    assert assistant.slots(sender)["audience"] == audience
    assert next_question in said and "didn't get" not in said and "pas compris" not in said
