"""One message, read once. A `Message` is the person's text (it is a `str`, so every parser and
fact finder takes it as it takes any text) carrying what is worked out from it only once, when
first needed: its folded form (case, accents and apostrophes: `imp_engine.bilingual.fold` returns
it instead of folding again), its words with their places, and what the gazetteer pipeline found
in it (names, and names misspelt). The fact extractor and the answer validators read a message
through `read`; slices and other derived strings are plain text again.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from imp_engine.bilingual import fold

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from intake_nlu.gazetteer import Mention

_WORD = re.compile(r"\w+(?:['’]\w+)*")


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
