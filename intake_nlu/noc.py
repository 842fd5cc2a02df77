"""A job title in a person's own words, English or French, to its NOC 2021 unit group and TEER.

The table (data/noc2021/unit_groups.json, see SOURCE.md there) gives every unit group's titles and
example job titles. A title is looked up as whole words, after folding case and accents, with
plurals, both forms of a title ("cuisinier/cuisinière", "waiter/waitress", "foreman/woman") and the
small words between its words ("analyste en systèmes informatiques" is the listed "analyste de
systèmes informatiques"; data/noc2021/reading.yaml) read alike. A title counts once, whatever its
forms. What is found:

1. A listed title, the longest in the message ("line cook" over "cook"). It names, surely, the
   group listing it most as a whole title ("Nurse" is 31301; "Nurse - team leader" is 31300), else
   as two titles or more once their qualifiers are dropped. A title several groups list alike
   names, unsurely, the one of them whose titles it heads most ("mechanic"), or none; and never a
   shorter title inside it ("general farm worker" is no general of the armed forces).
2. Else a phrase that heads one group's titles clearly, unsurely: English titles end with their
   head, French ones begin with it; the group must hold at least two of the titles the phrase
   heads, twice as many as any other group and half of them all ("sales associate" is 64100;
   "chief" heads 35 of 134 titles in 30010: none).
An unsure match names nothing beside a word of titles it leaves out ("heavy-duty mechanic" is
no "mechanic" of 72400) or with another job word in the message ("sales associate or engineer");
nor does a phrase of status words only ("intern", "stagiaire": a trainee's job is its
field's), vague words ("worker") or words that are no job ("resident"). Either way the person is
asked to confirm: a job title is not a classification.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from imp_engine.profile import teer_of_noc
from intake_nlu.lexicon import both_languages, lexicon
from intake_nlu.text import fold

DATA = Path(__file__).parent / "data" / "noc2021"
TABLE = DATA / "unit_groups.json"
READING = DATA / "reading.yaml"
LONGEST_TITLE = 8  # words
_WORD = re.compile(r"[a-z0-9]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})  # "manœuvre" is the table's "manoeuvre"
_BRACKETED = re.compile(r"\([^)]*\)")
_SLASHED = re.compile(r"([\w'-]+)/([\w'-]+)")
# An English title's head noun stands before "of" or a comma: "Director of nursing" is a director.
_ENGLISH_COMPLEMENT = re.compile(r",| of ", re.IGNORECASE)

T = TypeVar("T")
K = TypeVar("K", int, tuple[int, int])
Naming = tuple[str | None, bool]  # the group a phrase names (None: several alike), and whether surely


@dataclass(frozen=True)
class UnitGroup:
    code: str
    title_en: str
    title_fr: str

    @property
    def teer(self) -> int:
        return teer_of_noc(self.code)

    def title(self, language: str) -> str:
        return self.title_fr if language == "fr" else self.title_en


@dataclass(frozen=True)
class JobMatch:
    group: UnitGroup
    words: str  # the person's words that named it, folded, without the small words
    sure: bool  # a title listed for this group, rather than a word heading many of its titles
    start: int = 0  # where they stand in the text (characters)
    end: int = 0


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith(("s", "x")) and not word.endswith("ss") else word


def _folded(text: str) -> str:
    folded = fold(text)
    return folded if folded.isascii() else folded.translate(_LIGATURES)


def words_of(text: str) -> tuple[str, ...]:
    return tuple(_stem(w) for w in _WORD.findall(_folded(text)))


def title_variants(title: str) -> list[str]:
    """The masculine and feminine forms of a French title: 'Apprenti cuisinier/apprentie cuisinière'
    -> both; 'Enseignant/enseignante au niveau secondaire' -> 'Enseignant au niveau secondaire' and
    'enseignante au niveau secondaire'; 'Directeur des soins infirmiers/infirmières' -> the last word
    alternates."""
    if "/" not in title:
        return [title]
    before, after = title.split("/", 1)
    first, rest = before.split(), after.split()
    if len(rest) >= len(first):
        forms = [" ".join(first + rest[len(first) :]), after]
    else:
        forms = [before, " ".join(first[:-1] + rest)]
    return [variant for form in forms for variant in title_variants(form)]


def english_variants(title: str) -> list[str]:
    """The forms of an English title, one word alternating at each slash: 'Assistant waiter/waitress
    - food services' -> 'Assistant waiter - food services' and 'Assistant waitress - food services';
    'Ammunition foreman/woman' -> 'Ammunition foreman' and 'Ammunition forewoman'."""
    slashed = _SLASHED.search(title)
    if not slashed:
        return [title]
    first, second = slashed.groups()
    words = [first, second]
    if second.casefold() in ("woman", "women"):  # "foreman/woman"; a "Wirer/woman" is a wirer
        words = [first, first[:-3] + second] if first.casefold().endswith(("man", "men")) else [first]
    before, after = title[: slashed.start()], title[slashed.end() :]
    return [variant for word in words for variant in english_variants(before + word + after)]


def main_part(title: str) -> str:
    """A title without its qualifier: 'Cook - camp (ethnic food)' -> 'Cook'."""
    return title.split(" - ")[0].split("(")[0]


def whole_title(title: str) -> str:
    """A title without what it says in brackets: 'Licensed practical nurse (L.P.N.)' is wholly
    'Licensed practical nurse'."""
    return _BRACKETED.sub(" ", title)


@cache
def _reading_document() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(READING.read_text(encoding="utf-8"))
    return document


@cache
def _reading() -> dict[str, frozenset[str]]:
    document = _reading_document()
    return {
        kind: frozenset(w for p in both_languages(entry) for w in words_of(p))
        for kind, entry in document.items()
        if kind not in ("usual", "equivalents")
    }


@cache
def _usual() -> dict[str, str]:
    """reading.yaml `usual`: a phrase's content words (folded stems) -> the group it usually means."""
    document = _reading_document()
    return {
        " ".join(content_words(p)): code for code, entry in document["usual"].items() for p in both_languages(entry)
    }


@cache
def _equivalents() -> dict[str, tuple[str, ...]]:
    """reading.yaml `equivalents`: a word's stem -> the stems of the words the NOC says instead."""
    found: dict[str, tuple[str, ...]] = {}
    for entry in _reading_document()["equivalents"].values():
        for word, others in entry.items():
            stem = words_of(word)[0]
            found[stem] = found.get(stem, ()) + tuple(words_of(other)[0] for other in others)
    return found


def content_words(text: str) -> tuple[str, ...]:
    """The words of a title that make it: 'Analyste de systèmes informatiques' -> analyste systeme
    informatique."""
    small = _reading()["function_words"]
    return tuple(w for w in words_of(text) if w not in small)


class _TitleCounts:
    """How many of each group's titles are a phrase (whole, or once their qualifier is dropped) or
    begin with it (French) or end with it (English), each title counted once whatever its forms.
    Counted flat, (phrase, code) -> titles, to keep the build's memory low."""

    def __init__(self) -> None:
        self.whole: Counter[tuple[str, str]] = Counter()
        self.main: Counter[tuple[str, str]] = Counter()
        self.headed: Counter[tuple[str, str]] = Counter()
        self.used: Counter[str] = Counter()  # word -> titles that have it

    def add(self, code: str, forms: list[str], english: bool) -> None:
        whole: set[str] = set()
        main: set[str] = set()
        headed: set[str] = set()
        used: set[str] = set()
        for form in forms:  # each part's words read once, and not again when it is all of the form
            words = content_words(form)
            main_text, whole_text = main_part(form), whole_title(form)
            main_words = words if main_text == form else content_words(main_text)
            head_text = _ENGLISH_COMPLEMENT.split(main_text)[0] if english else main_text
            core = main_words if head_text == main_text else content_words(head_text)
            used.update(words)
            whole.update((" ".join(words), " ".join(words if whole_text == form else content_words(whole_text))))
            main.add(" ".join(main_words))
            headed.update(" ".join(core[-size:] if english else core[:size]) for size in range(1, len(core) + 1))
        for counter, phrases in ((self.whole, whole), (self.main, main), (self.headed, headed)):
            counter.update((phrase, code) for phrase in phrases if phrase)
        self.used.update(used)

    def job_words(self) -> frozenset[str]:
        """The words that head at least two titles and most of the titles that have them: job words
        ("ingénieur", "cook"), not the place or field they qualify ("hotel", "school")."""
        heads: Counter[str] = Counter()
        for (phrase, _), count in self.headed.items():
            if " " not in phrase:
                heads[phrase] += count
        return frozenset(word for word, count in heads.items() if count >= 2 and 2 * count >= self.used[word])

    def listed(self, wholes: set[str]) -> Counter[tuple[str, str]]:
        """The titles each phrase is: the whole titles, for a phrase some title is wholly (wholes);
        else the titles it is once their qualifier is dropped."""
        return self.whole + Counter({key: n for key, n in self.main.items() if key[0] not in wholes})


class NocTable:
    def __init__(self, document: dict[str, Any]) -> None:
        self.version: str = document["version"]
        self.groups = {g["code"]: UnitGroup(g["code"], g["en"], g["fr"]) for g in document["unit_groups"]}
        counts = _TitleCounts()
        for g in document["unit_groups"]:
            for title in g["examples_en"]:
                counts.add(g["code"], english_variants(title), english=True)
            for title in g["examples_fr"]:
                counts.add(g["code"], title_variants(title), english=False)
        self._heads = _head_naming(counts.headed)
        wholes = {phrase for phrase, _ in counts.whole}
        self._listed = _listed_naming(counts.listed(wholes), wholes, counts.headed, self._heads)
        self._title_words = frozenset(counts.used)
        self._job_words = counts.job_words()
        self._no_job = _listed("vague") | _listed("not_a_job") | _reading()["status"]
        self._saying_a_job = self._no_job | _cue_words()

    def find(self, text: str) -> JobMatch | None:
        """The unit group a job title in text names, or None."""
        small = _reading()["function_words"]
        folded = _folded(text)
        found = [(_stem(m.group()), m.span()) for m in _WORD.finditer(folded)]
        words = tuple(word for word, _ in found if word not in small)
        spans = [span for word, span in found if word not in small]
        if len(folded) != len(text):  # folding changed the length ("ß", "œ"): no character offsets
            spans = [(0, len(text))] * len(spans)
        listed, usual = self._longest_in_any_words(words, self._listed), None
        said_usually = self._longest(words, _usual())
        ambiguous = listed is not None and listed[2][0] is None
        if listed and said_usually and (said_usually[1] > listed[1] or (ambiguous and said_usually[1] == listed[1])):
            # "jeune fille au pair" is the usual au pair, not a listed "fille" of a dining room; "farm
            # hand", listed in two groups, is the one it usually means
            listed, usual = None, said_usually
        if listed:
            start, size, (code, sure) = listed
        else:
            headed = None if usual else self._longest_in_any_words(words, self._heads)
            usual = usual or (None if headed else said_usually)
            guess = headed or usual
            if guess is None:
                return None
            start, size, code = guess
            sure = usual is not None  # the usual reading is confirmed like a listed title
        guessed = not sure or usual is not None
        if code is None or (guessed and self._beside_other_title_words(words, start, start + size)):
            return None
        joined = " ".join(words[start : start + size])
        return JobMatch(self.groups[code], joined, sure, spans[start][0], spans[start + size - 1][1])

    def _longest_in_any_words(self, words: tuple[str, ...], index: dict[str, T]) -> tuple[int, int, T] | None:
        """The longest phrase the index holds in the words as said, or once one word is swapped for the
        one the NOC says, if that is longer ("snowplow driver" is a "snowplow operator", not a driver)."""
        found = self._longest(words, index)
        said_otherwise = [position for position, word in enumerate(words) if word in _equivalents()]
        every_word = tuple(_equivalents().get(word, (word,))[0] for word in words)  # "snowplough driver"
        candidates = [(every_word, said_otherwise)] if len(said_otherwise) > 1 else []
        for position in said_otherwise:
            for other in _equivalents()[words[position]]:
                candidates.append(((*words[:position], other, *words[position + 1 :]), [position]))
        for swapped_words, positions in candidates:
            swapped = self._longest(swapped_words, index)
            covers = swapped and any(swapped[0] <= p < swapped[0] + swapped[1] for p in positions)
            if swapped and covers and swapped[1] > (found[1] if found else 0):
                found = swapped
        return found

    def _beside_other_title_words(self, words: tuple[str, ...], start: int, end: int) -> bool:
        """Whether an unsure match stands beside a word of titles that it leaves out ("heavy-duty
        mechanic" is no "mechanic" of 72400), or the message holds another job word ("sales
        associate or engineer"). Words saying it is a job ("I'd be working as a ...") do not count."""
        beside = (word for word in words[start - 1 : start] + words[end : end + 1] if len(word) > 2)
        others = words[:start] + words[end:]
        return any(word in self._title_words and word not in self._saying_a_job for word in beside) or any(
            word in self._job_words and word not in self._no_job for word in others
        )

    def _longest(self, words: tuple[str, ...], index: dict[str, T]) -> tuple[int, int, T] | None:
        """The longest phrase of words that the index holds, as (start, size, what it holds);
        phrases of words that name no job skipped."""
        for size in range(min(LONGEST_TITLE, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                phrase = words[start : start + size]
                joined = " ".join(phrase)
                if joined in index and not all(word in self._no_job for word in phrase):
                    return start, size, index[joined]
        return None


def _leaders(ranked: Iterable[tuple[str, str, K]]) -> dict[str, tuple[str, K, K | None]]:
    """(phrase, code, rank) -> phrase: the code ranked first, its rank and the runner-up's."""
    leaders: dict[str, tuple[str, K, K | None]] = {}
    for phrase, code, rank in ranked:
        leader = leaders.get(phrase)
        if leader is None:
            leaders[phrase] = (sys.intern(code), rank, None)
        elif rank > leader[1]:
            leaders[phrase] = (sys.intern(code), rank, leader[1])
        elif leader[2] is None or rank > leader[2]:
            leaders[phrase] = (leader[0], leader[1], rank)
    return leaders


def _listed_naming(
    listed: Counter[tuple[str, str]], wholes: set[str], headed: Counter[tuple[str, str]], heads: dict[str, str]
) -> dict[str, Naming]:
    """phrase -> the group listing it most, surely: as a whole title, or as two titles or more once
    their qualifier is dropped. A title several groups list alike names, unsurely, the one of them
    whose titles it heads most, if one does ("mechanic"). A qualifier dropped from a single title
    ("Chief - disaster management") names no more than the phrase heads: "chief" names nothing."""
    named: dict[str, Naming] = {}
    ranked = ((phrase, code, (n, headed[phrase, code])) for (phrase, code), n in listed.items())
    for phrase, (code, (best, heading), runner_up) in _leaders(ranked).items():
        if runner_up is None or best > runner_up[0]:
            named[phrase] = (code, True) if phrase in wholes or best >= 2 else (heads.get(phrase), False)
        else:  # groups list it alike
            named[phrase] = (code if heading > runner_up[1] else None, False)
    return named


def _head_naming(headed: Counter[tuple[str, str]]) -> dict[str, str]:
    """phrase -> the group whose titles it heads clearly: at least two, twice as many as any other
    group's, and half of all the titles it heads ("chief" heads 35 of 134 in 30010: none)."""
    titles: Counter[str] = Counter()
    for (phrase, _), count in headed.items():
        titles[phrase] += count
    named = {}
    ranked = ((phrase, code, n) for (phrase, code), n in headed.items() if titles[phrase] >= 2)
    for phrase, (code, best, runner_up) in _leaders(ranked).items():
        if best >= 2 and best >= 2 * (runner_up or 0) and 2 * best >= titles[phrase]:
            named[phrase] = code
    return named


@cache
def _cue_words() -> frozenset[str]:
    """lexicon.yaml `cues.job` and `cues.workplace`, as title words: "working", "poste", "hired", "farm"."""
    cues = lexicon()["cues"]
    phrases = both_languages(cues["job"]) + both_languages(cues["workplace"])
    return frozenset(w for phrase in phrases for w in words_of(phrase))


@cache
def _listed(kind: str) -> frozenset[str]:
    """lexicon.yaml `job_titles`: the vague words, or the titles that are not jobs, as title words."""
    return frozenset(w for phrase in both_languages(lexicon()["job_titles"][kind]) for w in words_of(phrase))


def is_vague(words: str) -> bool:
    """Whether the words found name no job by themselves ("worker", "student")."""
    found = tuple(words.split())
    return len(found) == 1 and (found[0] in _listed("vague") or found[0] in _listed("not_a_job"))


@cache
def noc_table() -> NocTable:
    return NocTable(json.loads(TABLE.read_text(encoding="utf-8")))


@lru_cache(maxsize=1024)
def find_job(text: str) -> JobMatch | None:
    """Remembered by text: the readers ask about the same clause for each name in it (a long message
    without punctuation is one clause, read once instead of once per nationality)."""
    return noc_table().find(text)


def unit_group(code: str) -> UnitGroup | None:
    return noc_table().groups.get(code)
