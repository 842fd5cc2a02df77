"""Matches an occupation in a person's own words (English or French) to the CUSMA professions list.

spaCy's PhraseMatcher runs over the list's synonyms (data/cusma.yaml), whole tokens only, after
folding case, accents and apostrophes on both sides. The longest match wins: "landscape architect"
beats "architect". spaCy is imported on first use: most profiles never need it.
"""
from __future__ import annotations

from imp_engine.bilingual import blank_bilingual, fold
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

    def match(self, text: str) -> Profession | None:
        doc = self._nlp.make_doc(fold(text))
        spans = [(end - start, -start, match_id) for match_id, start, end in self._matcher(doc)]
        if not spans:
            return None
        *_, match_id = max(spans)
        return self._by_key[self._nlp.vocab.strings[match_id]]


def profession_matcher(rulebook: RuleBook) -> ProfessionMatcher:
    cached = _matchers.get(id(rulebook))
    if cached is None or cached[0] is not rulebook:
        cached = (rulebook, ProfessionMatcher(rulebook.professions))
        _matchers[id(rulebook)] = cached
    return cached[1]


def match_profession(occupation: str, rulebook: RuleBook) -> Profession | None:
    return profession_matcher(rulebook).match(occupation)
