"""Fitting replies to a messaging platform (no Rasa import): texts split under the platform's limit,
buttons shown as numbered choices where the platform has none, and a typed choice read back."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from intake_nlu.text import fold

PLATFORMS_FILE = Path(__file__).with_name("platforms.yaml")
_NUMBER = re.compile(r"^\s*#?(\d{1,2})\s*[.)]?\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True)
class Platform:
    name: str
    max_text: int
    choices: str
    api_url: str
    max_choices: int = 0
    max_choice_title: int = 0
    max_choice_payload_bytes: int = 0
    start_greetings: dict[str, str] = field(default_factory=dict)


@cache
def _platforms_file() -> dict[str, Any]:
    return yaml.safe_load(PLATFORMS_FILE.read_text(encoding="utf-8"))


def platform(name: str) -> Platform:
    return Platform(name=name, **_platforms_file()[name])


def split_text(text: str, limit: int) -> list[str]:
    """Whole paragraphs packed into messages of at most `limit` characters; a paragraph too long
    for one message is cut between sentences, then between words, and only then mid-word."""
    pieces = [piece for paragraph in text.strip().split("\n\n") for piece in _fit(paragraph.strip(), limit)]
    return _pack(pieces, limit, "\n\n") or [""]


def _fit(paragraph: str, limit: int) -> list[str]:
    if len(paragraph) <= limit:
        return [paragraph] if paragraph else []
    sentences = [s for s in _SENTENCE_END.split(paragraph) if s]
    if len(sentences) > 1:
        return _pack([part for s in sentences for part in _fit(s, limit)], limit, " ")
    words = paragraph.split(" ")
    if len(words) > 1:
        return _pack([part for w in words for part in _fit(w, limit)], limit, " ")
    return [paragraph[i : i + limit] for i in range(0, len(paragraph), limit)]


def _pack(parts: Iterable[str], limit: int, joiner: str) -> list[str]:
    messages: list[str] = []
    for part in parts:
        if messages and len(messages[-1]) + len(joiner) + len(part) <= limit:
            messages[-1] += joiner + part
        else:
            messages.append(part)
    return messages


def numbered(text: str, buttons: Sequence[dict[str, Any]]) -> str:
    """The question followed by its choices, one per line: "1. Yes"."""
    lines = [f"{index}. {button.get('title', '')}" for index, button in enumerate(buttons, start=1)]
    return "\n".join([text.rstrip(), "", *lines]) if lines else text


def present(text: str, buttons: Sequence[dict[str, Any]], shown: Platform) -> tuple[str, list[dict[str, Any]]]:
    """The text and the platform buttons to show for a question with choices: the buttons as they
    are where the platform can show them; numbered choices in the text, with buttons labelled by
    their numbers, where only the titles are too long; numbered choices alone otherwise."""
    if (
        not buttons
        or shown.choices == "numbered"
        or not _payloads_fit(buttons, shown)
        or (shown.max_choices and len(buttons) > shown.max_choices)
    ):
        return numbered(text, buttons), []
    if shown.max_choice_title and any(len(b.get("title", "")) > shown.max_choice_title for b in buttons):
        return numbered(text, buttons), [
            {"title": str(i), "payload": b.get("payload", "")} for i, b in enumerate(buttons, start=1)
        ]
    return text, list(buttons)


def _payloads_fit(buttons: Sequence[dict[str, Any]], shown: Platform) -> bool:
    limit = shown.max_choice_payload_bytes
    return not limit or all(len(str(b.get("payload", "")).encode()) <= limit for b in buttons)


def chosen_payload(reply: str, offered: Sequence[dict[str, Any]]) -> str | None:
    """What a typed reply to numbered choices means: "2" (or "2." or "#2") is the second choice's
    payload, and so is its title typed out; anything else is not a choice."""
    number = _NUMBER.match(reply)
    if number and 1 <= int(number.group(1)) <= len(offered):
        return str(offered[int(number.group(1)) - 1].get("payload", ""))
    typed = fold(reply.strip())
    return next((str(b.get("payload", "")) for b in offered if typed and fold(b.get("title", "")) == typed), None)
