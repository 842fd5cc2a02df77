"""The criterion kinds that data/routes.yaml combines. Each reads the profile and says pass, fail
or unknown (naming the missing fields), with the reasons in message keys, the rule rows it rested
on, and `caps`: reasons that keep a passing verdict at "possible" (a rule row not verified, a
condition of the CUSMA list the profile cannot settle)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from imp_engine.occupations import match_profession
from imp_engine.profile import Profile
from imp_engine.rulebook import Criterion, IecCategory, ListedCountry, Profession, RuleBook, RuleRow
from imp_engine.texts import Localized, Reason, country_name, joined

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
UNVERIFIED = Reason("rule.unverified")


@dataclass(frozen=True)
class Outcome:
    status: str
    reasons: tuple[Reason, ...] = ()
    missing: tuple[str, ...] = ()
    context: Mapping[str, Any] = field(default_factory=dict)
    rows: tuple[RuleRow, ...] = ()
    caps: tuple[Reason, ...] = ()


def _reason(criterion: Criterion, which: str, **params: Any) -> tuple[Reason, ...]:
    key = criterion.params.get(which)
    return (Reason(key, params),) if key else ()


def _passed(criterion: Criterion, **params: Any) -> Outcome:
    """A met criterion; its `cap` (a message key) is a condition that comes with it and that the
    profile cannot settle, so the verdict stays "possible"."""
    caps: tuple[Reason, ...] = (UNVERIFIED,) if criterion.unverified_why else ()
    caps += (Reason(criterion.params["cap"]),) if "cap" in criterion.params else ()
    return Outcome(PASS, _reason(criterion, "pass", **params), caps=caps)


def _failed(criterion: Criterion, **params: Any) -> Outcome:
    return Outcome(FAIL, _reason(criterion, "fail", **params))


def _unknown(*fields: str, reasons: tuple[Reason, ...] = (), rows: tuple[RuleRow, ...] = ()) -> Outcome:
    return Outcome(UNKNOWN, reasons, tuple(fields), rows=rows)


def gate(criterion: Criterion, profile: Profile) -> bool | None:
    """Whether the criterion applies: False when what it depends on (`depends_on`, `only_when`) is
    known not to hold, None while that is unknown."""
    applies = profile.get(criterion.depends_on) if criterion.depends_on else True
    if criterion.only_when is not None and applies is not None:
        applies = criterion.only_when.holds(profile)
    return None if applies is None else bool(applies)


def gate_field(criterion: Criterion) -> str:
    """The field a criterion's gate reads (asked first while it is unknown)."""
    if criterion.depends_on is not None:
        return criterion.depends_on
    assert criterion.only_when is not None
    return criterion.only_when.field


def is_true(criterion: Criterion, profile: Profile, rulebook: RuleBook) -> Outcome:
    value = profile.get(criterion.field)
    if value is None:
        return _unknown(criterion.field)
    return _passed(criterion) if value else _failed(criterion)


def any_true(criterion: Criterion, profile: Profile, rulebook: RuleBook) -> Outcome:
    """One of the boolean `fields` is true (a job offer or a services contract; a degree or a
    licence), read in their order: the first true one passes, with its own cap when `capped` names
    it (a message key: a licence stands for a degree in one listed profession only); all false
    fails; otherwise the first unknown one is asked. A field of `cue_only` counts only once known
    (a services contract, which the conversation learns on its cue): unknown, it is taken as false."""
    cue_only = criterion.params.get("cue_only", ())
    for name in criterion.params["fields"]:
        value = profile.get(name)
        if value is None and name in cue_only:
            continue
        if value is None:
            return _unknown(name)
        if value:
            passed = _passed(criterion)
            cap = criterion.params.get("capped", {}).get(name)
            return replace(passed, caps=(*passed.caps, Reason(cap))) if cap else passed
    return _failed(criterion)


def one_of(criterion: Criterion, profile: Profile, rulebook: RuleBook) -> Outcome:
    """The field holds one of `values`; a value of `capped` passes with its own cap (a message key:
    a condition of the page that the profile cannot settle, e.g. a college program's field of study)."""
    value = profile.get(criterion.field)
    if value is None:
        return _unknown(criterion.field)
    if value not in criterion.params["values"]:
        return _failed(criterion)
    passed = _passed(criterion)
    cap = criterion.params.get("capped", {}).get(value)
    return replace(passed, caps=(*passed.caps, Reason(cap))) if cap else passed


def at_least(criterion: Criterion, profile: Profile, rulebook: RuleBook) -> Outcome:
    """A number at least `minimum` (a program of 8 months or more, 16 months left on a permit)."""
    value = profile.get(criterion.field)
    if value is None:
        return _unknown(criterion.field)
    params = {"value": value, "minimum": criterion.params["minimum"]}
    return _passed(criterion, **params) if value >= criterion.params["minimum"] else _failed(criterion, **params)


def at_most(criterion: Criterion, profile: Profile, rulebook: RuleBook) -> Outcome:
    """A number at most `maximum` (applying within 180 days of completion)."""
    value = profile.get(criterion.field)
    if value is None:
        return _unknown(criterion.field)
    params = {"value": value, "maximum": criterion.params["maximum"]}
    return _passed(criterion, **params) if value <= criterion.params["maximum"] else _failed(criterion, **params)


def language_level(criterion: Criterion, profile: Profile, rulebook: RuleBook) -> Outcome:
    """The better of the languages in `fields` reaches the minimum, which `minimum_by` may take from
    another field (the post-graduation permit: level 7 after a degree, 5 after a college program)."""
    minimum = criterion.params.get("minimum")
    by = criterion.params.get("minimum_by")
    if by is not None:
        key = profile.get(by["field"])
        if key is None:
            return _unknown(by["field"])
        minimum = by["levels"].get(key)
        if minimum is None:
            return _passed(criterion)  # no language rule for this case (another criterion decides it)
    scale = rulebook.profile.french_levels
    fields = criterion.params["fields"]
    names = rulebook.messages["language_levels"]
    needed = Localized(names[minimum])
    for name in fields:
        level = profile.get(name)
        if level is not None and scale.index(level) >= scale.index(minimum):
            return _passed(criterion, level=Localized(names[level]), needed=needed)
    unknown = [name for name in fields if profile.get(name) is None]
    if unknown:
        return _unknown(unknown[0])
    return _failed(criterion, needed=needed)


def not_in(criterion: Criterion, profile: Profile, rulebook: RuleBook) -> Outcome:
    value = profile.get(criterion.field)
    if value is None:
        return _unknown(criterion.field)
    if value in criterion.params["values"]:
        return _failed(criterion, province=value)
    return _passed(criterion, province=value)


def noc_excluded(criterion: Criterion, profile: Profile, rulebook: RuleBook) -> Outcome:
    """Fails for a job whose NOC code is in an excluded group (`noc_prefixes`: NOC 2021 codes or their
    first digits); an unknown code settles nothing and asks nothing (the route's list says what is
    excluded, for a consultant)."""
    noc = profile.get(criterion.field)
    if noc is not None and any(str(noc).startswith(prefix) for prefix in criterion.params["noc_prefixes"]):
        return _failed(criterion)
    return Outcome(PASS, ())


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
    """TEER in `allowed`; or in `allowed_with.teers` when the field `allowed_with.field` holds one of
    `allowed_with.values` (Young Professionals: TEER 4 with a post-secondary credential)."""
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
        if held in alternative["values"]:
            passed = _passed(criterion, teer=value)
            cap = (Reason(alternative["cap"]),) if "cap" in alternative else ()
            return replace(passed, caps=passed.caps + cap)
    return _failed(criterion, teer=value)


def sector_exclusion(criterion: Criterion, profile: Profile, rulebook: RuleBook) -> Outcome:
    """Fails for a job in the sector at one of `teers`: Francophone Mobility excludes low-skilled jobs
    in primary agriculture. Whether the job is in the sector is the person's answer (`field`) or, when
    the job's NOC code is known, read from it: a code of `nocs_in_sector` is, a code starting with
    none of `noc_prefixes_to_ask` is not, and the others are asked."""
    level = profile.get(criterion.params["teer_field"])
    if level is not None and level not in criterion.params["teers"]:
        return _passed(criterion)
    in_sector = _in_sector(criterion, profile)
    if in_sector is False:
        return _passed(criterion)
    if in_sector is None:
        return _unknown(criterion.field)
    if level is None:
        return _unknown(criterion.params["teer_field"])
    return _failed(criterion, teer=level)


def _in_sector(criterion: Criterion, profile: Profile) -> bool | None:
    answer = profile.get(criterion.field)
    noc = profile.get(criterion.params["noc_field"]) if "noc_field" in criterion.params else None
    if answer is not None or noc is None:
        return answer
    if noc in criterion.params.get("nocs_in_sector", ()):
        return True
    if any(noc.startswith(prefix) for prefix in criterion.params.get("noc_prefixes_to_ask", ())):
        return None
    return False


def citizenship_in(criterion: Criterion, profile: Profile, rulebook: RuleBook) -> Outcome:
    """One qualifying passport is enough; of a dual citizen's, one the list admits without a
    condition of its own is preferred."""
    citizenships = profile.get("citizenships")
    if citizenships is None:
        return _unknown("citizenships")
    listed = rulebook.country_lists[criterion.params["list"]]
    held = sorted((c for c in citizenships if c in listed.countries), key=lambda c: bool(listed.countries[c].cap))
    if not held:
        countries = joined([country_name(rulebook, code) for code in listed.countries], "and")
        reasons = _reason(criterion, "fail", countries=countries)
        if not listed.row.verified:  # a list not verified rules nobody out: a consultant checks it
            return Outcome(PASS, reasons, rows=(listed.row,), caps=(UNVERIFIED,))
        return Outcome(FAIL, reasons, rows=(listed.row,))
    member = listed.countries[held[0]]
    params: dict[str, Any] = {"country": country_name(rulebook, held[0]), "codes": member.codes or ""}
    if member.agreement:
        params["agreement"] = Localized(rulebook.messages["agreements"][member.agreement])
    caps: tuple[Reason, ...] = (Reason(member.cap),) if member.cap else ()
    caps += () if member.row.verified else (UNVERIFIED,)
    caps += (Reason(criterion.params["cap"]),) if "cap" in criterion.params else ()
    return Outcome(PASS, _reason(criterion, "pass", **params), rows=(member.row,), caps=caps)


def country_terms(criterion: Criterion, profile: Profile, rulebook: RuleBook) -> Outcome:
    """A route whose countries each set their own terms (agreements.yaml `terms`): the person's
    country, with the agreement and codes that admit it (`pass`), then that country's terms in their
    order, as a route's criteria are read (asked in order: one missing fact at a time). One
    qualifying passport is enough: of a dual citizen's, the one whose terms fit best decides."""
    citizenships = profile.get("citizenships")
    if citizenships is None:
        return _unknown("citizenships")
    listed = rulebook.country_lists[criterion.params["list"]]
    held = [code for code in citizenships if code in listed.countries]
    if not held:
        countries = joined([country_name(rulebook, code) for code in listed.countries], "and")
        return Outcome(FAIL, _reason(criterion, "fail", countries=countries), rows=(listed.row,))
    outcomes = [_country_terms(criterion, code, listed.countries[code], profile, rulebook) for code in held]
    fitting = [o for o in outcomes if o.status != FAIL]
    if not fitting:
        return Outcome(FAIL, tuple(r for o in outcomes for r in o.reasons), rows=tuple(o.rows[0] for o in outcomes))
    return min(fitting, key=lambda o: (o.status != PASS, len(o.caps)))


def _country_terms(
    criterion: Criterion, code: str, member: ListedCountry, profile: Profile, rulebook: RuleBook
) -> Outcome:
    params: dict[str, Any] = {"country": country_name(rulebook, code), "codes": member.codes or ""}
    if member.agreement:
        params["agreement"] = Localized(rulebook.messages["agreements"][member.agreement])
    admitted = _reason(criterion, "pass", **params)
    rows = (member.row,)
    reasons: list[Reason] = list(admitted)
    caps: list[Reason] = [Reason(member.cap)] if member.cap else []
    caps += [] if member.row.verified else [UNVERIFIED]
    missing: list[str] = []
    undecided = False
    for term in member.terms:
        applies = gate(term, profile)
        if applies is False:
            continue
        if applies is None:
            missing += [] if undecided else [gate_field(term)]
            undecided = True
            continue
        outcome = KINDS[term.kind](term, profile, rulebook)
        if outcome.status == FAIL:
            return Outcome(FAIL, (*admitted, *outcome.reasons), rows=rows)
        reasons.extend(outcome.reasons)
        caps.extend(cap for cap in outcome.caps if cap not in caps)
        if outcome.status == UNKNOWN:
            missing += [] if undecided else list(outcome.missing)
            undecided = True
    return Outcome(UNKNOWN if undecided else PASS, tuple(reasons), tuple(missing), rows=rows, caps=tuple(caps))


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
    rows = tuple(rulebook.iec[code].row for code in partners)
    bands = {code: band for code in partners if (band := rulebook.iec[code].categories.get(category))}
    open_bands = {code: band for code, band in bands.items() if band.open}
    if not open_bands:
        return Outcome(
            FAIL, tuple(_not_open(rulebook, code, bands.get(code), category_name) for code in partners), rows=rows
        )
    age = profile.get("age")
    if age is None:
        return _unknown(
            "age",
            rows=rows,
            reasons=tuple(
                Reason("iec.partner_age_unknown", _band_params(rulebook, code, band, category_name))
                for code, band in open_bands.items()
            ),
        )
    fitting = {code: band for code, band in open_bands.items() if band.min_age <= age <= band.max_age}
    if fitting:
        code, band = max(fitting.items(), key=lambda item: item[1].max_months or 0)
        params = {**_band_params(rulebook, code, band, category_name), "age": age}
        context = {"months": band.max_months} if band.max_months else {}
        row = rulebook.iec[code].row
        caps = () if row.verified else (UNVERIFIED,)
        return Outcome(PASS, (Reason("iec.eligible_country", params),), context=context, rows=(row,), caps=caps)
    return Outcome(
        FAIL,
        tuple(
            Reason(
                "iec.too_young" if age < band.min_age else "iec.too_old",
                {**_band_params(rulebook, code, band, category_name), "age": age},
            )
            for code, band in open_bands.items()
        ),
        rows=rows,
    )


def _not_open(rulebook: RuleBook, code: str, band: IecCategory | None, category: Localized) -> Reason:
    params = {"category": category, "country": country_name(rulebook, code)}
    if band is None or band.status.reason is None:
        return Reason("iec.category_closed", params)
    return Reason(band.status.reason, {**params, "since": band.status.since})


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
    if outcome.status == FAIL:
        return Outcome(FAIL, (*outcome.reasons, listed), rows=(profession.row,))
    note = (Reason(profession.note),) if profession.note else ()
    caps = tuple(Reason(key) for key in (profession.caveat,) if key)
    caps += () if profession.row.verified else (UNVERIFIED,)
    return Outcome(
        outcome.status, (listed, *outcome.reasons, *note), outcome.missing, rows=(profession.row,), caps=caps
    )


def _credentials(profession: Profession, profile: Profile, rulebook: RuleBook) -> Outcome:
    """The list's credentials in its order: the first one held passes; all known and none held
    fails; otherwise the next unknown one is asked."""
    kinds = rulebook.credential_kinds
    texts = [_credential_text(profession, kind, rulebook) for kind in profession.credentials]
    unknown: list[str] = []
    for kind, text in zip(profession.credentials, texts, strict=True):
        held = profile.get(kinds[kind]["field"])
        also = kinds[kind].get("also_met_by")
        if held or (also and profile.get(also)):
            which = "cusma.credential_degree" if kind == "degree" else "cusma.credential_alternative"
            return Outcome(PASS, (Reason(which, {"credentials": text}),))
        if held is None and kinds[kind]["field"] not in unknown:
            unknown.append(kinds[kind]["field"])
    if unknown:
        return _unknown(unknown[0])
    return Outcome(
        FAIL,
        (Reason("cusma.credential_missing", {"profession": Localized(profession.name), "credentials": joined(texts)}),),
    )


def _credential_text(profession: Profession, kind: str, rulebook: RuleBook) -> Localized:
    if kind == "degree" and profession.degree_note:
        return Localized(profession.degree_note)
    return Localized(rulebook.credential_kinds[kind])


KINDS: Mapping[str, Callable[[Criterion, Profile, RuleBook], Outcome]] = {
    "is_true": is_true,
    "any_true": any_true,
    "one_of": one_of,
    "at_least": at_least,
    "at_most": at_most,
    "language_level": language_level,
    "not_in": not_in,
    "noc_excluded": noc_excluded,
    "level_at_least": level_at_least,
    "teer": teer,
    "sector_exclusion": sector_exclusion,
    "citizenship_in": citizenship_in,
    "country_terms": country_terms,
    "iec_partner_age": iec_partner_age,
    "cusma_profession": cusma_profession,
}
