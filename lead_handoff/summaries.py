"""Summaries at unguessable links that expire (issue 24): a 256-bit random token in the link, its
SHA-256 in the database, nothing else that finds the summary. A link past its day, tampered with or
erased with "delete my data" opens nothing."""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from lead_handoff.models import Summary, utcnow

TOKEN_BYTES = 32
# What a token looks like (URL-safe base64 of 32 bytes): anything else is refused before a query.
TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")
# The start of a token kept in a log line: enough to tell two requests apart, far too little to open one.
SHOWN_IN_LOGS = 6
DEFAULT_DAYS = 30


@dataclass(frozen=True)
class KeptSummary:
    language: str
    content: dict[str, Any]
    expires_at: datetime.datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def masked(token: str) -> str:
    return token[:SHOWN_IN_LOGS] + "…"


class SummaryStore:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def create(
        self,
        conversation_id: str,
        request_key: str,
        language: str,
        content: dict[str, Any],
        days: int = DEFAULT_DAYS,
        now: datetime.datetime | None = None,
    ) -> str:
        """Stores a summary and returns the token of its link (the only time it exists in full)."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = now or utcnow()
        with self._sessions() as session:
            session.add(
                Summary(
                    token_hash=token_hash(token),
                    conversation_id=conversation_id,
                    request_key=request_key,
                    language=language,
                    content=content,
                    created_at=now,
                    expires_at=now + datetime.timedelta(days=days),
                )
            )
            session.commit()
        return token

    def open(self, token: str, now: datetime.datetime | None = None) -> KeptSummary | None:
        """The summary of a link still valid, or None (unknown, malformed, expired or erased)."""
        if not TOKEN.match(token):
            return None
        with self._sessions() as session:
            found = session.get(Summary, token_hash(token))
            if found is None or found.expires_at <= (now or utcnow()):
                return None
            return KeptSummary(found.language, found.content, found.expires_at)

    def purge_expired(self, now: datetime.datetime | None = None) -> int:
        with self._sessions() as session:
            gone = session.query(Summary).filter(Summary.expires_at <= (now or utcnow())).delete()
            session.commit()
            return int(gone)
