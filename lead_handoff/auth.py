"""Consultant accounts and sessions: PBKDF2 password hashes (INBOX_USERS), HMAC-signed session
cookies (INBOX_SECRET) naming server-side sessions with a CSRF token, and a slow-down on failed
sign-ins."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from functools import cache

ITERATIONS = 260_000
SESSION_SECONDS = 8 * 3600


def hash_password(password: str, salt: str | None = None, iterations: int = ITERATIONS) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations).hex()
    return f"pbkdf2_sha256${iterations}${salt}${digest}"


@cache
def unknown_user_hash() -> str:
    """Checked when the user is unknown, so that a wrong name takes as long as a wrong password."""
    return hash_password(secrets.token_urlsafe(16))


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, iterations, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "pbkdf2_sha256":
        return False
    return hmac.compare_digest(hash_password(password, salt, int(iterations)).split("$")[3], digest)


def parse_users(spec: str) -> dict[str, str]:
    """'alice:pbkdf2_sha256$…,bob:pbkdf2_sha256$…' -> {user: hash}."""
    users = {}
    for entry in filter(None, (part.strip() for part in spec.split(","))):
        name, _, stored = entry.partition(":")
        if name and stored:
            users[name] = stored
    return users


@dataclass(frozen=True)
class Session:
    user: str
    csrf: str
    expires: float
    password: str  # the hash the user signed in with: a changed password ends the session


class Sessions:
    """Server-side sessions: the cookie is a random token (signed with INBOX_SECRET) naming one; logout
    or a password change ends it at once. Kept in the web service's memory: a restart signs everyone
    out, and the service runs as one process (deploy/)."""

    def __init__(self, secret: str) -> None:
        self._key = secret.encode()
        self._sessions: dict[str, Session] = {}

    def issue(self, user: str, password_hash: str, now: float | None = None) -> str:
        now = now or time.time()
        self._forget_expired(now)
        token = secrets.token_urlsafe(32)
        self._sessions[token] = Session(user, secrets.token_urlsafe(16), now + SESSION_SECONDS, password_hash)
        return f"{token}.{self._sign(token)}"

    def read(self, cookie: str | None, users: dict[str, str], now: float | None = None) -> Session | None:
        """The cookie's session if it is live and its user still has the password it signed in with."""
        token = self._token(cookie)
        session = self._sessions.get(token) if token else None
        if session is None or session.expires <= (now or time.time()):
            return None
        if not hmac.compare_digest(users.get(session.user, ""), session.password):
            return None
        return session

    def revoke(self, cookie: str | None) -> None:
        token = self._token(cookie)
        if token:
            self._sessions.pop(token, None)

    def _token(self, cookie: str | None) -> str | None:
        if not cookie or "." not in cookie:
            return None
        token, signature = cookie.rsplit(".", 1)
        return token if hmac.compare_digest(self._sign(token), signature) else None

    def _forget_expired(self, now: float) -> None:
        for token in [t for t, s in self._sessions.items() if s.expires <= now]:
            del self._sessions[token]

    def _sign(self, token: str) -> str:
        return hmac.new(self._key, token.encode(), hashlib.sha256).hexdigest()


class Throttle:
    """Failed sign-ins slow down the one (address, user) pair they come from: after `free` failures in
    `window` seconds, each further attempt waits twice as long as the last (1 s, 2 s, 4 s … at most
    `longest`). Nobody else is locked out: another address, or the same address for another user,
    is not slowed."""

    def __init__(self, free: int = 5, window: float = 300, longest: float = 300) -> None:
        self._free, self._window, self._longest = free, window, longest
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)

    def wait(self, address: str, user: str, now: float | None = None) -> float:
        """Seconds before this pair may try again (0: now)."""
        now = now or time.time()
        failures = self._failures.get((address, user))
        if not failures:
            return 0.0
        while failures and failures[0] < now - self._window:
            failures.popleft()
        extra = len(failures) - self._free
        if extra < 0 or not failures:
            return 0.0
        return max(0.0, failures[-1] + min(2.0**extra, self._longest) - now)

    def failed(self, address: str, user: str, now: float | None = None) -> None:
        if len(self._failures) > 100_000:  # bounded memory whatever an attacker sends
            self._failures.clear()
        self._failures[(address, user)].append(now or time.time())

    def succeeded(self, address: str, user: str) -> None:
        self._failures.pop((address, user), None)
