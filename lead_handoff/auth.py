"""Consultant accounts and sessions: PBKDF2 password hashes (INBOX_USERS), HMAC-signed session
cookies (INBOX_SECRET) carrying a CSRF token, and a throttle on failed logins."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections import defaultdict, deque
from dataclasses import dataclass

ITERATIONS = 260_000
SESSION_SECONDS = 8 * 3600


def hash_password(password: str, salt: str | None = None, iterations: int = ITERATIONS) -> str:
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations).hex()
    return f"pbkdf2_sha256${iterations}${salt}${digest}"


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


class Sessions:
    def __init__(self, secret: str) -> None:
        self._key = secret.encode()

    def issue(self, user: str, now: float | None = None) -> str:
        expires = int((now or time.time()) + SESSION_SECONDS)
        payload = base64.urlsafe_b64encode(f"{user}|{expires}|{secrets.token_urlsafe(16)}".encode()).decode()
        return f"{payload}.{self._sign(payload)}"

    def read(self, cookie: str | None, now: float | None = None) -> Session | None:
        if not cookie or "." not in cookie:
            return None
        payload, signature = cookie.rsplit(".", 1)
        if not hmac.compare_digest(self._sign(payload), signature):
            return None
        try:
            user, expires, csrf = base64.urlsafe_b64decode(payload.encode()).decode().split("|")
        except (ValueError, UnicodeDecodeError):
            return None
        return Session(user, csrf) if int(expires) > (now or time.time()) else None

    def _sign(self, payload: str) -> str:
        return hmac.new(self._key, payload.encode(), hashlib.sha256).hexdigest()


class Throttle:
    """At most `limit` failed logins per address in `window` seconds."""

    def __init__(self, limit: int = 5, window: float = 300) -> None:
        self._limit, self._window = limit, window
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def blocked(self, address: str, now: float | None = None) -> bool:
        now = now or time.time()
        failures = self._failures[address]
        while failures and failures[0] < now - self._window:
            failures.popleft()
        return len(failures) >= self._limit

    def failed(self, address: str, now: float | None = None) -> None:
        self._failures[address].append(now or time.time())
