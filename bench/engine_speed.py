"""The eligibility engine alone: profiles assessed per second, over varied random profiles built
from the profile specification (profile.yaml) and the country table."""

from __future__ import annotations

import random
import time
from typing import Any

from imp_engine.engine import assess
from imp_engine.occupations import profession_matcher
from imp_engine.profile import ProfileError, parse_profile
from imp_engine.rulebook import default_rulebook


def random_profile(rng: random.Random, countries: list[str], fields: dict[str, dict[str, Any]]) -> dict[str, Any]:
    profile: dict[str, Any] = {}
    for name, spec in fields.items():
        if rng.random() < 0.3:
            continue  # not known yet
        kind = spec["type"]
        if kind == "boolean":
            profile[name] = rng.random() < 0.5
        elif kind == "integer":
            profile[name] = rng.randint(spec.get("minimum", 0), min(spec.get("maximum", 100), 80))
        elif "enum" in spec:
            profile[name] = rng.choice(spec["enum"])
        elif kind == "array":
            profile[name] = rng.sample(countries, rng.choice([1, 1, 1, 2]))
        elif kind == "string" and "pattern" in spec:  # a NOC code: one of the table's five digits
            profile[name] = rng.choice(["21300", "31301", "63200", "31120", "72106"])
        elif kind == "string":
            profile[name] = rng.choice(["registered nurse", "engineer", "cook", "pharmacist", "welder"])
    return profile


def valid_profiles(count: int, rng: random.Random) -> list[dict[str, Any]]:
    """count random profiles the engine accepts: a draw it refuses (a TEER that is not its NOC's, a
    degree beside a college education…) is drawn again, so the timing never measures a refusal."""
    rulebook = default_rulebook()
    countries = sorted(rulebook.countries)
    fields = {name: dict(spec) for name, spec in rulebook.profile.fields.items()}
    profiles: list[dict[str, Any]] = []
    while len(profiles) < count:
        profile = random_profile(rng, countries, fields)
        try:
            parse_profile(profile, rulebook)
        except ProfileError:
            continue
        profiles.append(profile)
    return profiles


def profiles_per_second(seconds: float = 3.0, seed: int = 7) -> float:
    rulebook = default_rulebook()
    profiles = valid_profiles(2000, random.Random(seed))
    profession_matcher(rulebook)  # built once, before timing, as the action server does at start
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        assess(profiles[done % len(profiles)], language=("en", "fr")[done % 2])
        done += 1
    return done / (time.perf_counter() - start)
