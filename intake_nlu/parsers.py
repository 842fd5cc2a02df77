"""Free-form answers, English or French, to profile values. Each parser returns the value, or None
when the text does not hold one; DONT_KNOW when the person says they do not know."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

import yaml
from babel.dates import get_month_names

from intake_nlu import gazetteer, noc
from intake_nlu.lexicon import DATA_DIR, Found, PhraseFinder, both_languages, finder, lexicon, places
from intake_nlu.message import AND_BUT, LIST_END, SENTENCE_END, Message, read
from intake_nlu.numbers import find_number_words
from intake_nlu.text import fold

DONT_KNOW: Final = "dont_know"
SHORT_ANSWER_WORDS: Final = 4
_DIGITS = re.compile(r"(?<![\d.,])\d{1,4}(?![\d.,]?\d)")


@cache
def limits() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((DATA_DIR / "answers.yaml").read_text(encoding="utf-8"))
    return document


def says_dont_know(text: str) -> bool:
    return any(f.key == DONT_KNOW for f in finder("answers").find_all(text))


def misspelt_names(text: str) -> list[tuple[str, str, str]]:
    """The words read as a name though misspelt: [(as typed, label, code)], to tell the person."""
    _, mentions = gazetteer.find(text, misspelt=True)
    return [(m.text, m.label, m.code) for m in mentions if not m.sure]


def parse_yes_no(text: str) -> bool | str | None:
    """True, False, DONT_KNOW or None. The longest phrase wins where phrases overlap ("I have not"
    over "I have"), and the last answer given counts ("yes... no, sorry"). A lone misspelt yes or no
    ("yse", "nno", "oiu") is read as meant."""
    found = finder("answers").find_all(text) or _misspelt_answer(text)
    answers = [f for f in found if f.key in ("yes", "no")]
    said = [f for f in answers if not _begins_a_statement(text, f)] or answers
    if said:
        return said[-1].key == "yes"
    return DONT_KNOW if found else None


def _begins_a_statement(text: str, found: Found) -> bool:
    """ "no, I am the owner", "no, that's not how it is": a subject and its verb answer alone ("yes I
    am", "it is"), but followed by more words of their clause, or after "how", they state something
    else and are no answer."""
    message = read(text)
    phrase = message.folded[found.start : found.end]
    if not finder("cues", "subjects").contains(phrase.split(" ")[0].split("'")[0]):
        return False
    rest = message.clause_after(found.end).strip()
    return any(ch.isalpha() for ch in rest) or finder("cues", "relative").contains(message.words_before(found.start, 1))


def lone_yes_or_no(text: str) -> bool | None:
    """ "yup", "nah", "oui oui": a short message that says yes or no and nothing of not knowing."""
    if len(text.split()) > SHORT_ANSWER_WORDS or says_dont_know(text):
        return None
    said = parse_yes_no(text)
    return said if isinstance(said, bool) else None


def parse_opening_yes_no(text: str) -> bool | None:
    """A yes or a no that opens the message ("yes, and I'm 28", "non, j'ai 36 ans"): in a message
    that states other facts, the only yes or no that answers the question asked ("j'ai 36 ans"
    holds "j'ai", which is no yes)."""
    found = [f for f in finder("answers").find_all(text) if f.key in ("yes", "no")]
    folded = fold(text)
    if not found or folded[: found[0].start].strip(" ,.!"):
        return None
    said = folded[found[0].start : found[0].end]
    first_clause = folded[: read(text).clause_end(0)].strip()
    # "yes I'm 28" answers; "I am 28", "j'ai 36 ans" only state (a phrase like "i am" answers alone)
    interjection = " " not in said and "'" not in said
    return found[0].key == "yes" if interjection or said == first_clause else None


def _misspelt_answer(text: str) -> list[Found]:
    """A lone misspelt yes or no ("yse"), or a short answer with a misspelt word ("not relaly",
    "pas vraimnet"): each word a typo away from a word of the answers is read as it."""
    key = finder("answers").near(text)
    if key in ("yes", "no"):
        return [Found(key, 0, len(text))]
    if len(text.split()) > SHORT_ANSWER_WORDS:
        return []
    return [f for f in finder("answers").find_misspelt(text) if f.key in ("yes", "no")]


def numbers_in(text: str) -> list[tuple[int, int, int]]:
    """Every number in text, digits or words, with where it stands: [(value, start, end)]."""
    found = _digit_numbers(text) + [(n.value, n.start, n.end) for n in find_number_words(text)]
    return sorted(found, key=lambda item: item[1])


def _digit_numbers(text: str) -> list[tuple[int, int, int]]:
    return [(int(m.group(0)), m.start(), m.end()) for m in _DIGITS.finditer(fold(text))]


def age_from_number(value: int, today: datetime.date | None = None) -> int:
    """A birth year (1995) becomes an age; other numbers are ages already."""
    today = today or datetime.date.today()
    if limits()["birth_year"]["min"] <= value <= today.year:
        return today.year - value
    return value


def parse_age(text: str, today: datetime.date | None = None) -> int | str | None:
    """'27', 'twenty-seven', 'vingt-sept ans', 'born in 1995' -> an age; the first number counts.
    An age out of range is returned as is: the caller says why it is refused."""
    numbers = numbers_in(text)
    if not numbers:
        return DONT_KNOW if says_dont_know(text) else None
    return age_from_number(numbers[0][0], today)


def parse_teer(text: str) -> int | str | None:
    """A TEER category, 0 to 5. A number written as a word counts in a short answer ("three",
    "FEER trois") but not in a sentence: "un poste de technicien" names no TEER 1."""
    words_count = len(text.split()) <= 2 or finder("cues", "teer").contains(text)
    digits = {start for _, start, _ in _digit_numbers(text)}
    numbers = [value for value, start, _ in numbers_in(text) if 0 <= value <= 5 and (words_count or start in digits)]
    if numbers:
        return numbers[0]
    return DONT_KNOW if says_dont_know(text) else None


def parse_teer_description(text: str) -> int | None:
    """What a job needs, said in words ("you need a degree for it", "un poste de technicien"): the
    TEER it usually means; of several, the least demanding named (lexicon `teer_descriptions`)."""
    found = finder("teer_descriptions").find_all(text)
    return max(int(f.key) for f in found) if found else None


def reads_as_an_answer(text: str) -> bool:
    """Whether a short message is an answer to some question of the intake ("Saskatoon", "bilingue",
    "moi", "Mexcian", "je ne parle pas français"), whatever intent a classifier gives it: the
    question asked then reads it."""
    if len(text.split()) > SHORT_ANSWER_WORDS + 1:
        return len(text.split()) <= LEVEL_ANSWER_WORDS and _names_a_level_in_words(text)
    readers = (
        parse_citizenships,
        parse_province,
        lambda t: numbers_in(t),
        parse_teer_description,
        lambda t: finder("french_levels").first(t),
        lambda t: finder("education_levels").first(t),
        lambda t: finder("answers").first(t),
        parse_audience,
        says_abroad,
        names_a_job,
        _names_a_time,
    )
    return any(reads(text) for reads in readers)


def _names_a_time(text: str) -> bool:
    """A time offered for a call, clicked or typed back ("Tue 16 Mar, 2:00 PM", "another time"); not
    a part of the day or "tomorrow" alone, which greetings and goodbyes hold ("good morning")."""
    wish = parse_time_wish(text)
    return wish.more or wish.weekday is not None or wish.month_day is not None or bool(CLOCK_TIME.search(text))


# "2:00 PM", "14:00", "14 h 30": a time offered for a call, clicked or typed back.
CLOCK_TIME = re.compile(r"\b\d{1,2}(?::\d{2}|\s?h\s?\d{0,2})\b|\b\d{1,2}\s?[ap]\.?m\b", re.IGNORECASE)


LEVEL_ANSWER_WORDS = 12  # "je connais bonjour et merci, c'est tout": a level said in a sentence


def _names_a_level_in_words(text: str) -> bool:
    """A level said in a phrase of several words ("bonjour et merci", "hold a conversation"), which
    only answers a question about a level."""
    found = finder("french_levels").find_all(text) + finder("education_levels").find_all(text)
    folded = read(text).folded
    return any(len(folded[f.start : f.end].split()) >= 2 for f in found)


def says_of_oneself(text: str) -> bool:
    """A short statement about oneself that answers a question ("je suis francophone", "I'm
    bilingual"), not a question ("c'est quoi la mobilité francophone ?")."""
    asks = "?" in text or finder("cues", "question").contains(text)
    return not asks and finder("cues", "first_person").contains(text) and reads_as_an_answer(text)


def names_a_job(text: str) -> bool:
    """A short message that is a listed job title ("vendeuse", "line cook"): the job title question's
    answer, whatever a classifier made of it."""
    found = noc.find_job(text)
    if found is None or not found.sure or noc.is_vague(found.words):
        return False
    # The title is the message ("vendeuse", "un vendeur"), not one word of a sentence ("bonne fin
    # de journée" holds "bonne", "recommend a good restaurant" holds "restaurant").
    return len(fold(text[found.start : found.end]).split()) >= len(fold(text).split()) - 1


def parse_answer_to(question: str, text: str) -> str | None:
    """The words that answer only this question ("moi" to who the permit is for): lexicon `answers_to`.
    They count in a short answer or when they open it ("it's me who'd be working there"): "can you
    book me a flight?" or "let me ask something else" say nothing of who the permit is for."""
    if question not in lexicon()["answers_to"]:
        return None
    found = finder("answers_to", question).find_all(text)
    if not found:
        return None
    opens = not fold(text)[: found[0].start].strip()
    short = len(text.split()) <= SHORT_ANSWER_WORDS
    return found[0].key if opens or (short and _only_answer(text, found[0])) else None


def _only_answer(text: str, found: Found) -> bool:
    """Whether the phrase found is the answer itself, not a word of another sentence: it stands at
    the start, or after a word or two of no meaning ("just me", "juste moi")."""
    before = fold(text)[: found.start].split()
    return (
        len(before) <= 1
        and not finder("cues", "request").contains(" ".join(before))
        and not any(w in ("let", "tell", "give", "show", "help", "laissez", "dites") for w in before)
    )


def _highest_level(scale: str, text: str) -> str | None:
    """The highest level of a lexicon scale (its keys, lowest first) that text names."""
    found = finder(scale).find_all(text) or finder(scale).find_misspelt(text)
    if not found:
        return finder(scale).near(text) or (DONT_KNOW if says_dont_know(text) else None)
    order = list(lexicon()[scale])
    return max((f.key for f in found), key=order.index)


def parse_education(text: str) -> str | None:
    """The highest level named wins: 'no degree, a college diploma' -> post_secondary."""
    return _highest_level("education_levels", text)


NOC_CODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")


def parse_noc(text: str) -> str | None:
    """A NOC 2021 unit group: five digits ("63200", "NOC 63200")."""
    match = NOC_CODE.search(text)
    if match:
        return match.group(1)
    return DONT_KNOW if says_dont_know(text) else None


def parse_french_level(text: str) -> str | None:
    """The strongest level named wins: 'basic, maybe intermediate' -> intermediate; of a message that
    names French, only the sentence naming it ("French, only a little. Italian I speak fluently")."""
    opened = LEADING_OK.sub("", text)
    if len(opened.split()) >= 4:
        text = opened  # "ok honestly, I oversold my French": an "ok" that opens a sentence is no level
    french = finder("french_words").find_all(text)
    if french:
        message = read(text)
        start, end = (
            message.clause_start(french[0].start, SENTENCE_END),
            message.clause_end(french[0].end, marks=SENTENCE_END),
        )
        of_french = _highest_level("french_levels", message[start:end])
        named = (message.folded[f.start : f.end] for f in finder("languages").find_all(text))
        other_language = any(not finder("french_words").contains(word) for word in named)
        if of_french or other_language:
            return of_french
    if finder("cues", "correction").contains(text):
        return _last_level("french_levels", text) or _highest_level("french_levels", text)
    return _highest_level("french_levels", text)


LEADING_OK = re.compile(r"^\s*(?:ok|okay)\b[\s,.!-]+(?=\w)", re.IGNORECASE)


def _last_level(scale: str, text: str) -> str | None:
    """The level a correction ends on ("I oversold my French… that's about it — basic")."""
    found = finder(scale).find_all(text)
    return found[-1].key if found else None


def parse_audience(text: str) -> str | None:
    """Who the permit is for, said anywhere ("I want to work in Canada"), or as the answer to that
    question ("moi", "it's for me")."""
    said = audience_in(text)
    if said:
        return said
    near = finder("audience").near(text)  # a kind of phrase ("worker_hired"), not yet an audience
    return (
        parse_answer_to("audience", text)
        or (AUDIENCE_OF[near] if near else None)
        or finder("answers_to", "audience").near(text)
        or _misspelt_audience(text)
    )


def _misspelt_audience(text: str) -> str | None:
    """A short answer with a misspelt word ("le travaileur", "the wroker")."""
    if len(text.split()) > SHORT_ANSWER_WORDS:
        return None
    keys = {found.key for found in finder("audience").find_misspelt(text)}
    return next((AUDIENCE_OF[key] for key in AUDIENCE_OF if key in keys), None)


def audience_in(text: str) -> str | None:
    """Who the permit is for, from the whole message: the person spoken of as the one hired, sent or
    moved ("my employer is sending me", "une agence veut m'embaucher") is the worker, whatever
    employer words stand around; then employer words; then worker words (lexicon `audience`)."""
    found = audience_phrase(text)
    return None if found is None else AUDIENCE_OF[found.key]


# The lexicon's kinds of audience phrases, in the order they decide (see audience_in).
AUDIENCE_OF = {
    "employer_said": "employer",
    "worker_hired": "worker",
    "worker_me": "worker",
    "employer": "employer",
    "worker": "worker",
}


def audience_phrase(text: str) -> Found | None:
    """The phrase that decides who the permit is for (see audience_in), where it stands; a phrase
    denied counts for nothing ("on behalf of the business, not for myself")."""
    found = _audience_phrases(text)
    for key in AUDIENCE_OF:
        deciding = next((f for f in found if f.key == key), None)
        if deciding:
            return deciding
    return None


DENIAL_WORDS_BEFORE = 3  # "I'm | not an | employer", "nobody is | hiring", "je suis pas une | compagnie"


def _audience_phrases(text: str) -> list[Found]:
    message = read(text)
    said = [found for found in finder("audience").find_all(text) if not _denial_before(message, found.start)]
    return sorted(said + _permit_said_for(text) + _workplace_wanting_me(text), key=lambda found: found.start)


def _denies_hiring(text: str) -> bool:
    """An employer's word denied: "I'm not an employer", "nobody is hiring", "je suis pas une compagnie"."""
    message = read(text)
    return any(
        _denial_before(message, found.start)
        for found in finder("audience").find_all(text)
        if found.key in ("employer", "employer_said")
    )


def _denial_before(message: Message, start: int) -> bool:
    """A phrase with a denial among the few words before it in its clause: "I'm not an employer",
    "nobody is hiring through me"."""
    before = message.clause_before(start).split()[-DENIAL_WORDS_BEFORE:]
    return finder("cues", "denied").contains(" ".join(before))


def _workplace_wanting_me(text: str) -> list[Found]:
    """A workplace that wants the person to work for it ("a jewellery shop in Magog, Quebec wants me
    to fix watches"): someone hiring the person (lexicon `workplace_wants_me`)."""
    message = read(text)
    return [
        Found("worker_hired", found.start, found.end)
        for found in finder("workplace_wants_me").find_all(text)
        if finder("cues", "workplace").contains(message.clause_before(found.start))
    ]


def _permit_said_for(text: str) -> list[Found]:
    """ "The permit is for me" (the worker's words), "the permit would be for the cook" (an
    employer's: the one it is for is someone else), as audience phrases; a relative is left
    undecided ("it would be for my wife")."""
    message = read(text)
    found = []
    for said in finder("permit_for", "said").find_all(text):
        after = message.words_after(said.end, 2)
        if finder("permit_for", "self").contains(after.split()[0] if after else ""):
            found.append(Found("worker_me", said.start, said.end))
        elif after and not finder("permit_for", "kin").contains(after):
            found.append(Found("employer_said", said.start, said.end))
    return found


def states_audience(text: str) -> str | None:
    """An audience said outright, which corrects the one understood at any moment: "it's for me",
    "there's no candidate", "c'est pour moi" (the worker); "I'm the employer", "je recrute"."""
    keys = {found.key for found in _audience_phrases(text)}
    if not keys & {"employer_said", "employer"} and _denies_hiring(text):
        return "worker"  # "I'm not an employer — I'm asking for myself", "nobody is hiring through me"
    if "employer_said" in keys:
        return "employer"  # "I'm not the one applying: I want to hire someone"
    if keys & {"worker_hired", "worker_me"}:
        return "worker"
    if "employer" in keys:
        return None  # "c'est moi la propriétaire": an employer's words, not said outright, and no "moi" answer
    if isinstance(parse_yes_no(text), bool):
        return None  # "yes, I do" answers a yes/no question; "I do" says who only when that is asked
    answer = parse_answer_to("audience", text)
    if answer == "worker" and not finder("cues", "first_person").contains(text):
        return None  # "le travailleur est belge": an employer speaking of the worker, not a correction
    return answer


def parse_citizenships(text: str) -> list[str]:
    """Every country or nationality named, as ISO codes, in order, once each; a misspelt one too.
    The answer to the citizenship question: a language name is a nationality ("only French", "il est
    français") unless the person speaks of speaking it or asks for it ("vous parlez français ?",
    "français svp")."""
    _, mentions = gazetteer.find(text, misspelt=True)
    codes: list[str] = []
    asked_for = finder("cues", "request").contains(text)
    for mention in the_sole_passport(text, mentions):
        language_word = mention.label == gazetteer.NATIONALITY and finder("languages").contains(mention.text)
        if language_word and (asked_for or _used_as_a_language(mention, text)):
            continue
        if spoken_like_a_language(text, mention) or disowned(text, mention):
            continue  # "I also speak some Irish", "d'Espagne, mais j'ai jamais eu cette nationalité"
        if mention.code == "CA" and _destination(text, mention):
            continue  # "c'est moi qui travaillerais au Canada": where, not whose passport
        if said_of_someone_else(text, mention) or names_a_style(text, mention) or named_as_a_name(text, mention):
            continue  # "Colombian — my partner is French", "Jordan's my first name"
        if gives_residence(text, mention):
            continue  # "Indian — Germany gave me permanent residence, not citizenship"
        if mention.label in (gazetteer.COUNTRY, gazetteer.NATIONALITY) and mention.code not in codes:
            codes.append(mention.code)
    return codes


def the_sole_passport(text: str, mentions: list[gazetteer.Mention]) -> list[gazetteer.Mention]:
    """ "French too, in a way, but the only passport I hold is Lebanese": when the one passport is said
    outright, what is named after it is the whole answer."""
    sole = finder("cues", "sole_passport").find_all(text)
    if not sole:
        return mentions
    cue = sole[-1]
    end = read(text).clause_end(cue.end)
    named = [m for m in mentions if cue.end <= m.start_char < end]  # "the only passport I hold is X"
    before = [m for m in mentions if m.end_char <= cue.start][-1:]  # "Indian — that's my only passport"
    return named or before or mentions


def spoken_like_a_language(text: str, mention: gazetteer.Mention) -> bool:
    """A nationality right after something done with a language ("I also speak some Irish", "j'apprends
    un peu le portugais"), even one the table of languages does not hold, names the language."""
    if mention.label != gazetteer.NATIONALITY:
        return False
    fillers = finder("cues", "language_fillers")
    words = [word for word in read(text).clause_before(mention.start_char).split() if not fillers.contains(word)]
    return finder("cues", "language_activity").contains(" ".join(words[-2:]))


DISOWNED_WORDS_AFTER = 8  # "d'Espagne, | mais j'ai jamais eu cette nationalité"


def disowned(text: str, mention: gazetteer.Mention) -> bool:
    """A country or nationality the words right after it say the writer never held."""
    after = " ".join(text[mention.end_char :].split()[:DISOWNED_WORDS_AFTER])
    return finder("cues", "disowned").contains(after)


RESIDENCE_WORDS_AFTER = 5  # "l'Allemagne | m'a donné la résidence permanente"


def gives_residence(text: str, mention: gazetteer.Mention) -> bool:
    """ "Germany gave me permanent residence", "l'Allemagne m'a donné la résidence permanente": a
    country followed closely by a residence it gave is no citizenship. (A nationality beside a
    residence is read by names_a_style: "German permanent residence".)"""
    if mention.label != gazetteer.COUNTRY:
        return False
    after = read(text).clause_after(mention.end_char).split()[:RESIDENCE_WORDS_AFTER]
    return finder("cues", "residence").contains(" ".join(after))


def names_a_style(text: str, mention: gazetteer.Mention) -> bool:
    """ "Swedish massage", "pâtisseries danoises", "a French company": a nationality that names a
    kind of thing, or a workplace (lexicon `cues.workplace`) right after it."""
    message = read(text)
    after = " ".join(message.clause_after(mention.end_char).split()[:2])  # not past a comma
    after = re.sub(r"['’]s\b", "", after)  # "a French consulting company's office"
    named_after = finder("cues", "style_after").contains(after) or finder("cues", "workplace").contains(after)
    # "une entreprise française", "the company is French": a workplace's nationality
    before = message.clause_before(mention.start_char).split()
    # "une boîte de conseil française": the workplace and what it does, then its nationality
    near = before[-2:] if len(before) < 3 or before[-2] not in ("de", "d'") else before[-3:]
    of_a_workplace = finder("cues", "workplace").contains(" ".join(near))
    return (
        named_after
        or of_a_workplace
        or finder("cues", "style_before").contains(message.words_before(mention.start_char, 1))
    )


def named_as_a_name(text: str, mention: gazetteer.Mention) -> bool:
    """ "Jordan's my first name", "Jordan c'est mon prénom": a country that is the person's name."""
    found = finder("cues", "name_after").find_all(text[mention.end_char : mention.end_char + 40])
    return bool(found) and found[0].start <= 1


def said_of_someone_else(text: str, mention: gazetteer.Mention) -> bool:
    """A nationality in a clause about someone close ("my partner is French", "ma femme est
    française"): theirs, not the writer's."""
    return finder("cues", "someone_else").contains(read(text).clause_before(mention.start_char))


def _used_as_a_language(mention: gazetteer.Mention, text: str) -> bool:
    """A language word next to something done with a language, in its clause ("I translate French
    to English", "Le français, je le parle un peu"), or one's own ("my French is rusty")."""
    before = " ".join(read(text).clause_before(mention.start_char).split()[-3:])
    near = f"{before} {_first_words_after(text, mention, words=3)}"
    return (
        finder("cues", "language_activity").contains(near)
        or _language_with_its_article(text, mention)
        or _said_of_it(text, mention)
        or _owned_language(text, mention)
    )


def _language_with_its_article(text: str, mention: gazetteer.Mention) -> bool:
    """ "je me suis sous-estimée pour le français", "en anglais": in French, a language word written
    in lower case after its article is the language."""
    article = read(text).words_before(mention.start_char, 1)
    elided = fold(text[max(0, mention.start_char - 2) : mention.start_char]) == "l'"
    return mention.text[:1].islower() and (elided or finder("cues", "language_article").contains(article))


def _owned_language(text: str, mention: gazetteer.Mention) -> bool:
    """ "I undersold my French", "mon français est rouillé": a language one has, unless a word of
    citizenship follows ("my French passport")."""
    message = read(text)
    owned = finder("cues", "possessive").contains(message.words_before(mention.start_char, 1))
    return owned and not finder("cues", "citizenship").contains(message.words_after(mention.end_char, 1))


def _destination(text: str, mention: gazetteer.Mention) -> bool:
    """Canada named as where one would go or work ("work in Canada", "au Canada"), in a sentence."""
    before = " ".join(text[: mention.start_char].split()[-1:])
    return mention.label == gazetteer.COUNTRY and len(text.split()) > 2 and finder("cues", "in_place").contains(before)


def names_a_language(mention: gazetteer.Mention, text: str) -> bool:
    """Whether a nationality that is also a language ("French", "anglais") names the language: a
    request for it, or a word of language use just before or after ("I speak French", "no French")."""
    if not finder("languages").contains(mention.text):
        return False
    if parse_language_request(text):
        return True
    clause = read(text).clause_before(mention.start_char)
    if finder("cues", "passport").contains(clause):
        return False  # "my only passport is Italian"
    # past words of being, owning and articles: "is French" names no language, "ma langue
    # maternelle c'est l'espagnol" does
    before = " ".join([w for w in clause.split() if not _read_past(w)][-2:])
    after = _after_the_languages_listed(text, mention) or _first_words_after(text, mention, words=2)
    a_person = finder("cues", "indefinite").contains(read(text).words_before(mention.start_char, 1))
    if a_person and not finder("language_use").contains(after):
        return False  # "we've offered a job to a Greek back-end developer"
    return (
        finder("language_use").contains(f"{before} {after}")
        or finder("cues", "speaking").contains(_first_words_after(text, mention, words=5))
        or _said_of_it(text, mention)
        or _owned_language(text, mention)
        or _language_with_its_article(text, mention)
    )


def _after_the_languages_listed(text: str, mention: gazetteer.Mention, words: int = 2) -> str:
    """After a list of languages, what is said of them all ("French and German both native": "both
    native"); empty when no other language follows."""
    said = [word.strip(".,;:!?()") for word in read(text).words_after(mention.end_char, 8).split()]
    listed = False
    while len(said) >= 2 and said[0] in ("and", "or", "et", "ou", "&") and finder("languages").contains(said[1]):
        said, listed = said[2:], True
    return " ".join(said[:words]) if listed else ""


def _first_words_after(text: str, mention: gazetteer.Mention, words: int = 3) -> str:
    """The first words after a mention in its clause, past words of being and owning."""
    clause = read(text).clause_after(mention.end_char, joins=AND_BUT).split()
    return " ".join([w for w in clause if not _read_past(w)][:words])


def _read_past(word: str) -> bool:
    """Words that say nothing of a language near one: being, owning, articles, "and", other languages."""
    return finder("cues", "read_past").contains(word) or finder("languages").contains(word)


def _said_of_it(text: str, mention: gazetteer.Mention) -> bool:
    """ "Le français, je le parle un peu", "French? I speak it a bit": what follows the language
    named, set apart, says it of the language."""
    rest = text[mention.end_char :].lstrip()
    return rest[:1] in (",", "?", ":", "—", "-") and finder("cues", "language_pronoun").contains(
        " ".join(rest[1:].split()[:5])
    )


def parse_province(text: str) -> str | None:
    _, mentions = gazetteer.find(text, misspelt=True)
    found = [m.code for m in mentions if m.label in (gazetteer.PROVINCE, gazetteer.CITY)]
    if found:
        return found[0]
    code = text.strip().upper()
    return code if code in places()["provinces"] else None


def namesake_in(text: str) -> gazetteer.Namesake | None:
    """A town named that the gazetteer leaves out for its namesakes ("Stratford": Ontario and Prince
    Edward Island; "Nelson": British Columbia, and New Zealand), so the person is asked which one. A
    name a city abroad shares counts only capitalised ("Forest", "Paradise" are words too)."""
    folded = fold(text)
    found = [
        (match, namesake)
        for key, namesake in gazetteer.namesakes().items()
        for match in re.finditer(rf"(?<!\w){re.escape(key)}(?!\w)", folded)
        if not namesake.abroad or text[match.start() : match.end()][:1].isupper()
    ]
    if not found:
        return None
    return max(found, key=lambda item: len(item[0].group(0)))[1]


def location_of(label: str, code: str) -> str | None:
    """A place mention as current_location: a Quebec place, another province, or abroad."""
    if label in (gazetteer.PROVINCE, gazetteer.CITY):
        return "quebec" if code == "QC" else "canada_other"
    if label == gazetteer.COUNTRY and code != "CA":
        return "abroad"
    return None


def parse_current_location(text: str) -> str | None:
    _, mentions = gazetteer.find(text, misspelt=True)
    for mention in mentions:
        location = location_of(mention.label, mention.code)
        if location:
            return location
    if says_abroad(text):
        return "abroad"
    return DONT_KNOW if says_dont_know(text) else None


@cache
def _place_words() -> PhraseFinder:
    """The "abroad" and "in Canada" phrases of places.yaml."""
    table = places()
    return PhraseFinder((kind, phrase) for kind in ("abroad", "canada") for phrase in both_languages(table[kind]))


def _place_phrase(kind: str, text: str) -> bool:
    return any(found.key == kind for found in _place_words().find_all(text))


def says_canada_only(text: str) -> bool:
    """'In Canada' with no province: the answer needs a province to settle anything."""
    return _place_phrase("canada", text) and parse_province(text) is None


def parse_language_request(text: str) -> str | None:
    """'en français svp' -> 'fr'; 'english please' -> 'en'. A language named in a longer sentence
    ("I speak French fluently") is a request only with a request word ("can we", "svp")."""
    found = finder("language_requests").find_all(text)
    if not found:
        return None
    if len(text.split()) > 3 and not finder("cues", "request").contains(text):
        return None
    message, request = read(text), found[0]
    said_of_it = " ".join(message.clause_after(request.end, marks=LIST_END).split()[:2])
    if finder("french_levels").contains(said_of_it):
        return None  # "français courant", "English: fluent": a level
    named_alone = " " not in message.folded[request.start : request.end]  # "français", not "en français"
    if named_alone and finder("cues", "being").contains(message.words_before(request.start, 1)):
        return None  # "il est français", "I'm French": a nationality
    return found[0].key.removeprefix("to_")


def says_abroad(text: str) -> bool:
    return _place_phrase("abroad", text)


def detect_language(text: str, confident: bool = False) -> str | None:
    """'en' or 'fr' from the frequent words each uses (and French accents and elisions); None
    when it cannot tell. confident: only a message of four words or more, plainly in one language
    (a margin of two), counts: enough to switch a conversation already under way."""
    words = re.findall(r"[a-z]+", fold(text))
    markers = lexicon()["language_markers"]
    scores: dict[str, int] = {lang: sum(word in _markers(lang) for word in words) for lang in markers}
    scores["fr"] += sum(ch in "éèêàçùûôîœ" for ch in text.lower())
    scores["fr"] += len(re.findall(r"\b(?:[jldcmnst]|qu)['’]", text.lower()))
    margin = abs(scores["en"] - scores["fr"])
    if margin == 0 or (confident and (len(words) < 4 or margin < 2)):
        return None
    return max(scores, key=scores.__getitem__)


@cache
def _markers(language: str) -> frozenset[str]:
    return frozenset(fold(word) for word in lexicon()["language_markers"][language])


# --- contact details (the callback form) ------------------------------------------------------

_EMAIL = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+"  # local part
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"  # domain labels, then a TLD
)


def parse_email(text: str) -> str | None:
    """The email address in text, its domain in lower case; None without a well-formed one."""
    match = _EMAIL.search(text.strip())
    if not match or len(match.group(0)) > 254:
        return None
    local, domain = match.group(0).rsplit("@", 1)
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return None
    return f"{local}@{domain.lower()}"


def parse_phone(text: str, region: str | None = None) -> str | None:
    """The phone number in text, in E.164 (+15145550199). A number without its country code is
    read in region (the person's country), and if it is no valid number there, as Canadian."""
    import phonenumbers

    for place in dict.fromkeys([region if region and len(region) == 2 else "CA", "CA"]):
        for match in phonenumbers.PhoneNumberMatcher(text, place, leniency=phonenumbers.Leniency.POSSIBLE):
            if phonenumbers.is_valid_number(match.number):
                return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    return None


@cache
def _zone_names() -> dict[str, str]:
    table = yaml.safe_load((DATA_DIR / "timezones.yaml").read_text(encoding="utf-8"))["zones"]
    return {fold(name): zone for zone, names in table.items() for name in names}


@cache
def _iana_cities() -> dict[str, str]:
    import zoneinfo

    zones = zoneinfo.available_timezones()
    cities = {fold(zone.rsplit("/", 1)[-1].replace("_", " ")): zone for zone in zones if "/" in zone}
    return {**cities, **{fold(zone): zone for zone in zones}}


def parse_timezone(text: str) -> str | None:
    """'Eastern', 'heure de l'est', 'Montréal', 'Europe/Paris', 'Paris' -> an IANA zone."""
    folded = fold(text).strip(" .!?")
    names = _zone_names()
    for name in sorted(names, key=len, reverse=True):
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded):
            return names[name]
    cities = _iana_cities()
    return cities.get(folded) or cities.get(folded.replace(" time", ""))


# --- The open permits' answers (lexicon.yaml `field_values`, `durations`) -------------------------


def parse_field_value(field: str, text: str) -> str | None:
    """The value of field that text names: a "no" that opens the answer, for a field with a value
    `none` ("no, I didn't apply, I don't know how"; "not yet, first I need the CSQ"); else the last
    value named ("a bachelor's, and now a master's"), words of "I don't know" excepted ("no idea"
    holds a "no"); else DONT_KNOW or None."""
    values = finder("field_values", field)
    if "none" in lexicon()["field_values"][field] and parse_opening_yes_no(text) is False:
        return "none"
    unsure = [f for f in finder("answers").find_all(text) if f.key == DONT_KNOW]
    found = [f for f in values.find_all(text) or values.find_misspelt(text) if not _within(f, unsure)]
    # "not express entry", "pas de DEC": a value denied is not said; a "no" in the middle of an
    # answer naming a value ("... no restriction on employment") does not undo it.
    said = [f for f in found if not _denied(text, f)]
    named = [f for f in said if f.key != "none"] or said
    if named:
        return max(named, key=lambda f: (f.start, f.end - f.start)).key
    if unsure:
        return DONT_KNOW
    return values.near(text)


def _denied(text: str, found: Found) -> bool:
    before = fold(text)[: found.start].split()[-1:]
    return bool(before) and before[0] in ("not", "no", "pas", "non", "never", "jamais")


def _within(found: Found, spans: list[Found]) -> bool:
    return any(span.start <= found.start and found.end <= span.end for span in spans)


def parse_teer_of_a_job(text: str) -> tuple[int, str | None] | str | None:
    """A job's TEER and NOC code from a code ("21300"), a TEER ("TEER 1") or a title ("civil
    engineer"); DONT_KNOW; or None."""
    code = parse_noc(text)
    if code not in (None, DONT_KNOW):
        return int(code[1]), code
    teer = parse_teer(text)
    if isinstance(teer, int):
        return teer, None
    found = noc.find_job(text)
    if found:
        return found.group.teer, found.group.code
    return DONT_KNOW if says_dont_know(text) else None


def parse_length_in_months(text: str) -> int | str | None:
    from intake_nlu.durations import parse_months

    if says_dont_know(text):
        return DONT_KNOW
    return parse_months(text)


def parse_days_since(text: str, today: datetime.date | None = None) -> int | str | None:
    from intake_nlu.durations import parse_days_ago

    if says_dont_know(text):
        return DONT_KNOW
    return parse_days_ago(text, today)


def parse_open_permits_check(text: str) -> frozenset[str] | str | None:
    """The answer to "did you study in Canada, does a partner work or study there, or did you apply
    for permanent residence?": the cues it gives ("studied", "partner", "applied"; none for "none of
    these"), DONT_KNOW, or None."""
    found = {f.key for f in finder("open_permits_check").find_all(text)}
    found |= (
        {"studied"}
        if any(f.key != "none" for f in finder("field_values", "canadian_credential").find_all(text))
        else set()
    )
    partner = [f for f in finder("field_values", "partner_in_canada").find_all(text) if f.key != "none"]
    found |= {"partner"} if partner else set()
    cues = found - {"neither"}
    if cues:
        return frozenset(cues)
    if "neither" in found or parse_yes_no(text) is False:
        return frozenset()
    if parse_yes_no(text) is True:
        return frozenset({"studied", "partner", "applied", "contract"})  # "yes": which one is asked next
    return DONT_KNOW if says_dont_know(text) else None


# --- When a person wants a call booked (lexicon.yaml `time_wishes`) ------------------------------

DAY_PARTS = {"morning": (0, 12), "afternoon": (12, 17), "evening": (17, 24)}  # local hours


@dataclass(frozen=True)
class TimeWish:
    """'Tuesday afternoon' (weekday 1, afternoon), 'demain matin' (in 1 day, morning), 'another
    time' (more); all None: the text says nothing of when."""

    weekday: int | None = None
    part: str | None = None
    in_days: int | None = None
    more: bool = False
    month_day: tuple[int, int] | None = None  # "March 16", "le 16 mars"

    @property
    def said(self) -> bool:
        return self.more or any(v is not None for v in (self.weekday, self.part, self.in_days, self.month_day))


def parse_time_wish(text: str) -> TimeWish:
    weekday = finder("time_wishes", "weekdays").first(text)
    in_days = finder("time_wishes", "days").first(text)
    return TimeWish(
        weekday=int(weekday) if weekday is not None else None,
        part=finder("time_wishes", "parts").first(text),
        in_days=int(in_days) if in_days is not None else None,
        more=finder("time_wishes", "more").first(text) is not None,
        month_day=_month_day(text),
    )


def _month_day(text: str) -> tuple[int, int] | None:
    """'March 16', '16th of March', 'le 16 mars', '16 déc.': month and day (month names from CLDR)."""
    folded = fold(text)
    for number, month in _month_names().items():
        day = re.search(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th|er)?\s+(?:of\s+)?{month}\b", folded) or re.search(
            rf"\b{month}\.?\s+(\d{{1,2}})(?!\d)", folded
        )
        if day and 1 <= int(day.group(1)) <= 31:
            return number, int(day.group(1))
    return None


@cache
def _month_names() -> dict[int, str]:
    """Each month's names in both languages, as one pattern ('march|mar|mars')."""
    names: dict[int, set[str]] = {}
    for language in ("en", "fr"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=language).items():
                names.setdefault(number, set()).add(re.escape(fold(name).rstrip(".")))
    return {n: "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")" for n, words in names.items()}
