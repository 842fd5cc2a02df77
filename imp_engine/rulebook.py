"""Loads the rule data files, checks them against their schemas and against each other."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from imp_engine import clock

DATA_DIR = Path(__file__).parent / "data"
LANGUAGES = ("en", "fr")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleDataError(ValueError):
    """A rule data file is missing, unreadable or wrong; the message names file, entry and problem."""


@dataclass(frozen=True)
class Source:
    """An official page the rules rest on (data/sources.yaml)."""

    key: str
    title: str
    url: str
    page_date: str | None  # None when the page shows no date
    page_date_unknown: str | None = None  # then why


@dataclass(frozen=True)
class RuleRow:
    """One checked fact of the rule data: where it is, the page it rests on, when it was compared
    with that page, whether it could be verified there, and the line that decides it."""

    file: str
    key: str
    source: Source
    checked: str
    verified: bool
    evidence: str
    unverified_why: str | None = None


@dataclass(frozen=True)
class Country:
    code: str
    name: Mapping[str, str]
    demonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


OPEN = "open"
CLOSED = "closed"


@dataclass(frozen=True)
class RouteStatus:
    """open, or closed/paused since a date for a reason (a message key). A route in force until a
    day (`until`, a temporary public policy) is closed from the day after, for `ended_reason`."""

    declared: str = OPEN
    declared_since: str | None = None
    declared_reason: str | None = None
    until: str | None = None
    ended_reason: str | None = None

    @property
    def ended(self) -> bool:
        return self.until is not None and clock.today() > datetime.date.fromisoformat(self.until)

    @property
    def state(self) -> str:
        return CLOSED if self.ended else self.declared

    @property
    def since(self) -> str | None:
        if self.ended and self.until is not None:
            return (datetime.date.fromisoformat(self.until) + datetime.timedelta(days=1)).isoformat()
        return self.declared_since

    @property
    def reason(self) -> str | None:
        return self.ended_reason if self.ended else self.declared_reason

    @property
    def open(self) -> bool:
        return self.state == OPEN

    @property
    def why_not_open(self) -> str:
        """The message key saying why a closed or paused route is (the rules must give one)."""
        if self.reason is None:
            raise RuleDataError(f"a {self.state} route gives no reason")
        return self.reason


@dataclass(frozen=True)
class IecCategory:
    status: RouteStatus
    min_age: int
    max_age: int
    max_months: int | None

    @property
    def open(self) -> bool:
        return self.status.open


@dataclass(frozen=True)
class IecCountry:
    code: str
    categories: Mapping[str, IecCategory]
    row: RuleRow


@dataclass(frozen=True)
class Profession:
    id: str
    name: Mapping[str, str]
    synonyms: tuple[str, ...]
    credentials: tuple[str, ...]
    degree_note: Mapping[str, str] | None
    row: RuleRow
    caveat: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class ListedCountry:
    """A country of a country list, with the agreement and codes that admit it when the list spans
    several agreements, a condition the profile cannot settle for it (`cap`, a message key), and its
    own terms where one route's countries each set their own (`terms`: criteria as in routes.yaml,
    read by a `country_terms` criterion)."""

    row: RuleRow
    agreement: str | None = None
    codes: str | None = None
    cap: str | None = None
    terms: tuple[Criterion, ...] = ()


@dataclass(frozen=True)
class CountryList:
    """Whose citizens a category of an agreement admits (cusma.yaml, agreements.yaml)."""

    row: RuleRow
    countries: Mapping[str, ListedCountry]


@dataclass(frozen=True)
class Condition:
    """A profile field holding one of some values."""

    field: str
    values: tuple[Any, ...]

    @staticmethod
    def of(raw: Mapping[str, Any] | None) -> Condition | None:
        return None if raw is None else Condition(raw["field"], tuple(raw["values"]))

    def holds(self, profile: Mapping[str, Any]) -> bool | None:
        """None while the field is not known; a list (the citizenships) holds when one of its
        items is among the values."""
        value = profile.get(self.field)
        if value is None:
            return None
        if isinstance(value, (list, tuple)):
            return any(item in self.values for item in value)
        return value in self.values


@dataclass(frozen=True)
class Criterion:
    kind: str
    params: Mapping[str, Any]
    row: RuleRow | None = None  # when the criterion rests on a page of its own (`source:` in the criterion)

    @property
    def field(self) -> str:
        """The profile field a one-field criterion reads (the schema requires it for those kinds)."""
        name = self.params.get("field")
        if not isinstance(name, str):
            raise RuleDataError(f"a {self.kind} criterion names no field")
        return name

    @property
    def depends_on(self) -> str | None:
        return self.params.get("depends_on")

    @property
    def only_when(self) -> Condition | None:
        """Applies only when another field holds one of some values (a master's program's length)."""
        return Condition.of(self.params.get("only_when"))

    @property
    def unverified_why(self) -> str | None:
        """Why this criterion's line could not be checked (None when it was)."""
        return None if self.params.get("verified", True) else self.params["unverified_why"]


@dataclass(frozen=True)
class NextStep:
    """One step of a checklist (checklists.yaml): a message key and the official page to read."""

    text: str
    url: str


@dataclass(frozen=True)
class Route:
    id: str
    permit: str
    exemption_code: str | None
    criteria: tuple[Criterion, ...]
    notes: tuple[str, ...]
    status: RouteStatus
    alternatives: str | None
    next_steps: tuple[NextStep, ...]
    row: RuleRow
    family: str | None = None
    # Asked about on a cue (routes.yaml `ask`): its first criterion met or a condition of `ask_when`
    # holding, or at the last resort, when nothing else fits; None: always asked about.
    ask_when: tuple[Condition, ...] | None = None
    # False for a route asked about on its cue only, even when nothing else fits (routes.yaml
    # `ask.at_the_last_resort`: GATS, whose cue the one question for the last leads asks).
    ask_at_the_last_resort: bool = True
    suggest_only_when_nothing_else: bool = False
    # A message key: what a consultant checks where the route rests on a rule not verified.
    consultant_checks: str | None = None

    @property
    def question_family(self) -> str:
        """Routes of one family are decided by the same questions (routes.yaml `family`)."""
        return self.family or self.id


@dataclass(frozen=True)
class ProfileSpec:
    fields: Mapping[str, Mapping[str, Any]]
    ask_first: tuple[str, ...]
    ask_order: tuple[str, ...]
    french_levels: tuple[str, ...]
    education_levels: tuple[str, ...]

    def boolean_fields(self) -> tuple[str, ...]:
        return tuple(name for name, spec in self.fields.items() if spec["type"] == "boolean")

    def label(self, name: str, language: str) -> str:
        return str(self.fields[name]["label"][language])


@dataclass(frozen=True)
class RuleBook:
    countries: Mapping[str, Country]
    iec: Mapping[str, IecCountry]
    iec_categories: tuple[str, ...]
    country_lists: Mapping[str, CountryList]
    professions: tuple[Profession, ...]
    credential_kinds: Mapping[str, Mapping[str, str]]
    routes: tuple[Route, ...]
    messages: Mapping[str, Any]
    profile: ProfileSpec
    sources: Mapping[str, Source]
    # How a person's words are read against the professions' synonyms (cusma.yaml `matching`).
    profession_words: Mapping[str, Any]

    def route(self, route_id: str) -> Route:
        return next(r for r in self.routes if r.id == route_id)

    def rows(self) -> tuple[RuleRow, ...]:
        """Every checked fact of the rule data, in file order."""
        criteria_rows = [
            criterion.row or _criterion_row(route, index, criterion)
            for route in self.routes
            for index, criterion in enumerate(route.criteria)
            if criterion.row or criterion.unverified_why
        ]
        return (
            *(route.row for route in self.routes),
            *criteria_rows,
            *(country.row for country in self.iec.values()),
            *_unique(row for listed in self.country_lists.values() for row in _list_rows(listed)),
            *(profession.row for profession in self.professions),
        )

    @property
    def rules_as_of(self) -> str:
        """The oldest `checked` date of all the rule rows."""
        return min(row.checked for row in self.rows())


def _list_rows(listed: CountryList) -> tuple[RuleRow, ...]:
    return (listed.row, *(country.row for country in listed.countries.values()))


def _unique(rows: Iterable[RuleRow]) -> tuple[RuleRow, ...]:
    return tuple(dict.fromkeys(rows))


def _criterion_row(route: Route, index: int, criterion: Criterion) -> RuleRow:
    return RuleRow(
        file="routes.yaml",
        key=f"{route.id}.criteria[{index}]",
        source=route.row.source,
        checked=route.row.checked,
        verified=False,
        evidence=route.row.evidence,
        unverified_why=criterion.unverified_why,
    )


def _read(data_dir: Path, name: str) -> Any:
    path = data_dir / f"{name}.yaml"
    try:
        document = _dates_as_text(yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER))
    except OSError as error:
        raise RuleDataError(f"{path}: cannot be read ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise RuleDataError(f"{path}: is not valid YAML ({_one_line(error)})") from error
    schema = yaml.load((data_dir / "schemas" / f"{name}.schema.yaml").read_text(encoding="utf-8"), Loader=_LOADER)
    validator = jsonschema.Draft7Validator(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        raise RuleDataError(f"{path}: {_describe(document, errors[0])}")
    return document


def _dates_as_text(node: Any) -> Any:
    """An unquoted YAML date (checked: 2025-06-01) reads as a date; the rules keep ISO text."""
    if isinstance(node, dict):
        return {key: _dates_as_text(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_dates_as_text(value) for value in node]
    return node.isoformat() if isinstance(node, datetime.date) else node


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())


def _describe(document: Any, error: jsonschema.ValidationError) -> str:
    """'countries[10] (code FR).max_age: -1 is less than the minimum of 0'."""
    where, node = "", document
    for step in error.absolute_path:
        node = node[step]
        if isinstance(step, int):
            where += f"[{step}]"
            key = next((k for k in ("id", "code") if isinstance(node, dict) and k in node), None)
            where += f" ({key} {node[key]})" if key else ""
        else:
            where += f".{step}" if where else str(step)
    return f"{where or 'top level'}: {error.message}"


def _fail(path: Path, entry: str, problem: str) -> RuleDataError:
    return RuleDataError(f"{path}: {entry}: {problem}")


def _countries(doc: Mapping[str, Any]) -> dict[str, Country]:
    return {
        c["code"]: Country(
            code=c["code"],
            name=c["name"],
            demonyms={lang: tuple(words) for lang, words in (c.get("demonyms") or {}).items()},
            aliases={lang: tuple(words) for lang, words in (c.get("aliases") or {}).items()},
        )
        for c in doc["countries"]
    }


def _sources(doc: Mapping[str, Any]) -> dict[str, Source]:
    return {
        key: Source(key, page["title"], page["url"], page.get("page_date"), page.get("page_date_unknown"))
        for key, page in doc["sources"].items()
    }


def _row(entry: Mapping[str, Any], path: Path, key: str, sources: Mapping[str, Source], where: str) -> RuleRow:
    if entry["source"] not in sources:
        raise _fail(path, where, f"source {entry['source']!r} is not in sources.yaml")
    return RuleRow(
        file=path.name,
        key=key,
        source=sources[entry["source"]],
        checked=entry["checked"],
        verified=entry.get("verified", True),
        evidence=entry["evidence"],
        unverified_why=entry.get("unverified_why"),
    )


def _status(entry: Mapping[str, Any], reasons: Mapping[str, Any], path: Path, where: str) -> RouteStatus:
    status = RouteStatus(
        entry.get("status", OPEN),
        entry.get("since"),
        entry.get("reason"),
        entry.get("until"),
        entry.get("ended_reason"),
    )
    for message in (status.declared_reason, status.ended_reason):
        if message is not None and message not in reasons:
            raise _fail(path, where, f"message {message!r} is not in messages.yaml")
    if status.declared != OPEN and status.declared_reason is None:
        raise _fail(path, where, f"a {status.declared} route needs a reason")
    if status.until is not None and status.ended_reason is None:
        raise _fail(path, where, "a route in force until a day needs an ended_reason")
    return status


def _iec(
    doc: Mapping[str, Any],
    countries: Mapping[str, Country],
    sources: Mapping[str, Source],
    reasons: Mapping[str, Any],
    path: Path,
) -> dict[str, IecCountry]:
    result: dict[str, IecCountry] = {}
    for index, entry in enumerate(doc["countries"]):
        where = f"countries[{index}] (code {entry['code']})"
        if entry["code"] not in countries:
            raise _fail(path, where, "unknown ISO 3166 country code")
        if entry["code"] in result:
            raise _fail(path, where, "country listed twice")
        categories = {}
        for name, category in entry["categories"].items():
            low, high = category["min_age"], category["max_age"]
            if low > high:
                raise _fail(path, f"{where}.{name}", f"min_age {low} is above max_age {high}")
            status = _status(category, reasons, path, f"{where}.{name}")
            categories[name] = IecCategory(status, low, high, category.get("max_months"))
        row = _row(entry, path, entry["code"], sources, where)
        result[entry["code"]] = IecCountry(entry["code"], categories, row)
    return result


def _professions(
    doc: Mapping[str, Any], spec: ProfileSpec, sources: Mapping[str, Source], reasons: Mapping[str, Any], path: Path
) -> tuple[Profession, ...]:
    kinds = doc["credential_kinds"]
    for name, kind in kinds.items():
        for key in ("field", "also_met_by"):
            if key in kind and kind[key] not in spec.fields:
                raise _fail(path, f"credential_kinds.{name}", f"{key} {kind[key]!r} is not a profile field")
    professions = []
    for index, entry in enumerate(doc["professions"]):
        where = f"professions[{index}] (id {entry['id']})"
        unknown = [c for c in entry["credentials"] if c not in kinds]
        if unknown:
            raise _fail(path, where, f"unknown credential kind {unknown[0]!r}")
        for key in ("caveat", "note"):
            if entry.get(key) is not None and entry[key] not in reasons:
                raise _fail(path, where, f"message {entry[key]!r} is not in messages.yaml")
        row = _row({**doc["row_defaults"], **entry}, path, entry["id"], sources, where)
        professions.append(
            Profession(
                id=entry["id"],
                name={"en": entry["en"], "fr": entry["fr"]},
                synonyms=tuple(entry["synonyms"]),
                credentials=tuple(entry["credentials"]),
                degree_note=entry.get("degree_note"),
                row=row,
                caveat=entry.get("caveat"),
                note=entry.get("note"),
            )
        )
    return tuple(professions)


def _country_lists(
    agreements_doc: Mapping[str, Any],
    cusma_doc: Mapping[str, Any],
    countries: Mapping[str, Country],
    sources: Mapping[str, Source],
    messages: Mapping[str, Any],
    spec: ProfileSpec,
    data_dir: Path,
) -> dict[str, CountryList]:
    cusma_path = data_dir / "cusma.yaml"
    lists = {"cusma": _country_list(cusma_doc, "countries", cusma_path, countries, sources, messages, spec)}
    path = data_dir / "agreements.yaml"
    for name, entry in agreements_doc["lists"].items():
        lists[name] = _country_list(entry, f"lists.{name}", path, countries, sources, messages, spec)
    return lists


def _country_list(
    entry: Mapping[str, Any],
    where: str,
    path: Path,
    countries: Mapping[str, Country],
    sources: Mapping[str, Source],
    messages: Mapping[str, Any],
    spec: ProfileSpec,
) -> CountryList:
    row = _row(entry, path, where, sources, where)
    own = entry.get("by_country", {})
    for code in [*entry["countries"], *own]:
        if code not in countries:
            raise _fail(path, where, f"unknown ISO 3166 country code {code!r}")
        if code not in entry["countries"]:
            raise _fail(path, f"{where}.by_country", f"{code!r} is not among the list's countries")
    listed = {}
    for code in entry["countries"]:
        place = (f"{where}.by_country.{code}", f"{where}.{code}")
        listed[code] = _listed_country(own.get(code, {}), row, path, place, sources, messages, spec)
    return CountryList(row, listed)


def _listed_country(
    details: Mapping[str, Any],
    list_row: RuleRow,
    path: Path,
    place: tuple[str, str],
    sources: Mapping[str, Source],
    messages: Mapping[str, Any],
    spec: ProfileSpec,
) -> ListedCountry:
    """place: where the entry is (for errors) and the key of its own rule row."""
    where, key = place
    cap, agreement = details.get("cap"), details.get("agreement")
    if cap is not None and cap not in messages["reasons"]:
        raise _fail(path, where, f"message {cap!r} is not in messages.yaml")
    if agreement is not None and agreement not in messages["agreements"]:
        raise _fail(path, where, f"agreement {agreement!r} is not in messages.yaml")
    row = _row(details, path, key, sources, where) if "source" in details else list_row
    terms = tuple(
        _criterion(
            raw, spec, messages["reasons"], sources, path, (f"{where}.terms[{number}]", f"{key}.terms[{number}]"), where
        )
        for number, raw in enumerate(details.get("terms", []))
    )
    return ListedCountry(row, agreement, details.get("codes"), cap, terms)


def _check_country_lists(routes: tuple[Route, ...], country_lists: Mapping[str, CountryList], path: Path) -> None:
    for route in routes:
        for number, criterion in enumerate(route.criteria):
            name = criterion.params.get("list")
            where = f"routes (id {route.id}).criteria[{number}]"
            if criterion.kind in ("citizenship_in", "country_terms") and name not in country_lists:
                raise _fail(path, where, f"country list {name!r} is unknown")
            if criterion.kind == "country_terms" and not any(
                c.terms for c in country_lists[str(name)].countries.values()
            ):
                raise _fail(path, where, f"country list {name!r} gives no country its terms")


def _message_keys(entry: Mapping[str, Any]) -> list[tuple[str, str]]:
    keys = [
        (key, entry[key]) for key in ("reason", "ended_reason", "alternatives", "consultant_checks") if entry.get(key)
    ]
    keys += [("notes", note) for note in entry.get("notes", [])]
    return keys


def _criterion_messages(params: Mapping[str, Any]) -> list[str]:
    alternative = params.get("allowed_with") or {}
    caps = [alternative["cap"]] if "cap" in alternative else []
    caps += [params["cap"]] if "cap" in params else []
    caps += list(params.get("capped", {}).values())
    return [params[key] for key in ("pass", "fail") if key in params] + caps


def _checklists(
    doc: Mapping[str, Any], reasons: Mapping[str, Any], sources: Mapping[str, Source], path: Path
) -> dict[str, tuple[Mapping[str, Any], ...]]:
    for name, steps in doc["checklists"].items():
        for number, step in enumerate(steps):
            if step["text"] not in reasons:
                raise _fail(path, f"checklists.{name}[{number}]", f"message {step['text']!r} is not in messages.yaml")
            if step["source"] not in sources:
                raise _fail(path, f"checklists.{name}[{number}]", f"source {step['source']!r} is not in sources.yaml")
    return {name: tuple(steps) for name, steps in doc["checklists"].items()}


def _next_steps(
    entry: Mapping[str, Any], checklists: Mapping[str, tuple[Mapping[str, Any], ...]], route_page: str, path: Path
) -> tuple[NextStep, ...]:
    """The route's checklist, `url: route` standing for the route's own official page."""
    name = entry.get("next_steps")
    if name is None:
        return ()
    if name not in checklists:
        raise _fail(path, f"routes (id {entry['id']}).next_steps", f"checklist {name!r} is not in checklists.yaml")
    return tuple(NextStep(s["text"], route_page if s["url"] == "route" else s["url"]) for s in checklists[name])


def _criterion(
    raw: Mapping[str, Any],
    spec: ProfileSpec,
    reasons: Mapping[str, Any],
    sources: Mapping[str, Source],
    path: Path,
    place: tuple[str, str],
    owner: str,
) -> Criterion:
    """A criterion of routes.yaml (or a country's terms in agreements.yaml), its profile fields and
    messages checked. place: where it is (for errors) and the key of its own rule row, if any;
    owner: its route or country (where a bad source is reported)."""
    where, key = place
    params = {k: v for k, v in raw.items() if k != "kind"}
    named: dict[str, Any] = {
        name: params[name] for name in ("field", "depends_on", "teer_field", "noc_field") if name in params
    }
    named |= {"only_when": params["only_when"]["field"]} if "only_when" in params else {}
    named |= {f"fields[{i}]": name for i, name in enumerate(params.get("fields", []))}
    named |= {"minimum_by": params["minimum_by"]["field"]} if "minimum_by" in params else {}
    for which, name in named.items():
        if name not in spec.fields:
            raise _fail(path, where, f"{which} {name!r} is not a profile field")
    capped = params.get("capped", {})
    if raw["kind"] == "any_true" and any(name not in params.get("fields", []) for name in capped):
        raise _fail(path, where, "a capped field of any_true is not among its fields")
    if any(name not in params.get("fields", []) for name in params.get("cue_only", [])):
        raise _fail(path, where, "a cue_only field of any_true is not among its fields")
    for message in _criterion_messages(params):
        if message not in reasons:
            raise _fail(path, where, f"message {message!r} is not in messages.yaml")
    own_row = _row(raw, path, key, sources, owner) if "source" in raw else None
    return Criterion(raw["kind"], params, own_row)


def _routes(
    doc: Mapping[str, Any],
    spec: ProfileSpec,
    reasons: Mapping[str, Any],
    sources: Mapping[str, Source],
    checklists: Mapping[str, tuple[Mapping[str, Any], ...]],
    path: Path,
) -> tuple[Route, ...]:
    routes = []
    for index, entry in enumerate(doc["routes"]):
        where = f"routes[{index}] (id {entry['id']})"
        criteria = [
            _criterion(
                raw,
                spec,
                reasons,
                sources,
                path,
                (f"{where}.criteria[{number}]", f"{entry['id']}.criteria[{number}]"),
                where,
            )
            for number, raw in enumerate(entry["criteria"])
        ]
        for key, message in _message_keys(entry):
            if message not in reasons:
                raise _fail(path, f"{where}.{key}", f"message {message!r} is not in messages.yaml")
        row = _row(entry, path, entry["id"], sources, where)
        unverified = not row.verified or any(c.unverified_why for c in criteria)
        if unverified and not entry.get("consultant_checks"):
            raise _fail(path, where, "a route resting on a rule not verified says what a consultant checks")
        routes.append(
            Route(
                id=entry["id"],
                permit=entry["permit"],
                exemption_code=entry.get("exemption_code"),
                criteria=tuple(criteria),
                notes=tuple(entry.get("notes", [])),
                status=_status(entry, reasons, path, where),
                alternatives=entry.get("alternatives"),
                next_steps=_next_steps(entry, checklists, row.source.url, path),
                row=row,
                family=entry.get("family"),
                ask_when=_ask_when(entry.get("ask"), spec, path, where),
                ask_at_the_last_resort=(entry.get("ask") or {}).get("at_the_last_resort", True),
                suggest_only_when_nothing_else=entry.get("suggest_only_when_nothing_else", False),
                consultant_checks=entry.get("consultant_checks"),
            )
        )
    return tuple(routes)


def _ask_when(raw: Mapping[str, Any] | None, spec: ProfileSpec, path: Path, where: str) -> tuple[Condition, ...] | None:
    if raw is None:
        return None
    conditions = tuple(Condition(c["field"], tuple(c["values"])) for c in raw.get("when", []))
    for condition in conditions:
        if condition.field not in spec.fields:
            raise _fail(path, f"{where}.ask", f"field {condition.field!r} is not a profile field")
    return conditions


def _profile_spec(doc: Mapping[str, Any], path: Path) -> ProfileSpec:
    for key in ("ask_first", "ask_order"):
        unknown = [name for name in doc[key] if name not in doc["fields"]]
        if unknown:
            raise _fail(path, key, f"{unknown[0]!r} is not a profile field")
    unasked = [name for name in doc["fields"] if name not in doc["ask_order"]]
    if unasked:
        raise _fail(path, "ask_order", f"profile field {unasked[0]!r} is missing")
    return ProfileSpec(
        doc["fields"],
        tuple(doc["ask_first"]),
        tuple(doc["ask_order"]),
        tuple(doc["french_levels"]),
        tuple(doc["education_levels"]),
    )


def load_rulebook(data_dir: Path | str = DATA_DIR) -> RuleBook:
    """Reads and checks every rule file under data_dir; raises RuleDataError on the first problem."""
    data_dir = Path(data_dir)
    sources = _sources(_read(data_dir, "sources"))
    countries_doc = _read(data_dir, "countries")
    iec_doc = _read(data_dir, "iec")
    cusma_doc = _read(data_dir, "cusma")
    agreements_doc = _read(data_dir, "agreements")
    messages = _read(data_dir, "messages")
    reasons = messages["reasons"]
    spec = _profile_spec(_read(data_dir, "profile"), data_dir / "profile.yaml")
    checklists = _checklists(_read(data_dir, "checklists"), reasons, sources, data_dir / "checklists.yaml")
    routes = _routes(_read(data_dir, "routes"), spec, reasons, sources, checklists, data_dir / "routes.yaml")
    countries = _countries(countries_doc)
    country_lists = _country_lists(agreements_doc, cusma_doc, countries, sources, messages, spec, data_dir)
    _check_country_lists(routes, country_lists, data_dir / "routes.yaml")
    for route in routes:
        if route.id not in messages["routes"]:
            raise _fail(data_dir / "messages.yaml", "routes", f"no name for route {route.id!r}")
    return RuleBook(
        countries=countries,
        iec=_iec(iec_doc, countries, sources, reasons, data_dir / "iec.yaml"),
        iec_categories=tuple(iec_doc["categories"]),
        country_lists=country_lists,
        professions=_professions(cusma_doc, spec, sources, reasons, data_dir / "cusma.yaml"),
        credential_kinds=cusma_doc["credential_kinds"],
        profession_words=cusma_doc["matching"],
        routes=routes,
        messages=messages,
        profile=spec,
        sources=sources,
    )


@lru_cache(maxsize=1)
def default_rulebook() -> RuleBook:
    return load_rulebook(DATA_DIR)
