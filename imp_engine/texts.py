"""Renders the engine's sentences (data/messages.yaml) in English or French."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from imp_engine.rulebook import LANGUAGES, RuleBook


@dataclass(frozen=True)
class Localized:
    """A value that reads differently per language, e.g. a country's name."""

    by_language: Mapping[str, str]

    def in_language(self, language: str) -> str:
        return self.by_language[language]


@dataclass(frozen=True)
class Reason:
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return language


def render(rulebook: RuleBook, reason: Reason, language: str) -> str:
    template: str = rulebook.messages["reasons"][reason.key][language]
    values = {name: _value(rulebook, value, language) for name, value in reason.params.items()}
    return template.format_map(values)


def render_if_complete(rulebook: RuleBook, reason: Reason, language: str) -> str | None:
    """As render, but None when the sentence needs a value not known yet (a note's {months})."""
    try:
        return render(rulebook, reason, language)
    except KeyError:
        return None


def route_name(rulebook: RuleBook, route_id: str, language: str) -> str:
    name: str = rulebook.messages["routes"][route_id][language]
    return name


def country_name(rulebook: RuleBook, code: str) -> Localized:
    """The name as it reads inside a sentence: 'citizens of the United States'."""
    name = rulebook.countries[code].name
    return Localized({"en": name.get("in_sentence_en", name["en"]), "fr": name["fr"]})


@dataclass(frozen=True)
class LocalizedList:
    items: tuple[Localized, ...]
    conjunction: str = "or"


def joined(items: Sequence[Localized], conjunction: str = "or") -> LocalizedList:
    return LocalizedList(tuple(items), conjunction)


def _value(rulebook: RuleBook, value: Any, language: str) -> str:
    if isinstance(value, Localized):
        return value.in_language(language)
    if isinstance(value, LocalizedList):
        words = [item.in_language(language) for item in value.items]
        if len(words) < 2:
            return "".join(words)
        conjunction: str = rulebook.messages["conjunctions"][value.conjunction][language]
        return ", ".join(words[:-1]) + conjunction + words[-1]
    return str(value)
