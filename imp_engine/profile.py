"""Checks a profile against the field definitions of data/profile.yaml and normalizes it."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, TypeVar

from imp_engine.rulebook import RuleBook, default_rulebook

T = TypeVar("T")

Profile = dict[str, Any]


class ProfileError(ValueError):
    """The profile is not of the contract's form; the message is one line a person can act on."""


def parse_profile(raw: Any, rulebook: RuleBook | None = None) -> Profile:
    """Returns the known fields of raw, checked and normalized; null or empty means unknown."""
    rulebook = rulebook or default_rulebook()
    if not isinstance(raw, Mapping):
        raise ProfileError(f"a profile must be a JSON object, not {_type_name(raw)}")
    fields = rulebook.profile.fields
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        raise ProfileError(f"unknown profile field {unknown[0]!r}; known fields: {', '.join(fields)}")
    profile: Profile = {}
    for name, value in raw.items():
        if value is None:
            continue
        parsed = _parse_field(name, value, fields[name], rulebook)
        if parsed is not None:
            profile[name] = parsed
    return _with_implied_facts(profile)


def teer_of_noc(code: str) -> int:
    """A NOC 2021 unit group's TEER: the second of its five digits."""
    return int(code[1])


def _with_implied_facts(profile: Profile) -> Profile:
    """Facts one field implies for another: an education of bachelor_or_higher is has_degree and
    back; a NOC 2021 code's second digit is its TEER; a person living abroad holds no status in
    Canada. A contradiction is bad input."""
    education, degree = profile.get("education"), profile.get("has_degree")
    if education is not None:
        implied = education == "bachelor_or_higher"
        if degree is not None and degree != implied:
            raise ProfileError(f"has_degree {str(degree).lower()} contradicts education {education!r}")
        profile["has_degree"] = implied
    elif degree:
        profile["education"] = "bachelor_or_higher"
    for noc_field, teer_field in (("job_offer_noc", "job_offer_teer"), ("partner_job_noc", "partner_job_teer")):
        noc = profile.get(noc_field)
        if noc is not None:
            teer = teer_of_noc(noc)
            if profile.get(teer_field) not in (None, teer):
                raise ProfileError(f"{noc_field} {noc} is TEER {teer}, not {teer_field} {profile[teer_field]}")
            profile[teer_field] = teer
    if profile.get("current_location") == "abroad" and "status_in_canada" not in profile:
        profile["status_in_canada"] = "none"  # the contract: `none` when abroad
    return profile


def _parse_field(name: str, value: Any, spec: Mapping[str, Any], rulebook: RuleBook) -> Any:
    kind = spec["type"]
    if kind == "boolean":
        return _expect(name, value, bool, "true or false")
    if kind == "integer":
        number = _expect_integer(name, value)
        low, high = spec.get("minimum"), spec.get("maximum")
        if (low is not None and number < low) or (high is not None and number > high):
            raise ProfileError(f"{name} must be between {low} and {high}, not {number}")
        return number
    if kind == "string":
        return _parse_string(name, value, spec)
    return _parse_countries(name, value, rulebook)


def _expect(name: str, value: Any, expected: type[T], words: str) -> T:
    if type(value) is not expected:
        raise ProfileError(f"{name} must be {words}, not {_type_name(value)}")
    return value


def _expect_integer(name: str, value: Any) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _expect(name, value, int, "a whole number")


def _parse_string(name: str, value: Any, spec: Mapping[str, Any]) -> str | None:
    text = _expect(name, value, str, "a string").strip()
    if not text:
        return None
    allowed = spec.get("enum")
    if allowed is not None:
        normalized: str | None = next((a for a in allowed if a.lower() == text.lower()), None)
        if normalized is None:
            raise ProfileError(f"{name} must be one of {', '.join(allowed)}, not {text!r}")
        return normalized
    limit = spec.get("max_length")
    if limit is not None and len(text) > limit:
        raise ProfileError(f"{name} is longer than {limit} characters")
    pattern = spec.get("pattern")
    if pattern is not None and not re.fullmatch(pattern, text):
        raise ProfileError(f"{name} {text[:40]!r} is not of the expected form ({pattern})")
    return text


def _parse_countries(name: str, value: Any, rulebook: RuleBook) -> list[str] | None:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ProfileError(f"{name} must be a list of ISO 3166-1 alpha-2 codes, not {_type_name(value)}")
    codes: list[str] = []
    for item in value:
        if not isinstance(item, str):
            raise ProfileError(f"{name} must hold country codes as strings, not {_type_name(item)}")
        code = item.strip().upper()
        if code not in rulebook.countries:
            raise ProfileError(f"unknown country code {item!r} in {name} (expected ISO 3166-1 alpha-2, e.g. FR, MX)")
        if code not in codes:
            codes.append(code)
    return codes or None


def _type_name(value: Any) -> str:
    """How a wrong value is named in an error: scalars shown as JSON (shortened), containers by type."""
    if isinstance(value, (list, dict)):
        return "a list" if isinstance(value, list) else "an object"
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 40 else shown[:37] + "..."
