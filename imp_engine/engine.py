"""Applies the routes of data/routes.yaml to a profile: one verdict per route, with reasons."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from imp_engine.criteria import FAIL, KINDS, UNKNOWN, Outcome
from imp_engine.profile import Profile, parse_profile
from imp_engine.rulebook import Route, RuleBook, default_rulebook
from imp_engine.texts import Reason, check_language, render_if_complete, route_name

ELIGIBLE, POSSIBLE, INELIGIBLE = "eligible", "possible", "ineligible"


@dataclass(frozen=True)
class Verdict:
    route: Route
    verdict: str
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    verdicts: tuple[Verdict, ...]
    rulebook: RuleBook

    def by_route(self) -> dict[str, Verdict]:
        return {v.route.id: v for v in self.verdicts}

    def suggested_routes(self) -> list[str]:
        """The eligible routes, then the possible ones, in the rules' order."""
        return [v.route.id for v in self.verdicts if v.verdict == ELIGIBLE] + [
            v.route.id for v in self.verdicts if v.verdict == POSSIBLE
        ]

    def next_questions(self, unanswerable: Iterable[str] = ()) -> list[str]:
        """Missing fields: those of ask_first, then the one that could settle the most routes
        (ties: ask_order). A route missing an unanswerable field (the person said "I don't know")
        cannot be settled, so its other missing fields are not worth asking for."""
        unanswerable = set(unanswerable)
        counts: dict[str, int] = {}
        for verdict in self.verdicts:
            if unanswerable & set(verdict.missing):
                continue
            for name in verdict.missing:
                counts[name] = counts.get(name, 0) + 1
        spec = self.rulebook.profile
        first = {name: index for index, name in enumerate(spec.ask_first)}
        return sorted(counts, key=lambda name: (first.get(name, len(first)), -counts[name], spec.ask_order.index(name)))

    def to_json(self, language: str = "en") -> dict[str, Any]:
        check_language(language)
        return {
            "rules_as_of": self.rulebook.rules_as_of,
            "routes": [self._route_json(v, language) for v in self.verdicts],
            "next_questions": self.next_questions(),
        }

    def _route_json(self, verdict: Verdict, language: str) -> dict[str, Any]:
        rendered = (render_if_complete(self.rulebook, r, language) for r in verdict.reasons)
        return {
            "id": verdict.route.id,
            "verdict": verdict.verdict,
            "reasons": [text for text in rendered if text],
            "missing": list(verdict.missing),
            "name": route_name(self.rulebook, verdict.route.id, language),
            "permit": verdict.route.permit,
            "exemption_code": verdict.route.exemption_code,
            "source": verdict.route.source,
        }


def assess_profile(profile: Profile, rulebook: RuleBook | None = None) -> Assessment:
    """Decides every route for an already parsed profile."""
    rulebook = rulebook or default_rulebook()
    return Assessment(tuple(_decide(route, profile, rulebook) for route in rulebook.routes), rulebook)


def assess(raw_profile: Mapping[str, Any], language: str = "en", rulebook: RuleBook | None = None) -> dict[str, Any]:
    """Contract section 3: a raw profile in, the JSON-ready verdicts out (ProfileError on bad input)."""
    rulebook = rulebook or default_rulebook()
    check_language(language)
    return assess_profile(parse_profile(raw_profile, rulebook), rulebook).to_json(language)


def next_questions(raw_profile: Mapping[str, Any], rulebook: RuleBook | None = None) -> list[str]:
    rulebook = rulebook or default_rulebook()
    return assess_profile(parse_profile(raw_profile, rulebook), rulebook).next_questions()


def _decide(route: Route, profile: Profile, rulebook: RuleBook) -> Verdict:
    passed: list[Reason] = []
    missing: list[str] = []
    context: dict[str, Any] = {}
    undecided = False
    for criterion in route.criteria:
        gate = profile.get(criterion.depends_on) if criterion.depends_on else True
        if gate is False:
            continue
        if gate is None:
            # Asked only once what it depends on is known to be true; the route stays open meanwhile.
            undecided = True
            continue
        outcome: Outcome = KINDS[criterion.kind](criterion, profile, rulebook)
        if outcome.status == FAIL:
            return Verdict(route, INELIGIBLE, outcome.reasons, ())
        passed.extend(outcome.reasons)
        context.update(outcome.context)
        if outcome.status == UNKNOWN:
            undecided = True
            missing.extend(outcome.missing)
    notes = tuple(Reason(key, context) for key in route.notes)
    verdict = POSSIBLE if undecided else ELIGIBLE
    return Verdict(route, verdict, (*passed, *notes), _ordered(set(missing), rulebook))


def _ordered(fields: set[str], rulebook: RuleBook) -> tuple[str, ...]:
    order = rulebook.profile.ask_order
    return tuple(sorted(fields, key=order.index))
