"""The project's own spaCy pipeline: the bilingual tokenizer and an EntityRuler whose patterns come
from the country table (imp_engine/data/countries.yaml), the places table (data/places.yaml) and the
Canadian towns and cities from GeoNames (data/places_ca.yaml, built by tools/import_places.py).

Labels: COUNTRY and NATIONALITY (id: ISO 3166 code), PROVINCE and CITY (id: province code).
Rasa's SpacyNLP loads it by path (`python -m intake_nlu.gazetteer models/spacy/imp_gazetteer`);
the action server builds it in memory from the same data.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from rapidfuzz.distance import OSA

from imp_engine.rulebook import LANGUAGES, default_rulebook
from intake_nlu.lexicon import DATA_DIR, lexicon, places
from intake_nlu.message import read
from intake_nlu.text import blank_bilingual, fold, nearest

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import EntityRuler
    from spacy.tokens import Doc, Span

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
    sure: bool = True  # False: a misspelling read as the nearest name ("Mexcian" -> Mexican)


def _variants(phrase: str, plural: bool = False) -> set[str]:
    forms = {phrase, fold(phrase)}
    forms |= {f.replace("'", "\u2019") for f in forms}  # "Côte d’Ivoire" as typed on phones
    if plural:
        forms |= {f + "s" for f in forms if not f.endswith(("s", "x"))}
    return forms


@cache
def canadian_places() -> list[Mapping[str, Any]]:
    """GeoNames' Canadian towns and cities: name, province, population, `names` (read whatever
    their case) and `capitalised` (read only as written: they are words or first names too)."""
    table: list[Mapping[str, Any]] = _geonames_document()["places"]
    return table


@cache
def _geonames_document() -> Mapping[str, Any]:
    """data/places_ca.yaml, read once for its places and its left-out spellings."""
    path = DATA_DIR / places()["geonames"]["file"]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: a tenth of the time
    document: Mapping[str, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    return document


_ALSO_IN = "also a place in "
# Left out for a namesake elsewhere: a city abroad, a word or name that a town abroad has too
# ("Sussex"), or places.yaml's own list ("Belleville", a quarter of Paris).
_ELSEWHERE = ("a city of ", "a word or a name, and a town of ", "places.yaml geonames.exclude")
_NAMESAKE = re.compile(r"^(?P<name>.+) \((?P<province>[A-Z]{2})\)$")


@dataclass(frozen=True)
class Namesake:
    """A Canadian town the gazetteer leaves out because another place has its name."""

    name: str  # as GeoNames writes it
    provinces: tuple[str, ...]  # where in Canada
    abroad: bool  # a place abroad or a word has the name (else towns of several provinces do): read capitalised


@cache
def namesakes() -> dict[str, Namesake]:
    """The towns left out because towns of several provinces share their name ("Stratford": ON and
    PE) or a city abroad has it ("Nelson": BC and New Zealand), by folded name: where one is named
    for the job, the person is asked which province, or whether it is the Canadian one."""
    excluded: Mapping[str, str] = _geonames_document()["excluded"]
    provinces: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    abroad: set[str] = set()
    for key, reason in excluded.items():
        match, reason = _NAMESAKE.match(key), str(reason)
        if not match or not reason.startswith((_ALSO_IN, *_ELSEWHERE)):
            continue
        folded = fold(match["name"])
        names.setdefault(folded, match["name"])
        others = reason[len(_ALSO_IN) :].replace(" ", "").split(",") if reason.startswith(_ALSO_IN) else []
        provinces.setdefault(folded, set()).update([match["province"], *others])
        if reason.startswith(_ELSEWHERE):
            abroad.add(folded)
    return {
        folded: Namesake(names[folded], tuple(sorted(found)), folded in abroad)
        for folded, found in provinces.items()
        if len(found) > 1 or folded in abroad
    }


def _patterns(nlp: Language, min_town: int = 0) -> Iterator[dict[str, Any]]:
    """Every name's patterns; min_town: only the GeoNames places of that many people or more."""
    sensitive = set(lexicon()["case_sensitive"])

    def emit(label: str, code: str, phrase: str, plural: bool = False, exact: bool = False) -> Iterator[dict[str, Any]]:
        if exact or phrase in sensitive:
            yield {"label": label, "id": code, "pattern": [{"ORTH": t.text} for t in nlp.make_doc(phrase)]}
            return
        variants = _variants(phrase, plural)
        forms = {v.lower() for v in variants} | {v for v in variants if _splits_otherwise(nlp, v)}
        for form in sorted(forms):
            yield {"label": label, "id": code, "pattern": form}

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
    for code, abbreviations in places()["abbreviations"].items():
        for abbreviation in abbreviations:
            yield from emit(PROVINCE, code, abbreviation, exact=True)
    for code, cities in places()["cities"].items():
        for city in cities:
            yield from emit(CITY, code, city)
    for town in canadian_places():
        if town["population"] >= min_town:
            for name in town.get("names", ()):
                yield from emit(CITY, town["province"], name)
            for name in town.get("capitalised", ()):
                yield from emit(CITY, town["province"], name, exact=True)


def _splits_otherwise(nlp: Language, phrase: str) -> bool:
    """Whether the tokenizer splits phrase unlike its lower case: "St. Albert" is "St." and
    "Albert", "st. albert" three tokens; the phrase as written is then a pattern of its own."""
    if "." not in phrase or phrase == phrase.lower():
        return False
    return [t.lower_ for t in nlp.make_doc(phrase)] != [t.text for t in nlp.make_doc(phrase.lower())]


def build_pipeline() -> Language:
    nlp = blank_bilingual()
    ruler: EntityRuler = nlp.add_pipe(  # type: ignore[assignment]  # add_pipe is typed as any pipe
        "entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True}
    )
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


def find(text: str, misspelt: bool = False) -> tuple[Doc, list[Mention]]:
    """The names in text; misspelt: also spans of one to three words a typo away from a name, which
    replace a name found at their start ("British Colubmia") (the answer to a question about a place,
    where a typo is likelier than any other word)."""
    message = read(text)
    found = message.mentions
    if not misspelt:
        return message.doc, found
    near = message.misspelt_mentions
    kept = [m for m in found if not any(n.start <= m.start and m.end <= n.end for n in near)]
    return message.doc, sorted(kept + near, key=lambda m: m.start)


def misspellings(doc: Doc, found: list[Mention]) -> list[Mention]:
    """Spans of one to three words outside the names found that are a typo away from names of
    exactly one place ("Mexcian", "United Sattes"); longer spans first."""
    taken = {i for m in found for i in range(m.start, m.end)}
    result = []
    for size in (3, 2, 1):
        for start in range(len(doc) - size + 1):
            span = doc[start : start + size]
            covered = sum(i in taken for i in range(span.start, span.end))
            # a name found may be the first word of a misspelt longer one: "British Colubmia"
            if covered == size or (covered and not _extends_a_name(found, span)):
                continue
            nearest = _nearest_name(span.text)
            if nearest:
                result.append(
                    Mention(*nearest, span.text, span.start, span.end, span.start_char, span.end_char, sure=False)
                )
                taken.update(range(span.start, span.end))
    return result


def _extends_a_name(found: list[Mention], span: Span) -> bool:
    """Whether the names found within span all stand at its start, the rest of it new words."""
    inside = [m for m in found if m.start < span.end and m.end > span.start]
    if not inside:  # its words were taken by a misspelt name read just before
        return False
    return all(span.start <= m.start and m.end <= span.end for m in inside) and inside[0].start == span.start


def _nearest_name(text: str) -> tuple[str, str] | None:
    """(label, code) of the names nearest to text if they all name one place; None if none is near."""
    word = fold(text)
    if len(word) < 5 or not word.replace(" ", "").replace("-", "").isalpha() or word in _common_words():
        return None
    if any(len(w) > 1 and w.isupper() for w in text.split()):
        return None  # an acronym is typed on purpose: "the UNAM" is a university, no misspelt USA

    # A place is a country (its names and nationalities) or a province (its names and cities): "SK"
    # is both Slovakia and Saskatchewan.
    def place(label: str, code: str) -> tuple[bool, str]:
        return label in (PROVINCE, CITY), code

    names = _names_of(word.count(" ") + 1)
    found = nearest(word, ((name, place(*entry)) for name, entry in names))
    if found is None:
        return None
    return min((OSA.distance(word, name), entry) for name, entry in names if place(*entry) == found)[1]


@cache
def _names() -> dict[str, tuple[str, str]]:
    """Folded names of five letters or more, up to three words -> (label, code); the case-sensitive
    ones ("Chile", "Georgia", "Brooks") excluded: they are common words or names in lower case; of
    the GeoNames towns, only the large ones (a typo is likelier than a small town's name)."""
    sensitive = {fold(word) for word in lexicon()["case_sensitive"]}
    names: dict[str, tuple[str, str]] = {}
    for pattern in _patterns(blank_bilingual(), min_town=places()["geonames"]["typo_min_population"]):
        phrase = pattern["pattern"]
        if isinstance(phrase, str) and len(phrase) >= 5 and phrase.count(" ") <= 2 and fold(phrase) not in sensitive:
            names.setdefault(fold(phrase), (pattern["label"], pattern["id"]))
    return names


@cache
def _names_of(words: int) -> tuple[tuple[str, tuple[str, str]], ...]:
    """The names of _names() that have this many words: every span compares with them only."""
    return tuple((name, entry) for name, entry in _names().items() if name.count(" ") + 1 == words)


@cache
def _common_words() -> frozenset[str]:
    """Ordinary words of both languages, never read as a misspelt name ("aussi" is no Australie):
    spaCy's English and French stop words, and the lexicon's language markers."""
    from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH
    from spacy.lang.fr.stop_words import STOP_WORDS as FRENCH

    markers = (w for language in LANGUAGES for w in lexicon()["language_markers"][language])
    return frozenset(fold(w) for w in (*markers, *ENGLISH, *FRENCH))


def save(path: Path) -> None:
    nlp = build_pipeline()
    nlp.meta["name"] = "imp_gazetteer"
    nlp.meta["description"] = (
        "Bilingual tokenizer and gazetteer (countries, nationalities, provinces, cities); Canadian places "
        "contain data from GeoNames (www.geonames.org), CC BY 4.0"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(path)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "models/spacy/imp_gazetteer")
    save(target)
    print(f"spaCy gazetteer pipeline written to {target}")
