"""Every IEC country the shared reference names is in the data, with the same figures.

The reference (shared/reference/imp-rules.md, beside the repository) lists countries by name in a
few sentences; names are resolved to ISO codes through data/countries.yaml."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from imp_engine.bilingual import fold
from imp_engine.rulebook import default_rulebook

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = Path(os.environ.get("IMP_SHARED_DIR", ROOT.parent / "shared")) / "reference" / "imp-rules.md"
RULES = default_rulebook()
ALL = {"working_holiday", "young_professionals", "international_coop"}


@pytest.fixture(scope="module")
def reference() -> str:
    if not REFERENCE.exists():
        pytest.fail(f"the shared reference is missing: {REFERENCE} (set IMP_SHARED_DIR)")
    return REFERENCE.read_text(encoding="utf-8")


def code_of(name: str) -> str:
    wanted = fold(re.sub(r"^the\s+", "", name.strip(), flags=re.I))
    for country in RULES.countries.values():
        names = [country.name["en"], *country.aliases.get("en", ())]
        if wanted in {fold(re.sub(r"^the\s+", "", n, flags=re.I)) for n in names}:
            return country.code
    raise AssertionError(f"the reference names a country the data does not know: {name!r}")


def names_after(reference: str, label: str) -> list[str]:
    match = re.search(rf"{re.escape(label)}\s*([^.;(]+)", reference)
    assert match, f"the reference no longer has {label!r}"
    return [n for n in (part.strip() for part in match.group(1).replace("\n", " ").split(",")) if n]


def open_categories(code: str) -> set[str]:
    assert code in RULES.iec, f"{code} is in the reference but not in data/iec.yaml"
    return {name for name, band in RULES.iec[code].categories.items() if band.open}


def band(code: str) -> tuple[int, int]:
    bands = {(b.min_age, b.max_age) for b in RULES.iec[code].categories.values()}
    assert len(bands) == 1, f"{code} has several age bands"
    return bands.pop()


def test_working_holiday_only(reference: str) -> None:
    for name in names_after(reference, "Working Holiday only:"):
        assert open_categories(code_of(name)) == {"working_holiday"}, name


def test_all_three_categories(reference: str) -> None:
    names = names_after(reference, "All three categories:")
    assert len(names) >= 20
    for name in names:
        assert open_categories(code_of(name)) == ALL, name


def test_switzerland(reference: str) -> None:
    assert "Switzerland: Young Professionals and Co-op only" in reference
    assert open_categories("CH") == {"young_professionals", "international_coop"}


def test_age_bands(reference: str) -> None:
    young = {code_of(n) for n in names_after(reference, "18–30 for e.g.")}
    assert {"AD", "BE", "JP", "KR", "NL", "SE", "LU", "HK"} <= young
    mexico = re.search(r"Mexico (\d+)[–-](\d+)", reference)
    assert mexico and band("MX") == (int(mexico.group(1)), int(mexico.group(2)))
    listed = {code_of(n) for label in ("Working Holiday only:", "All three categories:") for n in names_after(reference, label)}
    for code in listed | young | {"CH"}:
        expected = (18, 30) if code in young else (18, 35)
        assert band(code) == expected, code


def test_twenty_four_month_countries(reference: str) -> None:
    for name in names_after(reference, "24 months for e.g."):
        code = code_of(name)
        assert RULES.iec[code].categories["working_holiday"].max_months == 24, name
