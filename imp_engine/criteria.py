"""The criterion kinds that data/routes.yaml combines. Each reads the profile and says pass, fail
or unknown (naming the missing fields), with the reasons in message keys."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from imp_engine.occupations import match_profession
from imp_engine.profile import Profile
from imp_engine.rulebook import Criterion, IecCategory, RuleBook
from imp_engine.texts import Localized, Reason, country_name, joined

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"


@dataclass(frozen=True)
class Outcome:
    status: str
    reasons: tuple[Reason, ...] = ()
    missing: tuple[str, ...] = ()
    context: Mapping[str, Any] = field(default_factory=dict)


def _reason(criterion: Criterion, which: str, **params: Any) -> tuple[Reason, ...]:
    key = criterion.params.get(which)
    return (Reason(key, params),) if key else ()


def _passed(criterion: Criterion, **params: Any) -> Outcome:
    return Outcome(PASS, _reason(criterion, "pass", **params))


def _failed(criterion: Criterion, **params: Any) -> Outcome:
    return Outcome(FAIL, _reason(criterion, "fail", **params))


def _unknown(*fields: str, reasons: tuple[Reason, ...] = ()) -> Outcome:
    return Outcome(UNKNOWN, reasons, tuple(fields))


def is_true(criterion: Criterion, profile: Profile, rulebook: RuleBook) -> Outcome:
    value = profile.get(criterion.field)
    if value is None:
        return _unknown(criterion.field)
    return _passed(criterion) if value else _failed(criterion)


def one_of(criterion: Criterion, profile: Profile, rulebook: RuleBook) -> Outcome:
    value = profile.get(criterion.field)
    if value is None:
        return _unknown(criterion.field)
    return _passed(criterion) if value in criterion.params["values"] else _failed(criterion)


def not_in(criterion: Criterion, profile: Profile, rulebook: RuleBook) -> Outcome:
    value = profile.get(criterion.field)
    if value is None:
        return _unknown(criterion.field)
    if value in criterion.params["values"]:
        return _failed(criterion, province=value)
    return _passed(criterion, province=value)


def level_at_least(criterion: Criterion, profile: Profile, rulebook: RuleBook) -> Outcome:
    value = profile.get(criterion.field)
    if value is None:
        return _unknown(criterion.field)
    scale = rulebook.profile.french_levels
    level = Localized(rulebook.messages["french_levels"][value])
    if scale.index(value) >= scale.index(criterion.params["minimum"]):
        return _passed(criterion, level=level)
    return _failed(criterion, level=level)


def teer(criterion: Criterion, profile: Profile, rulebook: RuleBook) -> Outcome:
    value = profile.get(criterion.field)
    if value is None:
        return _unknown(criterion.field)
    if value in criterion.params["allowed"]:
        return _passed(criterion, teer=value)
    alternative = criterion.params.get("allowed_with")
    if alternative and value in alternative["teers"]:
        held = profile.get(alternative["field"])
        if held is None:
            return _unknown(alternative["field"])
        if held:
            return _passed(criterion, teer=value)
    return _failed(criterion, teer=value)


def citizenship_in(criterion: Criterion, profile: Profile, rulebook: RuleBook) -> Outcome:
    citizenships = profile.get("citizenships")
    if citizenships is None:
        return _unknown("citizenships")
    allowed = _country_list(rulebook, criterion.params["list"])
    held = [code for code in citizenships if code in allowed]
    if held:
        return _passed(criterion, country=country_name(rulebook, held[0]))
    return _failed(criterion, countries=joined([country_name(rulebook, code) for code in allowed], "and"))


def _country_list(rulebook: RuleBook, name: str) -> tuple[str, ...]:
    lists = {"cusma": rulebook.cusma_countries}
    return lists[name]


def iec_partner_age(criterion: Criterion, profile: Profile, rulebook: RuleBook) -> Outcome:
    """One qualifying passport is enough: the best of a dual citizen's passports decides."""
    citizenships = profile.get("citizenships")
    if citizenships is None:
        return _unknown("citizenships")
    category = criterion.params["category"]
    category_name = Localized(rulebook.messages["iec_categories"][category])
    partners = [code for code in citizenships if code in rulebook.iec]
    if not partners:
        names = joined([country_name(rulebook, code) for code in citizenships])
        return Outcome(FAIL, (Reason("iec.not_partner", {"countries": names}),))
    open_bands = {
        code: band
        for code in partners
        if (band := rulebook.iec[code].categories.get(category)) is not None and band.open
    }
    if not open_bands:
        return Outcome(FAIL, tuple(
            Reason("iec.category_closed", {"category": category_name, "country": country_name(rulebook, code)})
            for code in partners
        ))
    age = profile.get("age")
    if age is None:
        return _unknown("age", reasons=tuple(
            Reason("iec.partner_age_unknown", _band_params(rulebook, code, band, category_name))
            for code, band in open_bands.items()
        ))
    fitting = {code: band for code, band in open_bands.items() if band.min_age <= age <= band.max_age}
    if fitting:
        code, band = max(fitting.items(), key=lambda item: item[1].max_months or 0)
        params = {**_band_params(rulebook, code, band, category_name), "age": age}
        context = {"months": band.max_months} if band.max_months else {}
        return Outcome(PASS, (Reason("iec.eligible_country", params),), context=context)
    return Outcome(FAIL, tuple(
        Reason("iec.too_young" if age < band.min_age else "iec.too_old",
               {**_band_params(rulebook, code, band, category_name), "age": age})
        for code, band in open_bands.items()
    ))


def _band_params(rulebook: RuleBook, code: str, band: IecCategory, category: Localized) -> dict[str, Any]:
    return {"country": country_name(rulebook, code), "min": band.min_age, "max": band.max_age, "category": category}


def cusma_profession(criterion: Criterion, profile: Profile, rulebook: RuleBook) -> Outcome:
    occupation = profile.get("occupation")
    if occupation is None:
        return _unknown("occupation")
    profession = match_profession(occupation, rulebook)
    if profession is None:
        return Outcome(FAIL, (Reason("cusma.profession_not_listed", {"occupation": occupation}),))
    listed = Reason("cusma.profession_listed", {"occupation": occupation, "profession": Localized(profession.name)})
    outcome = _credentials(profession, profile, rulebook)
    reasons = (*outcome.reasons, listed) if outcome.status == FAIL else (listed, *outcome.reasons)
    return Outcome(outcome.status, reasons, outcome.missing)


def _credentials(profession: Any, profile: Profile, rulebook: RuleBook) -> Outcome:
    """A degree where the list accepts one; otherwise one of the list's alternatives."""
    kinds = rulebook.credential_kinds
    accepts_degree = "degree" in profession.credentials
    alternatives = [kind for kind in profession.credentials if kind != "degree"]
    degree_text = Localized(profession.degree_note or kinds["degree"])
    alternative_text = joined([Localized(kinds[kind]) for kind in alternatives])
    all_text = joined([degree_text, *alternative_text.items] if accepts_degree else list(alternative_text.items))
    has_degree = profile.get("has_degree")
    if accepts_degree and has_degree:
        return Outcome(PASS, (Reason("cusma.credential_degree", {"credentials": degree_text}),))
    if accepts_degree and has_degree is None:
        return _unknown("has_degree")
    missing = Reason("cusma.credential_missing", {"profession": Localized(profession.name), "credentials": all_text})
    if not alternatives:
        return Outcome(FAIL, (missing,))
    held = profile.get("has_alternative_credential")
    if held is None:
        return _unknown("has_alternative_credential")
    if held:
        return Outcome(PASS, (Reason("cusma.credential_alternative", {"credentials": alternative_text}),))
    return Outcome(FAIL, (missing,))


KINDS: Mapping[str, Callable[[Criterion, Profile, RuleBook], Outcome]] = {
    "is_true": is_true,
    "one_of": one_of,
    "not_in": not_in,
    "level_at_least": level_at_least,
    "teer": teer,
    "citizenship_in": citizenship_in,
    "iec_partner_age": iec_partner_age,
    "cusma_profession": cusma_profession,
}
