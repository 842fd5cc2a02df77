"""The language helpers every reader of a person's words shares, in English and French: folding
(case, accents, apostrophes), the nearest spelling within a typo's reach, and one spaCy tokenizer.

This module is the floor of the layering: it imports nothing of the project, so the engine (which
matches an occupation in the person's words against the CUSMA list) uses it without depending on the
rest of `intake_nlu`, which reads the rules through the engine (tests/test_layers.py).

spaCy's French tokenizer compiles thousands of hyphenation exceptions (about 2.5 s at start);
what matching names needs from French is only that elisions split ("l'ingénieure" -> "l'",
"ingénieure"). So: the English rules, plus the French elided articles and pronouns as prefixes.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, TypeVar

from rapidfuzz import process
from rapidfuzz.distance import OSA

if TYPE_CHECKING:
    from spacy.language import Language

K = TypeVar("K", bound=Hashable)

# The combining marks NFKD splits off letters (accents, cedillas, diaereses...).
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
FRENCH_ELISIONS = r"(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)'"


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes: 'Ingénieure’s' -> "ingenieure's". A text that
    carries its folded form (intake_nlu.message.Message) is not folded again."""
    if type(text) is not str:
        folded = getattr(text, "folded", None)
        if isinstance(folded, str):
            return folded
    text = text.replace("\u2019", "'").replace("\u02bc", "'").casefold()
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def typo_allowance(word: str) -> int:
    """Letters a typo may change in a word: one, two from eight letters."""
    return 1 if len(word) < 8 else 2


def nearest(word: str, candidates: Iterable[tuple[str, K]]) -> K | None:
    """The key of the candidate spellings nearest to word, within its typo allowance, if every
    nearest spelling has that one key; None when none is near or the nearest disagree."""
    allowed = typo_allowance(word)
    spellings, keys = [], []
    for spelling, key in candidates:
        spellings.append(spelling)
        keys.append(key)
    # OSA: insertions, deletions, substitutions and swaps of two neighbours
    near = process.extract(word, spellings, scorer=OSA.distance, score_cutoff=allowed, limit=None)
    if not near:
        return None
    best = min(distance for _, distance, _ in near)
    found = {keys[index] for _, distance, index in near if distance == best}
    return found.pop() if len(found) == 1 else None


def import_spacy_without_tensorflow() -> None:
    """thinc (under spaCy) imports TensorFlow when it is installed, as it is beside Rasa: two
    seconds and a page of logs, for a tokenizer and a phrase matcher that never use it. Unless
    TensorFlow is already loaded, hide it for the duration of spaCy's first import."""
    if "spacy" in sys.modules or "tensorflow" in sys.modules:
        return
    sys.modules["tensorflow"] = None  # type: ignore[assignment]  # makes `import tensorflow` fail
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules["tensorflow"]


def blank_bilingual() -> Language:
    """A blank spaCy pipeline whose tokenizer splits English and French alike."""
    import_spacy_without_tensorflow()
    import spacy
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_prefix_regex

    nlp = spacy.blank("en")
    prefixes = [FRENCH_ELISIONS, *(nlp.Defaults.prefixes or ())]
    tokenizer: Tokenizer = nlp.tokenizer
    tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    return nlp
