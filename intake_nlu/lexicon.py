"""Loads the phrase lists of data/lexicon.yaml and data/places.yaml, and finds their phrases in text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz.distance import OSA

from imp_engine.rulebook import LANGUAGES
from intake_nlu.message import read
from intake_nlu.text import fold, nearest

DATA_DIR = Path(__file__).parent / "data"


class LexiconError(ValueError):
    """A phrase file is wrong; the message names the file and the entry."""


def _load(name: str) -> dict[str, Any]:
    path = DATA_DIR / f"{name}.yaml"
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    _check_strings(document, path, name)
    return document


def _check_strings(node: Any, path: Path, where: str) -> None:
    """YAML reads a bare yes, no or on as a boolean: every phrase must stay text."""
    if isinstance(node, dict):
        for key, value in node.items():
            _check_strings(value, path, f"{where}.{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            if not isinstance(item, str):
                raise LexiconError(f"{path}: {where}[{index}]: {item!r} is not text (quote it)")


@cache
def lexicon() -> dict[str, Any]:
    """lexicon.yaml, with `question_topics`: the topic words of intents.yaml, per intent."""
    return {**_load("lexicon"), "question_topics": question_topics()}


@cache
def intents() -> dict[str, Any]:
    """intents.yaml: every intent's role, topic words and, for a program question, its answer."""
    table: dict[str, Any] = _load("intents")["intents"]
    return table


def question_topics() -> dict[str, Any]:
    return {name: spec["topics"] for name, spec in intents().items() if spec.get("topics")}


@cache
def places() -> dict[str, Any]:
    return _load("places")


@dataclass(frozen=True)
class Found:
    key: str
    start: int
    end: int


class PhraseFinder:
    """Whole-word phrase search over folded text (case, accents and apostrophes ignored).

    The longest phrase wins where two overlap: "pas du tout" over "pas"."""

    def __init__(self, phrases: Iterable[tuple[str, str]]) -> None:
        self._key_of: dict[str, str] = {}
        for key, phrase in phrases:
            self._key_of.setdefault(fold(phrase).strip(), key)
        alternatives = sorted(self._key_of, key=len, reverse=True)
        body = "|".join(re.escape(p) for p in alternatives) or r"(?!)"
        # An apostrophe before a phrase is an elision ("d'offre"), not part of the word.
        self._pattern = re.compile(rf"(?<!\w)(?:{body})(?![\w'])")
        self._words: dict[str, frozenset[str]] | None = None

    def find_all(self, text: str) -> list[Found]:
        folded = read(text).folded
        return [Found(self._key_of[m.group(0)], m.start(), m.end()) for m in self._pattern.finditer(folded)]

    def first(self, text: str) -> str | None:
        found = self.find_all(text)
        return found[0].key if found else None

    def contains(self, text: str) -> bool:
        return bool(self.find_all(text))

    def find_misspelt(self, text: str) -> list[Found]:
        """The phrases of text once each word a typo away from one of the phrases' words is read as
        that word ("no Fernch" -> "no french"); the places are those of the corrected text."""
        vocabulary = self._vocabulary()
        words = [w if len(w) < 4 or w in vocabulary else self._nearest_word(w) or w for w in read(text).folded.split()]
        return self.find_all(" ".join(words))

    def _nearest_word(self, word: str) -> str | None:
        """The vocabulary word nearest to word; of several equally near, one if they all stand in
        phrases of the same keys ("travailluer": "travailleur" and "travailler" are both a worker's)."""
        vocabulary = self._vocabulary()
        found = nearest(word, ((v, v) for v in vocabulary))
        if found is not None:
            return found
        keys = nearest(word, ((v, keys) for v, keys in vocabulary.items()))
        if keys is None:
            return None
        return min((v for v, its_keys in vocabulary.items() if its_keys == keys), key=lambda v: OSA.distance(word, v))

    def _vocabulary(self) -> dict[str, frozenset[str]]:
        """Every word of the phrases -> the keys of the phrases it stands in."""
        if self._words is None:
            keys: dict[str, set[str]] = {}
            for phrase, key in self._key_of.items():
                for w in phrase.split():
                    keys.setdefault(w, set()).add(key)
            self._words = {w: frozenset(k) for w, k in keys.items()}
        return self._words

    def near(self, text: str) -> str | None:
        """The key of the one-word phrase a one-word text misspells ("myslef", "yse", "oiu"): one
        letter off (two from eight letters), and only if every nearest phrase has that key."""
        words = fold(text).strip(" .!?").split()
        if len(words) != 1 or len(words[0]) < 3:
            return None
        return nearest(words[0], ((p, key) for p, key in self._key_of.items() if " " not in p and len(p) >= 3))


def both_languages(entry: dict[str, list[str]]) -> list[str]:
    return [phrase for language in LANGUAGES for phrase in entry.get(language, [])]


@cache
def finder(*path: str) -> PhraseFinder:
    """A finder over lexicon.yaml at path. A bilingual list (finder("cues", "home")) finds its
    own name; a mapping of keys to lists (finder("french_levels")) finds those keys."""
    node: Any = lexicon()
    for step in path:
        node = node[step]
    if set(node) <= set(LANGUAGES):
        return PhraseFinder((path[-1], p) for p in both_languages(node))
    return PhraseFinder(
        (key, phrase)
        for key, entry in node.items()
        for phrase in (entry if isinstance(entry, list) else both_languages(entry))
    )
