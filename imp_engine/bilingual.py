"""One spaCy tokenizer for English and French text, and the folding both sides of a match share.

spaCy's French tokenizer compiles thousands of hyphenation exceptions (about 2.5 s at start);
what matching names needs from French is only that elisions split ("l'ingénieure" -> "l'",
"ingénieure"). So: the English rules, plus the French elided articles and pronouns as prefixes.
"""
from __future__ import annotations

import sys
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

FRENCH_ELISIONS = r"(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)'"


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes: 'Ingénieure’s' -> "ingenieure's"."""
    text = text.replace("\u2019", "'").replace("\u02bc", "'").casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


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
    from spacy.util import compile_prefix_regex

    nlp = spacy.blank("en")
    prefixes = [FRENCH_ELISIONS, *nlp.Defaults.prefixes]
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    return nlp
