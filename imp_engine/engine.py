"""Applies the routes of data/routes.yaml to a profile: one verdict per route, with reasons."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from imp_engine.criteria import FAIL, KINDS, UNKNOWN, UNVERIFIED, Outcome, gate, gate_field
from imp_engine.profile import Profile, parse_profile
from imp_engine.rulebook import Route, RuleBook, RuleRow, default_rulebook
from imp_engine.texts import Reason, check_language, render, render_if_complete, route_name

ELIGIBLE, POSSIBLE, INELIGIBLE = "eligible", "possible", "ineligible"


@dataclass(frozen=True)
class Verdict:
    route: Route
    verdict: str
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...]
    rows: tuple[RuleRow, ...] = ()
    # Reasons that keep the verdict at "possible" although no fact is missing (a rule row not
    # verified, a condition of the CUSMA list the profile cannot settle).
    caps: tuple[Reason, ...] = ()
    criteria_met: int = 0
    # For a route asked about on a cue (routes.yaml `ask`): its first criterion is met, or a
    # condition of its `ask` holds (studies in Canada, a partner there, a work permit, a PSTQ invitation).
    cued: bool = False
    # For a closed or paused route: what the verdict would be were it open (the conversation says
    # "closed" only to people it would otherwise fit).
    verdict_if_open: str | None = None
    # False for a route the conversation would not offer although it is not ruled out: an open
    # permit whose cue was not given, the significant benefit where another route fits.
    offered: bool = True

    @property
    def fits_if_open(self) -> bool:
        """A closed route this person meets (or may meet) at least one criterion of."""
        return self.verdict_if_open in (ELIGIBLE, POSSIBLE) and self.criteria_met > 0

    @property
    def suggested(self) -> bool:
        return self.verdict in (ELIGIBLE, POSSIBLE) and self.offered

    @property
    def in_play(self) -> bool:
        """Asked about: a route asked about always, or one whose cue the person gave."""
        return self.route.ask_when is None or self.cued

    @property
    def settled_fit(self) -> bool:
        """Eligible, or possible only for what no question can settle (a consultant's check)."""
        return self.suggested and not self.missing

    @property
    def unverified(self) -> bool:
        """Whether the verdict rests on a rule row or criterion that could not be verified."""
        return UNVERIFIED in self.reasons or any(not row.verified for row in self.rows)


@dataclass(frozen=True)
class Assessment:
    verdicts: tuple[Verdict, ...]
    rulebook: RuleBook

    def by_route(self) -> dict[str, Verdict]:
        return {v.route.id: v for v in self.verdicts}

    def suggested_routes(self) -> list[str]:
        """The eligible routes, then the possible ones, in the rules' order."""
        return [v.route.id for v in self.verdicts if v.suggested and v.verdict == ELIGIBLE] + [
            v.route.id for v in self.verdicts if v.suggested and v.verdict == POSSIBLE
        ]

    def next_questions(self, unanswerable: Iterable[str] = ()) -> list[str]:
        """Missing fields: those of ask_first, then the one that could settle the most routes
        (a family of routes counting once; ties: ask_order). A route missing an unanswerable field
        (the person said "I don't know") cannot be settled, so its other missing fields are not worth
        asking for. A route asked about on a cue (routes.yaml `ask`) waits for its cue, or for the
        end: everything else settled and nothing fitting (unless it is asked on its cue only)."""
        unanswerable = set(unanswerable)
        families: dict[str, set[str]] = {}
        settleable = self._settleable(unanswerable)
        last_resort = self.at_the_last_resort(unanswerable)
        asked = [v for v in settleable if v.in_play or (last_resort and v.route.ask_at_the_last_resort)]
        for verdict in asked:
            for name in verdict.missing:
                families.setdefault(name, set()).add(verdict.route.question_family)
        counts = {name: len(settled) for name, settled in families.items()}
        spec = self.rulebook.profile
        first = {name: index for index, name in enumerate(spec.ask_first)}
        return sorted(counts, key=lambda name: (first.get(name, len(first)), -counts[name], spec.ask_order.index(name)))

    def at_the_last_resort(self, unanswerable: Iterable[str] = ()) -> bool:
        """Everything asked about always is settled and nothing fits: the routes asked about on a
        cue (the open permits) are asked about now, cue or not."""
        settleable = self._settleable(set(unanswerable))
        fits = any(v.settled_fit and not v.route.suggest_only_when_nothing_else for v in self.verdicts)
        return not fits and not any(v.missing for v in settleable if v.in_play)

    def _settleable(self, unanswerable: set[str]) -> list[Verdict]:
        return [v for v in self.verdicts if v.route.status.open and not unanswerable & set(v.missing)]

    @property
    def rules_as_of(self) -> str:
        """The oldest `checked` date of the rule rows the suggestion rests on: those of the suggested
        routes, or of every route when none is suggested."""
        used = [v for v in self.verdicts if v.suggested] or list(self.verdicts)
        return min(row.checked for verdict in used for row in verdict.rows)

    def to_json(self, language: str = "en") -> dict[str, Any]:
        check_language(language)
        return {
            "rules_as_of": self.rules_as_of,
            "routes": [self._route_json(v, language) for v in self.verdicts],
            "next_questions": self.next_questions(),
        }

    def _route_json(self, verdict: Verdict, language: str) -> dict[str, Any]:
        route = verdict.route
        rendered = (
            render_if_complete(self.rulebook, self._in_plain_words(route, r), language) for r in verdict.reasons
        )
        steps = route.next_steps if verdict.suggested else ()
        return {
            "id": route.id,
            "verdict": verdict.verdict,
            "reasons": [text for text in rendered if text],
            "missing": list(verdict.missing),
            "status": route.status.state,
            "status_since": route.status.since,
            "verdict_if_open": verdict.verdict_if_open,
            "suggested": verdict.suggested,
            "fits_if_open": verdict.fits_if_open,
            "caveats": [render(self.rulebook, self._in_plain_words(route, r), language) for r in verdict.caps],
            "next_steps": [
                {"text": render(self.rulebook, Reason(step.text), language), "url": step.url} for step in steps
            ],
            "name": route_name(self.rulebook, route.id, language),
            "permit": route.permit,
            "exemption_code": route.exemption_code,
            "source": route.row.source.url,
            "page_date": route.row.source.page_date,
            "checked": min(row.checked for row in verdict.rows),
            "verified": not verdict.unverified,
        }

    @staticmethod
    def _in_plain_words(route: Route, caveat: Reason) -> Reason:
        """What a consultant will check, for the route's unverified rule, when the route says it."""
        return Reason(route.consultant_checks) if caveat == UNVERIFIED and route.consultant_checks else caveat


def assess_profile(profile: Profile, rulebook: RuleBook | None = None) -> Assessment:
    """Decides every route for an already parsed profile."""
    rulebook = rulebook or default_rulebook()
    return Assessment(_offered(tuple(_decide(route, profile, rulebook) for route in rulebook.routes)), rulebook)


def _offered(verdicts: tuple[Verdict, ...]) -> tuple[Verdict, ...]:
    """A route asked about on a cue is offered once its cue is given; a route offered only when
    nothing else is (the significant benefit), only then."""
    verdicts = tuple(v if v.in_play else replace(v, offered=False) for v in verdicts)
    others = any(v.suggested for v in verdicts if not v.route.suggest_only_when_nothing_else)
    last_look = [v.route.suggest_only_when_nothing_else and others for v in verdicts]
    return tuple(replace(v, offered=False) if hidden else v for v, hidden in zip(verdicts, last_look, strict=True))


def assess(raw_profile: Mapping[str, Any], language: str = "en", rulebook: RuleBook | None = None) -> dict[str, Any]:
    """Contract section 3: a raw profile in, the JSON-ready verdicts out (ProfileError on bad input)."""
    rulebook = rulebook or default_rulebook()
    check_language(language)
    return assess_profile(parse_profile(raw_profile, rulebook), rulebook).to_json(language)


def next_questions(raw_profile: Mapping[str, Any], rulebook: RuleBook | None = None) -> list[str]:
    rulebook = rulebook or default_rulebook()
    return assess_profile(parse_profile(raw_profile, rulebook), rulebook).next_questions()


def _decide(route: Route, profile: Profile, rulebook: RuleBook) -> Verdict:
    decided = _apply_criteria(route, profile, rulebook)
    if route.status.open:
        return decided
    reasons: tuple[Reason, ...] = (Reason(route.status.why_not_open, {"since": route.status.since}),)
    reasons += (Reason(route.alternatives),) if route.alternatives else ()
    return Verdict(
        route, INELIGIBLE, reasons, (), decided.rows, criteria_met=decided.criteria_met, verdict_if_open=decided.verdict
    )


def _apply_criteria(route: Route, profile: Profile, rulebook: RuleBook) -> Verdict:
    passed: list[Reason] = []
    missing: list[str] = []
    caps: list[Reason] = [] if route.row.verified else [UNVERIFIED]
    rows: list[RuleRow] = [route.row]
    context: dict[str, Any] = {}
    undecided = False
    met = 0
    first_met = False
    for index, criterion in enumerate(route.criteria):
        applies = gate(criterion, profile)
        if applies is False:
            continue
        if applies is None:
            # Asked only once what it depends on is known to be true; the route stays open meanwhile.
            # A route asked in order asks what the gate reads first (it is no other route's question).
            if route.ask_when is not None and not undecided:
                missing.append(gate_field(criterion))
            undecided = True
            continue
        outcome: Outcome = KINDS[criterion.kind](criterion, profile, rulebook)
        rows.extend(outcome.rows)
        if outcome.status == FAIL:
            return Verdict(route, INELIGIBLE, outcome.reasons, (), tuple(rows), criteria_met=met)
        met += outcome.status != UNKNOWN
        first_met = first_met or (index == 0 and outcome.status != UNKNOWN)
        passed.extend(outcome.reasons)
        caps.extend(reason for reason in outcome.caps if reason not in caps)
        context.update(outcome.context)
        if outcome.status == UNKNOWN:
            # A route asked about on a cue is asked in its criteria's order, as a consultant would:
            # "did you study in Canada?" before "how long was the program?".
            if not (undecided and route.ask_when is not None):
                missing.extend(outcome.missing)
            undecided = True
    notes = tuple(Reason(key, context) for key in route.notes)
    verdict = POSSIBLE if undecided or caps else ELIGIBLE
    return Verdict(
        route,
        verdict,
        (*passed, *caps, *notes),
        _ordered(set(missing), rulebook),
        tuple(rows),
        tuple(caps),
        met,
        cued=first_met or any(condition.holds(profile) for condition in route.ask_when or ()),
    )


def _ordered(fields: set[str], rulebook: RuleBook) -> tuple[str, ...]:
    order = rulebook.profile.ask_order
    return tuple(sorted(fields, key=order.index))
