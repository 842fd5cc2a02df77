"""A job title in a person's own words, English or French, to its NOC 2021 unit group and TEER.

The table (data/noc2021/unit_groups.json, see SOURCE.md there) gives every unit group's titles and
example job titles. A title is looked up as whole words, after folding case and accents, with
plurals and French feminine forms ("cuisinière" beside "cuisinier") read as the same title. The
longest title found in the message wins ("line cook" over "cook"); when no title is there, a word
that heads many of one group's titles ("nurse" ends most titles of 31301) names that group, less
surely. Either way the person is asked to confirm: a job title is not a classification.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from imp_engine.bilingual import fold
from imp_engine.profile import teer_of_noc
from intake_nlu.lexicon import both_languages, lexicon

TABLE = Path(__file__).parent / "data" / "noc2021" / "unit_groups.json"
LONGEST_TITLE = 8  # words
_WORD = re.compile(r"[a-z0-9]+")


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
    words: str  # the person's words that named it, folded
    sure: bool  # a listed title, rather than a word that heads many of the group's titles
    start: int = 0  # where they stand in the text (characters)
    end: int = 0


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith(("s", "x")) and not word.endswith("ss") else word


def words_of(text: str) -> tuple[str, ...]:
    return tuple(_stem(w) for w in _WORD.findall(fold(text)))


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


def main_part(title: str) -> str:
    """A title without its qualifier: 'Cook - camp (ethnic food)' -> 'Cook'."""
    return title.split(" - ")[0].split("(")[0]


class NocTable:
    def __init__(self, document: dict[str, Any]) -> None:
        self.version: str = document["version"]
        self.groups = {g["code"]: UnitGroup(g["code"], g["en"], g["fr"]) for g in document["unit_groups"]}
        # Counted flat, (phrase, code) -> titles, to keep the build's memory low.
        titles: Counter[tuple[str, str]] = Counter()
        # Titles without their qualifier: "Registered nurse (R.N.)" is "registered nurse".
        mains: Counter[tuple[str, str]] = Counter()
        # The words a title ends with in English ("farm worker" ends "general farm worker") and
        # begins with in French ("ouvrier agricole" begins "ouvrier agricole polyvalent").
        heads: Counter[tuple[str, str]] = Counter()
        for g in document["unit_groups"]:
            code = g["code"]
            english = [(words_of(title), words_of(main_part(title)), -1) for title in g["examples_en"]]
            french = [
                (words_of(variant), words_of(main_part(variant)), 0)
                for title in g["examples_fr"]
                for variant in title_variants(title)
            ]
            for words, main, head_at in english + french:
                titles[" ".join(words), code] += 1
                mains[" ".join(main), code] += 1
                for size in range(1, len(main) + 1):
                    heads[" ".join(main[-size:] if head_at else main[:size]), code] += 1
        # Kept as phrase -> the group it names, decided once.
        self._titles = _naming(titles, clear_winner=False)
        self._mains = _naming(mains, clear_winner=True)
        self._heads = _naming(heads, clear_winner=True)

    def find(self, text: str) -> JobMatch | None:
        """The unit group a job title in text names, or None."""
        folded = fold(text)
        spans = [(m.start(), m.end()) for m in _WORD.finditer(folded)]
        words = tuple(_stem(folded[a:b]) for a, b in spans)
        if len(folded) != len(text):  # folding changed the length ("ß"): no character offsets
            spans = [(0, len(text))] * len(spans)
        return self._longest(words, spans, (self._titles, self._mains), sure=True) or self._longest(
            words, spans, (self._heads,), sure=False
        )

    def _longest(
        self, words: tuple[str, ...], spans: list[tuple[int, int]], indexes: tuple[dict[str, str], ...], sure: bool
    ) -> JobMatch | None:
        """The longest phrase of words that one of the indexes names a group for."""
        for size in range(min(LONGEST_TITLE, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                phrase = words[start : start + size]
                if size == 1 and phrase[0] in _listed("vague"):
                    continue
                joined = " ".join(phrase)
                code = next((index[joined] for index in indexes if joined in index), None)
                if code:
                    return JobMatch(self.groups[code], joined, sure, spans[start][0], spans[start + size - 1][1])
        return None


def _naming(counts: Counter[tuple[str, str]], clear_winner: bool) -> dict[str, str]:
    """phrase -> the group it names: the likeliest for a listed title; for part of titles, a group
    with at least two of them and twice as many as any other group (else the phrase names none)."""
    ranked: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (phrase, code), count in counts.items():
        ranked[phrase].append((count, code))
    named = {}
    for phrase, groups in ranked.items():
        groups.sort(reverse=True)
        best, runner_up = groups[0][0], groups[1][0] if len(groups) > 1 else 0
        if not clear_winner or (best >= 2 and best >= 2 * runner_up):
            named[phrase] = sys.intern(groups[0][1])
    return named


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


def find_job(text: str) -> JobMatch | None:
    return noc_table().find(text)


def unit_group(code: str) -> UnitGroup | None:
    return noc_table().groups.get(code)
