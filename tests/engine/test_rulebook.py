"""A consultant edits one data file; a wrong edit fails naming the file, the entry and the problem."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from imp_engine import RuleDataError, assess, load_rulebook
from imp_engine.rulebook import DATA_DIR


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def edit(data_dir: Path, name: str, old: str, new: str) -> None:
    path = data_dir / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_consultant_changes_an_age_band_without_python(data_dir: Path) -> None:
    edit(data_dir, "iec", "  - code: 'JP'\n    min_age: 18\n    max_age: 30", "  - code: 'JP'\n    min_age: 18\n    max_age: 31")
    rules = load_rulebook(data_dir)
    result = assess({"citizenships": ["JP"], "age": 31}, rulebook=rules)
    assert result["routes"][1]["id"] == "iec_working_holiday"
    assert result["routes"][1]["verdict"] == "eligible"


def test_a_consultant_closes_a_category(data_dir: Path) -> None:
    doc = yaml.safe_load((data_dir / "iec.yaml").read_text(encoding="utf-8"))
    france = next(c for c in doc["countries"] if c["code"] == "FR")
    france["categories"]["young_professionals"]["open"] = False
    (data_dir / "iec.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    rules = load_rulebook(data_dir)
    routes = {r["id"]: r for r in assess({"citizenships": ["FR"], "age": 25, "has_job_offer": True}, rulebook=rules)["routes"]}
    assert routes["iec_young_professionals"]["verdict"] == "ineligible"


def test_a_new_check_date_moves_rules_as_of(data_dir: Path) -> None:
    edit(data_dir, "iec", "checked: '2026-11-25'\n    categories:", "checked: '2027-01-15'\n    categories:")
    assert load_rulebook(data_dir).rules_as_of == "2027-01-15"


def test_unquoted_dates_are_read_as_dates(data_dir: Path) -> None:
    edit(data_dir, "iec", "checked: '2026-11-25'\n    categories:", "checked: 2026-12-01\n    categories:")
    assert load_rulebook(data_dir).rules_as_of == "2026-12-01"


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        ("iec", "  - code: 'FR'\n    min_age: 18\n    max_age: 35", "  - code: 'FR'\n    min_age: 18\n    max_age: -1",
         "iec.yaml: countries[10] (code FR).max_age: -1 is less than the minimum of 0"),
        ("iec", "  - code: 'FR'\n    min_age: 18", "  - code: 'FR'\n    min_age: 40",
         "iec.yaml: countries[10] (code FR).working_holiday: min_age 40 is above max_age 35"),
        ("iec", "  - code: 'FR'", "  - code: 'QQ'", "iec.yaml: countries[10] (code QQ): unknown ISO 3166 country code"),
        ("iec", "  - code: 'FR'\n    min_age: 18\n    max_age: 35", "  - code: 'FR'\n    min_age: 18\n    max_age: thirty",
         "countries[10] (code FR).max_age: 'thirty' is not of type 'integer'"),
        ("iec", "working_holiday: {open: true, max_months: 24}", "working_holday: {open: true, max_months: 24}",
         "(code AU).categories: Additional properties are not allowed ('working_holday' was unexpected)"),
        ("routes", "kind: is_true, field: has_csq", "kind: is_true, field: has_cs",
         "routes.yaml: routes[0] (id imp_plus).criteria[0]: field 'has_cs' is not a profile field"),
        ("routes", "fail: imp_plus.no_csq", "fail: imp_plus.nope", "message 'imp_plus.nope' is not in messages.yaml"),
        ("routes", "{kind: iec_partner_age, category: working_holiday}", "{kind: iec_age, category: working_holiday}",
         "routes.yaml: routes[1] (id iec_working_holiday).criteria[0].kind: 'iec_age' is not one of"),
        ("cusma", "credentials: [degree, professional_designation]", "credentials: [degree, diploma]",
         "cusma.yaml: professions[0] (id accountant): unknown credential kind 'diploma'"),
        ("messages", 'imp_plus.has_csq: {en: "You hold', 'imp_plus.has_csq: {en_: "You hold',
         "messages.yaml: reasons.imp_plus.has_csq"),
        ("profile", "age:             {type: integer", "age:             {type: int",
         "profile.yaml: fields.age.type: 'int' is not one of"),
        ("profile", "[AB, BC, MB, NB, NL, NS, NT, NU, 'ON',", "[AB, BC, MB, NB, NL, NS, NT, NU, ON,",
         "fields.job_offer_province.enum[8]: True is not of type 'string'"),
        ("countries", "- code: FR\n", "- code: fr\n", "countries.yaml: countries[74] (code fr).code: 'fr' does not match"),
        ("iec", "countries:\n", "countries: [\n", "iec.yaml: is not valid YAML"),
    ],
)
def test_bad_file_names_file_entry_and_problem(data_dir: Path, name: str, old: str, new: str, expected: str) -> None:
    edit(data_dir, name, old, new)
    with pytest.raises(RuleDataError) as error:
        load_rulebook(data_dir)
    assert expected in str(error.value)


def test_missing_file(data_dir: Path) -> None:
    (data_dir / "cusma.yaml").unlink()
    with pytest.raises(RuleDataError, match=r"cusma\.yaml: cannot be read"):
        load_rulebook(data_dir)
