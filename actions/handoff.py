"""The lead handoff's settings and database, as the actions reach them (read from the environment
once per process, the schema brought up to date on first use), and the request a round's lead,
summary and call belong to."""

from __future__ import annotations

from functools import cache

from rasa_sdk import Tracker
from sqlalchemy.orm import Session, sessionmaker

from lead_handoff.db import migrate, sessions
from lead_handoff.settings import Settings
from lead_handoff.store import LeadStore
from lead_handoff.transcripts import RESTART_ACTION  # each "start over" opens a new intake round

NO_CONTACT = "none"  # a phone or email the person chose not to give


@cache
def settings() -> Settings:
    return Settings.from_env()


@cache
def _migrated(url: str) -> bool:
    migrate(url)
    return True


def handoff_sessions() -> sessionmaker[Session]:
    url = settings().database_url
    _migrated(url)
    return sessions(url)


def lead_store() -> LeadStore:
    return LeadStore(handoff_sessions())


def intake_round(tracker: Tracker) -> int:
    """How many times this conversation was started over: each round's callback is its own request."""
    return sum(1 for event in tracker.events if event.get("event") == "action" and event.get("name") == RESTART_ACTION)


def request_key(tracker: Tracker) -> str:
    """This round's callback request: the conversation and its intake round."""
    return f"{tracker.sender_id}#{intake_round(tracker)}"
