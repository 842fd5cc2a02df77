"""One message, read once. A `Message` is the person's text (it is a `str`, so every parser and
fact finder takes it as it takes any text) carrying what is worked out from it only once, when
first needed: its folded form (case, accents and apostrophes: `intake_nlu.text.fold` returns
it instead of folding again), its words with their places, and what the gazetteer pipeline found
in it (names, and names misspelt). The fact extractor and the answer validators read a message
through `read`; slices and other derived strings are plain text again.

What stands around a word is read here too, one way for every reader: its clause (between commas,
dashes, colons and sentence ends), the words of its sentence just before it, the first words after.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from intake_nlu.text import fold

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from intake_nlu.gazetteer import Mention

_WORD = re.compile(r"\w+(?:['’]\w+)*")
SENTENCE_END = r"[.;!?\n]"
_SENTENCE_END = re.compile(SENTENCE_END)
_CLAUSE_END = r"[.;!?\n,:—–]"
LIST_END = r"[.;!?\n,—–]"  # a clause that runs on after a colon ("French: advanced")
# Words that start another clause after a word read by its neighbours ("French and I speak it"
# says nothing of French; "not 34 but 36").
BUT = ("but", "mais")
AND_BUT = ("and", "et", *BUT)
WINDOW = 48  # characters of a sentence read before a word


class Message(str):
    """The text, and what is read from it once (see the module's docstring)."""

    __slots__ = ("__dict__",)

    @cached_property
    def folded(self) -> str:
        return fold(str(self))

    @cached_property
    def words(self) -> tuple[tuple[str, int, int], ...]:
        """(folded word, start, end) for every word, in order."""
        return tuple((m.group(0), m.start(), m.end()) for m in _WORD.finditer(self.folded))

    def clause_start(self, position: int, marks: str = _CLAUSE_END) -> int:
        """Where the clause holding position starts."""
        ends = list(re.finditer(marks, self[:position]))
        return ends[-1].end() if ends else 0

    def clause_end(self, position: int, joins: tuple[str, ...] = (), marks: str = _CLAUSE_END) -> int:
        """Where the clause holding position ends: at a clause mark, or before one of joins."""
        words = "|".join(joins)
        pattern = rf"{marks}|\b(?:{words})\b" if joins else marks
        end = re.search(pattern, self[position:], re.IGNORECASE)
        return position + end.start() if end else len(self)

    def clause_before(self, position: int, marks: str = _CLAUSE_END) -> str:
        return self[self.clause_start(position, marks) : position]

    def clause_after(self, position: int, joins: tuple[str, ...] = (), marks: str = _CLAUSE_END) -> str:
        return self[position : self.clause_end(position, joins, marks)]

    def sentence_before(self, position: int, floor: int = 0) -> str:
        """The last WINDOW characters of the sentence before position, from floor at the earliest."""
        window = self[max(floor, position - WINDOW) : position]
        ends = list(_SENTENCE_END.finditer(window))
        return window[ends[-1].end() :] if ends else window

    def words_before(self, position: int, count: int, floor: int = 0) -> str:
        """The last count words of the sentence before position."""
        return " ".join(self.sentence_before(position, floor).split()[-count:])

    def words_after(self, position: int, count: int) -> str:
        """The first count words after position, within WINDOW characters."""
        return " ".join(self[position : position + WINDOW].split()[:count])

    @cached_property
    def doc(self) -> Doc:
        from intake_nlu import gazetteer

        return gazetteer.pipeline()(str(self))

    @cached_property
    def mentions(self) -> list[Mention]:
        from intake_nlu import gazetteer

        return gazetteer.mentions(self.doc)

    @cached_property
    def misspelt_mentions(self) -> list[Mention]:
        from intake_nlu import gazetteer

        return gazetteer.misspellings(self.doc, self.mentions)


def read(text: str, doc: Doc | None = None) -> Message:
    """text as a Message (itself if it is one, or the one read from the same text lately: a
    validator's parsers share it); doc: the gazetteer pipeline's doc of it, if already made."""
    message = text if isinstance(text, Message) else _recent(text)
    if doc is not None and "doc" not in message.__dict__:
        message.__dict__["doc"] = doc
    return message


@lru_cache(maxsize=256)
def _recent(text: str) -> Message:
    return Message(text)
