"""Property-based: any valid profile gets one verdict per route and no exception; any JSON value
gets either verdicts or a ProfileError, never another exception."""
from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from imp_engine import ProfileError, assess
from imp_engine.rulebook import default_rulebook

RULES = default_rulebook()
CODES = sorted(RULES.countries)


def field_strategy(name: str, spec: dict[str, Any]) -> st.SearchStrategy[Any]:
    if spec["type"] == "boolean":
        return st.booleans()
    if spec["type"] == "integer":
        return st.integers(spec.get("minimum", 0), spec.get("maximum", 200))
    if spec["type"] == "array":
        return st.lists(st.sampled_from(CODES), max_size=3)
    if "enum" in spec:
        return st.sampled_from(spec["enum"])
    return st.text(max_size=60)


PROFILES = st.fixed_dictionaries(
    {},
    optional={name: st.none() | field_strategy(name, spec) for name, spec in RULES.profile.fields.items()},
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(PROFILES, st.sampled_from(["en", "fr"]))
def test_any_profile_one_verdict_per_route(profile: dict[str, Any], language: str) -> None:
    result = assess(profile, language)
    assert [r["id"] for r in result["routes"]] == [r.id for r in RULES.routes]
    for route in result["routes"]:
        assert route["verdict"] in {"eligible", "possible", "ineligible"}
        assert (route["verdict"] == "possible") == bool(route["missing"])
    assert set(result["next_questions"]) == {m for r in result["routes"] for m in r["missing"]}


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(RULES.profile.fields)), JSON, max_size=5))
def test_any_json_values_give_verdicts_or_a_profile_error(raw: dict[str, Any]) -> None:
    try:
        assess(raw)
    except ProfileError as error:
        assert "\n" not in str(error)
