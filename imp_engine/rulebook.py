"""Loads the rule data files, checks them against their schemas and against each other."""
from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

DATA_DIR = Path(__file__).parent / "data"
LANGUAGES = ("en", "fr")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleDataError(ValueError):
    """A rule data file is missing, unreadable or wrong; the message names file, entry and problem."""


@dataclass(frozen=True)
class Country:
    code: str
    name: Mapping[str, str]
    demonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class IecCategory:
    open: bool
    min_age: int
    max_age: int
    max_months: int | None


@dataclass(frozen=True)
class IecCountry:
    code: str
    categories: Mapping[str, IecCategory]
    source: str
    checked: str


@dataclass(frozen=True)
class Profession:
    id: str
    name: Mapping[str, str]
    synonyms: tuple[str, ...]
    credentials: tuple[str, ...]
    degree_note: Mapping[str, str] | None


@dataclass(frozen=True)
class Criterion:
    kind: str
    params: Mapping[str, Any]

    @property
    def field(self) -> str | None:
        return self.params.get("field")

    @property
    def depends_on(self) -> str | None:
        return self.params.get("depends_on")


@dataclass(frozen=True)
class Route:
    id: str
    permit: str
    exemption_code: str | None
    source: str
    checked: str
    criteria: tuple[Criterion, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class ProfileSpec:
    fields: Mapping[str, Mapping[str, Any]]
    ask_first: tuple[str, ...]
    ask_order: tuple[str, ...]
    french_levels: tuple[str, ...]


@dataclass(frozen=True)
class RuleBook:
    countries: Mapping[str, Country]
    iec: Mapping[str, IecCountry]
    iec_categories: tuple[str, ...]
    cusma_countries: tuple[str, ...]
    professions: tuple[Profession, ...]
    credential_kinds: Mapping[str, Mapping[str, str]]
    routes: tuple[Route, ...]
    messages: Mapping[str, Any]
    profile: ProfileSpec
    rules_as_of: str

    def route(self, route_id: str) -> Route:
        return next(r for r in self.routes if r.id == route_id)


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


def _iec(doc: Mapping[str, Any], countries: Mapping[str, Country], path: Path) -> dict[str, IecCountry]:
    result: dict[str, IecCountry] = {}
    for index, entry in enumerate(doc["countries"]):
        where = f"countries[{index}] (code {entry['code']})"
        if entry["code"] not in countries:
            raise _fail(path, where, "unknown ISO 3166 country code")
        if entry["code"] in result:
            raise _fail(path, where, "country listed twice")
        categories = {}
        for name, category in entry["categories"].items():
            low = category.get("min_age", entry["min_age"])
            high = category.get("max_age", entry["max_age"])
            if low > high:
                raise _fail(path, f"{where}.{name}", f"min_age {low} is above max_age {high}")
            categories[name] = IecCategory(category["open"], low, high, category.get("max_months"))
        result[entry["code"]] = IecCountry(entry["code"], categories, entry["source"], entry["checked"])
    return result


def _professions(doc: Mapping[str, Any], path: Path) -> tuple[Profession, ...]:
    kinds = doc["credential_kinds"]
    professions = []
    for index, entry in enumerate(doc["professions"]):
        unknown = [c for c in entry["credentials"] if c not in kinds]
        if unknown:
            raise _fail(path, f"professions[{index}] (id {entry['id']})", f"unknown credential kind {unknown[0]!r}")
        professions.append(
            Profession(
                id=entry["id"],
                name={"en": entry["en"], "fr": entry["fr"]},
                synonyms=tuple(entry["synonyms"]),
                credentials=tuple(entry["credentials"]),
                degree_note=entry.get("degree_note"),
            )
        )
    return tuple(professions)


def _routes(doc: Mapping[str, Any], spec: ProfileSpec, reasons: Mapping[str, Any], path: Path) -> tuple[Route, ...]:
    routes = []
    for index, entry in enumerate(doc["routes"]):
        where = f"routes[{index}] (id {entry['id']})"
        criteria = []
        for number, raw in enumerate(entry["criteria"]):
            params = {k: v for k, v in raw.items() if k != "kind"}
            for key in ("field", "depends_on"):
                if key in params and params[key] not in spec.fields:
                    raise _fail(path, f"{where}.criteria[{number}]", f"{key} {params[key]!r} is not a profile field")
            for key in ("pass", "fail"):
                if key in params and params[key] not in reasons:
                    raise _fail(path, f"{where}.criteria[{number}]", f"message {params[key]!r} is not in messages.yaml")
            criteria.append(Criterion(raw["kind"], params))
        for note in entry.get("notes", []):
            if note not in reasons:
                raise _fail(path, f"{where}.notes", f"message {note!r} is not in messages.yaml")
        routes.append(
            Route(
                id=entry["id"],
                permit=entry["permit"],
                exemption_code=entry.get("exemption_code"),
                source=entry["source"],
                checked=entry["checked"],
                criteria=tuple(criteria),
                notes=tuple(entry.get("notes", [])),
            )
        )
    return tuple(routes)


def _profile_spec(doc: Mapping[str, Any], path: Path) -> ProfileSpec:
    for key in ("ask_first", "ask_order"):
        unknown = [name for name in doc[key] if name not in doc["fields"]]
        if unknown:
            raise _fail(path, key, f"{unknown[0]!r} is not a profile field")
    return ProfileSpec(doc["fields"], tuple(doc["ask_first"]), tuple(doc["ask_order"]), tuple(doc["french_levels"]))


def load_rulebook(data_dir: Path | str = DATA_DIR) -> RuleBook:
    """Reads and checks every rule file under data_dir; raises RuleDataError on the first problem."""
    data_dir = Path(data_dir)
    countries_doc = _read(data_dir, "countries")
    iec_doc = _read(data_dir, "iec")
    cusma_doc = _read(data_dir, "cusma")
    messages = _read(data_dir, "messages")
    spec = _profile_spec(_read(data_dir, "profile"), data_dir / "profile.yaml")
    routes = _routes(_read(data_dir, "routes"), spec, messages["reasons"], data_dir / "routes.yaml")
    countries = _countries(countries_doc)
    for code in cusma_doc["countries"]:
        if code not in countries:
            raise _fail(data_dir / "cusma.yaml", "countries", f"unknown ISO 3166 country code {code!r}")
    for route in routes:
        if route.id not in messages["routes"]:
            raise _fail(data_dir / "messages.yaml", "routes", f"no name for route {route.id!r}")
    iec = _iec(iec_doc, countries, data_dir / "iec.yaml")
    dates = [iec_doc["checked"], cusma_doc["checked"], *(r.checked for r in routes), *(c.checked for c in iec.values())]
    return RuleBook(
        countries=countries,
        iec=iec,
        iec_categories=tuple(iec_doc["categories"]),
        cusma_countries=tuple(cusma_doc["countries"]),
        professions=_professions(cusma_doc, data_dir / "cusma.yaml"),
        credential_kinds=cusma_doc["credential_kinds"],
        routes=routes,
        messages=messages,
        profile=spec,
        rules_as_of=max(dates),
    )


@lru_cache(maxsize=1)
def default_rulebook() -> RuleBook:
    return load_rulebook(DATA_DIR)
