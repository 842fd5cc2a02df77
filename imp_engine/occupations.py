"""Matches an occupation in a person's own words (English or French) to the CUSMA professions list.

spaCy's PhraseMatcher runs over the list's synonyms (data/cusma.yaml), whole tokens only, after
folding case, accents and apostrophes on both sides. The longest match wins: "landscape architect"
beats "architect". spaCy is imported on first use: most profiles never need it.
"""

from __future__ import annotations

from imp_engine.bilingual import blank_bilingual, fold, nearest
from imp_engine.rulebook import Profession, RuleBook

_matchers: dict[int, tuple[RuleBook, ProfessionMatcher]] = {}


class ProfessionMatcher:
    def __init__(self, professions: tuple[Profession, ...]) -> None:
        self._nlp = blank_bilingual()
        from spacy.matcher import PhraseMatcher

        self._by_key = {p.id: p for p in professions}
        self._matcher = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        for profession in professions:
            self._matcher.add(profession.id, [self._nlp.make_doc(fold(s)) for s in profession.synonyms])
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

    def _corrected(self, word: str) -> str:
        if len(word) < 5 or word in self._vocabulary:
            return word
        return nearest(word, ((known, known) for known in self._vocabulary)) or word

    def _find(self, folded: str) -> tuple[Profession, int, int] | None:
        doc = self._nlp.make_doc(folded)
        spans = [(end - start, -start, end, match_id) for match_id, start, end in self._matcher(doc)]
        if not spans:
            return None
        _, negative_start, end, match_id = max(spans)
        span = doc[-negative_start:end]
        return self._by_key[self._nlp.vocab.strings[match_id]], span.start_char, span.end_char

    def match(self, text: str) -> Profession | None:
        found = self.find(text, misspelt=True)
        return found[0] if found else None


def profession_matcher(rulebook: RuleBook) -> ProfessionMatcher:
    cached = _matchers.get(id(rulebook))
    if cached is None or cached[0] is not rulebook:
        cached = (rulebook, ProfessionMatcher(rulebook.professions))
        _matchers[id(rulebook)] = cached
    return cached[1]


def match_profession(occupation: str, rulebook: RuleBook) -> Profession | None:
    return profession_matcher(rulebook).match(occupation)
