"""Profile input: types, codes and ranges checked; a one-line message for each problem."""

from __future__ import annotations

import pytest

from imp_engine import ProfileError, parse_profile


def test_normalizes_codes_and_drops_unknowns() -> None:
    profile = parse_profile({"citizenships": ["fr", " MX ", "FR"], "age": 30.0, "occupation": "  ", "has_csq": None})
    assert profile == {"citizenships": ["FR", "MX"], "age": 30}


def test_accepts_a_single_code_as_a_string() -> None:
    assert parse_profile({"citizenships": "mx"}) == {"citizenships": ["MX"]}


def test_enum_values_case_insensitive() -> None:
    assert parse_profile({"job_offer_province": "qc", "french_level": "Advanced"}) == {
        "job_offer_province": "QC",
        "french_level": "advanced",
    }


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ([], "must be a JSON object"),
        ({"age": -3}, "age must be between 0 and 120, not -3"),
        ({"age": 250}, "age must be between 0 and 120"),
        ({"age": "28"}, 'age must be a whole number, not "28"'),
        ({"age": True}, "age must be a whole number, not true"),
        ({"age": 28.5}, "age must be a whole number, not 28.5"),
        ({"citizenships": ["XX"]}, "unknown country code 'XX'"),
        ({"citizenships": ["France"]}, "unknown country code 'France'"),
        ({"citizenships": [1]}, "country codes as strings"),
        ({"citizenships": {"FR": 1}}, "must be a list of ISO 3166-1 alpha-2 codes"),
        ({"has_csq": "yes"}, 'has_csq must be true or false, not "yes"'),
        ({"job_offer_teer": 6}, "job_offer_teer must be between 0 and 5"),
        ({"job_offer_province": "QB"}, "job_offer_province must be one of AB, BC"),
        ({"current_location": "mars"}, "current_location must be one of quebec, canada_other, abroad"),
        ({"occupation": "x" * 201}, "occupation is longer than 200 characters"),
        ({"agee": 30}, "unknown profile field 'agee'"),
    ],
)
def test_bad_input_is_rejected_with_a_clear_message(raw: object, message: str) -> None:
    with pytest.raises(ProfileError) as error:
        parse_profile(raw)
    assert message in str(error.value)
    assert "\n" not in str(error.value)
