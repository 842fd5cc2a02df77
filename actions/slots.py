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
PLACE_CANDIDATE = "place_candidate"  # a province offered for a town a city abroad shares ("Nelson"): a yes takes it
TEER_CANDIDATE = "teer_candidate"  # {"teer", "noc", "source": "title" | "description"} awaiting confirmation
TEER_CHECK = "teer_check"
# One question for the routes asked about on a cue, when the engine asks about them at the end
# (nothing else fits): studies in Canada, a partner working or studying there, an application for
# permanent residence (or Quebec's PSTQ invitation), a services contract for a client in Canada — or
# none of these, which settles them all.
OPEN_PERMITS_CHECK = "open_permits_check"
# The facts "none of these" settles, each with the value it then takes.
OPEN_PERMIT_CUES = {
    "canadian_credential": "none",
    "partner_in_canada": "none",
    "pr_application": "none",
    "pstq_invited": False,
    "service_contract": False,
}


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


def has_spoken(tracker: Tracker) -> bool:
    """Whether the assistant has said anything since the session started."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            return True
        if event.get("event") == "session_started":
            return False
    return False


def latest_intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


# What a person typed, quoted back inside a reply, must stay text wherever the reply is shown: the
# widget renders Markdown (links, javascript: URLs included), the messaging platforms their own.
MARKUP_SIGNS = re.compile(r"[\[\]()<>*_`#|~\\]")
# "javascript:alert(1)", "https://…", "mailto:…": a scheme followed by its colon is a link to some
# renderers; a space after the colon makes it words ("10:30" has no letters before its colon).
URL_SCHEME = re.compile(r"(?<![\w.+-])([A-Za-z][A-Za-z0-9+.-]{1,30}):(?=\S)")


def inert(text: object, limit: int = 200) -> str:
    """Free text, made safe to quote in a reply: on one line, at most `limit` characters, without
    the signs Markdown acts on and with no URL scheme a renderer would link."""
    line = " ".join(MARKUP_SIGNS.sub(" ", str(text)).split())
    line = URL_SCHEME.sub(r"\1: ", line)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def shown(text: object) -> str:
    """What the person wrote, shortened, to quote it in a re-ask (inert: see above)."""
    return inert(text, 60)
