"""Corrections of facts already known, read before a message is taken as the answer to the question
asked: "ah pardon, j'ai 36 ans, pas 34" while a yes/no question waits, "sorry, the office is in
Ottawa, not Gatineau" while the age is asked, "Austrian, not Australian!", "there's no candidate,
it's for me". A correction replaces the known fact and leaves the question asked pending.

`corrections(text, known, stated)` -> {slot: new value}: known, the facts as they stand; stated, the
facts the fact extractor read in the message (already normalized). A stated fact that changes a
known one is a correction when the message says it corrects (lexicon `cues.correction`); the reader
adds what the extractor cannot know without the known facts: a place or a nationality set against
the value it replaces ("X, not Y"), a French level said anywhere in a message about one's French,
and the audience said outright.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from intake_nlu import gazetteer, parsers
from intake_nlu.lexicon import finder, lexicon
from intake_nlu.message import BUT, read

PLACE_SLOTS = ("job_offer_province", "current_location")
Known = Mapping[str, Any]


def says_it_corrects(text: str) -> bool:
    return finder("cues", "correction").contains(text)


def corrections(text: str, known: Known, stated: Known) -> dict[str, Any]:
    """The known facts this message replaces, with their new values (see the module docstring)."""
    found: dict[str, Any] = {}
    audience = parsers.states_audience(text)
    if audience and known.get("audience") not in (None, audience):
        found["audience"] = audience
    if not says_it_corrects(text):
        return found
    # who is speaking is corrected only when said outright (above): "no, not in my situation" holds a
    # worker's words and a correction's "not", and is a no to the question asked
    found.update(
        {slot: value for slot, value in stated.items() if slot != "audience" and _replaces(known.get(slot), value)}
    )
    found.update(_places(text, known, stated))
    found.update(_citizenships(text, known))
    found.update(_french_level(text, known, stated))
    found.update(_age(text, known, stated))
    if not found:
        found.update(_education(text, known))
    return {slot: value for slot, value in found.items() if _replaces(known.get(slot), value)}


def _age(text: str, known: Known, stated: Known) -> dict[str, Any]:
    """ "haha typo — 26. not retired yet": a correction whose one number could be an age corrects a
    known age, though no word says it is one (the extractor reads a bare number as no age)."""
    if known.get("age") is None or stated:
        return {}  # (with other facts stated, a number is theirs to explain)
    bounds = parsers.limits()["age"]
    set_aside = replaced_spans(text)  # "it's 35, not 38": the number after "not" is the one replaced
    numbers = [
        value
        for value, start, end in parsers.numbers_in(text)
        if not _counts_something(text, end) and not any(s <= start < e for s, e in set_aside)
    ]
    if len(numbers) != 1 or not bounds["min"] <= numbers[0] <= bounds["max"]:
        return {}
    return {"age": numbers[0]}


def _counts_something(text: str, end: int) -> bool:
    """ "26 hours", "3 kids", "a 60-room lodge": the number counts something, it is no age."""
    return text[end : end + 1] == "-" or finder("cues", "not_age").contains(read(text).words_after(end, 3))


def _replaces(old: Any, new: Any) -> bool:
    if old is None or new is None:
        return False
    if isinstance(old, list):
        return sorted(old) != sorted(new if isinstance(new, list) else [new])
    return bool(old != new)


def replaced_spans(text: str) -> list[tuple[int, int]]:
    """Where the values a correction sets aside stand: the words right after "not", "pas", "instead
    of", "au lieu de", and what the person says they said before ("I said Dutch because…")."""
    message = read(text)
    replaced = [(cue.end, message.clause_end(cue.end, joins=BUT)) for cue in finder("cues", "replaced").find_all(text)]
    return replaced + said_before_spans(text)


def said_before_spans(text: str) -> list[tuple[int, int]]:
    """What a correction says was said before, up to its "but": "I said it's not farm work, but…",
    "j'ai dit de base, mais…" (not "as I said", which repeats it)."""
    message = read(text)
    return [
        (cue.end, message.clause_end(cue.end, joins=BUT))
        for cue in finder("cues", "said_before").find_all(text)
        if not finder("cues", "repeating").contains(message.words_before(cue.start, 1))
    ]


def _set_aside(mention: gazetteer.Mention, spans: list[tuple[int, int]]) -> bool:
    return any(start <= mention.start_char < end for start, end in spans)


def _places(text: str, known: Known, stated: Known) -> dict[str, Any]:
    """ "The office is in Ottawa, not Gatineau": the place slot whose value is the place set aside
    (or the only place known) takes the other place."""
    if any(slot in stated and stated[slot] != known.get(slot) for slot in PLACE_SLOTS):
        return {}  # the place stated corrects it already
    mentions = [m for m in read(text).mentions if m.label in (gazetteer.PROVINCE, gazetteer.CITY)]
    spans = replaced_spans(text)
    new = [m.code for m in mentions if not _set_aside(m, spans)]
    old = [m.code for m in mentions if _set_aside(m, spans)]
    if not new:
        return {}
    targets = [slot for slot in PLACE_SLOTS if known.get(slot) is not None]
    if not finder("cues", "home").contains(text):
        # a Canadian place corrects no "abroad" unless said of where one lives
        targets = [slot for slot in targets if known[slot] != "abroad"]
    if old:
        targets = [slot for slot in targets if known[slot] == _as(slot, old[0])]
    if len(targets) != 1:
        return {}
    # "the office is in Dégelis, Quebec, but the cutting is around Kedgwick, so New Brunswick": the
    # first place said that is not the one known
    other = [code for code in new if _as(targets[0], code) != known[targets[0]]]
    return {targets[0]: _as(targets[0], other[0])} if other else {}


def _as(slot: str, province: str) -> Any:
    return province if slot == "job_offer_province" else parsers.location_of(gazetteer.PROVINCE, province)


def _citizenships(text: str, known: Known) -> dict[str, Any]:
    """ "Austrian, not Australian": the nationality set aside leaves the known ones, the other joins;
    "only Venezuelan for now": the ones said after "only" are all that is left."""
    held = list(known.get("citizenships") or [])
    if not held:
        return {}
    mentions = [
        m
        for m in read(text).mentions
        if m.label in (gazetteer.COUNTRY, gazetteer.NATIONALITY) and not parsers.names_a_language(m, text)
    ]
    only = [m.code for m in mentions if finder("cues", "only").contains(read(text).words_before(m.start_char, 1))]
    if only and set(only) != set(held):
        return {"citizenships": list(dict.fromkeys(only))}  # "only Venezuelan for now": the others go
    spans = replaced_spans(text)
    old = {m.code for m in mentions if _set_aside(m, spans)}
    new = [m.code for m in mentions if not _set_aside(m, spans) and m.code not in old]
    if not new or not old & set(held):
        return {}
    kept = [code for code in held if code not in old]
    return {"citizenships": list(dict.fromkeys([*kept, *new]))}


def _french_level(text: str, known: Known, stated: Known) -> dict[str, Any]:
    """ "I undersold my French earlier — I can hold a real conversation, I'd say intermediate": in a
    correction about one's French, the level named anywhere in it."""
    if "french_level" in stated or known.get("french_level") is None or not finder("french_words").contains(text):
        return {}
    order = list(lexicon()["french_levels"])
    words = {f.start for f in finder("french_words").find_all(text)}
    levels = [f.key for f in finder("french_levels").find_all(text) if f.start not in words]
    return {"french_level": max(levels, key=order.index)} if levels else {}


def _education(text: str, known: Known) -> dict[str, Any]:
    """ "Sorry, I undersold my schooling: after high school I did a two-year diploma": a correction
    that corrects nothing else and names schooling, its highest level (what it says was said before
    set aside)."""
    if known.get("education") is None:
        return {}
    spans = said_before_spans(text)
    kept = "".join(" " if any(start <= i < end for start, end in spans) else ch for i, ch in enumerate(text))
    order = list(lexicon()["education_levels"])
    named = [found.key for found in finder("education_levels").find_all(kept)]  # as written, not near
    return {"education": max(named, key=order.index)} if named else {}
