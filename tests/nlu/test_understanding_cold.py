"""The classes the cold bank's failures showed (issue 22), in words of these tests' own: places named
by their abbreviation, a workplace that says where the job is, a workplace that wants the person (an
offer), who a permit is said to be for, and a language someone grew up speaking."""

from __future__ import annotations

import pytest

from intake_nlu import noc, parsers
from intake_nlu.corrections import corrections
from tests.nlu.test_understanding import stated


@pytest.mark.parametrize(
    ("text", "province"),
    [
        ("the offer is from a sawmill in Quesnel BC", "BC"),
        ("I'd be working in Bathurst, N.B.", "NB"),
        ("job offer in Moose Jaw, Sask", "SK"),
        ("a contract in Lethbridge, Alta.", "AB"),
        ("un emploi à Edmundston, N.-B.", "NB"),
        ("a job offer in Corner Brook, NL", "NL"),
        ("offre d'emploi à Gatineau, QC", "QC"),
    ],
)
def test_a_province_named_by_its_abbreviation(text: str, province: str) -> None:
    assert stated(text)["job_offer_province"] == province


@pytest.mark.parametrize("text", ["I want to work bc I need the money", "we met ab 3 years ago", "i have a sk8 shop"])
def test_an_abbreviation_in_lower_case_is_a_word(text: str) -> None:
    assert "job_offer_province" not in stated(text)


@pytest.mark.parametrize(
    ("text", "province"),
    [
        ("my bakery in Kamloops is growing and I need a second baker", "BC"),
        ("I run a small brewery in Moncton", "NB"),
        ("we have a vineyard near Penticton and a picker in mind", "BC"),
        ("une quincaillerie de Rimouski pense m'embaucher", "QC"),
        ("mon dépanneur à Sherbrooke a besoin d'un commis", "QC"),
        ("a garage in Brandon wants a mechanic from abroad", "MB"),
    ],
)
def test_a_workplace_before_a_canadian_place_says_where_the_job_is(text: str, province: str) -> None:
    assert stated(text)["job_offer_province"] == province


def test_a_school_is_no_workplace_of_its_own() -> None:
    assert stated("I studied at a school in Halifax years ago").get("job_offer_province") is None


@pytest.mark.parametrize(
    "text",
    [
        "a dental clinic in Red Deer wants me to start in March",
        "the hospital in Yellowknife said yes to me",
        "une boulangerie de Trois-Rivières veut que je commence en mai",
        "le garage de Val-d'Or m'a dit oui",
    ],
)
def test_a_workplace_that_wants_the_person_is_an_offer_to_a_worker(text: str) -> None:
    found = stated(text)
    assert (found.get("has_job_offer"), found.get("audience")) == (True, "worker")


@pytest.mark.parametrize("text", ["they want me to send my diploma first", "my mom wants me to ask you"])
def test_someone_wanting_something_of_the_person_is_no_offer(text: str) -> None:
    assert "has_job_offer" not in stated(text)


@pytest.mark.parametrize(
    ("text", "has_offer"),
    [
        ("we've offered a permanent job to a welder from Manila", True),
        ("nous lui avons offert un poste de cuisinier", True),
        ("pas de job en vue pour le moment", False),
    ],
)
def test_an_offer_said_in_other_words(text: str, has_offer: bool) -> None:
    assert stated(text)["has_job_offer"] is has_offer


@pytest.mark.parametrize(
    ("text", "audience"),
    [
        ("the permit is for me, I'm the one moving", "worker"),
        ("the work permit would be for our new dishwasher", "employer"),
        ("I'm the owner, the permit would be for a baker I met in Lisbon", "employer"),
        ("le permis serait pour la serveuse qu'on a trouvée", "employer"),
        ("le permis est pour moi, c'est moi qui pars", "worker"),
    ],
)
def test_who_the_permit_is_said_to_be_for(text: str, audience: str) -> None:
    assert parsers.parse_audience(text) == audience
    assert parsers.states_audience(text) == audience  # said outright: a correction at any moment


def test_an_owner_answers_who_the_permit_is_for_but_corrects_nothing() -> None:
    """The owner who moves to run the business is the worker (an investor): owning alone answers
    the question of who the permit is for, and never corrects it (tests/nlu/test_understanding_treaties.py)."""
    assert parsers.parse_audience("c'est moi la propriétaire de la boutique") == "employer"
    assert parsers.states_audience("c'est moi la propriétaire de la boutique") is None


@pytest.mark.parametrize("text", ["the permit would be for my husband", "le permis serait pour ma fille"])
def test_a_permit_for_a_relative_leaves_the_speaker_undecided(text: str) -> None:
    assert parsers.states_audience(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Portuguese passport, and French is what I spoke at home growing up",
        "I'm 31, Belgian, and Dutch is the language I grew up speaking",
    ],
)
def test_a_language_one_grew_up_speaking_is_no_citizenship(text: str) -> None:
    citizenships = stated(text)["citizenships"]
    assert "FR" not in citizenships and "NL" not in citizenships


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("I wait tables at an Italian trattoria style restaurant in Porto", []),
        ("I'm a developer at a German company in Pune", []),
        ("I walk Australian shepherds for a living", []),
        ("we serve Spanish tapas and I run the kitchen", []),
        ("I'm Spanish, bar manager for ten years", ["ES"]),  # the comma: a nationality, then a job
    ],
)
def test_a_nationality_before_a_workplace_or_a_thing_is_no_citizenship(text: str, kept: list[str]) -> None:
    assert stated(text).get("citizenships", []) == kept


@pytest.mark.parametrize(
    "text",
    ["il parle pas français", "elle ne parle pas le français", "he doesn't speak French", "she does not speak it"],
)
def test_someone_elses_french_said_as_none(text: str) -> None:
    assert parsers.parse_french_level(text) == "none"


@pytest.mark.parametrize("text", ["ya", "yah", "yea"])
def test_a_yes_as_people_type_it(text: str) -> None:
    assert parsers.parse_yes_no(text) is True


@pytest.mark.parametrize(
    ("text", "citizenships"),
    [
        ("US citizen, born and raised in Denver", ["US"]),
        ("Israel is just my first name, I'm Canadian-born but my passport is Mexican", ["MX"]),
        ("américaine. Georgia c'est mon prénom, pas mon pays", ["US"]),
    ],
)
def test_a_country_said_to_be_a_name_is_no_citizenship(text: str, citizenships: list[str]) -> None:
    assert parsers.parse_citizenships(text) == citizenships


@pytest.mark.parametrize(
    ("text", "age"),
    [("I manage a 40-seat restaurant, and I'm 33", 33), ("we run a 12-bed care home; she is 41", 41)],
)
def test_a_number_joined_to_what_it_counts_is_no_age(text: str, age: int) -> None:
    assert stated(text)["age"] == age


def test_a_correction_whose_one_number_could_be_an_age_corrects_the_age() -> None:
    text = "argh, fat fingers, I meant 31 not 13"
    assert corrections("oops typo, it's 31", {"age": 13}, stated("oops typo, it's 31")) == {"age": 31}
    assert corrections(text, {"age": 13}, stated(text))["age"] == 31
    assert corrections("sorry, I meant 40 hours a week", {"age": 29}, {}) == {}  # counts hours


@pytest.mark.parametrize(
    ("text", "citizenships"),
    [
        ("Austrian, 33, German and Italian both fluent", ["AT"]),
        ("je suis belge, le néerlandais et le français sont mes langues maternelles", ["BE"]),
        ("I'm French and German, 30", ["FR", "DE"]),  # two passports, no word of speaking them
    ],
)
def test_languages_listed_together_are_read_together(text: str, citizenships: list[str]) -> None:
    assert stated(text)["citizenships"] == citizenships


def test_a_nationality_after_a_passport_is_no_language() -> None:
    assert stated("I worked in Doha for years, but my only passport is Spanish")["citizenships"] == ["ES"]


@pytest.mark.parametrize(
    "text", ["I've lived in Singapore 12 years, I'm Irish", "j'ai travaillé 20 ans à Dakar, je suis sénégalais"]
)
def test_years_spent_somewhere_are_no_age(text: str) -> None:
    assert "age" not in stated(text)


def test_hang_on_says_a_correction() -> None:
    text = "hold on, I typed Korea without thinking, my only passport is Japanese"
    assert corrections(text, {"citizenships": ["KR"]}, stated(text)) == {"citizenships": ["JP"]}


def test_a_nationality_said_after_a_number_does_not_make_it_an_age() -> None:
    text = "I manage a hostel of 40 beds in Banff. We offered a job to a Chilean woman aged 26"
    assert stated(text)["age"] == 26


@pytest.mark.parametrize(
    "text",
    [
        "je suis prof d'espagnol dans un lycée de Lyon",
        "my boss says it's easy for Irish people",
        "je donne des cours d'allemand",
    ],
)
def test_a_language_taught_or_a_people_spoken_of_is_no_citizenship(text: str) -> None:
    assert "citizenships" not in stated(text)


def test_faute_de_frappe_says_a_correction() -> None:
    text = "oups, faute de frappe : 25"
    assert corrections(text, {"age": 52}, stated(text)) == {"age": 25}


@pytest.mark.parametrize(
    ("text", "audience"),
    [
        ("We have offered the dishwasher position to a young Filipino", "employer"),
        ("nous avons offert le poste de commis à une Sénégalaise", "employer"),
        ("my foreman wants to keep me for the whole year", "worker"),
        ("le patron de la ferme veut me garder l'hiver aussi", "worker"),
    ],
)
def test_an_offer_made_or_a_worker_kept_is_an_offer(text: str, audience: str) -> None:
    found = stated(text)
    assert (found.get("has_job_offer"), found.get("audience")) == (True, audience)


@pytest.mark.parametrize(
    "text",
    [
        "she has 12 years of practice as a dentist",
        "il a 15 ans de métier comme soudeur",
        "je pars pour 2 ans à Calgary",
    ],
)
def test_years_of_practice_or_a_stay_are_no_age(text: str) -> None:
    assert "age" not in stated(text)


@pytest.mark.parametrize(
    ("text", "citizenships"),
    [
        ("Moroccan. the firm is Swiss, not me", ["MA"]),
        ("je bosse dans une boîte italienne, moi je suis tunisienne", ["TN"]),
        ("I run a shop and I'm Greek", ["GR"]),  # the shop is not right before the nationality
        ("Chilean, 30, Spanish is my mother tongue", ["CL"]),
        ("on fait des croissants dans une boulangerie française, je suis algérien", ["DZ"]),
    ],
)
def test_a_workplaces_nationality_or_a_mother_tongue_is_no_citizenship(text: str, citizenships: list[str]) -> None:
    assert stated(text)["citizenships"] == citizenships


def test_a_french_level_corrected_is_the_one_the_correction_ends_on() -> None:
    text = "ok so, I overstated my French earlier. a few months of an app, I can say hello — basic really"
    assert parsers.parse_french_level(text) == "basic"
    assert parsers.parse_french_level("ok I guess") == "intermediate"  # an "ok" that is the answer


@pytest.mark.parametrize(
    ("text", "required"),
    [
        ("small correction about the internship: it's not mandatory, I could graduate without it", False),
        ("petite correction pour le stage : il est pas obligatoire, c'est en option", False),
    ],
)
def test_an_internship_said_optional(text: str, required: bool) -> None:
    assert corrections(text, {"is_student": True, "internship_required": True}, stated(text)) == {
        "internship_required": required
    }


def test_an_owner_who_will_take_the_person_is_an_offer() -> None:
    text = "wait, the owner of a bakery in Brandon told me he'll take me in May, nothing signed"
    assert corrections(text, {"has_job_offer": False, "audience": "worker"}, stated(text)) == {"has_job_offer": True}


@pytest.mark.parametrize(("title", "code"), [("greenhouse worker", "85103"), ("nursery worker", "85103")])
def test_a_worker_is_the_labourer_the_noc_lists(title: str, code: str) -> None:
    found = noc.find_job(title)
    assert found is not None and found.group.code == code


@pytest.mark.parametrize(
    "text", ["je connais bonjour et merci, c'est à peu près tout", "I can hold a conversation, not much more than that"]
)
def test_a_level_said_in_a_sentence_reads_as_an_answer(text: str) -> None:
    assert parsers.reads_as_an_answer(text)


def test_a_long_question_is_no_answer() -> None:
    assert not parsers.reads_as_an_answer("could you tell me what the francophone mobility program is exactly")


@pytest.mark.parametrize(
    "text",
    [
        "I direct a small French-language primary school near Moncton",
        "elle travaille dans une société de transport italienne, moi je cherche",
        "le Canada c'est facile pour les Espagnols, paraît-il",
    ],
)
def test_a_school_a_company_or_a_people_named_with_a_nationality_says_no_fact_of_the_person(text: str) -> None:
    found = stated(text)
    assert "citizenships" not in found and "french_level" not in found


def test_a_french_level_a_correction_ends_on() -> None:
    text = "ok to be honest I overstated my French, a few lessons at school and that's it — basic"
    assert stated(text)["french_level"] == "basic"


def test_an_age_before_a_nationality_said_with_its_unit() -> None:
    """Read before by accident (a nationality after the number made any number an age)."""
    assert stated("hey, 33 y/o Greek here")["age"] == 33
