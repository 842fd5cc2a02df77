"""Which slots make the engine's profile, reading them from a tracker, and the derived `voice`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Tracker

from imp_engine import ProfileError, parse_profile
from imp_engine.rulebook import LANGUAGES, default_rulebook

DEFAULT_LANGUAGE = "en"
SKIPPED = "skipped_questions"
MISUNDERSTANDINGS = "misunderstandings"
STREAK = "question_streak"  # {"slot": the question being asked, "times": how many times in a row}
MAX_ASKS = 2  # times one question is asked in a row
PAUSED = "intake_paused"
# The conversation's own questions in front of the engine's TEER question (actions/intake_form.py).
JOB_TITLE = "job_offer_title"
TEER_CANDIDATE = "teer_candidate"  # {"teer", "noc", "source": "title" | "description"} awaiting confirmation
TEER_CHECK = "teer_check"


def profile_fields() -> tuple[str, ...]:
    """The profile fields the conversation asks about, in the engine's asking order."""
    return default_rulebook().profile.ask_order


def profile_from(slots: Mapping[str, Any]) -> dict[str, Any]:
    """The known profile fields among slots; a value the engine would refuse is left out."""
    profile: dict[str, Any] = {}
    for field in profile_fields():
        value = slots.get(field)
        if value is None:
            continue
        try:
            profile.update(parse_profile({field: value}))
        except ProfileError:
            continue
    return profile


def language_of(tracker: Tracker) -> str:
    language = tracker.get_slot("language")
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def audience_of(tracker: Tracker) -> str:
    return "employer" if tracker.get_slot("audience") == "employer" else "worker"


def voice(language: str | None, audience: str | None) -> str:
    """en_worker, en_employer, fr_worker or fr_employer: one response variation per voice."""
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    return f"{language}_{'employer' if audience == 'employer' else 'worker'}"


@cache
def phrases() -> dict[str, Any]:
    return yaml.safe_load((Path(__file__).parent / "phrases.yaml").read_text(encoding="utf-8"))


def latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def latest_intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def shown(text: object) -> str:
    """What the person wrote, on one line and shortened, to quote it in a re-ask; a Markdown link
    keeps only its words (the widget would render it, javascript: URLs included)."""
    line = " ".join(MARKDOWN_LINK.sub(r"\1", str(text)).replace("](", " ").split())
    return line if len(line) <= 60 else line[:57] + "…"
