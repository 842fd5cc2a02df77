"""Several facts from one message: "I'm 27, French and Mexican, and I have a job offer in Montreal"
gives age 27, citizenships FR and MX, has_job_offer true and job_offer_province QC.

Each fact is named after the profile field (or conversation slot) it fills and carries a normalized
value: ISO codes, province codes, integers, booleans. A place is read by the words just before it
in its clause ("I live in" -> where the person lives; "a job offer in" -> where the job is); a
nationality that is also a language ("I speak French") is not a citizenship.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from imp_engine.occupations import profession_matcher
from imp_engine.profile import teer_of_noc
from imp_engine.rulebook import default_rulebook
from intake_nlu import durations, gazetteer, noc, parsers
from intake_nlu.corrections import replaced_spans, said_before_spans, says_it_corrects
from intake_nlu.gazetteer import Mention
from intake_nlu.lexicon import Found, finder, lexicon
from intake_nlu.message import BUT, LIST_END, Message, read

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Fact:
    slot: str
    value: Any
    start: int
    end: int


def extract(text: str, doc: Doc | None = None, today: datetime.date | None = None) -> list[Fact]:
    """Every fact the message states. doc: the gazetteer pipeline's doc of text, if already made."""
    text = read(text, doc)
    mentions = text.mentions
    facts = _places(text, mentions)
    facts += _statements(text)
    facts += _ages(text, today, mentions)
    facts += _french_level(text)
    facts += _open_permit_facts(text, today)
    facts += _audience(text, facts)
    facts += _offer_of_someone_taking_me_on(text, facts)
    facts += _place_of_the_job(text, mentions, facts)
    facts += _occupation(text)
    facts += _teer(text)
    facts += _job_title(text) or _title_before_a_choice(text) or _introduced_title(text, mentions, facts)
    facts += _language_request(text)
    facts = _of_the_partner_set_aside(text, facts)
    facts += _living_where_one_holds_a_status(facts)
    return sorted(facts, key=lambda f: f.start)


def _places(text: Message, mentions: list[Mention]) -> list[Fact]:
    facts: list[Fact] = []
    previous_end = 0
    set_aside = replaced_spans(text)
    for mention in mentions:
        context = text.sentence_before(mention.start_char, previous_end)
        previous_end = mention.end_char
        said_as_a_name = finder("cues", "name").contains(" ".join(context.split()[-3:]))
        if said_as_a_name or _signs_off(text, mention) or parsers.named_as_a_name(text, mention):
            continue  # "my name is France Joseph", "Chad here", "Jordan's my first name"
        if _names_a_town(text, mention, mentions):
            continue  # "New Denmark, New Brunswick"
        if any(start <= mention.start_char < end for start, end in set_aside):
            continue  # "in Ottawa, not Gatineau", "Austrian, not Australian": Gatineau is no fact
        fact = _place_fact(mention, context, text, _offer_follows(text, mention, mentions))
        if fact:
            facts.append(Fact(fact[0], fact[1], mention.start_char, mention.end_char))
    facts = _after_a_but(text, [_explained(text, fact, mentions) for fact in facts])
    sole = {m.start_char for m in parsers.the_sole_passport(str(text), mentions)}
    facts = [f for f in facts if f.slot != "citizenships" or f.start in sole]
    if not any(f.slot == "current_location" for f in facts) and parsers.says_abroad(text):
        facts.append(Fact("current_location", "abroad", 0, len(text)))
    return facts


def _after_a_but(text: Message, facts: list[Fact]) -> list[Fact]:
    """ "A company from Gatineau, Quebec wants to hire me, but for its project in Rockland, Ontario":
    of two provinces said for the job, a "but" between them leaves the later."""
    job = [f for f in facts if f.slot == "job_offer_province"]
    if len({f.value for f in job}) < 2:
        return facts
    between = text.folded[job[0].end : job[-1].start].split()
    if not any(word.strip(",.;:") in BUT for word in between):
        return facts
    return [f for f in facts if f.slot != "job_offer_province" or f.value == job[-1].value]


def _explained(text: Message, fact: Fact, mentions: list[Mention]) -> Fact:
    """A Canadian place explained by the next one ("a firm in Saint-Boniface — that's Winnipeg", "un
    cabinet de Saint-Boniface, à Winnipeg"): the fact is the later, better-known place's."""
    if fact.slot not in ("job_offer_province", "current_location"):
        return fact
    following = next((m for m in mentions if m.start_char >= fact.end), None)
    if following is None or following.label not in (gazetteer.PROVINCE, gazetteer.CITY):
        return fact
    between = text[fact.end : following.start_char]
    if not between.strip() or not all(finder("cues", "apposition").contains(w) for w in between.split()):
        return fact
    place = following.code
    value = place if fact.slot == "job_offer_province" else parsers.location_of(following.label, place)
    return Fact(fact.slot, value, fact.start, following.end_char)


def _signs_off(text: Message, mention: Mention) -> bool:
    """ "Hey, Chad here — structural engineer…", "Salut, ici Chad": a name, said the way people sign."""
    if mention.label != gazetteer.COUNTRY:
        return False
    after, before = text.words_after(mention.end_char, 1), text.clause_before(mention.start_char)
    signed_before = finder("cues", "signed_before").find_all(before)
    surname_then = text.words_after(mention.end_char, 2).split()  # "France Bérubé speaking"
    surname_signed = len(surname_then) == 2 and surname_then[0][:1].isupper()
    return (
        finder("cues", "signed_after").contains(after)
        or (surname_signed and finder("cues", "signed_after").contains(surname_then[1].strip(",.")))
        or bool(signed_before and not before[signed_before[-1].end :].strip())
        or _introduced_by_name(text.sentence_before(mention.start_char, 0))
    )


def _introduced_by_name(before: str) -> bool:
    """ "Hi! I'm India", "Salut, c'est Jordan": a country's name right after "I'm" or "c'est" that open
    the sentence (after a greeting at most) is the writer's first name."""
    found = finder("cues", "introduction").find_all(before)
    if not found or before[found[-1].end :].strip(" ,"):
        return False
    return not any(ch.isalpha() for ch in _without_greetings(before[: found[-1].start]))


def _names_a_town(text: Message, mention: Mention, mentions: list[Mention]) -> bool:
    """A country's name before a word that ends towns' names ("Portugal Cove"), or after one that
    starts them and before ", <province>" ("New Denmark, New Brunswick", "à New Denmark, au
    Nouveau-Brunswick"), is part of a town's name, not anyone's country."""
    if finder("cues", "town_ends").contains(text.words_after(mention.end_char, 1).split("-")[0]):
        return True  # "Portugal Cove-St. Philip's"
    before = text.words_before(mention.start_char, 1)
    following = next((m for m in mentions if m.start_char >= mention.end_char), None)
    starts_a_town = finder("cues", "town_starts").contains(before)
    if not starts_a_town or following is None or following.label != gazetteer.PROVINCE:
        return False
    between = text[mention.end_char : following.start_char].strip()
    return between.startswith(",") and all(finder("cues", "in_place").contains(w) for w in between[1:].split())


def _place_fact(mention: Mention, context: str, text: Message, offer_follows: bool = False) -> tuple[str, Any] | None:
    home = finder("cues", "home").contains(context)
    job = (
        finder("cues", "job").contains(context)
        or finder("cues", "workplace").contains(context)
        or _names_a_workplace(mention, text)
        or (offer_follows and not home)
    )
    if mention.label == gazetteer.NATIONALITY:
        theirs = (
            parsers.names_a_language(mention, text)
            or parsers.spoken_like_a_language(text, mention)
            or parsers.disowned(text, mention)
            or parsers.said_of_someone_else(text, mention)
            or parsers.names_a_style(text, mention)
            or parsers.gives_residence(text, mention)
        )
        return None if theirs else ("citizenships", mention.code)
    if mention.label == gazetteer.COUNTRY:
        citizenship = finder("cues", "citizenship").contains(context)
        if home and not citizenship:
            location = parsers.location_of(mention.label, mention.code)
            return ("current_location", location) if location else None
        if parsers.gives_residence(text, mention) or parsers.disowned(text, mention):
            return None
        a_place = finder("cues", "in_place").contains(" ".join(context.split()[-1:]))
        # "to distributors in Canada" is a place even after "steel from Monclova"; "born in France" is not
        citizenship_near = finder("cues", "citizenship").contains(" ".join(context.split()[-4:]))
        # "my options for Canada": Canada is where the person would go, not a passport, unless said so.
        if job or (a_place and not citizenship_near) or (mention.code == "CA" and not citizenship):
            return None
        return ("citizenships", mention.code)
    if job:
        return ("job_offer_province", mention.code)
    if home:
        return ("current_location", parsers.location_of(mention.label, mention.code))
    return None


def _offer_follows(text: Message, mention: Mention, mentions: list[Mention]) -> bool:
    """ "a seed company in Humboldt, Saskatchewan wants me to run its lab", "une boîte de Stratford, en
    Ontario, me veut": an offer said just after a Canadian place, before any other place, names where
    the job is."""
    if mention.label not in (gazetteer.PROVINCE, gazetteer.CITY):
        return False
    following = next((m.start_char for m in mentions if m.start_char >= mention.end_char), len(text))
    after = Message(text[mention.end_char : following]).words_after(0, OFFER_WORDS_AFTER)
    return any(found.key == "worker_hired" for found in finder("audience").find_all(after))


def _names_a_workplace(mention: Mention, text: Message) -> bool:
    """A Canadian place named just before a workplace: "a Toronto firm", "our Calgary team"."""
    canadian = mention.label in (gazetteer.PROVINCE, gazetteer.CITY)
    return canadian and _names_a_workplace_in(text.words_after(mention.end_char, 1))


def _statements(text: Message) -> list[Fact]:
    """Yes/no facts stated in so many words ("I have a CSQ"; against: "it's a new employer" is no
    transfer); a negation among the four words before it, in its clause, turns one over. The first of
    each fact counts, or the last in a message that corrects."""
    found = [(f, True) for f in finder("statements").find_all(text)]
    found += [(f, False) for f in finder("statements_against").find_all(text)]
    # "I said it's not farm work, but it's a greenhouse": what was said before is no statement
    before = said_before_spans(text)
    found = [pair for pair in found if not any(start <= pair[0].start < end for start, end in before)]
    # "nobody has offered me" holds "offered me": the longer statement is the one said
    found = [pair for pair in found if not any(_inside(pair[0], other) for other, _ in found)]
    # "j'ai dit pas d'offre mais c'est faux : j'en ai signé une": in a correction the last one counts
    latest_first = says_it_corrects(text)
    facts: dict[str, Fact] = {}
    for statement, says in sorted(found, key=lambda pair: pair[0].start, reverse=latest_first):
        if statement.key in facts:
            continue
        context = " ".join(text.clause_before(statement.start).split()[-4:])  # in its clause
        if finder("cues", "searching").contains(context):
            continue
        negated = finder("cues", "negation").contains(context) or _negated_after(text, statement)
        facts[statement.key] = Fact(statement.key, says != negated, statement.start, statement.end)
    return list(facts.values())


def _negated_after(text: Message, statement: Found) -> bool:
    """ "on la mute pas", "il me mute pas": a French negation right after the verb."""
    return finder("cues", "negation_after").contains(text.words_after(statement.end, 1))


def _inside(inner: Found, outer: Found) -> bool:
    return inner != outer and outer.start <= inner.start and inner.end <= outer.end


def _ages(text: Message, today: datetime.date | None, mentions: list[Mention]) -> list[Fact]:
    """The first age said, or the last in a message that corrects ("j'ai écrit 29 par habitude :
    j'ai eu 31 ans en mars")."""
    ages = [age for age in (_age(text, today, mentions, *number) for number in parsers.numbers_in(text)) if age]
    if not ages:
        return []
    return [ages[-1] if says_it_corrects(text) else ages[0]]


def _age(
    text: Message, today: datetime.date | None, mentions: list[Mention], value: int, start: int, end: int
) -> Fact | None:
    before, after = text.words_before(start, 2), text.words_after(end, 3)
    if finder("cues", "birth").contains(before) and value >= parsers.limits()["birth_year"]["min"]:
        return Fact("age", parsers.age_from_number(value, today), start, end)
    if finder("cues", "not_age").contains(after) or _TEER_BEFORE.search(before) or _says_a_duration(before):
        return None
    if _YEARS_AFTER.match(text[end:]) and finder("cues", "spent").contains(text.words_before(start, 5)):
        return None  # "I've lived in Dubai 9 years": how long, not how old
    if _COMPOUND.match(text[end:]) and not finder("cues", "age_after").contains(after.replace("-", " ")):
        return None  # "a 60-room lodge", "a 3-year diploma": a number joined to what it counts
    if (
        finder("cues", "age").contains(before)
        or finder("cues", "age_after").contains(after)
        or _follows_nationality(text, start, mentions)
        or _set_apart_in_an_introduction(text, start, end, mentions)
    ):
        return Fact("age", value, start, end)
    return None


def _says_a_duration(before: str) -> bool:
    """ "ça fait 15 ans que…", "depuis 15 ans": the words just before the number say how long."""
    found = finder("cues", "not_age_before").find_all(before)
    return bool(found) and not before[found[-1].end :].strip()


OFFER_WORDS_AFTER = 6  # "…in Humboldt, Saskatchewan wants me to run": the offer's words come soon
_LANGUAGE_SUFFIX = re.compile(r"^-(?:language|speaking|langue)\b", re.IGNORECASE)
_COMPOUND = re.compile(r"-[^\W\d_]")
_YEARS_AFTER = re.compile(r"\s*(?:years?|yrs?|ans?)\b(?!\s*(?:old|of age|d'âge))", re.IGNORECASE)
_SET_APART = re.compile(r"(?:^|[,:;—–(-])\s*$")
_SET_APART_AFTER = re.compile(r"^\s*(?:$|[,:;—–)!.?-])")


def _set_apart_in_an_introduction(text: str, start: int, end: int, mentions: list[Mention]) -> bool:
    """ "Mexican civil engineer here, 38, and…", "28, Indian, software developer": a number set apart
    by commas or dashes in a message that names a nationality is the age."""
    if not any(m.label == gazetteer.NATIONALITY for m in mentions) or not text[start:end].isdigit():
        return False
    return bool(_SET_APART.search(text[:start])) and bool(_SET_APART_AFTER.match(text[end:]))


def _follows_nationality(text: str, start: int, mentions: list[Mention]) -> bool:
    """ "Irish and 27", "française, 31": a number joined to a nationality is an age."""
    return any(
        m.label == gazetteer.NATIONALITY and m.end_char <= start and _JOINED.fullmatch(text[m.end_char : start])
        for m in mentions
    )  # (a nationality said after the number is not before it: "a 60-room… to a Dutch woman")


def _french_level(text: Message) -> list[Fact]:
    """A level said of French in its clause ("no French at all", "French is my mother tongue",
    "français courant"); "no wait, I'm French" says no level of it."""
    order = list(lexicon()["french_levels"])
    for found in finder("french_words").find_all(text):
        if _names_a_kind_of_thing(text, found):
            continue  # "my little French daycare": "little" says nothing of anyone's French
        start = max(text.clause_start(found.start, LIST_END), found.start - 30)
        end = min(text.clause_end(found.end, marks=LIST_END), found.end + 40)
        before = said_before_spans(text) + _opening_ok(text)
        levels = [
            level
            for level in finder("french_levels").find_all(text[start:end])
            if not any(said <= start + level.start < until for said, until in before)  # "I said basic, but…"
        ]
        # "francophone" is both: a level only when other words say one
        levels = [level for level in levels if (start + level.start, start + level.end) != (found.start, found.end)]
        if levels:
            best = max(levels, key=lambda level: order.index(level.key))
            return [Fact("french_level", best.key, start + best.start, start + best.end)]
    return _level_of_a_corrected_french(text)


def _level_of_a_corrected_french(text: Message) -> list[Fact]:
    """A message that corrects the French level and names no other language says the level anywhere:
    "I undersold myself on French: I did half my schooling in it, I hold a conversation fine"."""
    named = [text[f.start : f.end] for f in finder("languages").find_all(text)]
    if not named or not says_it_corrects(text) or not all(finder("french_words").contains(word) for word in named):
        return []
    order = list(lexicon()["french_levels"])
    said = finder("french_levels").find_all(text)
    if said and not text[said[-1].end :].strip(" .!"):
        return [Fact("french_level", said[-1].key, said[-1].start, said[-1].end)]  # "…and that's about it — basic"
    # a phrase, not a lone word: "fine" or "un peu" elsewhere in the message may say something else
    levels = [found for found in said if " " in text[found.start : found.end]]
    if not levels:
        return []
    best = max(levels, key=lambda level: order.index(level.key))
    return [Fact("french_level", best.key, best.start, best.end)]


def _names_a_workplace_in(words: str) -> bool:
    """A workplace among words: lexicon `cues.workplace`, or `job_after` ("school", "client")."""
    return finder("cues", "workplace").contains(words) or finder("cues", "job_after").contains(words)


def _opening_ok(text: Message) -> list[tuple[int, int]]:
    """ "ok honestly, I oversold my French": an "ok" that opens a longer message says no level."""
    opening = parsers.LEADING_OK.match(text)
    return [(0, opening.end())] if opening and len(text.split()) >= 5 else []


def _names_a_kind_of_thing(text: Message, found: Found) -> bool:
    """ "French daycare", "lycée français", "a French-language school": the word names a style or a
    kind of place, not a language spoken (lexicon `style_after`, `style_before`, `workplace`)."""
    said_after = text.words_after(found.end, 4)
    after = _LANGUAGE_SUFFIX.sub("", said_after)  # "a French-language school"
    return (
        finder("cues", "style_after").contains(text.words_after(found.end, 1))
        or (after != said_after and _names_a_workplace_in(" ".join(after.split()[:2])))
        or finder("cues", "style_before").contains(text.words_before(found.start, 1))
    )


def _audience(text: str, facts: list[Fact]) -> list[Fact]:
    """Who the permit is for, at the phrase that decides it; a person introducing themselves is the
    worker, at their first word of themselves ("I'm", "je"), or nowhere in particular."""
    phrase = parsers.audience_phrase(text)
    if phrase:
        return [Fact("audience", parsers.audience_in(text), phrase.start, phrase.end)]
    if _introduces_oneself(text, facts) or any(f.slot == "partner_in_canada" for f in facts):
        # "my husband has a work permit in Calgary": the spouse speaking would be the worker
        found = finder("cues", "first_person").find_all(text)
        start, end = (found[0].start, found[0].end) if found else (0, 0)
        return [Fact("audience", "worker", start, end)]
    return []


def _offer_of_someone_taking_me_on(text: Message, facts: list[Fact]) -> list[Fact]:
    """ "A ski resort in Whistler has taken me on", "my uncle wants to take me on", "une agence veut
    m'embaucher": someone hiring, sending or moving the person is a job offer in Canada."""
    if any(f.slot == "has_job_offer" for f in facts):
        return []
    phrase = parsers.audience_phrase(text)
    if phrase is None or phrase.key != "worker_hired":
        return []  # "it's for me", "there's no candidate" say whose permit it is, not that a job waits
    return [Fact("has_job_offer", True, phrase.start, phrase.end)]


def _place_of_the_job(text: Message, mentions: list[Mention], facts: list[Fact]) -> list[Fact]:
    """In a message about a job in Canada (an offer, someone hiring), the Canadian place named with no
    word of living there is where the job is: "my uncle runs a garage in North Bay and wants to take
    me on", "the school board in Iqaluit has offered me a post", "mon atelier de Steinbach"."""
    canadian_place_read = ("job_offer_province", "current_location")
    if any(f.slot in canadian_place_read and f.value != "abroad" for f in facts):
        return []  # ("overseas", "abroad" name no Canadian place: "my shop in Steinbach… found someone overseas")
    about_a_job = any(
        (f.slot == "has_job_offer" and f.value is True) or (f.slot == "audience" and f.value == "employer")
        for f in facts
    )
    places = [m for m in mentions if m.label in (gazetteer.PROVINCE, gazetteer.CITY)]
    if not about_a_job or len({m.code for m in places}) != 1:
        return []
    place = places[0]
    if finder("cues", "home").contains(text.sentence_before(place.start_char)):
        return []
    return [Fact("job_offer_province", place.code, place.start_char, place.end_char)]


# Facts that describe a person: said in the first person ("my study permit is still valid", "my
# husband works in Calgary"), they are the worker's own.
ABOUT_A_PERSON = (
    "citizenships",
    "age",
    "status_in_canada",
    "canadian_credential",
    "completed_days_ago",
    "partner_in_canada",
    "pr_application",
    "pstq_invited",
)


def _introduces_oneself(text: str, facts: list[Fact]) -> str | None:
    """ "I'm a 27-year-old Irish nurse…", "Sud-coréen, 29 ans, pas encore d'offre…": a person who
    says who they are, speaking of no one else, is the one who would work."""
    about_a_person = any(f.slot in ABOUT_A_PERSON for f in facts)
    introduction = finder("cues", "first_person").contains(text) or _opens_with_facts(text, facts)
    speaks_of_another = finder("cues", "third_person").contains(text)
    return "worker" if about_a_person and introduction and not speaks_of_another else None


def _opens_with_facts(text: str, facts: list[Fact]) -> bool:
    """Nothing but a greeting before the first fact: "Hello, French software developer, 31…"."""
    return not _without_greetings(read(text)[: _first_fact_start(facts)]).strip(" -,!.:;")


def _without_greetings(text: str) -> str:
    """The text with its greetings taken out ("Hello, " of "Hello, French software developer")."""
    for greeting in reversed(finder("cues", "greeting").find_all(text)):
        text = text[: greeting.start] + text[greeting.end :]
    return text


def _first_fact_start(facts: list[Fact]) -> int:
    return min((f.start for f in facts), default=0)


def _occupation(text: Message) -> list[Fact]:
    found = profession_matcher(default_rulebook()).find(text)
    if not found:
        return []
    _, start, end = found
    if finder("cues", "possessive").contains(text.words_before(start, 1)):
        return []  # "my professor set up a placement for me": someone else's profession
    return [Fact("occupation", text[start:end], start, end)]


_JOINED = re.compile(r"\s*(?:,|,?\s*(?:and|et))?\s*", re.IGNORECASE)
_TEER_BEFORE = re.compile(r"(?:teer|feer)\s*$", re.IGNORECASE)
_TEER = re.compile(r"\b(?:teer|feer)\s*(?:category|categorie|catégorie)?\s*([0-5])\b", re.IGNORECASE)
_NOC = re.compile(
    r"\b(?:noc|cnp)\s*(?:2021)?\s*(?:code|unit group|groupe de base)?\s*#?\s*(\d{5})(?!\d)", re.IGNORECASE
)


def _teer(text: str) -> list[Fact]:
    """A TEER named ("TEER 2"), or a NOC 2021 code ("NOC 63200"): its second digit is the TEER."""
    noc = _NOC.search(text)
    if noc:
        code = noc.group(1)
        return [
            Fact("job_offer_noc", code, noc.start(), noc.end()),
            Fact("job_offer_teer", teer_of_noc(code), noc.start(), noc.end()),
        ]
    match = _TEER.search(text)
    return [Fact("job_offer_teer", int(match.group(1)), match.start(), match.end())] if match else []


def _job_title(text: Message) -> list[Fact]:
    """A job title named after its cue ("an offer as a line cook", "un poste de cuisinier") that the
    NOC 2021 table holds: the title, for the TEER question's confirmation."""
    for cue in finder("cues", "job_title").find_all(text):
        clause = text.clause_after(cue.end)
        found = noc.find_job(clause)
        if found and found.sure and not noc.is_vague(found.words):
            start, end = cue.end + found.start, cue.end + found.end
            return [Fact("job_offer_title", text[start:end], start, end)]
    return []


def _title_before_a_choice(text: Message) -> list[Fact]:
    """ "The baker we picked is French", "le boulanger qu'on a choisi": the title the employer's choice
    follows, when the NOC 2021 table holds it."""
    for cue in finder("cues", "job_title_before").find_all(text):
        start = text.clause_start(cue.start)
        found = noc.find_job(text[start : cue.start])
        if found and found.sure and not noc.is_vague(found.words):
            return [Fact("job_offer_title", text[start + found.start : start + found.end], start, cue.start)]
    return []


def _introduced_title(text: Message, mentions: list[Mention], facts: list[Fact]) -> list[Fact]:
    """ "Mexican civil engineer here, 38, and I have a job lined up", "je suis développeur, français,
    31 ans, avec une offre": the title next to the nationality (in its clause or the one before or
    after), when the message also states an offer (the job offered is then the person's trade). An
    employer's "my candidate is a Mexican architect" names the occupation, not yet the offer's title."""
    if not any(f.slot == "has_job_offer" and f.value is True for f in facts):
        return []
    for mention in (m for m in mentions if m.label == gazetteer.NATIONALITY):
        for start, end in _clauses_around(text, mention):
            found = noc.find_job(text[start:end])
            if found and found.sure and not noc.is_vague(found.words):
                return [Fact("job_offer_title", text[start + found.start : start + found.end], start, end)]
    return []


def _clauses_around(text: Message, mention: Mention) -> list[tuple[int, int]]:
    """The mention's clause before it and after it, then the clauses before and after those, then
    the second clause after ("British, 35, qualified industrial electrician, and…")."""
    before = (text.clause_start(mention.start_char), mention.start_char)
    after = (mention.end_char, text.clause_end(mention.end_char))
    previous_end = max(before[0] - 1, 0)
    following = _clause_after(text, after)
    previous = (text.clause_start(previous_end), previous_end)
    around = [before, after, following, previous] if before[0] else [before, after, following]
    return [*around, _clause_after(text, following)]


def _clause_after(text: Message, clause: tuple[int, int]) -> tuple[int, int]:
    start = min(clause[1] + 1, len(text))
    return (start, text.clause_end(start))


def _language_request(text: str) -> list[Fact]:
    language = parsers.parse_language_request(text)
    return [Fact("language", language, 0, len(text))] if language else []


def _open_permit_facts(text: Message, today: datetime.date | None) -> list[Fact]:
    """The open permits' facts said in passing: a status, studies in Canada, an application for
    permanent residence (lexicon.yaml `value_statements`, the last one said counting: "my study
    permit ran out and I extended as a visitor"), the length of a program, how long ago it ended;
    and, in a sentence about the partner, what the partner does in Canada."""
    partner_spans = _partner_sentences(text)
    own = _blanked(str(text), partner_spans)
    facts: list[Fact] = []
    for field in lexicon()["value_statements"]:
        found = finder("value_statements", field).find_all(own)
        if found:
            facts.append(Fact(field, found[-1].key, found[-1].start, found[-1].end))
    if not any(f.slot == "canadian_credential" for f in facts):
        facts += _studies_in_canada(text, own)
    if not any(f.slot == "pr_application" for f in facts) and finder("pr_filed").contains(own):
        # "I got my CSQ through the PEQ and sent my PR application": the program the message names
        applied_to = parsers.parse_field_value("pr_application", own)
        if applied_to not in (None, "none", parsers.DONT_KNOW):
            facts.append(Fact("pr_application", applied_to, 0, len(text)))
    program = durations.program_length_in(own) if finder("studied").contains(own) else None
    if program is not None:
        facts.append(Fact("canadian_program_months", program, 0, len(text)))
    ended = durations.days_since_completion_in(own, today)
    if ended is not None:
        facts.append(Fact("completed_days_ago", ended, 0, len(text)))
    for start, end in partner_spans:
        facts += _partner_facts(str(text), start, end)
    return facts


def _partner_sentences(text: Message) -> list[tuple[int, int]]:
    """From each mention of the person's spouse or partner to the end of its sentence, or to where the
    person speaks of themselves again ("c'est l'âge de mon mari, moi j'ai 34 ans")."""
    spans: list[tuple[int, int]] = []
    for mention in finder("partner_mentions").find_all(text):
        if spans and mention.start < spans[-1][1]:
            continue
        end = _sentence_end(str(text), mention.end)
        again = [cue.start for cue in finder("cues", "self_again").find_all(text) if mention.end <= cue.start < end]
        spans.append((mention.start, min(again, default=end)))
    return spans


ABBREVIATIONS = frozenset({"st", "ste", "mt", "dr", "mr", "mrs", "ms", "jr", "no", "vs", "etc"})


def _sentence_end(text: str, start: int) -> int:
    """Where the sentence going on at start ends: a stop followed by a space, not "St. Albert"."""
    for stop in re.finditer(r"[.!?;](?=\s|$)", text[start:]):
        word = re.findall(r"\w+", text[: start + stop.start()])[-1:]
        if stop.group(0) == "." and word and word[0].lower() in ABBREVIATIONS:
            continue
        return start + stop.start()
    return len(text)


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """text with spans replaced by spaces: what is left is the person's own, at the same places."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _studies_in_canada(text: Message, own: str) -> list[Fact]:
    """A credential said as studied ("did a 2-year master's", "graduated with a bachelor of") whose
    next place named in the sentence is Canadian ("at Université Laval in Sainte-Foy") is a program
    completed in Canada; a foreign country named first ("a master's in India") is not."""
    if not finder("studied").contains(own):
        return []
    for found in finder("field_values", "canadian_credential").find_all(own):
        if found.key == "none":
            continue
        place = next((m for m in text.mentions if m.start_char >= found.end), None)
        sentence_end = _sentence_end(own, found.end)
        if (
            place is not None
            and place.start_char < sentence_end
            and place.label in (gazetteer.PROVINCE, gazetteer.CITY)
        ):
            return [Fact("canadian_credential", found.key, found.start, found.end)]
    return []


def _partner_facts(text: str, start: int, end: int) -> list[Fact]:
    """What a sentence about the partner says: working or studying in Canada, the program, what is
    left on the permit, the job ("my husband is a civil engineer": NOC 21300, TEER 1)."""
    sentence = text[start:end]
    found = [f for f in finder("field_values", "partner_in_canada").find_all(sentence) if f.key != "none"]
    named_levels = {f.key for f in finder("field_values", "partner_study_level").find_all(sentence)}
    # "my wife is starting her PhD at Laval" studies; "my wife has a law practice" names a profession
    studies = named_levels & {"doctorate", "masters", "bachelor"}
    if not found and not studies:
        return []
    does = found[-1].key if found else "student"
    facts = [Fact("partner_in_canada", does, start, end)]
    if does == "student":
        # "a PhD in engineering" is a doctorate; "a bachelor of engineering", a professional degree
        level = next((key for key in STUDY_LEVELS_FIRST if key in named_levels), None)
        if level:
            facts.append(Fact("partner_study_level", level, start, end))
        months = durations.program_length_in(sentence)
        if months is not None:
            facts.append(Fact("partner_program_months", months, start, end))
        return facts
    left = durations.months_left_in(sentence)
    if left is not None:
        facts.append(Fact("partner_permit_months_left", left, start, end))
    job = noc.find_job(sentence)
    if job is not None:
        facts.append(Fact("partner_job_teer", job.group.teer, start, end))
        facts.append(Fact("partner_job_noc", job.group.code, start, end))
    return facts


STUDY_LEVELS_FIRST = ("doctorate", "masters", "professional", "bachelor", "college")

# The person's own facts, which a sentence about the partner does not give.
OWN_JOB_FACTS = (
    "job_offer_province",
    "occupation",
    "job_offer_title",
    "has_job_offer",
    "job_offer_teer",
    "job_offer_noc",
    "has_degree",
    "education",
    "is_student",
    "has_professional_licence",
    "age",
)


def _of_the_partner_set_aside(text: Message, facts: list[Fact]) -> list[Fact]:
    """ "My husband works in Calgary as an engineer": the place and the job are the partner's, not
    the person's; from the partner's mention to the end of its sentence, they are no facts of the
    person's."""
    spans = _partner_sentences(text)
    return [f for f in facts if not (f.slot in OWN_JOB_FACTS and any(s <= f.start < e for s, e in spans))]


def _living_where_one_holds_a_status(facts: list[Fact]) -> list[Fact]:
    """ "I work in Saint-Jean-sur-Richelieu on a closed permit": a status in Canada is held in
    Canada, so the province named is where the person lives, unless the message says otherwise."""
    status = next((f for f in facts if f.slot == "status_in_canada"), None)
    province = next((f for f in facts if f.slot == "job_offer_province"), None)
    if status is None or status.value == "none" or province is None or any(f.slot == "current_location" for f in facts):
        return []
    return [
        Fact("current_location", "quebec" if province.value == "QC" else "canada_other", province.start, province.end)
    ]
