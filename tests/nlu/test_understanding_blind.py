"""The classes the blind bank's failures showed (issue 22), in words of these tests' own."""

from __future__ import annotations

from typing import Any

import pytest

from intake_nlu import noc, parsers
from intake_nlu.corrections import corrections
from tests.nlu.test_understanding import stated


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("pantoute", False),
        ("non pantoute", False),
        ("ben oui", True),
        ("spot on", True),
        ("exactly", True),
        ("not exactly", False),
        ("pas tout à fait", False),
        ("pile ça", True),
    ],
)
def test_yes_and_no_as_people_say_them(text: str, answer: bool) -> None:
    assert parsers.parse_yes_no(text) is answer


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("to be honest I couldn't say a word in French", "none"),  # "can't say" is no "I don't know"
        ("I grew up speaking it at home", "advanced"),
        ("j'ai grandi en le parlant", "advanced"),
        ("assez pour travailler avec des clients", "intermediate"),
        ("je tiens une conversation, pas parfaitement", "intermediate"),  # "parfaitement" is denied
        ("I can hold a conversation, not fluently", "intermediate"),
        ("French? it's the language I grew up with", "advanced"),
        ("c'est la langue avec laquelle j'ai grandi, le français", "advanced"),
        ("pas de français ; j'apprends le japonais", "none"),
        ("I manage a normal conversation, with some mistakes", "intermediate"),
        ("zilch", "none"),
        ("je connais bonjour et merci, pas plus", "none"),
        ("a year of it at school, really rusty now", "basic"),
        ("je suis très rouillée", "basic"),
        ("I can read a menu, not much more", "basic"),
    ],
)
def test_french_levels_said_in_other_words_than_the_levels(text: str, level: str) -> None:
    assert parsers.parse_french_level(text) == level


@pytest.mark.parametrize(
    "text",
    [
        "Hi! I'm Chad, a roofer, looking at a season in Canada",
        "Bonsoir, c'est Jordan, soudeur, je veux bosser au Canada",
        "Coucou ! Moi c'est India, je sors de l'université",
    ],
)
def test_a_first_name_that_is_a_country_is_no_citizenship(text: str) -> None:
    assert "citizenships" not in stated(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [("my country is Jordan", "JO"), ("mon pays, c'est Haïti", "HT"), ("I'm Indian", "IN")],
)
def test_a_country_said_as_ones_own_stays_a_citizenship(text: str, code: str) -> None:
    assert stated(text).get("citizenships") == [code]


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Angolan, though Portuguese is what my family speaks", ["AO"]),
        ("Belge ; à la maison c'est surtout le néerlandais", ["BE"]),
        ("Haitian, and French is what we speak at school", ["HT"]),
    ],
)
def test_a_language_spoken_is_not_a_second_citizenship(text: str, codes: list[str]) -> None:
    assert parsers.parse_citizenships(text) == codes
    assert stated(text).get("citizenships") == codes


def test_a_language_with_its_article_is_the_language_and_a_capital_makes_a_person() -> None:
    assert "citizenships" not in stated("pardon, pour le français j'ai sous-estimé mon niveau")
    assert stated("le Français qu'on a choisi arrive en mai").get("citizenships") == ["FR"]


@pytest.mark.parametrize(
    "text",
    [
        "ça fait 12 ans que je suis soudeur",
        "je suis cuisinier depuis 20 ans",
        "I've been a mechanic for 14 years",
    ],
)
def test_a_duration_is_no_age(text: str) -> None:
    assert "age" not in stated(text)


@pytest.mark.parametrize(
    ("text", "known", "changed"),
    [
        (
            "sorry, I sold my French short: I studied in French for years and hold a conversation easily",
            {"french_level": "basic", "citizenships": ["RO"]},
            {"french_level": "intermediate"},
        ),
        (
            "en fait j'ai sous-estimé le français : j'ai étudié en français au lycée, je tiens une conversation",
            {"french_level": "none", "citizenships": ["MD"]},
            {"french_level": "intermediate"},
        ),
        (
            "hang on, I said no degree? I've got a BSc in geology, no idea why I said that",
            {"has_degree": False},
            {"has_degree": True},
        ),
        (
            "attendez, j'ai dit aucun diplôme ? j'ai un bac en géologie, je sais pas pourquoi j'ai dit non",
            {"has_degree": False},
            {"has_degree": True},
        ),
        (
            "let me correct that: I am investing, I'm buying into a restaurant group there and will run it",
            {"trade_or_investment": False},
            {"trade_or_investment": True},
        ),
        (
            "je corrige : c'est un investissement, j'achète des parts d'un garage là-bas",
            {"trade_or_investment": False},
            {"trade_or_investment": True},
        ),
        (
            "I said farm but that's wrong, it's landscaping for a city contractor",
            {"job_offer_primary_agriculture": True},
            {"job_offer_primary_agriculture": False},
        ),
        (
            "pardon, ce n'est pas une ferme : c'est de l'aménagement paysager",
            {"job_offer_primary_agriculture": True},
            {"job_offer_primary_agriculture": False},
        ),
        (
            "je retire l'espagnole, je n'ai que la citoyenneté péruvienne",
            {"citizenships": ["PE", "ES"]},
            {"citizenships": ["PE"]},
        ),
        (
            "sorry, I said Swiss because I work in Geneva, but my passport is French",
            {"citizenships": ["CH"]},
            {"citizenships": ["FR"]},
        ),
        (
            "I said it isn't farm work, but it's a greenhouse, picking peppers all day",
            {"job_offer_primary_agriculture": False},
            {"job_offer_primary_agriculture": True},
        ),
        (
            "j'ai dit que j'étais pas étudiant mais je le suis encore, dernier semestre à Lyon",
            {"is_student": False},
            {"is_student": True},
        ),
        (
            "let me fix the French one: I said basic, but I did all my school in French and can talk with clients",
            {"french_level": "basic"},
            {"french_level": "intermediate"},
        ),
        (
            "I said no to the short trip, but that's it: I fly in to install one of our machines and fly back",
            {"business_visit": False},
            {"business_visit": True},
        ),
        (
            "pardon, j'ai minimisé mes études : après le secondaire j'ai fait un diplôme de deux ans en soudure",
            {"education": "secondary", "age": 30},
            {"education": "post_secondary"},
        ),
        (
            "oups, je voulais dire 27 ! j'aurai 28 ans seulement en mai",
            {"age": 28},
            {"age": 27},
        ),
        (
            "no wait, the firm's office is in Ottawa, Ontario, but the site is out past Gatineau, so Quebec",
            {"job_offer_province": "ON", "current_location": "abroad"},
            {"job_offer_province": "QC"},
        ),
    ],
)
def test_a_correction_replaces_the_fact_and_nothing_else(
    text: str, known: dict[str, Any], changed: dict[str, Any]
) -> None:
    assert corrections(text, known, stated(text)) == changed


@pytest.mark.parametrize(
    ("text", "audience"),
    [
        ("no, not me personally, I'm asking for the person we'd hire", "employer"),
        ("non, pas moi personnellement, je demande pour la personne qu'on engagerait", "employer"),
    ],
)
def test_an_employer_saying_it_is_not_them(text: str, audience: str) -> None:
    assert parsers.states_audience(text) == audience


@pytest.mark.parametrize(
    "text",
    [
        "a welder from Busan answered my ad for our Winkler shop",
        "j'ouvre un deuxième café à Rimouski et je veux une amie de Lyon au comptoir",
    ],
)
def test_an_employer_speaking_of_an_ad_or_a_second_place(text: str) -> None:
    assert parsers.audience_in(text) == "employer"


@pytest.mark.parametrize("text", ["aucune scolarité exigée", "no schooling needed, you learn by doing"])
def test_a_job_with_no_schooling_is_teer_5(text: str) -> None:
    assert parsers.parse_teer_description(text) == 5


@pytest.mark.parametrize(
    ("text", "audience"),
    [
        ("a roofing crew in Red Deer picked me for the summer, what do I apply for?", "worker"),
        ("le garage de Rimouski m'a choisie, il me faut quoi ?", "worker"),
        ("our mill has offered a job to a Chilean millwright", "employer"),
        ("j'ai enfin trouvé ma pâtissière, elle vit à Lyon", "employer"),
        ("I'd like to bring a friend from Lisbon onto my team in Moncton", "employer"),
        ("j'essaie de voir quel permis correspond à ma situation", "worker"),
        ("the quarry I worked at last summer wants me back in May", "worker"),
        ("ils me mutent à Moncton en janvier", "worker"),
        ("we've hired a Peruvian welder, 30", "employer"),
        ("on a engagé une cuisinière haïtienne", "employer"),
        ("I'd love to have him at my clinic in Brandon", "employer"),
        ("a hockey club in Swift Current wants to sign me", "worker"),
        ("un ami de mon oncle veut me donner un emploi dans son garage", "worker"),
        ("our dairy farm near Sussex needs a milker", "employer"),
        ("ma business de toiture à Rimouski déborde", "employer"),
    ],
)
def test_who_is_speaking_from_what_is_said_of_them(text: str, audience: str) -> None:
    assert parsers.audience_in(text) == audience


@pytest.mark.parametrize(
    ("text", "province"),
    [
        ("a sawmill near Kenora, Ontario offers me a job as a grader", "ON"),
        ("une coop de Matane, au Québec, veut m'engager comme soudeur", "QC"),
    ],
)
def test_an_offer_said_just_after_a_place_names_where_the_job_is(text: str, province: str) -> None:
    assert stated(text).get("job_offer_province") == province


@pytest.mark.parametrize(
    "text",
    ["Salut de Sherbrooke, je cherche un emploi", "I live in Calgary and my cousin offered me a couch"],
)
def test_a_place_before_a_search_or_a_home_is_not_the_jobs(text: str) -> None:
    assert "job_offer_province" not in stated(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("snowplow driver for the town", "74205"),  # the NOC says "snowplow operator"
        ("snowplough driver", "74205"),
        ("opératrice de silo à grains", "75101"),  # the NOC says "exploitante de silo à grains"
        ("truck driver", "73300"),  # a title listed as said stays what it was
        ("tree planter up north", "85120"),  # listed only as "Seasonal tree planter"
        ("planteuse d'arbres", "85120"),
        ("a dishie at a diner", "65201"),
        ("brickie by trade", "72320"),
        ("cellar hand at a winery", "94140"),
        ("back-end developer", "21232"),
    ],
)
def test_a_job_named_as_people_name_it(text: str, code: str) -> None:
    found = noc.find_job(text)
    assert found is not None and found.group.code == code


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        (
            "my supervisor in Lund found me a lab placement in Guelph; it counts towards my degree",
            {"internship_required": True, "has_job_offer": True},
        ),
        ("élève ingénieure à Lille, mon école impose un stage et une usine de Sorel m'a prise", {"is_student": True}),
    ],
)
def test_a_placement_arranged_for_a_student(text: str, facts: dict[str, Any]) -> None:
    said = stated(text)
    assert {slot: said.get(slot) for slot in facts} == facts


def test_a_profession_after_my_is_someone_elses() -> None:
    assert "occupation" not in stated("my professor arranged everything")
    assert stated("I'm a professor of chemistry")["occupation"] == "professor"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("our bistro in Lévis has offered a sous-chef job to a Belgian cook", "sous-chef"),
        ("I'm asking about a welder position at a shop in Regina", "welder"),
        ("a resort in Banff wants me as a bartender", "bartender"),
        ("il me faut un soudeur pour mon atelier de Rimouski", "soudeur"),
        ("we're desperate for a baker in Yarmouth", "baker"),
    ],
)
def test_the_offers_title_beside_its_cue(text: str, title: str) -> None:
    assert stated(text).get("job_offer_title") == title


@pytest.mark.parametrize(
    ("text", "province"),
    [("Goose Bay", "NL"), ("à Victo", "QC"), ("c'est à Casselman", "ON"), ("Portugal Cove-St. Philip's", "NL")],
)
def test_places_as_people_name_them(text: str, province: str) -> None:
    assert parsers.parse_province(text) == province
    assert parsers.parse_citizenships(text) == []


@pytest.mark.parametrize(
    ("text", "provinces"),
    [("Stratford", ("ON", "PE")), ("the job's in Nelson", ("BC",)), ("à Sussex", ("NB",)), ("Belleville", ("ON",))],
)
def test_a_town_left_out_for_its_namesakes_is_known_for_asking(text: str, provinces: tuple[str, ...]) -> None:
    found = parsers.namesake_in(text)
    assert found is not None and found.provinces == provinces


@pytest.mark.parametrize("text", ["a job in the forest", "paradise for a fisherman", "Toronto", "Atlantis"])
def test_words_and_known_places_are_no_namesakes(text: str) -> None:
    assert parsers.namesake_in(text) is None


@pytest.mark.parametrize("text", ["no, not in my situation", "not really, nothing for me to get from that"])
def test_a_no_with_words_of_oneself_does_not_correct_who_is_speaking(text: str) -> None:
    assert "audience" not in corrections(text, {"audience": "employer"}, stated(text))


def test_an_au_pair_in_french() -> None:
    found = noc.find_job("un poste de jeune fille au pair")
    assert found is not None and found.group.code == "44100"


def test_as_i_said_repeats_and_sets_nothing_aside() -> None:
    assert stated("as I said, I'm Mexican").get("citizenships") == ["MX"]


def test_a_french_school_names_no_passport() -> None:
    assert "citizenships" not in stated("j'ai fait toute ma scolarité au lycée français de Rabat")


def test_a_french_daycare_says_nothing_of_anyones_french() -> None:
    assert "french_level" not in stated("my little French daycare in Gimli needs an educator")
    assert stated("I speak a little French")["french_level"] == "basic"


@pytest.mark.parametrize(
    ("text", "facts", "absent"),
    [
        (
            "Hello, Chad Morin speaking, I run a garage in Trois-Rivières and want to hire a mechanic",
            {},
            ["citizenships", "age"],
        ),
        ("I do gel polish and nails in Hanoi", {}, ["citizenships"]),
        ("a warehouse in Brampton offered me 22 an hour", {"job_offer_province": "ON"}, ["age"]),
        ("une usine de Rimouski m'offre 40 heures par semaine", {"job_offer_province": "QC"}, ["age"]),
        (
            "a builder from Gatineau, Quebec wants to hire me, but for a site in Kanata, Ontario",
            {"job_offer_province": "ON"},
            [],
        ),
    ],
)
def test_names_wages_and_places_that_are_not_what_they_look_like(
    text: str, facts: dict[str, Any], absent: list[str]
) -> None:
    said = stated(text)
    assert {slot: said.get(slot) for slot in facts} == facts
    assert not [slot for slot in absent if slot in said]


@pytest.mark.parametrize("text", ["they want me to send my diploma first", "the company wants me for an interview"])
def test_being_wanted_for_something_else_is_no_offer(text: str) -> None:
    assert "has_job_offer" not in stated(text)
