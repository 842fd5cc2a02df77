"""Matches an occupation in a person's own words (English or French) to the CUSMA professions list.

spaCy's PhraseMatcher runs over the list's synonyms (data/cusma.yaml), whole tokens only, with both
sides normalized alike (cusma.yaml `matching`): case, accents and apostrophes folded, small words
dropped, plurals and French feminine endings read as the masculine singular. So "ingénieures
civiles" is the listed "ingénieur civil", "analyste en systèmes informatiques" the listed "analyste
de systèmes informatiques", and a synonym's words match in any order ("nurse, registered"). The
longest match wins: "landscape architect" beats "architect". A profession named beside a trainee
word ("stagiaire ingénieur", "nursing student", "engineer in training") is not practised, nor one
beside a supporting job's ("vet tech", "pharmacy assistant"): no match.
spaCy is imported on first use: most profiles never need it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import permutations
from typing import TYPE_CHECKING, Any

from imp_engine.rulebook import Profession, RuleBook
from intake_nlu.text import blank_bilingual, fold, nearest

if TYPE_CHECKING:
    from spacy.tokens import Doc

_matchers: dict[int, tuple[RuleBook, ProfessionMatcher]] = {}
_SENTENCE_ENDS = frozenset(".!?;:")
MOST_WORDS_REORDERED = 3  # a synonym's words match in any order up to this many words


def both(words: Mapping[str, Iterable[str]]) -> list[str]:
    return [word for language in words.values() for word in language]


class Normalizer:
    """One token, as both sides of a match read it: folded, small words dropped (None), plural and
    feminine endings read as the masculine singular."""

    def __init__(self, words: Mapping[str, Any]) -> None:
        endings = words["feminine_endings"].items()
        self._feminine = sorted(((fold(f), fold(m)) for f, m in endings), key=lambda pair: -len(pair[0]))
        self._small = frozenset(fold(w) for language in words["function_words"].values() for w in language)
        # A profession beside one of these is not the one practised: a trainee's, or a supporting job's.
        self.not_practised = frozenset(
            self.word(fold(w)) for kind in ("trainee_words", "support_words") for w in both(words[kind])
        )

    def token(self, text: str) -> str | None:
        """None for a word a match skips: a small word, or punctuation that does not end a sentence."""
        word = text.rstrip("'")
        if word in self._small or (not any(ch.isalnum() for ch in word) and word not in _SENTENCE_ENDS):
            return None
        return self.word(word)

    def word(self, word: str) -> str:
        if len(word) > 4 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 3 and word.endswith(("s", "x")) and not word.endswith("ss"):
            word = word[:-1]
        for feminine, masculine in self._feminine:
            if word.endswith(feminine) and len(word) > len(feminine) + 1:
                return word[: -len(feminine)] + masculine
        return word


class ProfessionMatcher:
    def __init__(self, professions: tuple[Profession, ...], words: Mapping[str, Any]) -> None:
        self._nlp = blank_bilingual()
        from spacy.matcher import PhraseMatcher

        self._normal = Normalizer(words)
        self._by_key = {p.id: p for p in professions}
        self._matcher = PhraseMatcher(self._nlp.vocab, attr="ORTH")
        for profession in professions:
            self._matcher.add(profession.id, [self._doc(form) for form in self._forms(profession.synonyms)])
        self._vocabulary = {w for p in professions for s in p.synonyms for w in fold(s).split() if w.isalpha()}

    def find(self, text: str, misspelt: bool = False) -> tuple[Profession, int, int] | None:
        """The longest listed phrase in text: the profession, and where it stands (characters).
        misspelt (an answer naming the occupation, not any sentence): a word one letter off a listed
        one ("enigneer") is read as it (two from eight letters)."""
        found = self._find(fold(text))
        if found or not misspelt:
            return found
        corrected = self._find(" ".join(self._corrected(word) for word in fold(text).split(" ")))
        return (corrected[0], 0, len(text)) if corrected else None  # spelling changed: no exact span

    def normalized(self, text: str) -> tuple[str, ...]:
        """The words of text as a match reads them."""
        tokens = (self._normal.token(token.text) for token in self._nlp.make_doc(fold(text)))
        return tuple(word for word in tokens if word is not None)

    def _forms(self, synonyms: Iterable[str]) -> set[tuple[str, ...]]:
        """Each synonym's normalized words, in every order when there are few of them."""
        forms: set[tuple[str, ...]] = set()
        for synonym in synonyms:
            words = self.normalized(synonym)
            forms.update(permutations(words) if len(words) <= MOST_WORDS_REORDERED else [words])
        return forms

    def _doc(self, words: Iterable[str]) -> Doc:
        from spacy.tokens import Doc

        return Doc(self._nlp.vocab, words=list(words))

    def _corrected(self, word: str) -> str:
        if len(word) < 5 or word in self._vocabulary:
            return word
        return nearest(word, ((known, known) for known in self._vocabulary)) or word

    def _find(self, folded: str) -> tuple[Profession, int, int] | None:
        kept = [(token, word) for token in self._nlp.make_doc(folded) if (word := self._normal.token(token.text))]
        words = [word for _, word in kept]
        spans = [
            (end - start, -start, end, match_id)
            for match_id, start, end in self._matcher(self._doc(words))
            if not self._in_training(words, start, end)
        ]
        if not spans:
            return None
        _, negative_start, end, match_id = max(spans)
        first, last = kept[-negative_start][0], kept[end - 1][0]
        return self._by_key[self._nlp.vocab.strings[match_id]], first.idx, last.idx + len(last.text)

    def _in_training(self, words: list[str], start: int, end: int) -> bool:
        """Whether a trainee's or a supporting job's word stands right before or after start:end."""
        beside = words[start - 1 : start] + words[end : end + 1]
        return any(word in self._normal.not_practised for word in beside)

    def match(self, text: str) -> Profession | None:
        found = self.find(text, misspelt=True)
        return found[0] if found else None


def profession_matcher(rulebook: RuleBook) -> ProfessionMatcher:
    cached = _matchers.get(id(rulebook))
    if cached is None or cached[0] is not rulebook:
        cached = (rulebook, ProfessionMatcher(rulebook.professions, rulebook.profession_words))
        _matchers[id(rulebook)] = cached
    return cached[1]


def match_profession(occupation: str, rulebook: RuleBook) -> Profession | None:
    return profession_matcher(rulebook).match(occupation)
