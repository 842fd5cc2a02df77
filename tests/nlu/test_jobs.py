"""A job title in a person's words to its NOC 2021 unit group (intake_nlu/noc.py): a listed title
wins over a word that heads a group's titles; status words ("intern", "stagiaire") name no job; the
expectations are the unit groups the table (intake_nlu/data/noc2021/unit_groups.json) lists each
title under."""

from __future__ import annotations

import json
from functools import cache

import pytest

from intake_nlu import noc
from intake_nlu.noc import find_job

# Common titles, English and French, and the unit group that lists each (whole, or the one group
# listing it once its qualifier is dropped). The lookup before issue 22 got 90 of these 95 right
# (84 surely); it missed "licensed practical nurse", "waiter", "manœuvre en construction",
# "serveuse" and "ingénieur logiciel".
COMMON_TITLES = {
    "line cook": "63200",
    "cook": "63200",
    "software developer": "21232",
    "software engineer": "21231",
    "web developer": "21234",
    "data scientist": "21211",
    "computer systems analyst": "21222",
    "civil engineer": "21300",
    "electrical engineer": "21310",
    "registered nurse": "31301",
    "nurse": "31301",
    "licensed practical nurse": "32101",
    "pharmacist": "31120",
    "family physician": "31102",
    "family doctor": "31102",
    "dentist": "31110",
    "physiotherapist": "31202",
    "dental hygienist": "32111",
    "early childhood educator": "42202",
    "secondary school teacher": "41220",
    "lawyer": "41101",
    "accountant": "11100",
    "bookkeeper": "12200",
    "receptionist": "14101",
    "cashier": "65100",
    "retail salesperson": "64100",
    "security guard": "64410",
    "waiter": "65200",
    "waitress": "65200",
    "dishwasher": "65201",
    "kitchen helper": "65201",
    "chef": "62200",
    "baker": "63202",
    "butcher": "63201",
    "hairdresser": "63210",
    "janitor": "65312",
    "housekeeper": "65310",
    "nanny": "44100",
    "babysitter": "44100",
    "home support worker": "44101",
    "welder": "72106",
    "electrician": "72200",
    "plumber": "72300",
    "carpenter": "72310",
    "heavy equipment operator": "73400",
    "truck driver": "73300",
    "bus driver": "73301",
    "delivery driver": "75201",
    "forklift operator": "75101",
    "construction labourer": "75110",
    "fruit picker": "85101",
    "graphic designer": "52120",
    "restaurant manager": "60030",
    "store manager": "60020",
    "farmer": "80020",
    "cuisinier": "63200",
    "cuisinière": "63200",
    "développeuse de logiciels": "21232",
    "développeur web": "21234",
    "développeuse web": "21234",
    "programmeuse": "21230",
    "ingénieur logiciel": "21231",
    "analyste de systèmes informatiques": "21222",
    "analyste en systèmes informatiques": "21222",
    "ingénieure civile": "21300",
    "infirmière": "31301",
    "infirmière auxiliaire": "32101",
    "infirmière autorisée": "31301",
    "pharmacienne": "31120",
    "médecin de famille": "31102",
    "hygiéniste dentaire": "32111",
    "avocate": "41101",
    "comptable": "11100",
    "teneur de livres": "12200",
    "réceptionniste": "14101",
    "caissière": "65100",
    "agente de sécurité": "64410",
    "aide-cuisinière": "65201",
    "boulangère": "63202",
    "boucher": "63201",
    "coiffeuse": "63210",
    "gardienne d'enfants": "44100",
    "soudeuse": "72106",
    "électricienne": "72200",
    "plombier": "72300",
    "charpentière": "72310",
    "camionneuse": "73300",
    "chauffeuse d'autobus": "73301",
    "cariste": "75101",
    "manœuvre en construction": "75110",
    "graphiste": "52120",
    "gérante de restaurant": "60030",
    "cueilleuse de fruits": "85101",
    "serveuse": "65200",
    "ouvrier agricole": "85101",
}


@cache
def listed_forms() -> dict[str, set[str]]:
    """Every form of every example title of the table (masculine, feminine, either side of a
    slash) -> the unit groups listing it."""
    document = json.loads(noc.TABLE.read_text(encoding="utf-8"))
    listing: dict[str, set[str]] = {}
    for group in document["unit_groups"]:
        forms = [f for title in group["examples_en"] for f in noc.english_variants(title)]
        forms += [f for title in group["examples_fr"] for f in noc.title_variants(title)]
        for form in forms:
            listing.setdefault(form, set()).add(group["code"])
    return listing


@pytest.mark.parametrize(("title", "code"), COMMON_TITLES.items())
def test_a_common_title_names_the_group_that_lists_it(title: str, code: str) -> None:
    found = find_job(title)
    assert found is not None and found.group.code == code, found


@pytest.mark.parametrize(
    "title",
    [
        "intern",
        "Intern",
        "stagiaire",
        "stagiaire ingénieur",
        "ingénieur stagiaire",
        "engineering intern",
        "mechanical engineering intern",
        "student intern",
        "accounting intern",
        "stagiaire en comptabilité",
        "stagiaire en génie minier",
        "apprentice",
        "senior",
    ],
)
def test_a_status_word_names_no_job_by_itself(title: str) -> None:
    """The NOC lists "Intern" under 31102 (a medical intern) and "Stagiaire comptable agréé" under
    11100; an intern or a stagiaire of any field is neither. The table has no title for an
    engineering trainee: nothing is found, and the TEER question is asked."""
    assert find_job(title) is None


def test_a_status_word_inside_a_listed_title_still_counts() -> None:
    found = find_job("intern pharmacist")
    assert found is not None and found.group.code == "31120" and found.sure


@pytest.mark.parametrize(
    ("title", "code", "sure"),
    [
        ("line cook", "63200", True),
        ("cuisinier", "63200", True),
        ("cuisinière", "63200", True),
        ("développeuse de logiciels", "21232", True),
        ("software developer", "21232", True),
        ("infirmière auxiliaire", "32101", True),
        # Head words, or titles several groups list: found, and asked about.
        ("ouvrier agricole", "85101", False),
        ("serveuse", "65200", False),  # "Serveur/serveuse" also feeds machines in 95103 and 95109
        ("mechanic", "72400", False),
        ("sales associate", "64100", False),
    ],
)
def test_how_surely_a_title_is_found(title: str, code: str, sure: bool) -> None:
    found = find_job(title)
    assert found is not None and (found.group.code, found.sure) == (code, sure)


def test_the_group_listing_a_title_unqualified_wins() -> None:
    """A title of 31301 is "Nurse"; one of 31300 is "Nurse - team leader"."""
    nurse, electrician = find_job("nurse"), find_job("électricien")
    assert nurse is not None and nurse.group.code == "31301" and nurse.sure
    assert electrician is not None and electrician.group.code == "72200" and electrician.sure


def test_a_title_several_groups_list_alike_hides_no_shorter_title() -> None:
    """85100 lists "General farm worker - livestock" and 85101 "- harvesting": never the "General"
    of the armed forces (40042), but the one reading.yaml says people usually mean (both TEER 5)."""
    for title in ("general farm worker", "farm hand"):
        found = find_job(title)
        assert found is not None and found.group.code == "85101" and found.words == title


@pytest.mark.parametrize("text", ["chief", "chief happiness wizard", "driver"])
def test_a_word_no_group_holds_names_none(text: str) -> None:
    """00011 lists "Chief - disaster management", one title once its qualifier is dropped; "chief"
    heads 134 titles, 35 of them in 30010: no group holds it. "Driver" heads 49 of 127 in 73300."""
    assert find_job(text) is None


@pytest.mark.parametrize(
    "text", ["sales associate or engineer", "heavy-duty mechanic", "auto mechanic", "mécanicien de machinerie lourde"]
)
def test_an_unsure_match_qualified_by_other_title_words_is_no_match(text: str) -> None:
    """Alone, "mechanic" is unsurely 72400 (listed there and in 72410 alike; it heads more of
    72400's titles); a heavy-duty mechanic is 72401, an auto mechanic 72410: no guess."""
    assert find_job(text) is None


@pytest.mark.parametrize(
    "template",
    [
        "I'll be working as a {job}",
        "it's a {job} position",
        "they hired me as a {job}",
        "I got an offer to work as a {job}",
        "the job is {job}",
        "je vais travailler comme {job}",
        "on m'embauche comme {job}",
        "l'emploi, c'est {job}",
    ],
)
@pytest.mark.parametrize(("job", "code"), [("sales associate", "64100"), ("serveuse", "65200"), ("mechanic", "72400")])
def test_an_unsure_title_said_in_a_sentence_is_found_as_alone(template: str, job: str, code: str) -> None:
    found = find_job(template.format(job=job))
    assert found is not None and found.group.code == code and not found.sure


@pytest.mark.parametrize("text", ["resident", "I'm a permanent resident", "woman", "worker", "student"])
def test_words_that_are_no_job_name_none(text: str) -> None:
    assert find_job(text) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Je cherche un poste de développeuse de logiciels à Montréal", "développeuse de logiciels"),
        ("an offer as a line cook in Toronto", "line cook"),
        ("I'd be a waitress at the Ritz", "waitress"),
    ],
)
def test_the_match_stands_where_the_person_wrote_it(text: str, words: str) -> None:
    found = find_job(text)
    assert found is not None and text[found.start : found.end] == words


def test_the_table_s_own_titles_name_a_group_that_lists_them() -> None:
    """All 84,812 forms of the table's titles: 99.04% name a group listing them (the lookup before
    issue 22: 90.74%); most misses are titles longer than eight words."""
    listing = listed_forms()
    named = sum(1 for title, codes in listing.items() if (found := find_job(title)) and found.group.code in codes)
    assert named / len(listing) >= 0.985


@pytest.mark.parametrize(
    ("title", "forms"),
    [
        ("Assistant waiter/waitress - food and beverage services", 2),
        ("Ammunition foreman/woman", 2),
        ("Wirer/woman - industrial electrical equipment", 1),
    ],
)
def test_english_titles_alternate_one_word_at_a_slash(title: str, forms: int) -> None:
    variants = noc.english_variants(title)
    assert len(variants) == forms and all("/" not in variant for variant in variants)
    assert "woman" not in [noc.content_words(noc.main_part(v))[0] for v in variants]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("développeur", "21232"),  # heads several groups' titles; alone, people mean software
        ("je suis développeur", "21232"),
        ("developer", "21232"),
        ("développeur web", "21234"),  # a listed title still wins
        ("développeur immobilier", None),  # beside another word of titles: not the usual one
        ("game developer", None),
    ],
)
def test_a_bare_word_is_read_as_the_group_it_usually_means(text: str, code: str | None) -> None:
    found = noc.find_job(text)
    assert (found.group.code if found else None) == code
