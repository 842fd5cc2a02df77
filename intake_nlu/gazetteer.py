"""The project's own spaCy pipeline: the bilingual tokenizer and an EntityRuler whose patterns come
from the country table (imp_engine/data/countries.yaml) and the places table (data/places.yaml).

Labels: COUNTRY and NATIONALITY (id: ISO 3166 code), PROVINCE and CITY (id: province code).
Rasa's SpacyNLP loads it by path (`python -m intake_nlu.gazetteer models/spacy/imp_gazetteer`);
the action server builds it in memory from the same data.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from imp_engine.bilingual import blank_bilingual, fold
from imp_engine.rulebook import default_rulebook
from intake_nlu.lexicon import LANGUAGES, lexicon, places

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

COUNTRY, NATIONALITY, PROVINCE, CITY = "COUNTRY", "NATIONALITY", "PROVINCE", "CITY"


@dataclass(frozen=True)
class Mention:
    label: str
    code: str
    text: str
    start: int  # token offsets
    end: int
    start_char: int
    end_char: int


def _variants(phrase: str, plural: bool = False) -> set[str]:
    forms = {phrase, fold(phrase)}
    forms |= {f.replace("'", "\u2019") for f in forms}  # "Côte d’Ivoire" as typed on phones
    if plural:
        forms |= {f + "s" for f in forms if not f.endswith(("s", "x"))}
    return forms


def _patterns(nlp: Language) -> Iterator[dict[str, Any]]:
    sensitive = set(lexicon()["case_sensitive"])

    def emit(label: str, code: str, phrase: str, plural: bool = False) -> Iterator[dict[str, Any]]:
        if phrase in sensitive:
            yield {"label": label, "id": code, "pattern": [{"ORTH": t.text} for t in nlp.make_doc(phrase)]}
            return
        for form in _variants(phrase, plural):
            yield {"label": label, "id": code, "pattern": form.lower()}

    for country in default_rulebook().countries.values():
        for language in LANGUAGES:
            yield from emit(COUNTRY, country.code, country.name[language])
            for alias in country.aliases.get(language, ()):
                yield from emit(COUNTRY, country.code, alias)
            for demonym in country.demonyms.get(language, ()):
                yield from emit(NATIONALITY, country.code, demonym, plural=True)
    for code, names in places()["provinces"].items():
        for name in (n for language in LANGUAGES for n in names.get(language, [])):
            yield from emit(PROVINCE, code, name)
    for code, cities in places()["cities"].items():
        for city in cities:
            yield from emit(CITY, code, city)


def build_pipeline() -> Language:
    nlp = blank_bilingual()
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    ruler.add_patterns(list(_patterns(nlp)))
    return nlp


@cache
def pipeline() -> Language:
    return build_pipeline()


def mentions(doc: Doc) -> list[Mention]:
    return [
        Mention(ent.label_, ent.ent_id_, ent.text, ent.start, ent.end, ent.start_char, ent.end_char)
        for ent in doc.ents
        if ent.label_ in (COUNTRY, NATIONALITY, PROVINCE, CITY)
    ]


def find(text: str) -> tuple[Doc, list[Mention]]:
    doc = pipeline()(text)
    return doc, mentions(doc)


def save(path: Path) -> None:
    nlp = build_pipeline()
    nlp.meta["name"] = "imp_gazetteer"
    nlp.meta["description"] = "Bilingual tokenizer and gazetteer (countries, nationalities, provinces, cities)"
    path.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(path)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "models/spacy/imp_gazetteer")
    save(target)
    print(f"spaCy gazetteer pipeline written to {target}")
