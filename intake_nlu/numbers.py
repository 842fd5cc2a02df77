"""Numbers written as words, in English and French: "twenty-seven", "vingt-sept", "soixante-dix-huit"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from imp_engine.rulebook import LANGUAGES
from intake_nlu.lexicon import lexicon
from intake_nlu.text import fold

_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Number:
    value: int
    start: int
    end: int


@cache
def _vocabulary() -> dict[str, tuple[str, int]]:
    """word -> (kind, value); kind is unit, ten, hundred or joiner."""
    words: dict[str, tuple[str, int]] = {}
    for language in LANGUAGES:
        spec = lexicon()["number_words"][language]
        words.update({fold(w): ("unit", v) for w, v in spec["units"].items()})
        words.update({fold(w): ("ten", v) for w, v in spec["tens"].items()})
        words.update({fold(w): ("hundred", 100) for w in spec["hundred"]})
        words.update({fold(w): ("joiner", 0) for w in spec["joiners"]})
    return words


def _combine(parts: list[tuple[str, int]]) -> int | None:
    """Adds units and tens, multiplies by hundred, reads French 'quatre-vingt(s)' as 80 and
    'dix-neuf' / 'soixante-dix-huit' by addition. None when the words do not make one number."""
    total, current, last = 0, 0, None
    for kind, value in parts:
        if kind == "joiner":
            continue
        if kind == "hundred":
            current = (current or 1) * 100
        elif kind == "ten" and value == 20 and last == ("unit", 4):
            current += 80 - 4  # quatre-vingt
        elif kind == "ten" and last is not None and last[0] == "ten" and value < current % 100:
            return None
        elif kind == "unit" and last is not None and last[0] == "unit" and not (last[1] == 10 and value < 10):
            return None  # "two three" is not a number; "dix-neuf" is
        else:
            current += value
        last = (kind, value)
    return total + current


@cache
def _articles() -> tuple[frozenset[str], frozenset[str]]:
    """The number words that are also articles or pronouns ("one", "un", "une"), and the words after
    which they still count ("one year", "un an")."""
    spec = lexicon()["number_words"]
    articles = {fold(w) for language in LANGUAGES for w in spec[language].get("articles", [])}
    units = {fold(w) for language in LANGUAGES for w in spec[language].get("after_article", [])}
    return frozenset(articles), frozenset(units)


def find_number_words(text: str) -> list[Number]:
    """Every run of number words in text, as numbers: 'I am twenty seven' -> [27]. An article alone
    ("the one who", "un peu", "une agence") is a number only where a number can stand: the whole
    message, or before a unit of age ("one year")."""
    folded = fold(text)
    return [n for n in _number_runs(folded) if not _an_article(folded, n) and not _in_a_name(text, n)]


def _in_a_name(text: str, number: Number) -> bool:
    """ "Trois-Pistoles", "Sept-Îles", "Deux-Montagnes": a capitalised number word hyphened to a
    capitalised word is part of a place's name (a number said in words is "vingt-sept")."""
    if len(text) != len(fold(text)) or not text[number.start : number.start + 1].isupper():
        return False
    after = text[number.end : number.end + 2]
    return len(after) == 2 and after[0] in "-‑" and after[1].isupper()


def _an_article(folded: str, number: Number) -> bool:
    articles, units = _articles()
    if folded[number.start : number.end] not in articles:
        return False
    if not folded[: number.start].strip(" .,!?") and not folded[number.end :].strip(" .,!?"):
        return False  # the whole message: "one", "un"
    following = _WORD.search(folded, number.end)
    return following is None or following.group(0) not in units


def _number_runs(folded: str) -> list[Number]:
    vocabulary = _vocabulary()
    numbers: list[Number] = []
    run: list[tuple[str, int]] = []
    start = end = 0
    for match in _WORD.finditer(folded):
        entry = vocabulary.get(match.group(0))
        gap = folded[end : match.start()] if run else ""
        joined = run and gap.strip(" -") == ""
        if entry and (not run or joined) and not (entry[0] == "joiner" and not run):
            if not run:
                start = match.start()
            run.append(entry)
            end = match.end()
            continue
        numbers.extend(_close(run, start, end))
        run = []
        if entry and entry[0] != "joiner":
            run, start, end = [entry], match.start(), match.end()
    numbers.extend(_close(run, start, end))
    return numbers


def _close(run: list[tuple[str, int]], start: int, end: int) -> list[Number]:
    while run and run[-1][0] == "joiner":
        run = run[:-1]
    if not run:
        return []
    value = _combine(run)
    return [Number(value, start, end)] if value is not None else []
